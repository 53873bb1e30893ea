"""Hand-computed final scores for every aggregation method (one criterion, so total = score)."""

import math
from datetime import UTC, datetime, timedelta

import pytest

from judging.domain import (
    ContestCriteria,
    Criterion,
    Participant,
    RankedParticipant,
    Scorecard,
    final_scores,
    juror_zscores,
    median,
    rank_contest,
    rank_nomination,
    trimmed_mean,
)

START = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
SQRT_1_5 = math.sqrt(1.5)  # 3 / sqrt(6) = sqrt(9/6)


def criteria(method: str) -> ContestCriteria:
    return ContestCriteria([Criterion("overall", "Overall", 1, 0, 10)], method)


def people(*ids: str, nomination: str = "ecology") -> list[Participant]:
    return [
        Participant(pid, nomination, f"Team {pid}", START + timedelta(minutes=i))
        for i, pid in enumerate(ids)
    ]


def card(juror: str, participant: str, total: float) -> Scorecard:
    return Scorecard(juror, participant, total, {"overall": total})


def by_juror(totals: dict[str, dict[str, float]]) -> list[Scorecard]:
    """{juror: {participant: total}} → scorecards: one row per juror reads like a score sheet."""
    return [card(j, p, t) for j, row in totals.items() for p, t in row.items()]


def table(ranking: tuple[RankedParticipant, ...]) -> list[tuple[str, int | None, float | None]]:
    return [(r.participant_id, r.place, r.final_score) for r in ranking]


def test_the_mean_method_averages_the_weighted_totals() -> None:
    # A (7 + 8 + 9)/3 = 8; B (9 + 9 + 3)/3 = 7; C (6 + 7)/2 = 6.5; D unscored
    cards = by_juror(
        {
            "j1": {"A": 7, "B": 9, "C": 6},
            "j2": {"A": 8, "B": 9, "C": 7},
            "j3": {"A": 9, "B": 3},
        }
    )
    ranking = rank_nomination(people("A", "B", "C", "D"), cards, criteria("mean"))
    assert table(ranking) == [("A", 1, 8.0), ("B", 2, 7.0), ("C", 3, 6.5), ("D", None, None)]
    assert [r.scorecards for r in ranking] == [3, 3, 2, 0]


def test_a_mean_that_does_not_terminate_is_rounded_to_four_decimals_for_display_only() -> None:
    # (7 + 7 + 8) / 3 = 22/3 = 7.33333...
    (entry,) = rank_nomination(
        people("A"), [card("j1", "A", 7), card("j2", "A", 7), card("j3", "A", 8)], criteria("mean")
    )
    assert entry.final_score == 7.3333
    assert entry.raw_score == 22 / 3


def test_the_median_of_an_odd_count_is_the_middle_total() -> None:
    # 3, 4, 9 → 4
    cards = [card("j1", "A", 3), card("j2", "A", 9), card("j3", "A", 4)]
    assert table(rank_nomination(people("A"), cards, criteria("median"))) == [("A", 1, 4.0)]


def test_the_median_of_an_even_count_is_the_mean_of_the_two_middle_totals() -> None:
    # 4, 6, 7, 9 → (6 + 7) / 2 = 6.5
    cards = [card("j1", "A", 9), card("j2", "A", 4), card("j3", "A", 6), card("j4", "A", 7)]
    assert table(rank_nomination(people("A"), cards, criteria("median"))) == [("A", 1, 6.5)]


def test_the_median_resists_one_outlier_where_the_mean_does_not() -> None:
    # A: 8, 8, 0 → median 8, mean 16/3 = 5.3333; B: 7, 7, 7 → median 7, mean 7
    cards = by_juror({"j1": {"A": 8, "B": 7}, "j2": {"A": 8, "B": 7}, "j3": {"A": 0, "B": 7}})
    by_median = rank_nomination(people("A", "B"), cards, criteria("median"))
    by_mean = rank_nomination(people("A", "B"), cards, criteria("mean"))
    assert table(by_median) == [("A", 1, 8.0), ("B", 2, 7.0)]
    assert table(by_mean) == [("B", 1, 7.0), ("A", 2, 5.3333)]


