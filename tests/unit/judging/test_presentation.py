"""Results as people read them: z-scores back on the criteria's scale, disagreement flagged,
the methods and the agreement in plain Russian."""

import math
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import judging
from forum_shared.i18n import use_catalogue
from forum_shared.pages import number as shared_number
from judging.domain import ContestCriteria, Criterion, Participant, Scorecard, rank_nomination
from judging.domain.explanations import (
    METHOD_EXPLANATIONS,
    agreement_in_words,
    method_explanation,
    method_title,
)
from judging.domain.presentation import (
    criteria_scale,
    participant_spreads,
    shown_scores,
    zscore_rescaling,
)
from judging.pages import number as pages_number

START = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
use_catalogue(Path(judging.__file__).parent / "locale")


def criteria(method: str = "zscore", low: float = 0, high: float = 10) -> ContestCriteria:
    return ContestCriteria([Criterion("overall", "Overall", 1, low, high)], method)


def card(juror: str, participant: str, total: float) -> Scorecard:
    return Scorecard(juror, participant, total, {"overall": total})


def test_the_scale_of_weighted_totals_is_the_weighted_mean_of_the_criteria_ranges() -> None:
    mixed = ContestCriteria([Criterion("a", "A", 3, 0, 10), Criterion("b", "B", 1, 1, 5)], "mean")
    scale = criteria_scale(mixed)
    assert (scale.low, scale.high, scale.width) == (0.25, 8.75, 8.5)


def test_a_z_score_is_shown_as_a_typical_jurors_total_on_the_scale() -> None:
    # j1 gives 8 and 6 (mean 7, sd 1), j2 gives 6 and 4 (mean 5, sd 1): centre 6, spread 1.
    cards = [card("j1", "p1", 8), card("j1", "p2", 6), card("j2", "p1", 6), card("j2", "p2", 4)]
    rescaling = zscore_rescaling(criteria(), cards)
    assert (rescaling.centre, rescaling.spread) == (6.0, 1.0)

    assert shown_scores(criteria(), cards, {"p1": 1.0, "p2": -1.0}) == {"p1": 7.0, "p2": 5.0}


def test_the_pooled_spread_is_the_root_of_the_jurors_mean_variance() -> None:
    # j1: 9, 5 (variance 4); j2: 7, 6 (variance 0.25) → spread sqrt(2.125)
    cards = [card("j1", "p1", 9), card("j1", "p2", 5), card("j2", "p1", 7), card("j2", "p2", 6)]
    assert math.isclose(zscore_rescaling(criteria(), cards).spread, math.sqrt(2.125))


def test_a_shown_z_score_never_leaves_the_criteria_range() -> None:
    cards = [card("j1", "p1", 10), card("j1", "p2", 0)]
    assert shown_scores(criteria(), cards, {"p1": 3.0, "p2": -3.0}) == {"p1": 10.0, "p2": 0.0}


def test_without_any_spread_every_participant_shows_the_jurors_mean() -> None:
    cards = [card("j1", "p1", 7), card("j2", "p2", 5)]
    assert shown_scores(criteria(), cards, {"p1": 0.0, "p2": 0.0}) == {"p1": 6.0, "p2": 6.0}


def test_other_methods_are_shown_as_they_are() -> None:
    cards = [card("j1", "p1", 8)]
    assert shown_scores(criteria("mean"), cards, {"p1": 8.0, "p2": None}) == {
        "p1": 8.0,
        "p2": None,
    }


def test_rescaling_keeps_the_order_of_a_random_contest() -> None:
    chance = random.Random(20261126)
    participants = [
        Participant(f"p{i}", "n", f"P{i}", START + timedelta(minutes=i)) for i in range(30)
    ]
    cards = [
        card(f"j{j}", p.id, round(chance.uniform(2 + j, 6 + j), 2))
        for j in range(4)
        for p in participants
    ]
    ranking = rank_nomination(participants, cards, criteria())
    shown = shown_scores(criteria(), cards, {r.participant_id: r.raw_score for r in ranking})
    in_place_order = [shown[r.participant_id] for r in ranking]
    assert in_place_order == sorted(in_place_order, reverse=True)
    assert all(0 <= score <= 10 for score in in_place_order if score is not None)


def test_a_spread_over_a_quarter_of_the_scale_is_flagged() -> None:
    cards = [card("j1", "p1", 8), card("j2", "p1", 5), card("j1", "p2", 8), card("j2", "p2", 6)]
    spreads = participant_spreads(criteria(), cards)
    assert (spreads["p1"].width, spreads["p1"].disagreement) == (3.0, True)
    assert (spreads["p2"].width, spreads["p2"].disagreement) == (2.0, False)


def test_exactly_a_quarter_of_the_scale_is_not_yet_disagreement() -> None:
    cards = [card("j1", "p1", 7.5), card("j2", "p1", 5)]
    assert participant_spreads(criteria(), cards)["p1"].disagreement is False


def test_one_scorecard_has_no_disagreement() -> None:
    spreads = participant_spreads(criteria(), [card("j1", "p1", 10)])
    assert (spreads["p1"].scorecards, spreads["p1"].disagreement) == (1, False)


def test_every_method_is_explained_in_russian() -> None:
    for method in ("mean", "median", "trimmed_mean", "zscore"):
        assert method_title(method).render()
        assert method_explanation(method).render() != method_explanation(method).render("en")
    assert len(METHOD_EXPLANATIONS) == 4
    assert "типичный член жюри" in method_explanation("zscore").render()


@pytest.mark.parametrize(
    ("w", "words"),
    [
        (None, "Пока мало данных"),
        (0.9, "сильное согласие"),
        (0.6, "в основном согласны"),
        (0.4, "согласны лишь отчасти"),
        (0.1, "слабое согласие"),
    ],
)
def test_kendalls_w_reads_as_a_sentence(w: float | None, words: str) -> None:
    assert words in agreement_in_words(w).render()


@pytest.mark.parametrize(
    "value",
    [7.5, 8.0, 0.0, -1.25, 1234.567, 0.005, 10, 3.14159, -0.0, 1e-7, 99999.999, 6.8333, None],
)
def test_the_pages_write_numbers_as_the_shared_filter_does(value: float | None) -> None:
    assert pages_number(value) == shared_number(value)
