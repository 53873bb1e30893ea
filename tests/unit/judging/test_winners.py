from datetime import UTC, datetime, timedelta

import pytest

from judging.domain import (
    ContestCriteria,
    Criterion,
    Participant,
    Scorecard,
    Winner,
    pick_winners,
    rank_nomination,
)

START = datetime(2025, 5, 1, tzinfo=UTC)
CRITERIA = ContestCriteria([Criterion("overall", "Overall", 1, 0, 10)], "mean")
PARTICIPANTS = [
    Participant(pid, "ecology", f"Team {pid}", START + timedelta(hours=i))
    for i, pid in enumerate(["A", "B", "C", "D"])
]


def card(juror: str, participant: str, total: float) -> Scorecard:
    return Scorecard(juror, participant, total, {"overall": total})


def test_the_winners_are_the_top_places_of_the_ranking() -> None:
    # A (7 + 8)/2 = 7.5, B 9, C (6 + 6 + 7)/3 = 6.3333, D unscored
    cards = [card("j1", "A", 7), card("j2", "A", 8), card("j1", "B", 9)]
    cards += [card("j1", "C", 6), card("j2", "C", 6), card("j3", "C", 7)]
    ranking = rank_nomination(PARTICIPANTS, cards, CRITERIA)
    assert pick_winners(ranking, 2) == (
        Winner(1, "B", "Team B", 9.0),
        Winner(2, "A", "Team A", 7.5),
    )
    assert pick_winners(ranking, 3)[-1] == Winner(3, "C", "Team C", 6.3333)


def test_participants_without_a_final_score_never_win() -> None:
    ranking = rank_nomination(PARTICIPANTS, [card("j1", "C", 4)], CRITERIA)
    assert pick_winners(ranking, 3) == (Winner(1, "C", "Team C", 4.0),)


def test_equal_scores_still_give_distinct_places() -> None:
    # everyone 5 with one scorecard: the earlier registration wins
    ranking = rank_nomination(PARTICIPANTS, [card("j1", p.id, 5) for p in PARTICIPANTS], CRITERIA)
    assert [(w.place, w.participant_id) for w in pick_winners(ranking, 3)] == [
        (1, "A"),
        (2, "B"),
        (3, "C"),
    ]


def test_no_places_means_no_winners_and_a_negative_number_is_an_error() -> None:
    ranking = rank_nomination(PARTICIPANTS, [card("j1", "A", 5)], CRITERIA)
    assert pick_winners(ranking, 0) == ()
    with pytest.raises(ValueError, match="cannot be negative"):
        pick_winners(ranking, -1)
