"""The exact arithmetic done in integers over a common denominator gives the very values plain
`Fraction` arithmetic gives (the reference below is the domain's earlier code), so the
leaderboard and the announcement rank, tie and show exactly as before, on random contests."""

import math
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest

from judging.domain import (
    ContestCriteria,
    Criterion,
    Juror,
    Participant,
    Scorecard,
    aggregation,
    agreement,
    build_scorecard,
    ranking,
)
from judging.domain.aggregation import juror_zscores
from judging.domain.agreement import JurorDeviation, most_deviating_juror
from judging.domain.exact import exact, mean, to_float
from judging.standings import contest_standings

METHODS = ("mean", "median", "trimmed_mean", "zscore")
START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
SEEDS = range(12)


# the reference: the same rules in plain fractions


def reference_mean(values: Sequence[Fraction]) -> Fraction:
    if not values:
        raise ValueError("the mean of no values is undefined")
    return sum(values, Fraction(0)) / len(values)


def reference_zscores(scorecards: Iterable[Scorecard]) -> dict[tuple[str, str], Fraction]:
    by_juror: dict[str, dict[str, Fraction]] = defaultdict(dict)
    for card in scorecards:
        by_juror[card.juror_id][card.participant_id] = exact(card.weighted_total)
    zscores = {}
    for juror_id, totals in by_juror.items():
        centre = reference_mean(list(totals.values()))
        variance = reference_mean([(total - centre) ** 2 for total in totals.values()])
        for participant_id, total in totals.items():
            deviation = total - centre
            if not variance or not deviation:
                zscores[juror_id, participant_id] = Fraction(0)
                continue
            magnitude = math.sqrt(float(deviation * deviation / variance))
            zscores[juror_id, participant_id] = Fraction(magnitude if deviation > 0 else -magnitude)
    return zscores


def reference_most_deviating(scorecards: Iterable[Scorecard]) -> JurorDeviation | None:
    by_participant: dict[str, dict[str, Fraction]] = defaultdict(dict)
    for card in scorecards:
        by_participant[card.participant_id][card.juror_id] = exact(card.weighted_total)
    deviations: dict[str, list[Fraction]] = defaultdict(list)
    for totals in by_participant.values():
        if len(totals) < 2:
            continue
        whole = sum(totals.values(), Fraction(0))
        for juror_id, total in totals.items():
            others = (whole - total) / (len(totals) - 1)
            deviations[juror_id].append(abs(total - others))
    if not deviations:
        return None
    juror_id, values = min(deviations.items(), key=lambda item: (-reference_mean(item[1]), item[0]))
    return JurorDeviation(juror_id, to_float(reference_mean(values)), len(values))


# random contests: few distinct scores (many ties), decimal weights and scores


def random_contest(
    seed: int, method: str
) -> tuple[ContestCriteria, list[Juror], list[Participant], list[Scorecard]]:
    chance = random.Random(seed)
    weights = chance.choice([(1, 1, 1), (0.5, 0.3, 0.2), (3, 2, 1), (0.1, 0.7, 0.25)])
    criteria = ContestCriteria(
        [Criterion(f"c{i}", f"Критерий {i}", w, 0, 10) for i, w in enumerate(weights)], method
    )
    scale = chance.choice([(0, 10, 1), (0, 10, 0.5), (5, 8, 0.1), (0, 3, 1)])
    values = [scale[0] + step * scale[2] for step in range(int((scale[1] - scale[0]) / scale[2]))]
    participants = [
        Participant(f"p{i:03}", f"n{i % 3}", f"ТОС {i}", START + timedelta(minutes=i % 7))
        for i in range(chance.randint(2, 40))
    ]
    jurors = [Juror(f"j{j}") for j in range(chance.randint(1, 7))]
    cards = [
        build_scorecard(
            criteria,
            juror.id,
            person.id,
            {c.id: round(chance.choice(values), 1) for c in criteria.criteria},
        )
        for juror in jurors
        for person in participants
        if chance.random() < 0.85
    ]
    return criteria, jurors, participants, cards


@pytest.mark.parametrize("seed", SEEDS)
def test_a_juror_s_z_scores_are_those_of_plain_fractions(seed: int) -> None:
    *_, cards = random_contest(seed, "zscore")

    assert juror_zscores(cards) == reference_zscores(cards)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_most_deviating_juror_and_their_deviation_are_those_of_plain_fractions(
    seed: int,
) -> None:
    *_, cards = random_contest(seed, "mean")

    assert most_deviating_juror(cards) == reference_most_deviating(cards)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_mean_is_that_of_plain_fractions(seed: int) -> None:
    chance = random.Random(seed)
    values = [exact(chance.choice([0.1, 7.1, 2.5, 6.523809523809524, 1e-9, 3])) for _ in range(9)]
    values.append(Fraction(chance.random()))  # a binary fraction beside the decimal ones

    assert mean(values) == reference_mean(values)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("seed", SEEDS)
def test_the_standings_shown_are_those_of_plain_fractions(
    seed: int, method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    criteria, jurors, participants, cards = random_contest(seed, method)
    fast = contest_standings({"n0": "Первая"}, criteria, jurors, participants, cards)

    for module in (aggregation, agreement, ranking):
        monkeypatch.setattr(module, "mean", reference_mean)
    monkeypatch.setattr(aggregation, "juror_zscores", reference_zscores)
    monkeypatch.setattr(agreement, "most_deviating_juror", reference_most_deviating)
    reference = contest_standings({"n0": "Первая"}, criteria, jurors, participants, cards)

    assert fast == reference
