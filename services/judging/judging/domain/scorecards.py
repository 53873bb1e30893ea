"""Scorecard validation and the weighted total: sum(w_i * s_i) / sum(w_i), on the criteria scale."""

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from forum_shared.i18n import Message, tr
from judging.domain.criteria import ContestCriteria
from judging.domain.errors import ScorecardInvalid
from judging.domain.exact import exact, fmt, is_number


@dataclass(frozen=True)
class Scorecard:
    """One juror's latest revision for one participant."""

    juror_id: str
    participant_id: str
    weighted_total: float
    scores: Mapping[str, float]


def validate_scores(criteria: ContestCriteria, scores: Mapping[str, object]) -> dict[str, float]:
    """Every problem is reported at once; the result is in the criteria's order, as floats."""
    problems: list[Message] = []
    unknown = sorted(str(cid) for cid in scores if criteria.get(cid) is None)
    problems += [tr("unknown criterion '%(id)s'", id=cid) for cid in unknown]
    valid: dict[str, float] = {}
    for criterion in criteria.criteria:
        span = {
            "id": criterion.id,
            "low": fmt(criterion.min_score),
            "high": fmt(criterion.max_score),
        }
        if criterion.id not in scores:
            problems.append(
                tr("no score for criterion '%(id)s' (range %(low)s to %(high)s)", **span)
            )
            continue
        score = scores[criterion.id]
        if is_number(score) and criterion.admits(score):
            valid[criterion.id] = float(score)
        elif is_number(score):
            problems.append(
                tr(
                    "score %(score)s for criterion '%(id)s' is outside its range %(low)s to "
                    "%(high)s",
                    score=fmt(score),
                    **span,
                )
            )
        else:
            problems.append(
                tr(
                    "the score for criterion '%(id)s' is not a number (range %(low)s to %(high)s)",
                    **span,
                )
            )
    if problems:
        raise ScorecardInvalid(*problems)
    return valid


def exact_weighted_total(criteria: ContestCriteria, scores: Mapping[str, float]) -> Fraction:
    """Expects validated scores."""
    weights = {c.id: exact(c.weight) for c in criteria.criteria}
    numerator = sum((weights[cid] * exact(scores[cid]) for cid in weights), Fraction(0))
    return numerator / sum(weights.values(), Fraction(0))


def weighted_total(criteria: ContestCriteria, scores: Mapping[str, object]) -> float:
    """Validates, then computes exactly; equal totals give the very same float."""
    return float(exact_weighted_total(criteria, validate_scores(criteria, scores)))


def build_scorecard(
    criteria: ContestCriteria,
    juror_id: str,
    participant_id: str,
    scores: Mapping[str, object],
) -> Scorecard:
    """Validate a juror's scores (raises `ScorecardInvalid`) and compute the weighted total."""
    valid = validate_scores(criteria, scores)
    total = float(exact_weighted_total(criteria, valid))
    return Scorecard(juror_id, participant_id, total, valid)
