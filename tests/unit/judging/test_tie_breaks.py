"""Ties at every level of the documented rule, with the later levels set against the winner."""

from datetime import UTC, datetime

from judging.domain import (
    ContestCriteria,
    Criterion,
    Participant,
    RankedParticipant,
    Scorecard,
    build_scorecard,
    rank_nomination,
)

EARLY = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
LATE = datetime(2025, 5, 2, 9, 0, tzinfo=UTC)

# impact weighs 2, clarity 1: total = (2 * impact + clarity) / 3
CRITERIA = ContestCriteria(
    [Criterion("clarity", "Clarity", 1, 0, 10), Criterion("impact", "Impact", 2, 0, 10)], "mean"
)


def person(pid: str, registered_at: datetime = EARLY) -> Participant:
    return Participant(pid, "ecology", f"Team {pid}", registered_at)


def scored(juror: str, participant: str, impact: float, clarity: float) -> Scorecard:
    return build_scorecard(CRITERIA, juror, participant, {"impact": impact, "clarity": clarity})


def order(ranking: tuple[RankedParticipant, ...]) -> list[tuple[str, int | None]]:
    return [(r.participant_id, r.place) for r in ranking]


def test_the_higher_final_score_wins_whatever_the_later_tie_breaks_say() -> None:
    # z: (2*9 + 1)/3 = 6.3333 beats a: (2*6 + 6)/3 = 6 with an earlier registration
    cards = [scored("j1", "z", 9, 1), scored("j1", "a", 6, 6), scored("j2", "a", 6, 6)]
    ranking = rank_nomination([person("a"), person("z", LATE)], cards, CRITERIA)
    assert order(ranking) == [("z", 1), ("a", 2)]


def test_equal_final_scores_go_to_the_higher_mean_on_the_highest_weighted_criterion() -> None:
    # z: (2*8 + 5)/3 = 7, a: (2*7 + 7)/3 = 7; impact 8 > 7, though a registered earlier
    cards = [scored("j1", "z", 8, 5), scored("j1", "a", 7, 7)]
    ranking = rank_nomination([person("a"), person("z", LATE)], cards, CRITERIA)
    assert order(ranking) == [("z", 1), ("a", 2)]
    assert [(r.final_score, r.top_criterion_mean) for r in ranking] == [(7.0, 8.0), (7.0, 7.0)]


def test_the_top_criterion_mean_is_taken_over_all_scorecards() -> None:
    # z: j1 (2*9 + 3)/3 = 7, j2 (2*6 + 9)/3 = 7 → 7; impact mean (9 + 6)/2 = 7.5
    # a: j1 (2*7 + 7)/3 = 7, j2 the same → 7; impact mean 7
    cards = [
        scored("j1", "z", 9, 3),
        scored("j2", "z", 6, 9),
        scored("j1", "a", 7, 7),
        scored("j2", "a", 7, 7),
    ]
    ranking = rank_nomination([person("a"), person("z", LATE)], cards, CRITERIA)
    assert order(ranking) == [("z", 1), ("a", 2)]
    assert [r.top_criterion_mean for r in ranking] == [7.5, 7.0]


def test_among_equally_weighted_top_criteria_the_first_listed_decides() -> None:
    # reach and impact both weigh 2: total = (2*reach + 2*impact + clarity) / 5
    # x: (2*8 + 2*6 + 7)/5 = 7, y: (2*6 + 2*8 + 7)/5 = 7
    def criteria(first: str, second: str) -> ContestCriteria:
        return ContestCriteria(
            [
                Criterion("clarity", "Clarity", 1, 0, 10),
                Criterion(first, first.title(), 2, 0, 10),
                Criterion(second, second.title(), 2, 0, 10),
            ],
            "mean",
        )

    def cards(c: ContestCriteria) -> list[Scorecard]:
        return [
            build_scorecard(c, "j1", "x", {"reach": 8, "impact": 6, "clarity": 7}),
            build_scorecard(c, "j1", "y", {"reach": 6, "impact": 8, "clarity": 7}),
        ]

    reach_first, impact_first = criteria("reach", "impact"), criteria("impact", "reach")
    participants = [person("x"), person("y")]
    assert order(rank_nomination(participants, cards(reach_first), reach_first)) == [
        ("x", 1),
        ("y", 2),
    ]
    assert order(rank_nomination(participants, cards(impact_first), impact_first)) == [
        ("y", 1),
        ("x", 2),
    ]


