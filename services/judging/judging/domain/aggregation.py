"""Combining the jurors' weighted totals into one final score per participant.

- mean: the plain mean of the participant's weighted totals;
- median: the middle total, or the mean of the two middle ones for an even count;
- trimmed_mean: drop one highest and one lowest total where at least three jurors scored the
  participant, then the mean; with one or two scorecards, the plain mean;
- zscore: each juror's totals are standardised over every participant that juror scored in the
  scorecards given (pass the whole contest's): z = (x - mean_j) / std_j with the population
  standard deviation; a juror whose totals do not vary (or who scored once) contributes z = 0.
  The final score is the mean of the participant's z's, so a juror who is uniformly harsher or
  more lenient than the others moves nobody.

Means, medians and deviations are exact (`Fraction`); only the z-score's square root is a float,
taken of z² (at most the number of scorecards), so it stays finite for any finite totals.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from fractions import Fraction

from judging.domain.criteria import Aggregation
from judging.domain.exact import common_numerators, exact, mean
from judging.domain.scorecards import Scorecard


def median(values: Sequence[Fraction]) -> Fraction:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return mean(ordered[middle - 1 : middle + 1])


def trimmed_mean(values: Sequence[Fraction]) -> Fraction:
    ordered = sorted(values)
    return mean(ordered[1:-1] if len(ordered) >= 3 else ordered)


def juror_zscores(scorecards: Iterable[Scorecard]) -> dict[tuple[str, str], Fraction]:
    """(juror_id, participant_id) → that scorecard's z-score among the juror's scorecards."""
    by_juror: dict[str, dict[str, Fraction]] = defaultdict(dict)
    for card in scorecards:
        by_juror[card.juror_id][card.participant_id] = exact(card.weighted_total)
    zscores: dict[tuple[str, str], Fraction] = {}
    for juror_id, totals in by_juror.items():
        # In integers over the totals' common denominator L (tᵢ = aᵢ / L, n totals, S = Σaᵢ):
        # tᵢ - mean = (n aᵢ - S) / (n L) and the variance is Σⱼ (n aⱼ - S)² / (n³ L²), so
        # z² = n (n aᵢ - S)² / Σⱼ (n aⱼ - S)²: exactly the value in fractions, with no gcds.
        numerators, _ = common_numerators(totals.values())
        n, whole = len(numerators), sum(numerators)
        deviations = [n * a - whole for a in numerators]
        spread = sum(d * d for d in deviations)
        for participant_id, deviation in zip(totals, deviations, strict=True):
            zscores[juror_id, participant_id] = _zscore(
                deviation, n * deviation * deviation, spread
            )
    return zscores


def _zscore(deviation: int, squared: int, spread: int) -> Fraction:
    """The z-score whose square is `squared / spread`, with the sign of `deviation`: through z²
    (exact, and at most the number of scorecards), so that no intermediate leaves a float's
    range however large the totals. The square root is the float's (correctly rounded)."""
    if not spread or not deviation:
        return Fraction(0)
    magnitude = math.sqrt(squared / spread)  # int / int: the correctly rounded quotient
    return Fraction(magnitude if deviation > 0 else -magnitude)


def final_scores(method: Aggregation | str, scorecards: Iterable[Scorecard]) -> dict[str, Fraction]:
    """participant_id → final score, for every participant with at least one scorecard.

    Raises ValueError when a juror has two scorecards for one participant: pass only the
    latest revision of each.
    """
    method = Aggregation.parse(method)
    cards = unique_scorecards(scorecards)
    if method is Aggregation.ZSCORE:
        zscores = juror_zscores(cards)
        values = _group((c.participant_id, zscores[c.juror_id, c.participant_id]) for c in cards)
        return {pid: mean(zs) for pid, zs in values.items()}
    combine = {
        Aggregation.MEAN: mean,
        Aggregation.MEDIAN: median,
        Aggregation.TRIMMED_MEAN: trimmed_mean,
    }[method]
    totals = _group((c.participant_id, exact(c.weighted_total)) for c in cards)
    return {pid: combine(values) for pid, values in totals.items()}


def unique_scorecards(scorecards: Iterable[Scorecard]) -> list[Scorecard]:
    cards = list(scorecards)
    seen: set[tuple[str, str]] = set()
    for card in cards:
        key = (card.juror_id, card.participant_id)
        if key in seen:
            raise ValueError(
                f"juror {card.juror_id!r} has more than one scorecard for participant "
                f"{card.participant_id!r}; pass only the latest revision"
            )
        seen.add(key)
    return cards


def _group(pairs: Iterable[tuple[str, Fraction]]) -> dict[str, list[Fraction]]:
    grouped: dict[str, list[Fraction]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped
