"""Numbers an organizer or a juror may send: bounded where they are set, and every figure
computed from finite inputs is itself finite (no OverflowError, no inf in a JSON answer)."""

import math
import sys
from datetime import UTC, datetime, timedelta

import pytest

from judging.domain import (
    ContestCriteria,
    CriteriaInvalid,
    Criterion,
    Juror,
    Participant,
    Scorecard,
    ScorecardInvalid,
    final_scores,
    nomination_agreement,
    rank_contest,
    validate_scores,
)
from judging.domain.exact import fmt, is_number
from judging.standings import contest_standings

HUGE_INT = 10**400  # JSON allows it; a float cannot hold it
BIGGEST = sys.float_info.max
START = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)


def one_criterion(method: str = "mean") -> ContestCriteria:
    return ContestCriteria([Criterion("overall", "Overall", 1, 0, 10)], method)


def test_an_integer_too_large_for_a_float_is_not_a_number_and_is_shown_without_overflowing() -> (
    None
):
    assert not is_number(HUGE_INT)
    assert not is_number(-HUGE_INT)
    assert is_number(10**6)
    assert fmt(HUGE_INT) == "a number too large to show"


@pytest.mark.parametrize("score", [HUGE_INT, -HUGE_INT, 1e308, 2**1100])
def test_a_huge_score_is_refused_as_a_scorecard_problem(score: int | float) -> None:
    with pytest.raises(ScorecardInvalid) as refused:
        validate_scores(one_criterion(), {"overall": score})
    assert "criterion 'overall'" in str(refused.value)


@pytest.mark.parametrize(
    ("weight", "low", "high", "problem"),
    [
        (1001, 0, 10, "weights must be at most 1000"),
        (1e308, 0, 10, "weights must be at most 1000"),
        (HUGE_INT, 0, 10, "has a weight that is not a finite number"),
        (1, -1.7e308, 10, "scores must lie within -1000000 to 1000000"),
        (1, 0, 1.7e308, "scores must lie within -1000000 to 1000000"),
        (1, -1_000_001, 0, "scores must lie within -1000000 to 1000000"),
        (1, 0, HUGE_INT, "has a max_score that is not a finite number"),
    ],
)
def test_weights_and_score_ranges_are_bounded(
    weight: float, low: float, high: float, problem: str
) -> None:
    with pytest.raises(CriteriaInvalid, match=problem):
        Criterion("impact", "Impact", weight, low, high)


def test_the_bounds_themselves_are_allowed() -> None:
    criterion = Criterion("impact", "Impact", 1000, -1_000_000, 1_000_000)
    assert (criterion.weight, criterion.min_score, criterion.max_score) == (1000, -1e6, 1e6)


def extreme_cards() -> list[Scorecard]:
    """Totals at both ends of a float's range, as a store written before the bounds may hold."""
    totals = {
        "j1": {"p1": BIGGEST, "p2": -BIGGEST, "p3": 0.0},
        "j2": {"p1": -BIGGEST, "p2": 5.0},
        # a deviation from the mean beyond a float's range: 4/3 of the largest float
        "j3": {"p1": BIGGEST, "p2": -BIGGEST, "p3": -BIGGEST},
    }
    return [
        Scorecard(juror, participant, total, {"overall": total})
        for juror, row in totals.items()
        for participant, total in row.items()
    ]


PEOPLE = [
    Participant(pid, "ecology", f"Team {pid}", START + timedelta(minutes=i))
    for i, pid in enumerate(("p1", "p2", "p3"))
]


@pytest.mark.parametrize("method", ["mean", "median", "trimmed_mean", "zscore"])
def test_every_aggregation_is_finite_over_extreme_finite_totals(method: str) -> None:
    scores = final_scores(method, extreme_cards())
    assert set(scores) == {"p1", "p2", "p3"}
    ranking = rank_contest(PEOPLE, extreme_cards(), one_criterion(method))["ecology"]
    for ranked in ranking:
        for value in (ranked.final_score, ranked.raw_score, ranked.top_criterion_mean):
            assert value is not None
            assert math.isfinite(value)
    agreement = nomination_agreement(PEOPLE, extreme_cards())
    assert agreement.most_deviating is not None
    assert math.isfinite(agreement.most_deviating.mean_abs_deviation)


@pytest.mark.parametrize("method", ["mean", "median", "trimmed_mean", "zscore"])
def test_standings_over_extreme_totals_are_computed(method: str) -> None:
    standings = contest_standings(
        {"ecology": "Экология"},
        one_criterion(method),
        [Juror("j1"), Juror("j2"), Juror("j3")],
        PEOPLE,
        extreme_cards(),
    )
    [nomination] = standings.nominations
    assert [r.place for r in nomination.ranking] == [1, 2, 3]
