from datetime import UTC, datetime

import pytest

from judging.domain import (
    JurorDeviation,
    Participant,
    Scorecard,
    kendalls_w,
    most_deviating_juror,
    nomination_agreement,
    nomination_kendalls_w,
)

AT = datetime(2025, 5, 1, tzinfo=UTC)


def card(juror: str, participant: str, total: float) -> Scorecard:
    return Scorecard(juror, participant, total, {"overall": total})


def by_juror(totals: dict[str, dict[str, float]]) -> list[Scorecard]:
    return [card(j, p, t) for j, row in totals.items() for p, t in row.items()]


def people(*ids: str) -> list[Participant]:
    return [Participant(pid, "ecology", f"Team {pid}", AT) for pid in ids]


def test_identical_rankings_give_a_kendalls_w_of_one_even_on_different_scales() -> None:
    totals = {"j1": {"A": 9, "B": 7, "C": 5}, "j2": {"A": 6, "B": 5, "C": 1}}
    assert kendalls_w(totals) == pytest.approx(1.0)


def test_kendalls_w_of_a_small_hand_computed_case() -> None:
    # ranks (1 = best): j1 A1 B2 C3; j2 A1 B3 C2; j3 A2 B1 C3 → rank sums A 4, B 6, C 8.
    # mean rank sum m(n+1)/2 = 3*4/2 = 6; S = 4 + 0 + 4 = 8;
    # W = 12 * 8 / (3^2 * (3^3 - 3)) = 96 / 216 = 4/9 = 0.4444
    totals = {
        "j1": {"A": 9, "B": 8, "C": 7},
        "j2": {"A": 9, "B": 5, "C": 6},
        "j3": {"A": 6, "B": 8, "C": 3},
    }
    assert kendalls_w(totals) == pytest.approx(4 / 9)


def test_kendalls_w_averages_tied_ranks_and_corrects_for_ties() -> None:
    # j1: A 9, B 9, C 5 → ranks 1.5, 1.5, 3 (one tie group of t = 2: 2^3 - 2 = 6); j2: 1, 2, 3.
    # rank sums A 2.5, B 3.5, C 6; mean 2*4/2 = 4; S = 2.25 + 0.25 + 4 = 6.5;
    # W = 12 * 6.5 / (2^2 * 24 - 2 * 6) = 78 / 84 = 0.9286 (78 / 96 = 0.8125 uncorrected)
    totals = {"j1": {"A": 9, "B": 9, "C": 5}, "j2": {"A": 8, "B": 7, "C": 6}}
    assert kendalls_w(totals) == pytest.approx(78 / 84)


def test_opposite_rankings_of_two_jurors_give_a_kendalls_w_of_zero() -> None:
    totals = {"j1": {"A": 1, "B": 2, "C": 3}, "j2": {"A": 3, "B": 2, "C": 1}}
    assert kendalls_w(totals) == 0.0


@pytest.mark.parametrize(
    "totals",
    [
        {"j1": {"A": 1, "B": 2}},
        {"j1": {"A": 1}, "j2": {"A": 3}},
        {"j1": {"A": 5, "B": 5}, "j2": {"A": 7, "B": 7}},
        {},
    ],
    ids=["one juror", "one participant", "everyone tied by everyone", "nobody"],
)
def test_kendalls_w_is_none_where_it_cannot_be_computed(
    totals: dict[str, dict[str, float]],
) -> None:
    assert kendalls_w(totals) is None


def test_kendalls_w_refuses_jurors_who_scored_different_participants() -> None:
    with pytest.raises(ValueError, match="same participants"):
        kendalls_w({"j1": {"A": 1, "B": 2}, "j2": {"A": 1, "C": 2}})


def test_a_nominations_kendalls_w_counts_only_the_jurors_who_scored_everyone() -> None:
    # j3 has a conflict with B, so W is over j1 and j2 only (identical order → 1)
    # X belongs to another nomination and is ignored
    cards = by_juror({"j1": {"A": 9, "B": 5, "X": 4}, "j2": {"A": 8, "B": 7}, "j3": {"A": 1}})
    w, jurors = nomination_kendalls_w(people("A", "B"), cards)
    assert w == pytest.approx(1.0)
    assert jurors == 2


