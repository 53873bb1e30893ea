import math

import pytest

from judging.domain import Aggregation, ContestCriteria, CriteriaInvalid, Criterion


def criterion(
    cid: str = "impact", weight: float = 1, low: float = 0, high: float = 10
) -> Criterion:
    return Criterion(id=cid, title=cid.title(), weight=weight, min_score=low, max_score=high)


def test_a_criterion_whose_min_score_is_not_below_its_max_score_is_refused_by_name() -> None:
    with pytest.raises(CriteriaInvalid) as refused:
        criterion("impact", low=10, high=5)
    assert str(refused.value) == "criterion 'impact' has min_score 10 not below max_score 5"


def test_an_equal_min_and_max_score_is_refused_too() -> None:
    with pytest.raises(CriteriaInvalid, match="min_score 5 not below max_score 5"):
        criterion(low=5, high=5)


@pytest.mark.parametrize("weight", [0, -1.5])
def test_a_weight_that_is_not_positive_is_refused(weight: float) -> None:
    with pytest.raises(CriteriaInvalid) as refused:
        criterion("reach", weight=weight)
    assert "criterion 'reach' has weight" in str(refused.value)
    assert "weights must be positive" in str(refused.value)


@pytest.mark.parametrize("weight", [math.nan, math.inf, True, "2"])
def test_a_weight_that_is_not_a_finite_number_is_refused(weight: object) -> None:
    with pytest.raises(CriteriaInvalid, match="criterion 'impact' has a weight that is not a"):
        criterion(weight=weight)  # type: ignore[arg-type]


def test_a_blank_title_and_a_bad_weight_are_reported_together() -> None:
    with pytest.raises(CriteriaInvalid) as refused:
        Criterion(id="impact", title=" ", weight=0, min_score=0, max_score=10)
    assert tuple(map(str, refused.value.problems)) == (
        "criterion 'impact' needs a title",
        "criterion 'impact' has weight 0; weights must be positive",
    )


def test_a_criterion_needs_an_id() -> None:
    with pytest.raises(CriteriaInvalid, match="every criterion needs a non-empty id"):
        criterion(" ")


def test_numbers_are_kept_as_floats() -> None:
    assert criterion(weight=2, low=0, high=10) == Criterion("impact", "Impact", 2.0, 0.0, 10.0)


def test_a_contest_needs_at_least_one_criterion() -> None:
    with pytest.raises(CriteriaInvalid, match="a contest needs at least one criterion"):
        ContestCriteria([], "mean")


def test_criterion_ids_must_be_unique() -> None:
    with pytest.raises(CriteriaInvalid) as refused:
        ContestCriteria([criterion("impact"), criterion("reach"), criterion("impact")], "mean")
    assert str(refused.value) == "criterion id 'impact' is used more than once"


def test_an_unknown_aggregation_method_is_refused_with_the_allowed_ones_listed() -> None:
    with pytest.raises(CriteriaInvalid) as refused:
        ContestCriteria([criterion()], "avg")
    assert str(refused.value) == (
        "unknown aggregation method 'avg'; use one of: mean, median, trimmed_mean, zscore"
    )


@pytest.mark.parametrize("name", ["mean", "median", "trimmed_mean", "zscore"])
def test_the_aggregation_method_is_read_from_its_name(name: str) -> None:
    assert ContestCriteria([criterion()], name).aggregation == Aggregation(name)


def test_criteria_keep_the_organizers_order() -> None:
    criteria = ContestCriteria([criterion("reach"), criterion("impact")], Aggregation.MEAN)
    assert criteria.ids == ("reach", "impact")
    assert criteria.get("impact") == criterion("impact")
    assert criteria.get("nope") is None


def test_the_top_criterion_is_the_heaviest() -> None:
    criteria = ContestCriteria(
        [criterion("reach", 1), criterion("impact", 3), criterion("clarity", 2)], "mean"
    )
    assert criteria.top_criterion.id == "impact"


def test_among_equally_heavy_top_criteria_the_first_listed_is_the_top_one() -> None:
    criteria = ContestCriteria(
        [criterion("clarity", 1), criterion("reach", 3), criterion("impact", 3)], "mean"
    )
    assert criteria.top_criterion.id == "reach"


def test_criteria_from_plain_data_report_every_problem_at_once() -> None:
    items: list[dict[str, object]] = [
        {"id": "impact", "title": "Impact", "weight": 2, "min_score": 10, "max_score": 5},
        {"id": "reach", "title": "Reach"},
        {"id": "clarity", "title": "Clarity", "weight": 0, "min_score": 0, "max_score": 10},
    ]
    with pytest.raises(CriteriaInvalid) as refused:
        ContestCriteria.from_dicts(items, "avg")
    assert tuple(map(str, refused.value.problems)) == (
        "criterion 'impact' has min_score 10 not below max_score 5",
        "criterion #2 is missing weight, min_score, max_score",
        "criterion 'clarity' has weight 0; weights must be positive",
        "unknown aggregation method 'avg'; use one of: mean, median, trimmed_mean, zscore",
    )


def test_criteria_from_plain_data_ignore_unknown_keys() -> None:
    item: dict[str, object] = {"id": "impact", "title": "Impact", "weight": 2}
    item |= {"min_score": 0, "max_score": 10, "note": "kept elsewhere"}
    criteria = ContestCriteria.from_dicts([item], "zscore")
    assert criteria == ContestCriteria([Criterion("impact", "Impact", 2, 0, 10)], "zscore")


def test_a_criterion_may_carry_a_description_for_the_jurors() -> None:
    criteria = ContestCriteria.from_dicts(
        [
            {
                "id": "impact",
                "title": "Impact",
                "weight": 2,
                "min_score": 0,
                "max_score": 10,
                "description": "How many people the project helps",
            },
            {"id": "cost", "title": "Cost", "weight": 1, "min_score": 0, "max_score": 10},
        ],
        "mean",
    )
    assert [c.description for c in criteria.criteria] == ["How many people the project helps", ""]
