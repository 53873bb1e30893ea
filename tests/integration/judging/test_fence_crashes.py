"""The announcement fence when a scorecard writer or an announcer dies half-way (see
`judging.store`): the steps they got through are taken here directly on the store, the rest
of the world goes through the API. The grace period and the lease are short here."""

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI
from integration.judging.harness import Stage

from judging.commands import score_submitted
from judging.main import create_app
from judging.records import Announcement, ScorecardRevision
from judging.settings import Settings
from judging.store import JudgingStore, announcement_key
from support.apps import ORGANIZER, running
from support.forum import ForumEvents
from support.spy import EventSpy

GRACE, LEASE = 0.3, 1.0


@pytest.fixture
def judging_settings(judging_settings: Settings) -> Settings:
    return judging_settings.model_copy(
        update={"fence_grace_seconds": GRACE, "announcement_lease_seconds": LEASE}
    )


@pytest.fixture
async def app(judging_settings: Settings) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    application = create_app(judging_settings)
    async with running(application) as client:
        yield application, client


@dataclass
class Contest:
    stage: Stage
    store: JudgingStore
    juror: dict[str, str]
    juror_id: str
    participants: list[str]

    async def announce(self, force: bool = True) -> httpx.Response:
        return await self.stage.judging.post(
            f"{self.stage.url}/announcement", json={"force": force}, headers=ORGANIZER
        )

    async def winners(self, answer: httpx.Response) -> dict[str, float]:
        [urban, _] = answer.json()["nominations"]
        return {w["participant_id"]: w["final_score"] for w in urban["winners"]}

    def revision(self, ticket: str, participant: str, total: float):  # type: ignore[no-untyped-def]
        def build(number: int) -> tuple[ScorecardRevision, object]:
            card = ScorecardRevision(
                _id=ticket,
                contest_id=self.stage.contest_id,
                juror_id=self.juror_id,
                participant_id=participant,
                nomination="urban-environment",
                revision=number,
                scores={"impact": total, "feasibility": total},
                weighted_total=total,
                submitted_at="2025-11-20T10:00:00Z",
            )
            return card, score_submitted(card, "test")

        return build


@pytest.fixture
async def contest(app: tuple[FastAPI, httpx.AsyncClient], forum: ForumEvents) -> Contest:
    """Two participants, each scored 5 by the one juror; two places."""
    application, client = app
    stage = Stage(client, forum)
    await stage.open(places=2)
    participants = await stage.register(1, 2)
    juror = await stage.add_juror("Анна Смирнова")
    await stage.roster_shows(juror, participants)
    await stage.set_criteria()
    for participant in participants:
        assert (await stage.score(juror, participant, 5, 5)).status_code == 200
    roster = (await client.get(f"{stage.url}/roster", headers=juror)).json()
    return Contest(stage, application.state.store, juror, roster["juror_id"], participants)


async def test_a_scorecard_write_stalled_past_the_grace_period_is_refused_not_lost(
    contest: Contest,
) -> None:
    store, contest_id, [first, _] = contest.store, contest.stage.contest_id, contest.participants
    ticket = str(uuid.uuid4())
    assert await store.admit(contest_id, ticket) is not None

    announced = await contest.announce()
    build = contest.revision(ticket, first, 9)
    late = await store.add_revision(ticket, contest.juror_id, first, build)

    assert announced.status_code == 201
    assert await contest.winners(announced) == {p: 5.0 for p in contest.participants}
    assert late is None
    assert (await store.judging(contest_id)).tickets == []


async def test_a_scorecard_stored_by_a_writer_that_died_before_releasing_it_is_announced(
    contest: Contest,
) -> None:
    store, contest_id, [first, _] = contest.store, contest.stage.contest_id, contest.participants
    ticket = str(uuid.uuid4())
    assert await store.admit(contest_id, ticket) is not None
    stored = await store.add_revision(
        ticket, contest.juror_id, first, contest.revision(ticket, first, 9)
    )

    before = (await store.judging(contest_id)).scorecards_version

    announced = await contest.announce()

    assert stored is not None and stored.revision == 2
    assert announced.status_code == 201
    assert (await contest.winners(announced))[first] == 9.0
    assert (await store.judging(contest_id)).scorecards_version > before


async def test_a_dead_writers_scorecard_is_on_the_leaderboard_as_soon_as_it_landed(
    contest: Contest,
) -> None:
    store, stage, [first, _] = contest.store, contest.stage, contest.participants
    results = f"{stage.url}/results"

    def first_score(answer: httpx.Response) -> float:
        [urban, _] = answer.json()["nominations"]
        return next(r["final_score"] for r in urban["ranking"] if r["participant_id"] == first)

    assert first_score(await stage.judging.get(results, headers=ORGANIZER)) == 5.0
    ticket = str(uuid.uuid4())
    assert await store.admit(stage.contest_id, ticket) is not None
    build = contest.revision(ticket, first, 9)
    assert await store.add_revision(ticket, contest.juror_id, first, build) is not None

    assert first_score(await stage.judging.get(results, headers=ORGANIZER)) == 9.0