def test_equal_totals_that_floats_would_tell_apart_still_reach_the_tie_breaks() -> None:
    # 0.5*8 + 0.3*7 + 0.2*5 = 7.1 = 0.5*7 + 0.3*8 + 0.2*6 (floats: 7.1 vs 7.1000000000000005);
    # z has the higher top-criterion score (8 > 7), so z wins despite a later registration.
    criteria = ContestCriteria(
        [
            Criterion("impact", "Impact", 0.5, 0, 10),
            Criterion("reach", "Reach", 0.3, 0, 10),
            Criterion("clarity", "Clarity", 0.2, 0, 10),
        ],
        "mean",
    )
    cards = [
        build_scorecard(criteria, "j1", "z", {"impact": 8, "reach": 7, "clarity": 5}),
        build_scorecard(criteria, "j1", "a", {"impact": 7, "reach": 8, "clarity": 6}),
    ]
    ranking = rank_nomination([person("a"), person("z", LATE)], cards, criteria)
    assert order(ranking) == [("z", 1), ("a", 2)]


def test_then_more_scorecards_win() -> None:
    # both 7 with impact 7; z has two scorecards, a one, though a registered earlier
    cards = [scored("j1", "z", 7, 7), scored("j2", "z", 7, 7), scored("j1", "a", 7, 7)]
    ranking = rank_nomination([person("a"), person("z", LATE)], cards, CRITERIA)
    assert order(ranking) == [("z", 1), ("a", 2)]
    assert [r.scorecards for r in ranking] == [2, 1]


def test_then_the_earlier_registration_wins() -> None:
    cards = [scored("j1", "z", 7, 7), scored("j1", "a", 7, 7)]
    ranking = rank_nomination([person("a", LATE), person("z", EARLY)], cards, CRITERIA)
    assert order(ranking) == [("z", 1), ("a", 2)]


def test_finally_the_smaller_participant_id_wins() -> None:
    cards = [scored("j1", "p-2", 7, 7), scored("j1", "p-1", 7, 7)]
    ranking = rank_nomination([person("p-2"), person("p-1")], cards, CRITERIA)
    assert order(ranking) == [("p-1", 1), ("p-2", 2)]


def test_ties_under_zscore_go_to_the_same_tie_breaks() -> None:
    criteria = ContestCriteria(CRITERIA.criteria, "zscore")
    # j1: z 7, a 7, c 1 → z and a get the same z-score; z's impact 8 > a's 7
    cards = [
        build_scorecard(criteria, "j1", "z", {"impact": 8, "clarity": 5}),
        build_scorecard(criteria, "j1", "a", {"impact": 7, "clarity": 7}),
        build_scorecard(criteria, "j1", "c", {"impact": 1, "clarity": 1}),
    ]
    ranking = rank_nomination([person("a"), person("c"), person("z", LATE)], cards, criteria)
    assert order(ranking) == [("z", 1), ("a", 2), ("c", 3)]


def test_scores_are_compared_before_rounding_for_display() -> None:
    # 7.00002 and 7.00001 both show as 7.0 but are still told apart
    cards = [scored("j1", "a", 7.00001, 7.00001), scored("j1", "z", 7.00002, 7.00002)]
    ranking = rank_nomination([person("a"), person("z", LATE)], cards, CRITERIA)
    assert [(r.participant_id, r.place, r.final_score) for r in ranking] == [
        ("z", 1, 7.0),
        ("a", 2, 7.0),
    ]


def test_participants_without_scorecards_come_last_without_a_place() -> None:
    cards = [scored("j1", "p-9", 1, 1)]
    participants = [person("p-2", LATE), person("p-1", LATE), person("p-3"), person("p-9", LATE)]
    ranking = rank_nomination(participants, cards, CRITERIA)
    assert [(r.participant_id, r.place, r.final_score, r.scorecards) for r in ranking] == [
        ("p-9", 1, 1.0, 1),
        ("p-3", None, None, 0),
        ("p-1", None, None, 0),
        ("p-2", None, None, 0),
    ]


def test_places_are_distinct_even_when_everything_ties() -> None:
    participants = [person(f"p-{i}") for i in range(5)]
    cards = [scored("j1", p.id, 5, 5) for p in participants]
    assert [r.place for r in rank_nomination(participants, cards, CRITERIA)] == [1, 2, 3, 4, 5]
