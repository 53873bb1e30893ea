from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from prometheus_client import CollectorRegistry
from pymongo import AsyncMongoClient

from forum_shared.broker import EventPublisher, make_broker
from forum_shared.events import NotificationFailed
from forum_shared.mongo import Session, in_transaction
from forum_shared.outbox import Outbox, OutboxRelay, OutboxStatus
from support.spy import EventSpy

# notification.failed: an event type no service consumes, so that a test decides what is bound.
EVENT_TYPE = NotificationFailed.routing_key


def an_event() -> NotificationFailed:
    return NotificationFailed(
        producer="test",
        notification_id="n-1",
        source_event_id="00000000-0000-4000-8000-000000000001",
        channel="email",
        template="registration_confirmed",
        attempts=3,
    )


@pytest.fixture
async def publisher(rabbitmq_url: str) -> AsyncIterator[EventPublisher]:
    broker = make_broker(rabbitmq_url, "test", CollectorRegistry())
    publisher = EventPublisher(broker, [NotificationFailed])
    await broker.start()
    yield publisher
    await broker.stop()


async def prepared(outbox: Outbox) -> Outbox:
    """As a service does at start: collections exist before the first transaction writes."""
    await outbox.ensure_indexes()
    await outbox.collection.database["records"].create_index("n")
    return outbox


@pytest.fixture
async def outbox(mongo: AsyncMongoClient, database_name: str) -> Outbox:
    return await prepared(Outbox(mongo[database_name]))


async def write_with_event(
    mongo: AsyncMongoClient, outbox: Outbox, event: NotificationFailed, fail: bool = False
) -> None:
    async def work(session: Session) -> None:
        await outbox.collection.database["records"].insert_one({"n": 1}, session=session)
        await outbox.add(session, event)
        if fail:
            raise RuntimeError("the write is rolled back")

    await in_transaction(mongo, work)


async def test_an_event_stored_with_its_write_is_published_once_persistent(
    mongo: AsyncMongoClient, outbox: Outbox, publisher: EventPublisher, rabbitmq_url: str
) -> None:
    relay = OutboxRelay(outbox, publisher)
    event = an_event()
    async with EventSpy(rabbitmq_url, [EVENT_TYPE]) as spy:
        await write_with_event(mongo, outbox, event)

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


async def test_a_rolled_back_write_leaves_no_event_behind(
    mongo: AsyncMongoClient, outbox: Outbox, publisher: EventPublisher
) -> None:
    with pytest.raises(RuntimeError):
        await write_with_event(mongo, outbox, an_event(), fail=True)

    assert await outbox.collection.count_documents({}) == 0
    assert await outbox.collection.database["records"].count_documents({}) == 0
    assert await OutboxRelay(outbox, publisher).relay_due() == 0


async def test_an_event_nobody_can_receive_is_kept_and_retried_until_it_is_taken(
    mongo: AsyncMongoClient, outbox: Outbox, publisher: EventPublisher, rabbitmq_url: str
) -> None:
    relay = OutboxRelay(outbox, publisher, poll_seconds=0.01, max_backoff_seconds=0.01)
    event = an_event()
    await write_with_event(mongo, outbox, event)

    assert await relay.relay_due() == 0  # no queue is bound: the broker returns it
    [record] = await outbox.collection.find().to_list()
    assert record["state"]["status"] == OutboxStatus.FAILED
    assert record["attempts"] == 1
    assert "PublishError" in record["state"]["last_error"]

    async with EventSpy(rabbitmq_url, [EVENT_TYPE]) as spy:
        record = await outbox.collection.find_one()
        assert record is not None
        while datetime.now(UTC) < record["state"]["due_at"]:
            await spy.settle(0.01)
        assert await relay.relay_due() == 1
        [received] = await spy.wait_for(EVENT_TYPE, 1)
    assert received["event_id"] == str(event.event_id)


async def test_an_event_left_in_progress_by_a_dead_relay_is_published_after_its_lease(
    mongo: AsyncMongoClient, database_name: str, publisher: EventPublisher, rabbitmq_url: str
) -> None:
    outbox = await prepared(Outbox(mongo[database_name], lease=timedelta(0)))
    await write_with_event(mongo, outbox, an_event())
    assert await outbox.claim() is not None  # a relay took it, then died before publishing

    async with EventSpy(rabbitmq_url, [EVENT_TYPE]) as spy:
        assert await OutboxRelay(outbox, publisher).relay_due() == 1
        await spy.wait_for(EVENT_TYPE, 1)
    assert await outbox.count(OutboxStatus.PUBLISHED) == 1