def test_the_trimmed_mean_with_three_jurors_drops_the_highest_and_the_lowest() -> None:
    # A: 2, 8, 9 → drop 2 and 9 → 8 (the plain mean would be 19/3 = 6.33, below B's 7)
    # B: 7, 7, 7 → drop one 7 at each end → 7
    cards = by_juror({"j1": {"A": 2, "B": 7}, "j2": {"A": 8, "B": 7}, "j3": {"A": 9, "B": 7}})
    ranking = rank_nomination(people("A", "B"), cards, criteria("trimmed_mean"))
    assert table(ranking) == [("A", 1, 8.0), ("B", 2, 7.0)]
    assert [r.scorecards for r in ranking] == [3, 3]


def test_the_trimmed_mean_with_two_jurors_is_the_plain_mean() -> None:
    # 2, 9 → nothing dropped → (2 + 9) / 2 = 5.5
    cards = [card("j1", "A", 2), card("j2", "A", 9)]
    assert table(rank_nomination(people("A"), cards, criteria("trimmed_mean"))) == [("A", 1, 5.5)]


def test_the_trimmed_mean_with_four_jurors_drops_only_one_at_each_end() -> None:
    # 1, 5, 7, 10 → (5 + 7) / 2 = 6; and 3, 3, 3, 9 drops one 3 and the 9 → 3
    cards = [card(f"j{i}", "A", t) for i, t in enumerate([10, 1, 7, 5])]
    cards += [card(f"j{i}", "B", t) for i, t in enumerate([3, 9, 3, 3])]
    ranking = rank_nomination(people("A", "B"), cards, criteria("trimmed_mean"))
    assert table(ranking) == [("A", 1, 6.0), ("B", 2, 3.0)]


def test_the_trimmed_mean_counts_jurors_per_participant() -> None:
    # A has three scorecards (trimmed: 1, 6, 10 → 6); B only two (plain: (1 + 10) / 2 = 5.5)
    cards = [card("j1", "A", 1), card("j2", "A", 6), card("j3", "A", 10)]
    cards += [card("j1", "B", 1), card("j2", "B", 10)]
    ranking = rank_nomination(people("A", "B"), cards, criteria("trimmed_mean"))
    assert table(ranking) == [("A", 1, 6.0), ("B", 2, 5.5)]


def test_median_and_trimmed_mean_helpers_work_on_exact_values() -> None:
    from fractions import Fraction

    assert median([Fraction(1), Fraction(2)]) == Fraction(3, 2)
    assert trimmed_mean([Fraction(5)]) == 5


# z-scores. j1: A 9, B 6, C 3 → mean 6, population variance (9 + 0 + 9)/3 = 6, std sqrt(6);
# z = 3/sqrt(6) = sqrt(1.5) ≈ 1.2247, 0, -1.2247.
# j2: A 5, B 7, C 6 → mean 6, variance (1 + 1 + 0)/3 = 2/3, std sqrt(2/3);
# z = -1/sqrt(2/3) = -sqrt(1.5), +sqrt(1.5), 0.
ZSCORE_CARDS = by_juror({"j1": {"A": 9, "B": 6, "C": 3}, "j2": {"A": 5, "B": 7, "C": 6}})


def test_zscores_standardise_each_jurors_totals_with_the_population_deviation() -> None:
    z = {key: float(value) for key, value in juror_zscores(ZSCORE_CARDS).items()}
    assert [z["j1", p] for p in "ABC"] == pytest.approx([SQRT_1_5, 0.0, -SQRT_1_5])
    assert [z["j2", p] for p in "ABC"] == pytest.approx([-SQRT_1_5, SQRT_1_5, 0.0])


