"""The public event contract: what crosses service boundaries on the `forum.events` exchange.

Every event is a frozen pydantic model. Additive changes keep `schema_version`; a breaking
change is a new class with a new version, published alongside the old one for a while (the
document that records the fact carries both: `outbox.carrying(v1, v2)`). Consumers ignore
fields they do not know (``extra="ignore"``).

The routing key of version 1 is the event type (`winners.announced`); of a later version N it
is `<event type>.vN` (`winners.announced.v2`), so a consumer binds exactly the versions it
understands and a version it does not know never reaches it.

Each event type has one owner, the only service that may publish it (`owner`): its broker
user alone may write the type's routing keys on `forum.events`, it publishes with that user
as the message's `user_id` (which RabbitMQ checks against the connection), and consumers take
the type only from that user and with that `producer` (forum_shared.broker_access).
"""

from datetime import UTC, datetime
from typing import Annotated, ClassVar, Literal
from uuid import UUID, uuid4

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


def utc_now() -> datetime:
    return datetime.now(UTC)


class Event(BaseModel):
    """The envelope every event carries; `event_id` is the consumers' idempotency key."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    routing_key: ClassVar[str]
    owner: ClassVar[str]

    event_id: UUID = Field(default_factory=uuid4)
    event_type: str
    schema_version: int
    occurred_at: AwareDatetime = Field(default_factory=utc_now)
    producer: str
    correlation_id: str = Field(default_factory=lambda: str(uuid4()))

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: object) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        event_type = cls.model_fields["event_type"].default
        version = cls.model_fields["schema_version"].default
        if not isinstance(event_type, str) or not isinstance(version, int):
            raise TypeError(f"{cls.__name__} must default its event_type and schema_version")
        if not isinstance(getattr(cls, "owner", None), str):
            raise TypeError(f"{cls.__name__} must name its owner, the one service publishing it")
        cls.routing_key = routing_key(event_type, version)


def routing_key(event_type: str, schema_version: int) -> str:
    """`<event type>` for version 1, `<event type>.v<N>` for a later version N."""
    return event_type if schema_version == 1 else f"{event_type}.v{schema_version}"


class Nomination(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    title: str


class ContestOpened(Event):
    """A contest was created: consumers learn its nominations and number of places."""

    owner: ClassVar[str] = "registration"
    event_type: Literal["contest.opened"] = "contest.opened"
    schema_version: Literal[1] = 1

    contest_id: str
    title: str
    age_rating: str
    participant_kinds: tuple[str, ...]
    nominations: tuple[Nomination, ...]
    places_per_nomination: int
    registration_opens_at: AwareDatetime
    registration_closes_at: AwareDatetime


class ContestChanged(Event):
    """An organizer changed a contest (before its registration opened) or closed its
    registration early. It carries the contest's whole state; `revision` grows with each
    change (`contest.opened` is revision 1): a consumer keeps the highest revision it has seen
    and ignores an older one arriving late."""

    owner: ClassVar[str] = "registration"
    event_type: Literal["contest.changed"] = "contest.changed"
    schema_version: Literal[1] = 1

    contest_id: str
    revision: Annotated[int, Field(ge=2)]
    title: str
    age_rating: str
    participant_kinds: tuple[str, ...]
    nominations: tuple[Nomination, ...]
    places_per_nomination: int
    registration_opens_at: AwareDatetime
    registration_closes_at: AwareDatetime
    registration_closed_early: bool = False


class ParticipantRegistered(Event):
    owner: ClassVar[str] = "registration"
    event_type: Literal["participant.registered"] = "participant.registered"
    schema_version: Literal[1] = 1

    participant_id: str
    contest_id: str
    contest_title: str
    nomination: str
    nomination_title: str
    participant_kind: str
    display_name: str
    contact_name: str
    contact_email: str
    project_title: str
    registered_at: AwareDatetime
    # False for an individual who did not consent to publication (152-ФЗ, art. 10.1): public
    # pages and letters to others then show «Участник № <first 8 characters of the id>».
    name_public: bool = True


class ParticipantWithdrawn(Event):
    owner: ClassVar[str] = "registration"
    event_type: Literal["participant.withdrawn"] = "participant.withdrawn"
    schema_version: Literal[1] = 1

    participant_id: str
    contest_id: str
    nomination: str
    withdrawn_at: AwareDatetime


class ParticipantErased(Event):
    """The participant's personal data was erased in registration (152-ФЗ, art. 21): a data
    subject's request (`reason` "request") or the end of the retention period after the
    contest's announcement ("retention"). Consumers erase or anonymise their own copies.

    It carries no personal data. `name_erased`: the participant's name was a natural person's
    (an individual's): show «Участник № <first 8 characters of participant_id, upper case>»
    instead of it everywhere; an organisation's or a group's name stays."""

    owner: ClassVar[str] = "registration"
    event_type: Literal["participant.erased"] = "participant.erased"
    schema_version: Literal[1] = 1

    participant_id: str
    contest_id: str
    erased_at: AwareDatetime
    reason: Literal["request", "retention"]
    name_erased: bool = False


class ScoreSubmitted(Event):
    owner: ClassVar[str] = "judging"
    event_type: Literal["score.submitted"] = "score.submitted"
    schema_version: Literal[1] = 1

    contest_id: str
    participant_id: str
    nomination: str
    juror_id: str
    scores: dict[str, float]
    weighted_total: float
    revision: Annotated[int, Field(ge=1)]
    submitted_at: AwareDatetime


class Winner(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    place: int
    participant_id: str
    display_name: str
    final_score: float


class NominationWinners(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    nomination: str
    nomination_title: str
    winners: tuple[Winner, ...]


class WinnersAnnounced(Event):
    owner: ClassVar[str] = "judging"
    event_type: Literal["winners.announced"] = "winners.announced"
    schema_version: Literal[1] = 1

    contest_id: str
    contest_title: str
    announcement_id: str
    announced_at: AwareDatetime
    aggregation: str
    forced: bool = False
    nominations: tuple[NominationWinners, ...]


class OrganizerAdded(Event):
    """An organizer got a personal credential. Carries the SHA-256 of its secret (never the
    token) so that every service can check it: only the platform's services may read these
    events (forum_shared.broker_access keeps other subscribers from binding them)."""

    owner: ClassVar[str] = "registration"
    event_type: Literal["organizer.added"] = "organizer.added"
    schema_version: Literal[1] = 1

    organizer_id: str
    name: str
    token_hash: str
    added_at: AwareDatetime


class OrganizerRevoked(Event):
    """An organizer's credential stopped working."""

    owner: ClassVar[str] = "registration"
    event_type: Literal["organizer.revoked"] = "organizer.revoked"
    schema_version: Literal[1] = 1

    organizer_id: str
    revoked_at: AwareDatetime


PRIVATE_EVENTS: tuple[type[Event], ...] = (OrganizerAdded, OrganizerRevoked)
"""Events for the platform's own services only: they carry credentials' hashes."""

ALL_EVENTS: tuple[type[Event], ...] = (
    ContestOpened,
    ContestChanged,
    ParticipantRegistered,
    ParticipantWithdrawn,
    ParticipantErased,
    ScoreSubmitted,
    WinnersAnnounced,
    OrganizerAdded,
    OrganizerRevoked,
)

__all__ = [
    "ALL_EVENTS",
    "ContestChanged",
    "ContestOpened",
    "Event",
    "Nomination",
    "NominationWinners",
    "OrganizerAdded",
    "OrganizerRevoked",
    "PRIVATE_EVENTS",
    "ParticipantErased",
    "ParticipantRegistered",
    "ParticipantWithdrawn",
    "ScoreSubmitted",
    "Winner",
    "WinnersAnnounced",
    "routing_key",
    "utc_now",
]
