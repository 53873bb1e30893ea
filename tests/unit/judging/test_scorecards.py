import math

import pytest

from judging.domain import (
    ContestCriteria,
    Criterion,
    Scorecard,
    ScorecardInvalid,
    build_scorecard,
    validate_scores,
    weighted_total,
)

CRITERIA = ContestCriteria(
    [
        Criterion("impact", "Social impact", 3, 0, 10),
        Criterion("feasibility", "Feasibility", 2, 0, 10),
        Criterion("clarity", "Clarity", 1, 1, 5),
    ],
    "mean",
)


def test_a_complete_scorecard_within_range_comes_back_in_the_criteria_order() -> None:
    valid = validate_scores(CRITERIA, {"clarity": 5, "impact": 0, "feasibility": 7.5})
    assert list(valid.items()) == [("impact", 0.0), ("feasibility", 7.5), ("clarity", 5.0)]


def test_a_missing_score_names_the_criterion_and_its_range() -> None:
    with pytest.raises(ScorecardInvalid) as refused:
        validate_scores(CRITERIA, {"impact": 5, "feasibility": 5})
    assert str(refused.value) == "no score for criterion 'clarity' (range 1 to 5)"


def test_an_unknown_criterion_is_refused() -> None:
    with pytest.raises(ScorecardInvalid) as refused:
        validate_scores(CRITERIA, {"impact": 5, "feasibility": 5, "clarity": 3, "beauty": 9})
    assert str(refused.value) == "unknown criterion 'beauty'"


@pytest.mark.parametrize(
    ("criterion_id", "score", "message"),
    [
        ("impact", 11, "score 11 for criterion 'impact' is outside its range 0 to 10"),
        ("impact", -0.5, "score -0.5 for criterion 'impact' is outside its range 0 to 10"),
        ("clarity", 0, "score 0 for criterion 'clarity' is outside its range 1 to 5"),
    ],
)
def test_a_score_outside_the_range_names_the_criterion_and_the_range(
    criterion_id: str, score: float, message: str
) -> None:
    scores = {"impact": 5, "feasibility": 5, "clarity": 3} | {criterion_id: score}
    with pytest.raises(ScorecardInvalid) as refused:
        validate_scores(CRITERIA, scores)
    assert str(refused.value) == message


@pytest.mark.parametrize("score", ["7", None, True, math.nan, math.inf])
def test_a_score_that_is_not_a_finite_number_is_refused(score: object) -> None:
    with pytest.raises(ScorecardInvalid) as refused:
        validate_scores(CRITERIA, {"impact": score, "feasibility": 5, "clarity": 3})
    assert str(refused.value) == "the score for criterion 'impact' is not a number (range 0 to 10)"


def test_the_ends_of_the_range_are_accepted() -> None:
    assert validate_scores(CRITERIA, {"impact": 10, "feasibility": 0, "clarity": 1})


def test_every_problem_of_a_scorecard_is_reported_at_once() -> None:
    with pytest.raises(ScorecardInvalid) as refused:
        validate_scores(CRITERIA, {"impact": 12, "zeal": 1, "artistry": 2})
    assert tuple(map(str, refused.value.problems)) == (
        "unknown criterion 'artistry'",
        "unknown criterion 'zeal'",
        "score 12 for criterion 'impact' is outside its range 0 to 10",
        "no score for criterion 'feasibility' (range 0 to 10)",
        "no score for criterion 'clarity' (range 1 to 5)",
    )


def test_the_weighted_total_is_the_weighted_mean_on_the_criteria_scale() -> None:
    # (3*8 + 2*5 + 1*2) / (3 + 2 + 1) = (24 + 10 + 2) / 6 = 36 / 6 = 6
    assert weighted_total(CRITERIA, {"impact": 8, "feasibility": 5, "clarity": 2}) == 6.0


def test_a_weighted_total_that_does_not_terminate_is_the_nearest_float() -> None:
    # (3*7 + 2*7 + 1*5) / 6 = 40 / 6 = 6.666...
    assert weighted_total(CRITERIA, {"impact": 7, "feasibility": 7, "clarity": 5}) == 40 / 6


def test_mathematically_equal_weighted_totals_are_the_very_same_float() -> None:
    criteria = ContestCriteria(
        [
            Criterion("a", "A", 0.5, 0, 10),
            Criterion("b", "B", 0.3, 0, 10),
            Criterion("c", "C", 0.2, 0, 10),
        ],
        "mean",
    )
    # 0.5*8 + 0.3*7 + 0.2*5 = 4 + 2.1 + 1 = 7.1 and 0.5*7 + 0.3*8 + 0.2*6 = 3.5 + 2.4 + 1.2 = 7.1;
    # plain float arithmetic gives 7.1 and 7.1000000000000005.
    assert (0.5 * 7 + 0.3 * 8 + 0.2 * 6) != (0.5 * 8 + 0.3 * 7 + 0.2 * 5)
    first = weighted_total(criteria, {"a": 8, "b": 7, "c": 5})
    second = weighted_total(criteria, {"a": 7, "b": 8, "c": 6})
    assert first == second == 7.1


def test_the_weighted_total_validates_the_scores_first() -> None:
    with pytest.raises(ScorecardInvalid, match="no score for criterion 'clarity'"):
        weighted_total(CRITERIA, {"impact": 8, "feasibility": 5})


def test_a_built_scorecard_carries_the_valid_scores_and_their_weighted_total() -> None:
    card = build_scorecard(CRITERIA, "j1", "p1", {"impact": 8, "feasibility": 5, "clarity": 2})
    assert card == Scorecard(
        juror_id="j1",
        participant_id="p1",
        weighted_total=6.0,
        scores={"impact": 8.0, "feasibility": 5.0, "clarity": 2.0},
    )


def test_building_a_scorecard_with_bad_scores_is_refused() -> None:
    with pytest.raises(ScorecardInvalid):
        build_scorecard(CRITERIA, "j1", "p1", {"impact": 80, "feasibility": 5, "clarity": 2})
