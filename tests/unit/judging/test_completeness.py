from datetime import UTC, datetime

from judging.domain import (
    Juror,
    Participant,
    Scorecard,
    contest_progress,
    missing_scorecards,
    participant_progress,
    scoring_complete,
)

AT = datetime(2025, 5, 1, tzinfo=UTC)
P1 = Participant("p1", "ecology", "Green Yard", AT)
P2 = Participant("p2", "ecology", "Clean River", AT)
P3 = Participant("p3", "heritage", "Old Town", AT)
PARTICIPANTS = [P1, P2, P3]

# j1 judges everything; j2 only ecology; j3 everything but declared a conflict with p2.
# Expected: p1 ← j1, j2, j3; p2 ← j1, j2; p3 ← j1, j3.
JURORS = [Juror("j1"), Juror("j2", nominations=["ecology"]), Juror("j3", conflicts=["p2"])]


def card(juror: str, participant: str) -> Scorecard:
    return Scorecard(juror, participant, 5.0, {"overall": 5.0})


IN_SO_FAR = [card("j1", "p1"), card("j2", "p1"), card("j3", "p1"), card("j1", "p2")]


def test_a_participant_expects_the_assigned_jurors_without_a_conflict() -> None:
    progress = participant_progress(P2, JURORS, IN_SO_FAR)
    assert progress.expected_jurors == ("j1", "j2")
    assert (progress.expected, progress.received, progress.missing_jurors) == (2, 1, ("j2",))
    assert not progress.complete


def test_progress_is_reported_per_nomination() -> None:
    progress = contest_progress(JURORS, PARTICIPANTS, IN_SO_FAR)
    assert list(progress) == ["ecology", "heritage"]
    ecology, heritage = progress["ecology"], progress["heritage"]
    # ecology: p1 3 of 3, p2 1 of 2 → 4 of 5; heritage: p3 0 of 2
    assert (ecology.expected, ecology.received, ecology.complete) == (5, 4, False)
    assert (heritage.expected, heritage.received, heritage.complete) == (2, 0, False)
    assert [p.participant_id for p in ecology.participants] == ["p1", "p2"]


def test_a_nomination_is_complete_when_every_expected_scorecard_is_in() -> None:
    cards = [*IN_SO_FAR, card("j2", "p2"), card("j1", "p3")]
    progress = contest_progress(JURORS, PARTICIPANTS, cards)
    assert progress["ecology"].complete
    assert not progress["heritage"].complete
    assert not scoring_complete(JURORS, PARTICIPANTS, cards)
    assert scoring_complete(JURORS, PARTICIPANTS, [*cards, card("j3", "p3")])


def test_the_missing_scorecards_are_listed_as_juror_and_participant_pairs() -> None:
    assert missing_scorecards(JURORS, PARTICIPANTS, IN_SO_FAR) == (
        ("j1", "p3"),
        ("j2", "p2"),
        ("j3", "p3"),
    )


def test_a_scorecard_from_a_juror_no_longer_expected_does_not_count() -> None:
    # j3 scored p2 and declared the conflict afterwards: ecology still needs j2's scorecard
    cards = [*IN_SO_FAR, card("j3", "p2")]
    progress = contest_progress(JURORS, PARTICIPANTS, cards)["ecology"]
    assert (progress.expected, progress.received) == (5, 4)
    assert ("j3", "p2") not in missing_scorecards(JURORS, PARTICIPANTS, cards)


def test_a_participant_no_juror_may_score_is_flagged_and_needs_nothing() -> None:
    jurors = [Juror("j1", nominations=["ecology"])]
    progress = contest_progress(jurors, PARTICIPANTS, [])["heritage"]
    assert progress.complete
    assert (progress.expected, progress.unjudged) == (0, ("p3",))


def test_without_participants_scoring_is_complete() -> None:
    assert contest_progress(JURORS, [], []) == {}
    assert scoring_complete(JURORS, [], [])
