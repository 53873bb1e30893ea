from datetime import UTC, datetime

import pytest

from judging.domain import (
    ConflictOfInterest,
    Juror,
    JurorRevoked,
    Participant,
    Scorecard,
    counted_scorecards,
    ensure_may_score,
    expected_jurors,
)

AT = datetime(2025, 11, 20, tzinfo=UTC)
P1 = Participant("p1", "urban", "ТОС «Квартал 1»", AT)
P2 = Participant("p2", "urban", "ТОС «Квартал 2»", AT)


def card(juror: str, participant: str, total: float = 7.0) -> Scorecard:
    return Scorecard(juror, participant, total, {"overall": total})


def test_a_revoked_juror_is_expected_to_score_no_one() -> None:
    revoked = Juror("j1", revoked=True)

    assert expected_jurors(P1, [revoked, Juror("j2")]) == ("j2",)
    assert not revoked.may_score(P1)


def test_a_revoked_juror_may_not_score_any_more() -> None:
    with pytest.raises(JurorRevoked, match="revoked"):
        ensure_may_score(Juror("j1", revoked=True), P1)


def test_a_revoked_jurors_scorecards_still_count_unless_discarded() -> None:
    cards = [card("j1", "p1"), card("j2", "p1")]

    kept = counted_scorecards([Juror("j1", revoked=True), Juror("j2")], cards)
    discarded = counted_scorecards(
        [Juror("j1", revoked=True, scorecards_discarded=True), Juror("j2")], cards
    )

    assert kept == cards
    assert discarded == [card("j2", "p1")]


def test_a_scorecard_for_a_participant_the_juror_is_in_conflict_with_does_not_count() -> None:
    conflicted = Juror("j1", conflicts=["p2"])
    cards = [card("j1", "p1"), card("j1", "p2"), card("j2", "p2")]

    assert counted_scorecards([conflicted, Juror("j2")], cards) == [
        card("j1", "p1"),
        card("j2", "p2"),
    ]


def test_a_declared_conflict_takes_the_participant_out_of_the_jurors_expected_set() -> None:
    juror = Juror("j1", conflicts=["p2"])

    assert expected_jurors(P1, [juror]) == ("j1",)
    assert expected_jurors(P2, [juror]) == ()
    with pytest.raises(ConflictOfInterest):
        ensure_may_score(juror, P2)


def test_a_scorecard_of_a_juror_judging_does_not_know_is_kept() -> None:
    assert counted_scorecards([], [card("ghost", "p1")]) == [card("ghost", "p1")]
