"""A contest: what it admits (kinds, nominations, age rating) and when it takes registrations.

`places_per_nomination` is the number of prize places the judging announces per nomination,
not a cap on registrations.
"""

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from forum_shared.events import ContestChanged, ContestOpened
from forum_shared.events import Nomination as EventNomination
from forum_shared.i18n import Message, tr
from forum_shared.moments import Moment

from .ages import AGE_RATINGS
from .errors import ContestLocked, FieldError, InvalidContest
from .kinds import PARTICIPANT_KINDS

PRODUCER = "registration"
SLUG_RULE = (
    "3 to 64 lowercase latin letters, digits and hyphens, not starting or ending with a hyphen"
)
MAX_TITLE_LENGTH = 300
MAX_NOMINATIONS = 50
PLACES_RANGE = range(1, 101)
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{1,62}[a-z0-9]")
# The rules below are checked by `Contest._problems` (every problem in one answer, in the
# domain's words); the JSON schema states them too, so that the API's document tells them.
SLUG_SCHEMA = {"pattern": f"^{_SLUG.pattern}$"}
TITLE_SCHEMA = {"minLength": 1, "maxLength": MAX_TITLE_LENGTH, "pattern": r"\S"}
AGE_RATING_SCHEMA = {"enum": [*AGE_RATINGS, None]}  # null: where a field may be left unchanged
KINDS_SCHEMA = {"items": {"type": "string", "enum": list(PARTICIPANT_KINDS)}, "minItems": 1}
NOMINATIONS_SCHEMA = {"minItems": 1, "maxItems": MAX_NOMINATIONS}
NOMINATIONS_RULE = f"1 to {MAX_NOMINATIONS}, each id used once"
PLACES_SCHEMA = {"minimum": PLACES_RANGE.start, "maximum": PLACES_RANGE.stop - 1}
WINDOW_RULE = (
    "timezone-aware; registration_opens_at is earlier than registration_closes_at (a rule "
    "JSON Schema cannot state: a window the wrong way round is refused with a 422)"
)
ContestState = Literal["upcoming", "open", "closed"]
# What an organizer may not set: the id names the contest; the rest is the contest's history.
NOT_EDITABLE = frozenset({"id", "revision", "registration_closed_early"})


def is_slug(value: str) -> bool:
    return _SLUG.fullmatch(value) is not None


class Nomination(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)

    id: str = Field(
        description=f"Slug: {SLUG_RULE}",
        examples=["urban-environment"],
        json_schema_extra=SLUG_SCHEMA,
    )
    title: str = Field(examples=["Комфортная городская среда"], json_schema_extra=TITLE_SCHEMA)


