"""The database server stops and starts again while people register and jurors score.

Requests during the outage are answered 503 (never 500), readiness follows the database down
and back up by itself, and afterwards every registration and scorecard that was stored —
among them every one that was accepted — is published exactly once, and judging's roster
holds every participant (its consumers waited the outage out instead of dead-lettering).

The database server is one of this test's own (its data on disk, restarted on the same
port); the broker's state is not touched, so this is not a `fault` test.
"""

import asyncio
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.apps import ORGANIZER, ORGANIZER_TOKEN
from support.contest_run import open_for_judging
from support.forms import application_form, contest_form
from support.forum import eventually
from support.processes import ServiceProcess
from support.servers import BrokerForTests, RestartableMongoDB
from support.spy import EventSpy

REGISTERED, SCORED = "participant.registered", "score.submitted"
SERVICES = ("registration", "judging")


@pytest.fixture
def database(tmp_path: Path) -> Iterator[RestartableMongoDB]:
    server = RestartableMongoDB(tmp_path / "mongodb")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def services(
    database: RestartableMongoDB, broker: BrokerForTests, database_name: str, tmp_path: Path
) -> Iterator[dict[str, ServiceProcess]]:
    common = {
        "ENVIRONMENT": "test",
        "MONGODB_URL": database.url,
        "BROKER_USER_PREFIX": broker.user_prefix,
        "ORGANIZER_TOKEN": ORGANIZER_TOKEN,
        "OUTBOX_POLL_SECONDS": "0.2",
        "OUTBOX_MAX_BACKOFF_SECONDS": "1",
    }
    running = {
        name: ServiceProcess(
            name,
            common
            | {"MONGODB_DATABASE": f"{database_name}_{name}", "RABBITMQ_URL": broker.url_for(name)},
            tmp_path,
        )
        for name in SERVICES
    }
    try:
        for service in running.values():
            service.start()
        yield running
    finally:
        for service in running.values():
            service.stop()


@dataclass
class Flow:
    """What the clients were answered, as they kept sending through the outage."""

    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    refusals: list[httpx.Response] = field(default_factory=list)
    registered: list[str] = field(default_factory=list)
    scored: list[tuple[str, int]] = field(default_factory=list)
    accepted_after_restart: int = 0
    restarted_at: float = float("inf")
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    def answered(self, kind: str, response: httpx.Response, sent_at: float) -> bool:
        self.statuses[(kind, response.status_code)] += 1
        if response.status_code == 503:
            self.refusals.append(response)
        accepted = response.is_success
        if accepted and sent_at > self.restarted_at:
            self.accepted_after_restart += 1
        return accepted


def tos(name: str) -> dict[str, Any]:
    contact = {"name": "Анна", "email": "tos@example.org", "phone": "89123456789"}
    return application_form(kind="tos", inn=None, name=name, members=[], contact=contact)


async def registering(client: httpx.AsyncClient, contest: dict, lane: int, flow: Flow) -> None:
    number = 0
    while not flow.stop.is_set():
        number += 1
        sent_at = time.monotonic()
        form = tos(f"ТОС «Поток {lane}-{number}»")
        response = await client.post(f"/contests/{contest['id']}/participants", json=form)
        if flow.answered("registration", response, sent_at):
            flow.registered.append(response.json()["id"])


async def scoring(
    client: httpx.AsyncClient, contest: dict, juror: dict, participants: list[str], flow: Flow
) -> None:
    number = 0
    while not flow.stop.is_set():
        participant = participants[number % len(participants)]
        scores = {"impact": number % 11, "feasibility": 5}
        number += 1
        sent_at = time.monotonic()
        url = f"/contests/{contest['id']}/scores/{participant}"
        response = await client.put(url, json={"scores": scores}, headers=juror)
        if flow.answered("scorecard", response, sent_at):
            flow.scored.append((participant, response.json()["revision"]))


