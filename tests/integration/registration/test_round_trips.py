"""How many times the database is asked per accepted application (see `register_participant`),
and the Idempotency-Key looked up only when an application is refused as new."""

import asyncio
import contextvars
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient, monitoring

import forum_shared.runtime
from registration.main import create_app
from registration.settings import Settings
from support.apps import ORGANIZER, running
from support.forms import application_form, contest_form

counting: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "counting", default=None
)


class RequestCommands(monitoring.CommandListener):
    """The commands sent while `counting` is set: those of the request under way, and not the
    relay's or the health checks' (their tasks do not see the request's context)."""

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        commands = counting.get()
        if commands is not None:
            collection = event.command.get(event.command_name)
            commands.append(f"{event.command_name} {collection}")

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


@contextmanager
def commands_sent() -> Iterator[list[str]]:
    commands: list[str] = []
    token = counting.set(commands)
    try:
        yield commands
    finally:
        counting.reset(token)


@pytest.fixture
async def registration(
    registration_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[httpx.AsyncClient]:
    def listened_to(url: str) -> AsyncMongoClient[dict[str, Any]]:
        return AsyncMongoClient(
            url, tz_aware=True, serverSelectionTimeoutMS=5000, event_listeners=[RequestCommands()]
        )

    monkeypatch.setattr(forum_shared.runtime, "connect", listened_to)
    async with running(create_app(registration_settings)) as client:
        yield client


async def apply(client: httpx.AsyncClient, contest: dict, name: str, **headers: str) -> int:
    form = application_form(kind="tos", inn=None, name=name, members=[])
    url = f"/contests/{contest['id']}/participants"
    response = await client.post(url, json=form, headers=headers)
    return response.status_code


async def test_an_accepted_application_costs_one_insert_once_its_contest_was_read(
    registration: httpx.AsyncClient,
) -> None:
    contest = contest_form()
    assert (await registration.post("/contests", json=contest, headers=ORGANIZER)).is_success

    with commands_sent() as first:
        assert await apply(registration, contest, "ТОС «Первый»") == 201
    with commands_sent() as second:
        assert await apply(registration, contest, "ТОС «Второй»") == 201
    with commands_sent() as with_a_key:
        assert (
            await apply(registration, contest, "ТОС «Третий»", **{"Idempotency-Key": "k-3"}) == 201
        )

    assert first == ["find contests", "insert participants"]
    assert second == ["insert participants"]
    assert with_a_key == ["insert participants"]


async def test_a_retry_with_its_key_costs_one_lookup_more_than_the_insert_it_repeats(
    registration: httpx.AsyncClient,
) -> None:
    contest = contest_form()
    assert (await registration.post("/contests", json=contest, headers=ORGANIZER)).is_success
    key = {"Idempotency-Key": "k-1"}
    assert await apply(registration, contest, "ТОС «Первый»", **key) == 201

    with commands_sent() as retry:
        assert await apply(registration, contest, "ТОС «Первый»", **key) == 201

    assert retry == ["insert participants", "find participants"]


async def test_a_retry_after_the_window_closed_still_gets_its_first_answer(
    registration: httpx.AsyncClient,
) -> None:
    closes_at = datetime.now(UTC) + timedelta(seconds=1)
    contest = contest_form(registration_closes_at=closes_at.isoformat())
    assert (await registration.post("/contests", json=contest, headers=ORGANIZER)).is_success
    key = {"Idempotency-Key": "k-1"}
    assert await apply(registration, contest, "ТОС «Первый»", **key) == 201

    await asyncio.sleep((closes_at - datetime.now(UTC)).total_seconds() + 0.1)

    assert await apply(registration, contest, "ТОС «Первый»", **key) == 201
    assert await apply(registration, contest, "ТОС «Второй»") == 409