class Contest(BaseModel):
    """Frozen; constructing one with bad values raises `InvalidContest` listing every problem.

    Only the types are pydantic's business (a non-date where a date belongs is a pydantic
    `ValidationError`); every rule of a contest is checked here, in the domain's words.
    """

    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)

    id: str = Field(
        description=f"Slug: {SLUG_RULE}",
        examples=["tos-best-practices-2026"],
        json_schema_extra=SLUG_SCHEMA,
    )
    title: str = Field(examples=["Лучшие практики ТОС"], json_schema_extra=TITLE_SCHEMA)
    age_rating: str = Field(json_schema_extra={"enum": list(AGE_RATINGS)}, examples=["12+"])
    participant_kinds: tuple[str, ...] = Field(json_schema_extra=KINDS_SCHEMA, examples=[["tos"]])
    nominations: tuple[Nomination, ...] = Field(
        description=NOMINATIONS_RULE, json_schema_extra=NOMINATIONS_SCHEMA
    )
    registration_opens_at: Moment = Field(description=f"The window includes it; {WINDOW_RULE}")
    registration_closes_at: Moment = Field(description=f"The window excludes it; {WINDOW_RULE}")
    places_per_nomination: int = Field(
        description="Prize places per nomination, 1 to 100", json_schema_extra=PLACES_SCHEMA
    )
    revision: int = Field(
        default=1,
        description="1 when opened; each change (an edit, an early closing) adds one. "
        "Set by the service: a value sent is ignored.",
    )
    registration_closed_early: bool = Field(
        default=False,
        description="The organizers closed registration before the planned end. "
        "Set by the service: a value sent is ignored.",
    )

    @field_validator("participant_kinds")
    @classmethod
    def _drop_repeated_kinds(cls, kinds: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(kinds))

    @model_validator(mode="after")
    def _check(self) -> Self:
        errors = self._problems()
        if errors:
            raise InvalidContest(errors)
        return self

    def _problems(self) -> list[FieldError]:
        errors: list[FieldError] = []
        if not is_slug(self.id):
            errors.append(FieldError("id", tr("id must be %(rule)s", rule=SLUG), "invalid_slug"))
        errors.extend(_title_problems("title", self.title, TITLE_REQUIRED, TITLE_TOO_LONG))
        if self.age_rating not in AGE_RATINGS:
            errors.append(
                FieldError(
                    "age_rating",
                    tr("age_rating must be one of %(ratings)s", ratings=", ".join(AGE_RATINGS)),
                    "invalid_age_rating",
                )
            )
        errors.extend(self._kind_problems())
        errors.extend(self._nomination_problems())
        errors.extend(self._window_problems())
        if self.places_per_nomination not in PLACES_RANGE:
            errors.append(
                FieldError(
                    "places_per_nomination",
                    tr("places_per_nomination must be from 1 to 100"),
                    "invalid_places",
                )
            )
        return errors

    def _kind_problems(self) -> list[FieldError]:
        if not self.participant_kinds:
            return [
                FieldError(
                    "participant_kinds",
                    tr(
                        "participant_kinds must list at least one kind: %(kinds)s",
                        kinds=", ".join(PARTICIPANT_KINDS),
                    ),
                    "required",
                )
            ]
        unknown = [kind for kind in self.participant_kinds if kind not in PARTICIPANT_KINDS]
        if unknown:
            return [
                FieldError(
                    "participant_kinds",
                    tr(
                        "participant_kinds has unknown kinds %(unknown)s; "
                        "known kinds are %(kinds)s",
                        unknown=", ".join(unknown),
                        kinds=", ".join(PARTICIPANT_KINDS),
                    ),
                    "unknown_kind",
                )
            ]
        return []

    def _nomination_problems(self) -> list[FieldError]:
        if not self.nominations:
            return [FieldError("nominations", tr("nominations must list at least one"), "required")]
        if len(self.nominations) > MAX_NOMINATIONS:
            return [
                FieldError(
                    "nominations",
                    tr("nominations may list at most %(limit)s", limit=MAX_NOMINATIONS),
                    "too_many",
                )
            ]
        errors: list[FieldError] = []
        seen: set[str] = set()
        for index, nomination in enumerate(self.nominations):
            field = f"nominations.{index}"
            if not is_slug(nomination.id):
                errors.append(
                    FieldError(
                        f"{field}.id",
                        tr("nomination id must be %(rule)s", rule=SLUG),
                        "invalid_slug",
                    )
                )
            elif nomination.id in seen:
                errors.append(
                    FieldError(
                        f"{field}.id",
                        tr(
                            "nomination id %(id)s is used twice; ids must be unique",
                            id=nomination.id,
                        ),
                        "duplicate_nomination",
                    )
                )
            seen.add(nomination.id)
            errors.extend(
                _title_problems(
                    f"{field}.title", nomination.title, NOMINATION_REQUIRED, NOMINATION_TOO_LONG
                )
            )
        return errors

    def _window_problems(self) -> list[FieldError]:
        errors: list[FieldError] = []
        for field in ("registration_opens_at", "registration_closes_at"):
            moment: datetime = getattr(self, field)
            if moment.utcoffset() is None:
                errors.append(
                    FieldError(
                        field,
                        tr(
                            "%(field)s must include a timezone, e.g. 2026-03-01T09:00:00+04:00",
                            field=field,
                        ),
                        "naive_datetime",
                    )
                )
        if not errors and self.registration_opens_at >= self.registration_closes_at:
            errors.append(
                FieldError(
                    "registration_closes_at",
                    tr("registration_closes_at must be later than registration_opens_at"),
                    "invalid_window",
                )
            )
        return errors

    def as_opened(self) -> "Contest":
        """The contest as it is opened: its first revision, whatever the request said."""
        return self.model_copy(update={"revision": 1, "registration_closed_early": False})

    def state_at(self, now: datetime) -> ContestState:
        if now < self.registration_opens_at:
            return "upcoming"
        return "open" if now < self.registration_closes_at else "closed"

    def edited(self, changes: Mapping[str, Any], now: datetime) -> "Contest":
        """The contest with `changes` (any fields but the id), as its next revision.

        Only before registration opens: once applicants may have read the rules and applied,
        the rules stay. Raises `ContestLocked` ("contest_already_open") or `InvalidContest`."""
        if now >= self.registration_opens_at:
            raise ContestLocked(
                tr(
                    "a contest can be changed only before its registration opens; "
                    "registration opened at %(moment)s",
                    moment=self.registration_opens_at.isoformat(timespec="seconds"),
                ),
                code="contest_already_open",
            )
        fields = self.model_dump() | {
            name: value for name, value in changes.items() if name not in NOT_EDITABLE
        }
        return Contest.model_validate(fields | {"revision": self.revision + 1})

    def closed_early(self, now: datetime) -> "Contest | None":
        """The contest with registration closed at `now`, as its next revision; None when it is
        closed already (closing again changes nothing). Raises `ContestLocked`
        ("registration_not_open_yet") before it opens: such a contest is edited instead."""
        state = self.state_at(now)
        if state == "upcoming":
            raise ContestLocked(
                tr(
                    "registration has not opened yet, so there is nothing to close; "
                    "change the registration window instead"
                ),
                code="registration_not_open_yet",
            )
        if state == "closed":
            return None
        closes = max(now, self.registration_opens_at + timedelta(seconds=1))
        return Contest.model_validate(
            self.model_dump()
            | {
                "registration_closes_at": closes,
                "registration_closed_early": True,
                "revision": self.revision + 1,
            }
        )

    def nomination(self, nomination_id: str) -> Nomination | None:
        return next((n for n in self.nominations if n.id == nomination_id), None)

    def is_open_at(self, now: datetime) -> bool:
        """The window includes its opening moment and excludes its closing one."""
        return self.registration_opens_at <= now < self.registration_closes_at

    def opened_event(
        self, *, occurred_at: datetime | None = None, correlation_id: str | None = None
    ) -> ContestOpened:
        extra: dict[str, object] = {}
        if occurred_at is not None:
            extra["occurred_at"] = occurred_at
        if correlation_id is not None:
            extra["correlation_id"] = correlation_id
        return ContestOpened(
            producer=PRODUCER,
            contest_id=self.id,
            title=self.title,
            age_rating=self.age_rating,
            participant_kinds=self.participant_kinds,
            nominations=tuple(EventNomination(id=n.id, title=n.title) for n in self.nominations),
            places_per_nomination=self.places_per_nomination,
            registration_opens_at=self.registration_opens_at,
            registration_closes_at=self.registration_closes_at,
            **extra,
        )

    def changed_event(
        self, *, occurred_at: datetime | None = None, correlation_id: str | None = None
    ) -> ContestChanged:
        """The whole contest as it is now, with its revision (2 and later)."""
        opened = self.opened_event(occurred_at=occurred_at, correlation_id=correlation_id)
        state = opened.model_dump(exclude={"event_type", "schema_version"})
        return ContestChanged(
            **state,
            revision=self.revision,
            registration_closed_early=self.registration_closed_early,
        )


SLUG = tr(
    "3 to 64 lowercase latin letters, digits and hyphens, not starting or ending with a hyphen"
)
TITLE_REQUIRED = tr("title is required")
TITLE_TOO_LONG = tr("title must be at most %(limit)s characters")
NOMINATION_REQUIRED = tr("the nomination's title is required")
NOMINATION_TOO_LONG = tr("the nomination's title must be at most %(limit)s characters")


def _title_problems(
    field: str, title: str, required: Message, too_long: Message
) -> list[FieldError]:
    if not title:
        return [FieldError(field, required, "required")]
    if len(title) > MAX_TITLE_LENGTH:
        return [
            FieldError(field, replace(too_long, params={"limit": MAX_TITLE_LENGTH}), "too_long")
        ]
    return []
