"""A contest: what it admits (kinds, nominations, age rating) and when it takes registrations.

`places_per_nomination` is the number of prize places the judging announces per nomination,
not a cap on registrations.
"""

import re
from datetime import datetime
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from forum_shared.events import ContestOpened
from forum_shared.events import Nomination as EventNomination

from .ages import AGE_RATINGS
from .errors import FieldError, InvalidContest
from .kinds import PARTICIPANT_KINDS

PRODUCER = "registration"
SLUG_RULE = (
    "3 to 64 lowercase latin letters, digits and hyphens, not starting or ending with a hyphen"
)
MAX_TITLE_LENGTH = 300
MAX_NOMINATIONS = 50
PLACES_RANGE = range(1, 101)
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{1,62}[a-z0-9]")


def is_slug(value: str) -> bool:
    return _SLUG.fullmatch(value) is not None


class Nomination(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)

    id: str = Field(description=f"Slug: {SLUG_RULE}", examples=["urban-environment"])
    title: str = Field(examples=["Комфортная городская среда"])


class Contest(BaseModel):
    """Frozen; constructing one with bad values raises `InvalidContest` listing every problem.

    Only the types are pydantic's business (a non-date where a date belongs is a pydantic
    `ValidationError`); every rule of a contest is checked here, in the domain's words.
    """

    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)

    id: str = Field(description=f"Slug: {SLUG_RULE}", examples=["tos-best-practices-2026"])
    title: str = Field(examples=["Лучшие практики ТОС"])
    age_rating: str = Field(json_schema_extra={"enum": list(AGE_RATINGS)}, examples=["12+"])
    participant_kinds: tuple[str, ...] = Field(
        json_schema_extra={"items": {"type": "string", "enum": list(PARTICIPANT_KINDS)}},
        examples=[["tos"]],
    )
    nominations: tuple[Nomination, ...]
    registration_opens_at: datetime = Field(description="Timezone-aware; the window includes it")
    registration_closes_at: datetime = Field(description="Timezone-aware; the window excludes it")
    places_per_nomination: int = Field(description="Prize places per nomination, 1 to 100")

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
            errors.append(FieldError("id", f"id must be {SLUG_RULE}", "invalid_slug"))
        errors.extend(_title_problems("title", self.title))
        if self.age_rating not in AGE_RATINGS:
            errors.append(
                FieldError(
                    "age_rating",
                    f"age_rating must be one of {', '.join(AGE_RATINGS)}",
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
                    "places_per_nomination must be from 1 to 100",
                    "invalid_places",
                )
            )
        return errors

    def _kind_problems(self) -> list[FieldError]:
        if not self.participant_kinds:
            return [
                FieldError(
                    "participant_kinds",
                    "participant_kinds must list at least one kind: "
                    + ", ".join(PARTICIPANT_KINDS),
                    "required",
                )
            ]
        unknown = [kind for kind in self.participant_kinds if kind not in PARTICIPANT_KINDS]
        if unknown:
            return [
                FieldError(
                    "participant_kinds",
                    f"participant_kinds has unknown kinds {', '.join(unknown)}; "
                    f"known kinds are {', '.join(PARTICIPANT_KINDS)}",
                    "unknown_kind",
                )
            ]
        return []

    def _nomination_problems(self) -> list[FieldError]:
        if not self.nominations:
            return [FieldError("nominations", "nominations must list at least one", "required")]
        if len(self.nominations) > MAX_NOMINATIONS:
            return [
                FieldError(
                    "nominations",
                    f"nominations may list at most {MAX_NOMINATIONS}",
                    "too_many",
                )
            ]
        errors: list[FieldError] = []
        seen: set[str] = set()
        for index, nomination in enumerate(self.nominations):
            field = f"nominations.{index}"
            if not is_slug(nomination.id):
                errors.append(
                    FieldError(f"{field}.id", f"nomination id must be {SLUG_RULE}", "invalid_slug")
                )
            elif nomination.id in seen:
                errors.append(
                    FieldError(
                        f"{field}.id",
                        f"nomination id {nomination.id} is used twice; ids must be unique",
                        "duplicate_nomination",
                    )
                )
            seen.add(nomination.id)
            errors.extend(_title_problems(f"{field}.title", nomination.title))
        return errors

    def _window_problems(self) -> list[FieldError]:
        errors: list[FieldError] = []
        for field in ("registration_opens_at", "registration_closes_at"):
            moment: datetime = getattr(self, field)
            if moment.utcoffset() is None:
                errors.append(
                    FieldError(
                        field,
                        f"{field} must include a timezone, e.g. 2026-03-01T09:00:00+04:00",
                        "naive_datetime",
                    )
                )
        if not errors and self.registration_opens_at >= self.registration_closes_at:
            errors.append(
                FieldError(
                    "registration_closes_at",
                    "registration_closes_at must be later than registration_opens_at",
                    "invalid_window",
                )
            )
        return errors

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


def _title_problems(field: str, title: str) -> list[FieldError]:
    if not title:
        return [FieldError(field, f"{field} is required", "required")]
    if len(title) > MAX_TITLE_LENGTH:
        return [
            FieldError(field, f"{field} must be at most {MAX_TITLE_LENGTH} characters", "too_long")
        ]
    return []
