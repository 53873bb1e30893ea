"""How results are shown to people: on the criteria's own scale, with disagreement flagged.

**The scale.** A scorecard's weighted total Σwᵢsᵢ/Σwᵢ lies between the weighted means of the
criteria's minimums and maximums: that range is the contest's scale (0–10 for criteria all
scored 0–10).

**z-scores on the scale.** Under the `zscore` method a participant's final score is a mean of
z-scores (0 is an average participant), which means nothing to a reader: a winner's «0,00» or
«1,27». It is shown as the score a typical juror of this jury would have given:

    shown = clamp(centre + z × spread, scale)

where `centre` is the mean of the jurors' own mean totals and `spread` is the jurors' pooled
standard deviation (the square root of the mean of their variances, over the jurors who gave at
least two scorecards) — the very statistics each juror's totals were standardised with. The
map is increasing (spread > 0) so it keeps every rank; the clamp keeps it inside the scale, and
where it bites two places may show the same number: places are decided by the exact z-scores
(`ranking`), never by the shown value. With no spread at all (one scorecard per juror) every
participant shows `centre`. Other methods already are on the scale and are shown as they are.

**Disagreement.** A participant's spread is the distance between the highest and the lowest of
the jurors' weighted totals for them (two scorecards at least). It is flagged when it exceeds
`DISAGREEMENT_SHARE` (a quarter) of the scale's width: on a 0–10 scale, one juror giving 8 and
another 5 is flagged (3 > 2.5), 8 and 6 is not.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from judging.domain.aggregation import unique_scorecards
from judging.domain.criteria import Aggregation, ContestCriteria
from judging.domain.exact import display, exact
from judging.domain.scorecards import Scorecard

DISAGREEMENT_SHARE = Fraction(1, 4)


@dataclass(frozen=True)
class Scale:
    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low

    def clamp(self, value: float) -> float:
        return min(max(value, self.low), self.high)


def criteria_scale(criteria: ContestCriteria) -> Scale:
    """The range of a weighted total under these criteria."""
    weights = [exact(c.weight) for c in criteria.criteria]
    total = sum(weights, Fraction(0))
    low = sum(
        (w * exact(c.min_score) for w, c in zip(weights, criteria.criteria, strict=True)),
        Fraction(0),
    )
    high = sum(
        (w * exact(c.max_score) for w, c in zip(weights, criteria.criteria, strict=True)),
        Fraction(0),
    )
    return Scale(float(low / total), float(high / total))


@dataclass(frozen=True)
class Rescaling:
    """z ↦ clamp(centre + z × spread): a z-score as a typical juror's total on the scale."""

    centre: float
    spread: float
    scale: Scale

    def shown(self, z: float) -> float:
        return self.scale.clamp(self.centre + z * self.spread)


def zscore_rescaling(criteria: ContestCriteria, scorecards: Iterable[Scorecard]) -> Rescaling:
    """From the same scorecards the z-scores were computed over (the whole contest's). For
    display only, so in floats (`math.fsum`): nothing is ranked by it."""
    scale = criteria_scale(criteria)
    by_juror: dict[str, list[float]] = defaultdict(list)
    for card in unique_scorecards(scorecards):
        by_juror[card.juror_id].append(card.weighted_total)
    if not by_juror:
        return Rescaling(scale.clamp((scale.low + scale.high) / 2), 0.0, scale)
    try:
        centre = math.fsum(_mean(totals) for totals in by_juror.values()) / len(by_juror)
        variances = [_variance(totals) for totals in by_juror.values() if len(totals) >= 2]
        spread = math.sqrt(math.fsum(variances) / len(variances)) if variances else 0.0
    except (OverflowError, ValueError):  # totals near a float's limits
        centre, spread = math.inf, math.inf
    if not (math.isfinite(centre) and math.isfinite(spread)):
        centre, spread = (scale.low + scale.high) / 2, 0.0
    return Rescaling(scale.clamp(centre), spread, scale)


def _mean(values: list[float]) -> float:
    return math.fsum(values) / len(values)


def _variance(values: list[float]) -> float:
    centre = _mean(values)
    deviations = [value - centre for value in values]
    return math.fsum(d * d for d in deviations) / len(values)  # inf, not an error, if huge


def shown_scores(
    criteria: ContestCriteria,
    scorecards: Iterable[Scorecard],
    final_scores: Mapping[str, float | None],
    method: Aggregation | str | None = None,
) -> dict[str, float | None]:
    """participant id → the score to show: the final score on the criteria's scale (rounded
    for display). Only z-scores change; `method` defaults to the criteria's."""
    method = Aggregation.parse(method or criteria.aggregation)
    if method is not Aggregation.ZSCORE:
        return {pid: display(score) for pid, score in final_scores.items()}
    rescaling = zscore_rescaling(criteria, scorecards)
    return {
        pid: None if z is None else display(rescaling.shown(z)) for pid, z in final_scores.items()
    }


@dataclass(frozen=True)
class Spread:
    """How far apart the jurors' weighted totals for one participant are."""

    participant_id: str
    lowest: float
    highest: float
    scorecards: int
    disagreement: bool

    @property
    def width(self) -> float:
        return display(self.highest - self.lowest)


def participant_spreads(
    criteria: ContestCriteria, scorecards: Iterable[Scorecard]
) -> dict[str, Spread]:
    """participant id → their spread, for every participant with at least one scorecard."""
    limit = DISAGREEMENT_SHARE * exact(criteria_scale(criteria).width)
    totals: dict[str, list[float]] = defaultdict(list)
    for card in unique_scorecards(scorecards):
        totals[card.participant_id].append(card.weighted_total)
    spreads = {}
    for pid, values in totals.items():
        lowest, highest = min(values), max(values)
        spreads[pid] = Spread(
            participant_id=pid,
            lowest=lowest,
            highest=highest,
            scorecards=len(values),
            disagreement=len(values) >= 2 and exact(highest) - exact(lowest) > limit,
        )
    return spreads
