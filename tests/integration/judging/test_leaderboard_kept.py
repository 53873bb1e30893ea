"""The leaderboard's standings are kept between requests (`judging.standings_cache`): asked
again after any change they are computed from, it shows the change; the announcement's check
before closing agrees with what it finds after."""

import uuid
from datetime import UTC, datetime

from integration.judging.harness import Stage, registered, withdrawn
from pymongo import AsyncMongoClient

from judging.records import ScorecardRevision
from judging.store import JudgingStore
from support.apps import ORGANIZER
from support.forum import eventually


async def leaderboard(stage: Stage) -> dict[str, tuple[float | None, int]]:
    """participant id → (final score, scorecards), over every nomination."""
    answer = await stage.judging.get(f"{stage.url}/results", headers=ORGANIZER)
    assert answer.status_code == 200, answer.text
    return {
        line["participant_id"]: (line["final_score"], line["scorecards"])
        for nomination in answer.json()["nominations"]
        for line in nomination["ranking"]
    }


async def test_the_leaderboard_asked_again_shows_every_change_since(stage: Stage) -> None:
    first, second = await stage.register(1, 2)
    anna = await stage.add_juror("Анна Смирнова")
    petr = await stage.add_juror("Пётр Иванов")
    await stage.roster_shows(anna, [first, second])
    await stage.set_criteria()
    petr_id = (await stage.judging.get(f"{stage.url}/roster", headers=petr)).json()["juror_id"]
    await stage.score(anna, first, 9, 6)  # 8
    assert await leaderboard(stage) == {first: (8.0, 1), second: (None, 0)}
    assert await leaderboard(stage) == {first: (8.0, 1), second: (None, 0)}

    await stage.score(petr, first, 6, 3)  # 5
    assert await leaderboard(stage) == {first: (6.5, 2), second: (None, 0)}

    await stage.score(anna, first, 3, 3)  # a new revision: 3
    assert await leaderboard(stage) == {first: (4.0, 2), second: (None, 0)}

    revoked = await stage.judging.delete(
        f"{stage.url}/jurors/{petr_id}",
        params={"discard_scorecards": "true"},
        headers=ORGANIZER,
    )
    assert revoked.status_code == 200, revoked.text
    assert await leaderboard(stage) == {first: (3.0, 1), second: (None, 0)}

    await stage.forum.publish(withdrawn(registered(stage.contest_id, 2)))

    async def second_gone() -> bool:
        return second not in await leaderboard(stage)

    await eventually(second_gone)
    assert await leaderboard(stage) == {first: (3.0, 1)}


async def test_the_announcement_refused_after_the_leaderboard_was_seen_counts_alike(
    stage: Stage,
) -> None:
    first, second = await stage.register(1, 2)
    anna = await stage.add_juror("Анна Смирнова")
    await stage.roster_shows(anna, [first, second])
    await stage.set_criteria()
    await stage.score(anna, first, 9, 6)
    announcement = f"{stage.url}/announcement"

    unseen = await stage.judging.post(announcement, json={"force": False}, headers=ORGANIZER)
    await leaderboard(stage)
    seen = await stage.judging.post(announcement, json={"force": False}, headers=ORGANIZER)

    assert (unseen.status_code, seen.status_code) == (409, 409)
    assert "1 of 2 expected scorecards are missing" in seen.json()["detail"]
    assert seen.json() == unseen.json()

    await stage.score(anna, second, 6, 3)
    announced = await stage.judging.post(announcement, json={"force": False}, headers=ORGANIZER)
    assert announced.status_code == 201, announced.text


async def test_the_scores_ranked_are_each_jurors_latest_revisions_as_stored(
    mongo: AsyncMongoClient, database_name: str
) -> None:
    store = JudgingStore(mongo[database_name])
    at = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    revisions = [
        ScorecardRevision(
            _id=str(uuid.uuid4()),
            contest_id=contest,
            juror_id=juror,
            participant_id=participant,
            nomination="urban",
            revision=revision,
            scores={"impact": total, "feasibility": 10},
            weighted_total=total,
            comment="Сильная команда",
            submitted_at=at,
        )
        for contest, juror, participant, revision, total in [
            ("c1", "j1", "p1", 2, 8.5),
            ("c1", "j1", "p1", 1, 3),
            ("c1", "j1", "p1", 3, 7.25),
            ("c1", "j2", "p1", 1, 6),
            ("c1", "j1", "p2", 1, 0),
            ("c2", "j3", "p9", 1, 9),
        ]
    ]
    await store.revisions.insert_many([r.document() for r in revisions])

    scores = await store.latest_scores("c1")

    expected = [card.scorecard() for card in await store.latest_scorecards("c1")]
    assert sorted(scores, key=repr) == sorted(expected, key=repr)
    assert {(c.juror_id, c.participant_id, c.weighted_total) for c in scores} == {
        ("j1", "p1", 7.25),
        ("j2", "p1", 6.0),
        ("j1", "p2", 0.0),
    }
    assert all(type(s) is float for c in scores for s in [c.weighted_total, *c.scores.values()])