def test_the_most_deviating_juror_is_the_farthest_from_the_others_mean() -> None:
    # j3 vs others: A |3 - (8+7)/2| = 4.5, B |2 - (6+7)/2| = 4.5 → 4.5
    # j1: A |8 - 5| = 3, B |6 - 4.5| = 1.5 → 2.25; j2: A |7 - 5.5| = 1.5, B |7 - 4| = 3 → 2.25
    cards = by_juror({"j1": {"A": 8, "B": 6}, "j2": {"A": 7, "B": 7}, "j3": {"A": 3, "B": 2}})
    assert most_deviating_juror(cards) == JurorDeviation("j3", 4.5, 2)


def test_the_deviation_only_counts_participants_someone_else_scored_too() -> None:
    # j2 scored C alone; only A compares: j1 |8 - 6| = 2, j2 |6 - 8| = 2 → tie → smaller id
    cards = [card("j1", "A", 8), card("j2", "A", 6), card("j2", "C", 1)]
    assert most_deviating_juror(cards) == JurorDeviation("j1", 2.0, 1)


def test_there_is_no_most_deviating_juror_when_nobody_shares_a_participant() -> None:
    assert most_deviating_juror([card("j1", "A", 8), card("j2", "B", 6)]) is None
    assert most_deviating_juror([]) is None


def test_a_nominations_agreement_is_rounded_for_display() -> None:
    # W = 4/9 as above over three jurors; j3 deviates most:
    # j1: A |9 - 7.5| = 1.5, B |8 - 6.5| = 1.5, C |7 - 4.5| = 2.5 → 5.5/3 = 1.8333
    # j2: A |9 - 7.5| = 1.5, B |5 - 8| = 3,     C |6 - 5| = 1     → 5.5/3 = 1.8333
    # j3: A |6 - 9| = 3,     B |8 - 6.5| = 1.5, C |3 - 6.5| = 3.5 → 8/3 = 2.6667
    cards = by_juror(
        {
            "j1": {"A": 9, "B": 8, "C": 7},
            "j2": {"A": 9, "B": 5, "C": 6},
            "j3": {"A": 6, "B": 8, "C": 3},
        }
    )
    agreement = nomination_agreement(people("A", "B", "C"), cards)
    assert agreement.kendalls_w == 0.4444
    assert agreement.jurors_in_w == 3
    assert agreement.most_deviating == JurorDeviation("j3", 2.6667, 3)


def test_agreement_of_an_unscored_nomination_is_empty() -> None:
    agreement = nomination_agreement(people("A", "B"), [])
    assert agreement.kendalls_w is None
    assert agreement.jurors_in_w == 0
    assert agreement.most_deviating is None


def reference_kendalls_w(totals_by_juror: dict[str, dict[str, float]]) -> float | None:
    """The textbook computation in exact fractions, rank by rank, as W was first computed."""
    from collections import Counter
    from fractions import Fraction

    from judging.domain.exact import exact

    jurors = list(totals_by_juror.values())
    m, n = len(jurors), len(jurors[0])
    rank_sums: dict[str, Fraction] = {}
    tie_term = 0
    for totals in jurors:
        values = {pid: exact(total) for pid, total in totals.items()}
        ordered = sorted(values.values(), reverse=True)
        counts = Counter(ordered)
        for pid, value in values.items():
            rank = ordered.index(value) + 1 + Fraction(counts[value] - 1, 2)
            rank_sums[pid] = rank_sums.get(pid, Fraction(0)) + rank
        tie_term += sum(t**3 - t for t in counts.values())
    centre = Fraction(m * (n + 1), 2)
    s = sum(((r - centre) ** 2 for r in rank_sums.values()), Fraction(0))
    denominator = m * m * (n**3 - n) - m * tie_term
    return None if denominator == 0 else float(12 * s / denominator)


def test_kendalls_w_in_integers_equals_the_exact_textbook_computation() -> None:
    import random

    chance = random.Random(7)
    for _ in range(200):
        m, n = chance.randint(2, 6), chance.randint(2, 12)
        pool = [0.1, 0.2, 0.30000000000000004, 7.1, 7.1000000000000005, 9.5, -0.0, 0.0]
        pool += [float(chance.randint(0, 10)) for _ in range(3)]
        totals = {f"j{j}": {f"p{i}": chance.choice(pool) for i in range(n)} for j in range(m)}
        assert kendalls_w(totals) == reference_kendalls_w(totals)
