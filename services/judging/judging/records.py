"""What judging stores, as read back from MongoDB, and how each record meets the domain."""

import hashlib
from dataclasses import asdict
from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from forum_shared.events import Nomination, NominationWinners, WinnersAnnounced

from .domain import ContestCriteria, Fence, Juror, Participant, Phase, Scorecard


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    id: str = Field(alias="_id")

    def document(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True)


class Contest(Record):
    """A contest as `contest.opened` (revision 1) or its latest `contest.changed` told judging."""

    title: str
    nominations: tuple[Nomination, ...]
    places_per_nomination: int
    revision: int = 1

    @property
    def nomination_titles(self) -> dict[str, str]:
        """id → title, in the contest's order."""
        return {n.id: n.title for n in self.nominations}


class Registration(BaseModel):
    """`project_title` and `name_public` (for public pages) were added later: defaults for
    participants learnt before."""

    display_name: str
    registered_at: AwareDatetime
    project_title: str = ""
    name_public: bool = True


class Withdrawal(BaseModel):
    withdrawn_at: AwareDatetime


class Erasure(BaseModel):
    """The participant's personal data was erased in registration; `name_erased`: their name
    was a person's, and is kept as the neutral label."""

    erased_at: AwareDatetime
    name_erased: bool


class RosterEntry(Record):
    """Registration, withdrawal and erasure are learnt separately, in whichever order they
    arrive."""

    contest_id: str
    nomination: str
    registration: Registration | None = None
    withdrawal: Withdrawal | None = None
    erasure: Erasure | None = None

    @property
    def active(self) -> bool:
        return self.registration is not None and self.withdrawal is None

    @property
    def project_title(self) -> str:
        return self.registration.project_title if self.registration else ""

    def participant(self) -> Participant:
        assert self.registration is not None, "only a registered entry is a participant"
        return Participant(
            self.id,
            self.nomination,
            self.registration.display_name,
            self.registration.registered_at,
        )


class JurorToken(Record):
    """A juror's credential: only the token's hash is kept. The juror themself, and whether
    they are still a juror, are in their contest's `JudgingRecord`."""

    contest_id: str
    token_sha256: str

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class DeclaredConflict(BaseModel):
    """A conflict of interest the juror declared themself, with their reason."""

    participant_id: str
    reason: str
    declared_at: AwareDatetime


class JurorEntry(BaseModel):
    """`nominations` None: every nomination of the contest. `conflicts_of_interest` are the
    organizer's, given when adding the juror; `declared_conflicts` the juror's own."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    name: str
    nominations: list[str] | None
    conflicts_of_interest: list[str]
    declared_conflicts: list[DeclaredConflict] = []
    created_at: AwareDatetime
    revoked_at: AwareDatetime | None = None
    scorecards_discarded: bool = False

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def conflicts(self) -> set[str]:
        return set(self.conflicts_of_interest) | {c.participant_id for c in self.declared_conflicts}

    def juror(self) -> Juror:
        return Juror(
            self.id,
            self.nominations,
            self.conflicts,
            revoked=self.revoked,
            scorecards_discarded=self.scorecards_discarded,
        )


class CriteriaRecord(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    items: list[dict[str, Any]]
    aggregation: str
    set_at: AwareDatetime

    @classmethod
    def of(cls, criteria: ContestCriteria, set_at: datetime) -> "CriteriaRecord":
        items = [asdict(criterion) for criterion in criteria.criteria]
        return cls(items=items, aggregation=criteria.aggregation.value, set_at=set_at)

    def contest_criteria(self) -> ContestCriteria:
        return ContestCriteria.from_dicts(self.items, self.aggregation)


class Closing(BaseModel):
    """Who holds the fence of a closing contest, for which epoch, until when."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    epoch: int
    holder: str
    until: AwareDatetime


class JudgingRecord(Record):
    """A contest's judging, one document per contest (`_id` is the contest's id): the fence
    (`phase`, `epoch`, `closing`, `tickets`), the criteria and the jury. See `store`."""

    phase: Phase = Phase.OPEN
    epoch: int = 0
    closing: Closing | None = None
    tickets: list[str] = []
    criteria_version: int = 0
    criteria: CriteriaRecord | None = None
    scored: int = 0
    scorecards_version: int = 0  # changes whenever a scorecard revision lands
    jurors_version: int = 0
    jurors: list[JurorEntry] = []

    @property
    def fence(self) -> Fence:
        if self.closing is None:
            return Fence(self.phase, self.epoch)
        return Fence(self.phase, self.epoch, self.closing.holder, self.closing.until)

    def contest_criteria(self) -> ContestCriteria | None:
        return self.criteria.contest_criteria() if self.criteria else None

    def juror(self, juror_id: str) -> JurorEntry | None:
        return next((juror for juror in self.jurors if juror.id == juror_id), None)

    def domain_jurors(self) -> list[Juror]:
        return [juror.juror() for juror in self.jurors]


class ScorecardRevision(Record):
    """One revision of a juror's scorecard for a participant; it carries its `score.submitted`.
    `_id` is the ticket its writer registered with the fence (see `store`)."""

    contest_id: str
    juror_id: str
    participant_id: str
    nomination: str
    revision: int
    scores: dict[str, float]
    weighted_total: float
    comment: str | None = None
    submitted_at: AwareDatetime

    def scorecard(self) -> Scorecard:
        return Scorecard(self.juror_id, self.participant_id, self.weighted_total, self.scores)


class Announcement(Record):
    """`_id` is `<contest id>:<epoch>`, the fence epoch it was computed in; at most one per
    contest, however often or concurrently asked for (see `store`)."""

    contest_id: str
    epoch: int
    announcement_id: str
    contest_title: str
    announced_at: AwareDatetime
    aggregation: str
    forced: bool
    nominations: tuple[NominationWinners, ...]

    def event(self, correlation_id: str) -> WinnersAnnounced:
        return WinnersAnnounced(
            producer="judging",
            correlation_id=correlation_id,
            contest_id=self.contest_id,
            contest_title=self.contest_title,
            announcement_id=self.announcement_id,
            announced_at=self.announced_at,
            aggregation=self.aggregation,
            forced=self.forced,
            nominations=self.nominations,
        )


def latest_revisions(revisions: list[ScorecardRevision]) -> list[ScorecardRevision]:
    """Each juror's latest revision for each participant."""
    latest: dict[tuple[str, str], ScorecardRevision] = {}
    for card in revisions:
        key = (card.juror_id, card.participant_id)
        if key not in latest or card.revision > latest[key].revision:
            latest[key] = card
    return list(latest.values())
