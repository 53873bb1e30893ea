"""How much the jurors of a nomination agree, and which juror deviates most.

Kendall's coefficient of concordance W is computed over the jurors who scored every
participant of the nomination (a juror with a conflict of interest or a missing scorecard is
left out). Each such juror's weighted totals are turned into ranks (1 = best, average ranks for
ties) and W = 12 S / (m^2 (n^3 - n) - m T), where S is the sum of squared deviations of the rank
sums from their mean, m the number of jurors, n of participants, and T = sum over every juror's
tie groups of (t^3 - t): the usual tie correction (T = 0 without ties gives the textbook
formula). W is 1 when all jurors rank alike, 0 when the rank sums are all equal. None with
fewer than 2 jurors or 2 participants, or when every juror tied everyone.

The deviation of a juror is the mean, over the participants they scored that at least one other
juror scored too, of |their weighted total - the other jurors' mean total|. Raw weighted totals
are used, whatever the aggregation method: a uniformly harsh juror shows up here even though
z-scores would neutralise them.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from judging.domain.aggregation import unique_scorecards
from judging.domain.exact import common_numerators, display, exact, mean, to_float
from judging.domain.roster import Participant
from judging.domain.scorecards import Scorecard


@dataclass(frozen=True)
class JurorDeviation:
    juror_id: str
    mean_abs_deviation: float
    participants_compared: int


@dataclass(frozen=True)
class Agreement:
    """Rounded for display; `jurors_in_w` is how many jurors Kendall's W was computed over."""

    kendalls_w: float | None
    jurors_in_w: int
    most_deviating: JurorDeviation | None


def kendalls_w(totals_by_juror: Mapping[str, Mapping[str, float]]) -> float | None:
    """juror_id → {participant_id: weighted total}; every juror must score the same participants."""
    jurors = list(totals_by_juror.values())
    m = len(jurors)
    if m < 2:
        return None
    participant_ids = set(jurors[0])
    if any(set(totals) != participant_ids for totals in jurors):
        raise ValueError("Kendall's W needs every juror to score the same participants")
    n = len(participant_ids)
    if n < 2:
        return None
    # In integers: ranks doubled (a tie group spanning places a..b shares (a + b) / 2), so
    # 12 S = 3 Σ (2R - m(n + 1))². Floats are ranked as they are: their order and their ties
    # are those of the exact values (`exact` maps distinct floats to distinct fractions, in
    # order), and this runs for every leaderboard.
    doubled_sums: dict[str, int] = defaultdict(int)
    tie_term = 0
    for totals in jurors:
        for pid, doubled in _doubled_ranks(totals).items():
            doubled_sums[pid] += doubled
        tie_term += sum(t**3 - t for t in Counter(totals.values()).values())
    twelve_s = 3 * sum((r - m * (n + 1)) ** 2 for r in doubled_sums.values())
    denominator = m * m * (n**3 - n) - m * tie_term
    if denominator == 0:
        return None
    return float(Fraction(twelve_s, denominator))


def _doubled_ranks(totals: Mapping[str, float]) -> dict[str, int]:
    """Twice the average rank of each total, 2 for the highest (ties share their ranks' mean)."""
    ordered = sorted(totals.values(), reverse=True)
    first: dict[float, int] = {}
    last: dict[float, int] = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
        last[value] = position
    return {pid: first[v] + last[v] for pid, v in totals.items()}


def nomination_kendalls_w(
    participants: Sequence[Participant], scorecards: Iterable[Scorecard]
) -> tuple[float | None, int]:
    """(W, number of jurors it was computed over) for one nomination."""
    ids = {p.id for p in participants}
    by_juror: dict[str, dict[str, float]] = defaultdict(dict)
    for card in unique_scorecards(scorecards):
        if card.participant_id in ids:
            by_juror[card.juror_id][card.participant_id] = card.weighted_total
    complete = {juror: totals for juror, totals in by_juror.items() if set(totals) == ids}
    return kendalls_w(complete), len(complete)


def most_deviating_juror(scorecards: Iterable[Scorecard]) -> JurorDeviation | None:
    """Among the given scorecards; ties go to the smaller juror id. None if nobody compares."""
    by_participant: dict[str, dict[str, Fraction]] = defaultdict(dict)
    for card in unique_scorecards(scorecards):
        by_participant[card.participant_id][card.juror_id] = exact(card.weighted_total)
    deviations: dict[str, list[Fraction]] = defaultdict(list)
    for totals in by_participant.values():
        k = len(totals)
        if k < 2:
            continue
        # over the totals' common denominator L (tᵢ = aᵢ / L, W = Σaⱼ): the others' mean is
        # (W - aᵢ) / ((k - 1) L), so tᵢ minus it is (k aᵢ - W) / ((k - 1) L), exactly
        numerators, denominator = common_numerators(totals.values())
        whole = sum(numerators)
        for juror_id, a in zip(totals, numerators, strict=True):
            deviations[juror_id].append(Fraction(abs(k * a - whole), (k - 1) * denominator))
    if not deviations:
        return None
    means = {juror_id: mean(values) for juror_id, values in deviations.items()}
    juror_id = min(means, key=lambda juror: (-means[juror], juror))
    return JurorDeviation(juror_id, to_float(means[juror_id]), len(deviations[juror_id]))


def nomination_agreement(
    participants: Sequence[Participant], scorecards: Iterable[Scorecard]
) -> Agreement:
    """Kendall's W and the most deviating juror over one nomination's participants."""
    ids = {p.id for p in participants}
    cards = [card for card in scorecards if card.participant_id in ids]
    w, jurors_in_w = nomination_kendalls_w(participants, cards)
    deviating = most_deviating_juror(cards)
    if deviating is not None:
        value = display(deviating.mean_abs_deviation)
        deviating = JurorDeviation(deviating.juror_id, value, deviating.participants_compared)
    return Agreement(display(w), jurors_in_w, deviating)