def test_the_zscore_method_averages_each_participants_zscores() -> None:
    # A: (1.2247 - 1.2247)/2 = 0; B: (0 + 1.2247)/2 = 0.6124; C: (-1.2247 + 0)/2 = -0.6124.
    # The mean method would rank A (7) above B (6.5) above C (4.5).
    ranking = rank_nomination(people("A", "B", "C"), ZSCORE_CARDS, criteria("zscore"))
    assert table(ranking) == [("B", 1, 0.6124), ("A", 2, 0.0), ("C", 3, -0.6124)]
    by_mean = rank_nomination(people("A", "B", "C"), ZSCORE_CARDS, criteria("mean"))
    assert table(by_mean) == [("A", 1, 7.0), ("B", 2, 6.5), ("C", 3, 4.5)]


def test_a_juror_whose_totals_do_not_vary_contributes_zero_to_everyone() -> None:
    # j3 gives everyone 5: std 0 → z 0. A: (1.2247 - 1.2247 + 0)/3 = 0;
    # B: (0 + 1.2247 + 0)/3 = 0.4082; C: (-1.2247 + 0 + 0)/3 = -0.4082.
    cards = [*ZSCORE_CARDS, *by_juror({"j3": {"A": 5, "B": 5, "C": 5}})]
    ranking = rank_nomination(people("A", "B", "C"), cards, criteria("zscore"))
    assert table(ranking) == [("B", 1, 0.4082), ("A", 2, 0.0), ("C", 3, -0.4082)]


def test_a_juror_with_a_single_scorecard_contributes_zero() -> None:
    # j4 scored only A (10): z 0. A: (1.2247 + 0)/2 = 0.6124; B: 0; C: -1.2247.
    cards = by_juror({"j1": {"A": 9, "B": 6, "C": 3}, "j4": {"A": 10}})
    ranking = rank_nomination(people("A", "B", "C"), cards, criteria("zscore"))
    assert table(ranking) == [("A", 1, 0.6124), ("B", 2, 0.0), ("C", 3, -1.2247)]


def test_zscore_statistics_span_every_participant_the_juror_scored_in_the_contest() -> None:
    # j1 scored A 8 and B 6 in ecology and X 10 in heritage: mean 8, variance (0+4+4)/3 = 8/3,
    # std 1.63299; A: 0, B: -2/1.63299 = -1.2247. Within ecology alone it would be +1 and -1.
    cards = [card("j1", "A", 8), card("j1", "B", 6), card("j1", "X", 10)]
    ranking = rank_nomination(people("A", "B"), cards, criteria("zscore"))
    assert table(ranking) == [("A", 1, 0.0), ("B", 2, -1.2247)]
    alone = rank_nomination(people("A", "B"), cards[:2], criteria("zscore"))
    assert table(alone) == [("A", 1, 1.0), ("B", 2, -1.0)]


# j3 declared a conflict of interest with B, so B is scored by j1 and j2 only.
# mean: A (8 + 6 + 9)/3 = 7.6667, B (7.5 + 7.5)/2 = 7.5, C (4 + 5 + 6)/3 = 5.
OTHERS = {"j1": {"A": 8, "B": 7.5, "C": 4}, "j2": {"A": 6, "B": 7.5, "C": 5}}
FAIR = by_juror(OTHERS | {"j3": {"A": 9, "C": 6}})
# The same j3, one point harsher on everyone they scored: A 8, C 5.
HARSH = by_juror(OTHERS | {"j3": {"A": 8, "C": 5}})


