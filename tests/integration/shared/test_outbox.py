from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Literal

import pytest
from prometheus_client import CollectorRegistry
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from forum_shared.broker import EventPublisher, make_broker
from forum_shared.events import Event
from forum_shared.outbox import Outbox, OutboxRelay, OutboxStatus, carrying
from support.spy import EventSpy


class SomethingHappened(Event):
    """An event type no service consumes, so that each test decides what is bound to it."""

    event_type: Literal["test.something-happened"] = "test.something-happened"
    schema_version: Literal[1] = 1
    what: str


EVENT_TYPE = SomethingHappened.routing_key


def an_event() -> SomethingHappened:
    return SomethingHappened(producer="test", what="a record was written")


@pytest.fixture
async def publisher(rabbitmq_url: str) -> AsyncIterator[EventPublisher]:
    broker = make_broker(rabbitmq_url, "test", CollectorRegistry())
    publisher = EventPublisher(broker, [SomethingHappened])
    await broker.start()
    yield publisher
    await broker.stop()


@pytest.fixture
def records(mongo: AsyncMongoClient, database_name: str) -> AsyncCollection:
    return mongo[database_name]["records"]


@pytest.fixture
async def outbox(records: AsyncCollection) -> Outbox:
    outbox = Outbox(records)
    await outbox.ensure_indexes()
    return outbox


async def test_a_document_carrying_an_event_has_it_published_once_and_persistent(
    records: AsyncCollection, outbox: Outbox, publisher: EventPublisher, rabbitmq_url: str
) -> None:
    relay = OutboxRelay(outbox, publisher)
    event = an_event()
    async with EventSpy(rabbitmq_url, [EVENT_TYPE]) as spy:
        await records.insert_one({"_id": "r-1", "name": "a record"} | carrying(event))

        assert await relay.relay_due() == 1
        assert await relay.relay_due() == 0

        [received] = await spy.wait_for(EVENT_TYPE, 1)
        await spy.settle()
    assert len(spy.received) == 1
    assert received["event_id"] == str(event.event_id)
    assert received["_delivery"] == {
        "routing_key": EVENT_TYPE,
        "persistent": True,
        "message_id": str(event.event_id),
    }
    assert await outbox.count(OutboxStatus.PUBLISHED) == 1


async def test_a_write_that_fails_leaves_no_event_behind(
    records: AsyncCollection, outbox: Outbox, publisher: EventPublisher
) -> None:
    await records.create_index("name", unique=True)
    await records.insert_one({"name": "taken"})
    with pytest.raises(DuplicateKeyError):
        await records.insert_one({"name": "taken"} | carrying(an_event()))

    assert await OutboxRelay(outbox, publisher).relay_due() == 0


async def test_an_event_nobody_can_receive_is_kept_and_retried_until_it_is_taken(
    records: AsyncCollection, outbox: Outbox, publisher: EventPublisher, rabbitmq_url: str
) -> None:
    relay = OutboxRelay(outbox, publisher, poll_seconds=0.01, max_backoff_seconds=0.01)
    event = an_event()
    await records.insert_one({"_id": "r-1"} | carrying(event))

    assert await relay.relay_due() == 0  # no queue is bound: the broker returns it
    record = await records.find_one({"_id": "r-1"})
    assert record is not None
    assert record["event_delivery"]["status"] == OutboxStatus.FAILED
    assert record["event_attempts"] == 1
    assert "NO_ROUTE" in record["event_delivery"]["last_error"]

    async with EventSpy(rabbitmq_url, [EVENT_TYPE]) as spy:
        while datetime.now(UTC) < record["event_delivery"]["due_at"]:
            await spy.settle(0.01)
        assert await relay.relay_due() == 1
        [received] = await spy.wait_for(EVENT_TYPE, 1)
    assert received["event_id"] == str(event.event_id)


async def test_an_event_left_in_progress_by_a_dead_relay_is_published_after_its_lease(
    records: AsyncCollection, publisher: EventPublisher, rabbitmq_url: str
) -> None:
    outbox = Outbox(records, lease=timedelta(0))
    await records.insert_one({"_id": "r-1"} | carrying(an_event()))
    assert await outbox.claim()  # a relay took it, then died before publishing

    async with EventSpy(rabbitmq_url, [EVENT_TYPE]) as spy:
        assert await OutboxRelay(outbox, publisher).relay_due() == 1
        await spy.wait_for(EVENT_TYPE, 1)
    assert await outbox.count(OutboxStatus.PUBLISHED) == 1