async def readiness(client: httpx.AsyncClient) -> int:
    return (await client.get("/health/ready")).status_code


async def test_a_database_restart_answers_503_meanwhile_and_every_stored_write_is_published_once(
    database: RestartableMongoDB, services: dict[str, ServiceProcess], rabbitmq_url: str
) -> None:
    contest = contest_form()
    flow = Flow()
    async with (
        EventSpy(rabbitmq_url, [REGISTERED, SCORED]) as spy,
        httpx.AsyncClient(base_url=services["registration"].url, timeout=30) as registration,
        httpx.AsyncClient(base_url=services["judging"].url, timeout=30) as judging,
    ):
        (juror,) = await open_for_judging(registration, judging, contest)
        first = [await register(registration, contest, f"ТОС «Первый {n}»") for n in range(3)]
        await eventually(lambda: roster_has(judging, contest, juror, len(first)), timeout=30)

        clients = [registering(registration, contest, lane, flow) for lane in range(3)]
        clients.append(scoring(judging, contest, juror, first, flow))
        flowing = asyncio.gather(*clients)
        await asyncio.sleep(1.0)

        await asyncio.to_thread(database.stop)
        for client in (registration, judging):
            await eventually(lambda c=client: _is(503, readiness(c)), timeout=30)
        await asyncio.sleep(3.0)  # the clients keep sending into the outage
        await asyncio.to_thread(database.start)
        flow.restarted_at = time.monotonic()
        for client in (registration, judging):
            await eventually(lambda c=client: _is(200, readiness(c)), timeout=60)
        await eventually(lambda: flow.accepted_after_restart >= 5, timeout=60)
        flow.stop.set()
        await flowing

        stored = await stored_participants(registration, contest)
        await spy.wait_for(REGISTERED, len(stored), timeout=60)
        latest = await eventually(lambda: roster_has(judging, contest, juror, len(stored)), 60)
        await spy.settle(2.0)

    statuses = {status for _, status in flow.statuses}
    assert statuses <= {200, 201, 503}, flow.statuses
    assert flow.refusals, "no request was answered during the outage"
    refusal = flow.refusals[0]
    assert refusal.json()["code"] == "unavailable"
    assert "базой данных" in refusal.json()["detail"]  # in Russian unless asked otherwise
    assert refusal.headers["retry-after"]

    registered = Counter(event["participant_id"] for event in spy.of_type(REGISTERED))
    assert set(registered.values()) == {1}, "a registration was published twice"
    assert set(registered) == set(stored)
    assert set(first + flow.registered) <= set(stored)

    scorecards = Counter(
        (event["participant_id"], event["juror_id"], event["revision"])
        for event in spy.of_type(SCORED)
    )
    assert set(scorecards.values()) == {1}, "a scorecard revision was published twice"
    published_revisions = {(participant, revision) for participant, _, revision in scorecards}
    assert set(flow.scored) <= published_revisions
    for line in latest:
        if line["my_scorecard"]:
            head = (line["participant_id"], line["my_scorecard"]["revision"])
            assert head in published_revisions, f"stored but never published: {head}"


async def _is(status: int, answer: Any) -> bool:
    return await answer == status


async def register(registration: httpx.AsyncClient, contest: dict, name: str) -> str:
    response = await registration.post(f"/contests/{contest['id']}/participants", json=tos(name))
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def stored_participants(registration: httpx.AsyncClient, contest: dict) -> list[str]:
    url = f"/contests/{contest['id']}/participants"
    response = await registration.get(url, params={"limit": 500}, headers=ORGANIZER)
    assert response.status_code == 200, response.text
    return [participant["id"] for participant in response.json()]


async def roster_has(
    judging: httpx.AsyncClient, contest: dict, juror: dict, count: int
) -> list[dict] | None:
    response = await judging.get(f"/contests/{contest['id']}/roster", headers=juror)
    if response.status_code != 200:
        return None
    participants = response.json()["participants"]
    return participants if len(participants) >= count else None
