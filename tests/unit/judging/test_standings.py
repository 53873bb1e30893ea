"""The standings assembled from the domain: one criterion, so a weighted total is the score."""

from datetime import UTC, datetime, timedelta

from judging.domain import ContestCriteria, Criterion, Juror, Participant, Scorecard
from judging.standings import contest_standings

AT = datetime(2025, 11, 20, 10, 0, tzinfo=UTC)
NOMINATIONS = {"urban": "Городская среда", "ecology": "Экология", "heritage": "Наследие"}


def criteria(method: str = "mean") -> ContestCriteria:
    return ContestCriteria([Criterion("overall", "Итог", 1, 0, 10)], method)


def person(pid: str, nomination: str = "urban", minute: int = 0) -> Participant:
    return Participant(pid, nomination, f"ТОС {pid}", AT + timedelta(minutes=minute))


def card(juror: str, participant: str, total: float) -> Scorecard:
    return Scorecard(juror, participant, total, {"overall": total})


def test_every_nomination_of_the_contest_is_listed_in_its_order_even_when_empty() -> None:
    standings = contest_standings(
        NOMINATIONS,
        criteria(),
        [Juror("j1")],
        [person("p1", "ecology"), person("p2", "sport")],
        [card("j1", "p1", 7), card("j1", "p2", 6)],
    )

    listed = [(n.nomination, n.title, len(n.ranking)) for n in standings.nominations]
    assert listed == [
        ("urban", "Городская среда", 0),
        ("ecology", "Экология", 1),
        ("heritage", "Наследие", 0),
        ("sport", "sport", 1),
    ]


def test_scorecards_of_participants_no_longer_in_the_contest_count_for_nothing() -> None:
    # Under z-score j1's statistics would change if the withdrawn p3 (scored 1) counted.
    cards = [card("j1", "p1", 8), card("j1", "p2", 6), card("j1", "p3", 1)]
    with_p3 = contest_standings(
        NOMINATIONS, criteria("zscore"), [Juror("j1")], [person("p1"), person("p2")], cards
    )
    without_p3 = contest_standings(
        NOMINATIONS, criteria("zscore"), [Juror("j1")], [person("p1"), person("p2")], cards[:2]
    )

    assert with_p3 == without_p3
    assert [r.final_score for r in with_p3.nominations[0].ranking] == [1.0, -1.0]
    assert with_p3.missing == ()


def test_the_contest_is_complete_when_every_expected_scorecard_is_in() -> None:
    jurors = [Juror("j1"), Juror("j2", nominations=["urban"])]
    participants = [person("p1"), person("p2", "ecology")]

    partly = contest_standings(
        NOMINATIONS, criteria(), jurors, participants, [card("j1", "p1", 5), card("j1", "p2", 5)]
    )
    fully = contest_standings(
        NOMINATIONS,
        criteria(),
        jurors,
        participants,
        [card("j1", "p1", 5), card("j2", "p1", 6), card("j1", "p2", 5)],
    )

    assert (partly.complete, partly.missing, partly.expected) == (False, (("j2", "p1"),), 3)
    assert partly.nominations[0].expected_scorecards == {"p1": 2}
    assert (fully.complete, fully.missing) == (True, ())


def test_a_participant_no_juror_may_score_leaves_the_contest_incomplete() -> None:
    jurors = [Juror("j1", nominations=["urban"], conflicts=["p2"])]
    participants = [person("p1"), person("p2"), person("p3", "ecology")]

    standings = contest_standings(
        NOMINATIONS, criteria(), jurors, participants, [card("j1", "p1", 5)]
    )

    assert standings.missing == ()
    assert standings.unjudged == 2
    assert not standings.complete
    assert [n.complete for n in standings.nominations] == [False, False, True]


def test_the_winners_are_the_top_places_of_each_nomination() -> None:
    participants = [person("p1", minute=1), person("p2", minute=2), person("p3", minute=3)]
    participants += [person("p4", "ecology")]
    cards = [card("j1", "p1", 6), card("j1", "p2", 9), card("j1", "p3", 7), card("j1", "p4", 4)]

    standings = contest_standings(NOMINATIONS, criteria(), [Juror("j1")], participants, cards)
    winners = standings.winners(2)

    assert [(n.nomination, n.nomination_title) for n in winners] == [
        ("urban", "Городская среда"),
        ("ecology", "Экология"),
        ("heritage", "Наследие"),
    ]
    assert [(w.place, w.participant_id, w.final_score) for w in winners[0].winners] == [
        (1, "p2", 9.0),
        (2, "p3", 7.0),
    ]
    assert [w.participant_id for w in winners[1].winners] == ["p4"]
    assert winners[2].winners == ()
    assert winners[0].winners[0].display_name == "ТОС p2"