def test_a_juror_who_scores_everyone_one_point_lower_moves_nobody_under_zscore() -> None:
    # j3: 9, 6 → mean 7.5, std 1.5 → z +1, -1; harsher: 8, 5 → mean 6.5, std 1.5 → z +1, -1.
    # j1: 8, 7.5, 4 → mean 6.5, variance (2.25 + 1 + 6.25)/3 = 19/6, std 1.7795
    #     → z A 0.8429, B 0.5620, C -1.4049;
    # j2: 6, 7.5, 5 → mean 37/6, variance 19/18, std 1.0274 → z A -0.1622, B 1.2978, C -1.1355.
    # A (0.8429 - 0.1622 + 1)/3 = 0.5602; B (0.5620 + 1.2978)/2 = 0.9299;
    # C (-1.4049 - 1.1355 - 1)/3 = -1.1801.
    fair = rank_nomination(people("A", "B", "C"), FAIR, criteria("zscore"))
    harsh = rank_nomination(people("A", "B", "C"), HARSH, criteria("zscore"))
    expected = [("B", 1, 0.9299), ("A", 2, 0.5602), ("C", 3, -1.1801)]
    assert table(fair) == table(harsh) == expected
    assert [r.raw_score for r in fair] == [r.raw_score for r in harsh]


def test_the_same_harsher_juror_does_move_someone_under_the_mean() -> None:
    # Harsher j3: A (8 + 6 + 8)/3 = 7.3333 falls below B's 7.5.
    fair = rank_nomination(people("A", "B", "C"), FAIR, criteria("mean"))
    harsh = rank_nomination(people("A", "B", "C"), HARSH, criteria("mean"))
    assert table(fair) == [("A", 1, 7.6667), ("B", 2, 7.5), ("C", 3, 5.0)]
    assert table(harsh) == [("B", 1, 7.5), ("A", 2, 7.3333), ("C", 3, 4.6667)]


def test_a_juror_who_scores_literally_everyone_one_point_lower_changes_no_zscore() -> None:
    harsh = [card(c.juror_id, c.participant_id, c.weighted_total - 1) for c in ZSCORE_CARDS[:3]]
    fair = final_scores("zscore", ZSCORE_CARDS)
    assert final_scores("zscore", [*harsh, *ZSCORE_CARDS[3:]]) == fair


def test_other_nominations_scorecards_do_not_count_under_the_mean() -> None:
    cards = [card("j1", "A", 8), card("j1", "X", 1)]
    assert table(rank_nomination(people("A"), cards, criteria("mean"))) == [("A", 1, 8.0)]


def test_the_method_can_be_overridden_to_compare_methods() -> None:
    cards = [card("j1", "A", 2), card("j2", "A", 8), card("j3", "A", 9)]
    contest = criteria("mean")
    assert rank_nomination(people("A"), cards, contest)[0].final_score == 6.3333
    assert rank_nomination(people("A"), cards, contest, method="trimmed_mean")[0].final_score == 8


def test_a_contest_is_ranked_per_nomination_with_shared_juror_statistics() -> None:
    participants = people("A", "B") + people("X", "Y", nomination="heritage")
    cards = [card("j1", "A", 8), card("j1", "B", 6), card("j1", "X", 10), card("j1", "Y", 6)]
    # j1: mean 7.5, variance (0.25 + 2.25 + 6.25 + 2.25)/4 = 2.75, std 1.6583
    # A 0.5/1.6583 = 0.3015, B -0.9045, X 1.5076, Y -0.9045
    results = rank_contest(participants, cards, criteria("zscore"))
    assert list(results) == ["ecology", "heritage"]
    assert table(results["ecology"]) == [("A", 1, 0.3015), ("B", 2, -0.9045)]
    assert table(results["heritage"]) == [("X", 1, 1.5076), ("Y", 2, -0.9045)]


def test_two_scorecards_from_one_juror_for_one_participant_are_a_programming_error() -> None:
    with pytest.raises(ValueError, match="pass only the latest revision"):
        rank_nomination(people("A"), [card("j1", "A", 5), card("j1", "A", 6)], criteria("mean"))


def test_a_participant_listed_twice_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="more than once"):
        rank_nomination(people("A") * 2, [], criteria("mean"))
