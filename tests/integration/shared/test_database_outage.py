"""A database that is out of reach: a 503 people can read, and consumers that wait it out."""

import uuid

import pytest
from pymongo import AsyncMongoClient
from pymongo.errors import AutoReconnect, ServerSelectionTimeoutError

from forum_shared.inbox import Inbox
from registration.main import create_app
from registration.settings import Settings
from support.apps import running, settings_for_tests
from support.forms import application_form, contest_form
from support.servers import BrokerForTests


async def test_a_request_that_finds_the_database_away_is_answered_503_in_the_error_shape(
    mongodb_url: str, broker: BrokerForTests, database_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = settings_for_tests(mongodb_url, broker, "registration", database_name)
    app = create_app(Settings(**settings))

    async def unreachable(*_: object) -> None:
        raise ServerSelectionTimeoutError("127.0.0.1:27017: [Errno 111] Connection refused")

    async with running(app) as client:
        monkeypatch.setattr(app.state.store, "contest", unreachable)
        form = application_form(kind="tos", inn=None, members=[])
        url = f"/contests/{contest_form()['id']}/participants"
        russian = await client.post(url, json=form)
        english = await client.post(url, json=form, headers={"Accept-Language": "en"})

    assert russian.status_code == english.status_code == 503
    assert russian.headers["retry-after"] == "5"
    assert russian.json() == {
        "detail": "сервис сейчас не может связаться со своей базой данных; повторите запрос "
        "через несколько секунд (с тем же Idempotency-Key, если вы его передавали)",
        "code": "unavailable",
    }
    assert english.json()["detail"].startswith("the service cannot reach its database")


class Outage:
    """Effects that find the database away `times` times, then apply."""

    def __init__(self, times: int):
        self.left = times
        self.applied = 0

    async def __call__(self) -> None:
        if self.left:
            self.left -= 1
            raise AutoReconnect("connection closed")
        self.applied += 1


async def test_a_consumer_waits_a_database_outage_out_instead_of_failing_its_message(
    mongo: AsyncMongoClient, database_name: str
) -> None:
    inbox = Inbox(mongo[database_name], patience_seconds=30)
    effects = Outage(times=2)

    assert await inbox.handle_once(uuid.uuid4(), "test.event", effects) is True

    assert effects.applied == 1


async def test_an_outage_longer_than_the_consumers_patience_fails_the_message_after_all(
    mongo: AsyncMongoClient, database_name: str
) -> None:
    inbox = Inbox(mongo[database_name], patience_seconds=0.1)

    with pytest.raises(AutoReconnect):
        await inbox.handle_once(uuid.uuid4(), "test.event", Outage(times=100))