@pytest.mark.parametrize("released", [True, False], ids=["released", "writer died"])
async def test_a_scorecard_landing_between_the_check_and_the_close_is_in_the_announcement(
    contest: Contest, monkeypatch: pytest.MonkeyPatch, released: bool
) -> None:
    """The check before closing computed the standings without it: they cannot be reused."""
    store, contest_id, [first, _] = contest.store, contest.stage.contest_id, contest.participants
    close = store.close

    async def scored_then_closed(*args: object, **kwargs: object) -> object:
        ticket = str(uuid.uuid4())
        assert await store.admit(contest_id, ticket) is not None
        build = contest.revision(ticket, first, 9)
        assert await store.add_revision(ticket, contest.juror_id, first, build) is not None
        if released:
            await store.release(contest_id, ticket, stored=True)
        return await close(*args, **kwargs)

    monkeypatch.setattr(store, "close", scored_then_closed)

    announced = await contest.announce(force=False)

    assert announced.status_code == 201, announced.text
    assert (await contest.winners(announced))[first] == 9.0


async def test_a_criteria_change_meeting_a_dead_writers_scorecard_is_refused(
    app: tuple[FastAPI, httpx.AsyncClient], forum: ForumEvents
) -> None:
    application, client = app
    store: JudgingStore = application.state.store
    stage = Stage(client, forum)
    await stage.open()
    [participant] = await stage.register(1)
    juror = await stage.add_juror("Анна Смирнова")
    await stage.roster_shows(juror, [participant])
    await stage.set_criteria()
    juror_id = (await client.get(f"{stage.url}/roster", headers=juror)).json()["juror_id"]
    ticket = str(uuid.uuid4())
    assert await store.admit(stage.contest_id, ticket) is not None
    dead = Contest(stage, store, juror, juror_id, [participant])
    assert await store.add_revision(
        ticket, juror_id, participant, dead.revision(ticket, participant, 9)
    )

    changed = await client.put(
        f"{stage.url}/criteria",
        json={
            "criteria": [
                {"id": "overall", "title": "Итог", "weight": 1, "min_score": 0, "max_score": 10}
            ],
            "aggregation": "mean",
        },
        headers=ORGANIZER,
    )

    assert changed.status_code == 409
    assert changed.json()["code"] == "criteria_locked"


async def test_an_announcer_that_died_holding_the_fence_is_taken_over_after_its_lease(
    contest: Contest,
) -> None:
    store, contest_id, [first, _] = contest.store, contest.stage.contest_id, contest.participants
    judging = await store.judging(contest_id)
    assert await store.close(contest_id, judging.epoch, holder="died") is not None

    held_up = await contest.stage.score(contest.juror, first, 9, 9)
    announced = await contest.announce()

    assert held_up.status_code == 409
    assert held_up.json()["code"] == "announcement_underway"
    assert announced.status_code == 201
    assert await contest.winners(announced) == {p: 5.0 for p in contest.participants}


async def test_an_announcement_stored_by_an_announcer_that_died_is_returned_and_published_once(
    contest: Contest, rabbitmq_url: str
) -> None:
    store, contest_id = contest.store, contest.stage.contest_id
    judging = await store.judging(contest_id)
    held = await store.close(contest_id, judging.epoch, holder="died")
    assert held is not None
    stored = Announcement(
        _id=announcement_key(contest_id, held.epoch),
        contest_id=contest_id,
        epoch=held.epoch,
        announcement_id=str(uuid.uuid4()),
        contest_title="Лучшие практики ТОС",
        announced_at="2025-11-20T10:00:00Z",
        aggregation="mean",
        forced=False,
        nominations=(),
    )

    async with EventSpy(rabbitmq_url, ["winners.announced"]) as spy:
        assert await store.store_announcement(stored, stored.event("test"))
        answer = await contest.announce()
        await spy.wait_for("winners.announced", 1)
        await spy.settle()

    assert answer.status_code == 200
    assert answer.json()["announcement_id"] == stored.announcement_id
    assert [e["announcement_id"] for e in spy.received] == [stored.announcement_id]
    assert (await store.judging(contest_id)).phase == "announced"


async def test_a_stale_announcer_cannot_store_its_announcement_once_its_epoch_was_voided(
    contest: Contest,
) -> None:
    store, contest_id, [first, _] = contest.store, contest.stage.contest_id, contest.participants
    await contest.stage.add_juror("Пётр Иванов")  # makes the contest incomplete
    judging = await store.judging(contest_id)
    held = await store.close(contest_id, judging.epoch, holder="slow")
    assert held is not None

    refused = await contest.announce(force=False)  # takes over after the lease, then reopens
    stale = Announcement(
        _id=announcement_key(contest_id, held.epoch),
        contest_id=contest_id,
        epoch=held.epoch,
        announcement_id=str(uuid.uuid4()),
        contest_title="Лучшие практики ТОС",
        announced_at="2025-11-20T10:00:00Z",
        aggregation="mean",
        forced=True,
        nominations=(),
    )

    assert refused.status_code == 409
    assert not await store.store_announcement(stale, stale.event("test"))
    assert (await contest.stage.judging.get(f"{contest.stage.url}/announcement")).status_code == 404
    assert (await contest.stage.score(contest.juror, first, 9, 9)).status_code == 200
