"""The leaderboard's kept standings: used only under the very key they were computed under,
never while a scorecard write is in flight, and for a bounded number of contests."""

from datetime import UTC, datetime

from judging.domain import ContestCriteria, Criterion, Juror, Participant, Scorecard
from judging.records import Contest, JudgingRecord
from judging.standings import contest_standings
from judging.standings_cache import StandingsCache, StandingsKey

AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
PEOPLE = [Participant("p1", "urban", "ТОС 1", AT), Participant("p2", "urban", "ТОС 2", AT)]
STANDINGS = contest_standings(
    {"urban": "Городская среда"},
    ContestCriteria([Criterion("overall", "Итог", 1, 0, 10)], "mean"),
    [Juror("j1")],
    PEOPLE,
    [Scorecard("j1", "p1", 7.0, {"overall": 7.0})],
)


def key(
    contest_id: str = "c1", people: list[Participant] = PEOPLE, **judging: object
) -> StandingsKey:
    return StandingsKey.of(
        Contest(_id=contest_id, title="Конкурс", nominations=(), places_per_nomination=1),
        JudgingRecord.model_validate({"_id": contest_id} | judging),
        people,
    )


def test_standings_kept_are_used_under_the_same_key() -> None:
    cache = StandingsCache()
    cache.put("c1", key(scorecards_version=3), STANDINGS)

    assert cache.get("c1", key(scorecards_version=3)) is STANDINGS


def test_any_change_they_are_computed_from_makes_another_key() -> None:
    cache = StandingsCache()
    cache.put("c1", key(scorecards_version=3), STANDINGS)
    renamed = [PEOPLE[0], Participant("p2", "urban", "Участник p2", AT)]

    assert cache.get("c1", key(scorecards_version=4)) is None
    assert cache.get("c1", key(scorecards_version=3, jurors_version=1)) is None
    assert cache.get("c1", key(scorecards_version=3, criteria_version=2)) is None
    assert cache.get("c1", key(people=renamed, scorecards_version=3)) is None
    assert cache.get("c1", key(people=PEOPLE[:1], scorecards_version=3)) is None


def test_nothing_is_kept_or_used_while_a_scorecard_write_is_in_flight() -> None:
    cache = StandingsCache()
    cache.put("c1", key(tickets=["t1"]), STANDINGS)
    assert cache.get("c1", key(tickets=["t1"])) is None

    cache.put("c1", key(), STANDINGS)
    assert cache.get("c1", key(tickets=["t2"])) is None
    assert cache.get("c1", key()) is STANDINGS


def test_the_contests_asked_for_least_recently_are_forgotten_first() -> None:
    cache = StandingsCache(contests_kept=2)
    for contest_id in ("c1", "c2"):
        cache.put(contest_id, key(contest_id), STANDINGS)
    assert cache.get("c1", key("c1")) is STANDINGS

    cache.put("c3", key("c3"), STANDINGS)

    assert cache.get("c2", key("c2")) is None
    assert cache.get("c1", key("c1")) is STANDINGS
    assert cache.get("c3", key("c3")) is STANDINGS
