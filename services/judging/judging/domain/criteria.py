"""A contest's criteria and its aggregation method, validated as the organizer sets them.

Bounds: a weight is above 0 and at most `MAX_WEIGHT` (1000); a criterion's score range lies
within ±`SCORE_BOUND` (1,000,000). Within them every total, mean, median, z-score and
agreement figure is a finite float.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from forum_shared.i18n import Message, tr
from judging.domain.errors import CriteriaInvalid
from judging.domain.exact import fmt, is_number

MAX_WEIGHT = 1000
SCORE_BOUND = 1_000_000


class Aggregation(StrEnum):
    MEAN = "mean"
    MEDIAN = "median"
    TRIMMED_MEAN = "trimmed_mean"
    ZSCORE = "zscore"

    @classmethod
    def parse(cls, value: "Aggregation | str") -> "Aggregation":
        try:
            return cls(value)
        except ValueError:
            allowed = ", ".join(method.value for method in cls)
            raise CriteriaInvalid(
                tr(
                    "unknown aggregation method '%(value)s'; use one of: %(allowed)s",
                    value=value,
                    allowed=allowed,
                )
            ) from None


@dataclass(frozen=True)
class Criterion:
    """`description` (optional) tells the jurors what the criterion means."""

    id: str
    title: str
    weight: float
    min_score: float
    max_score: float
    description: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise CriteriaInvalid(tr("every criterion needs a non-empty id"))
        cid = self.id
        problems: list[Message] = []
        if not isinstance(self.title, str) or not self.title.strip():
            problems.append(tr("criterion '%(id)s' needs a title", id=cid))
        if not isinstance(self.description, str):
            problems.append(tr("criterion '%(id)s' has a description that is not text", id=cid))
        for field in ("weight", "min_score", "max_score"):
            if not is_number(getattr(self, field)):
                problems.append(
                    tr(
                        "criterion '%(id)s' has a %(field)s that is not a finite number",
                        id=cid,
                        field=field,
                    )
                )
        if is_number(self.weight) and self.weight <= 0:
            problems.append(
                tr(
                    "criterion '%(id)s' has weight %(weight)s; weights must be positive",
                    id=cid,
                    weight=fmt(self.weight),
                )
            )
        if is_number(self.weight) and self.weight > MAX_WEIGHT:
            problems.append(
                tr(
                    "criterion '%(id)s' has weight %(weight)s; weights must be at most %(max)s",
                    id=cid,
                    weight=fmt(self.weight),
                    max=MAX_WEIGHT,
                )
            )
        for field in ("min_score", "max_score"):
            value = getattr(self, field)
            if is_number(value) and abs(value) > SCORE_BOUND:
                problems.append(
                    tr(
                        "criterion '%(id)s' has %(field)s %(value)s; scores must lie within "
                        "-%(bound)s to %(bound)s",
                        id=cid,
                        field=field,
                        value=fmt(value),
                        bound=SCORE_BOUND,
                    )
                )
        low, high = self.min_score, self.max_score
        if is_number(low) and is_number(high) and low >= high:
            problems.append(
                tr(
                    "criterion '%(id)s' has min_score %(low)s not below max_score %(high)s",
                    id=cid,
                    low=fmt(low),
                    high=fmt(high),
                )
            )
        if problems:
            raise CriteriaInvalid(*problems)
        for field in ("weight", "min_score", "max_score"):
            object.__setattr__(self, field, float(getattr(self, field)))

    def admits(self, score: float) -> bool:
        return self.min_score <= score <= self.max_score


_FIELDS = ("id", "title", "weight", "min_score", "max_score")


@dataclass(frozen=True)
class ContestCriteria:
    """The criteria in the organizer's order (the order matters for one tie-break)."""

    criteria: tuple[Criterion, ...]
    aggregation: Aggregation

    def __init__(self, criteria: Iterable[Criterion], aggregation: Aggregation | str) -> None:
        object.__setattr__(self, "criteria", tuple(criteria))
        object.__setattr__(self, "aggregation", Aggregation.parse(aggregation))
        if not self.criteria:
            raise CriteriaInvalid(tr("a contest needs at least one criterion"))
        repeated = [cid for cid, n in Counter(c.id for c in self.criteria).items() if n > 1]
        if repeated:
            raise CriteriaInvalid(
                *(tr("criterion id '%(id)s' is used more than once", id=cid) for cid in repeated)
            )

    @classmethod
    def from_dicts(
        cls, items: Iterable[Mapping[str, object]], aggregation: str
    ) -> "ContestCriteria":
        """Build from plain data (a request body, a stored document), reporting every problem."""
        problems: list[Message] = []
        criteria: list[Criterion] = []
        for position, item in enumerate(items, start=1):
            missing = [key for key in _FIELDS if key not in item]
            if missing:
                problems.append(
                    tr(
                        "criterion #%(position)s is missing %(fields)s",
                        position=position,
                        fields=", ".join(missing),
                    )
                )
                continue
            try:
                fields = {key: item[key] for key in _FIELDS}
                fields["description"] = item.get("description") or ""
                criteria.append(Criterion(**fields))  # type: ignore[arg-type]
            except CriteriaInvalid as invalid:
                problems.extend(invalid.problems)
        try:
            method = Aggregation.parse(aggregation)
        except CriteriaInvalid as invalid:
            problems.extend(invalid.problems)
        if problems:
            raise CriteriaInvalid(*problems)
        return cls(criteria, method)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(criterion.id for criterion in self.criteria)

    def get(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    @property
    def top_criterion(self) -> Criterion:
        """The highest-weighted criterion; among equal weights, the first in the list."""
        top = self.criteria[0]
        for criterion in self.criteria[1:]:
            if criterion.weight > top.weight:
                top = criterion
        return top
