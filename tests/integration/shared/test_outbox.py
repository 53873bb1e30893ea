import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, Literal

import aio_pika
import pytest
from prometheus_client import CollectorRegistry
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import AutoReconnect, DuplicateKeyError

from forum_shared.broker import EventPublisher, NoPublisher, make_broker
from forum_shared.events import Event
from forum_shared.outbox import Outbox, OutboxRelay, OutboxStatus, OutgoingEvent, carrying
from forum_shared.runtime import Runtime, consumer_channel
from forum_shared.settings import ServiceSettings
from forum_shared.topology import EVENTS_EXCHANGE, consumer_queue
from support.servers import BrokerForTests
from support.spy import EventSpy


class SomethingHappened(Event):
    """An event type no service consumes, so that each test decides what is bound to it."""

    owner: ClassVar[str] = "test"
    event_type: Literal["test.something-happened"] = "test.something-happened"
    schema_version: Literal[1] = 1
    what: str


class NobodyListens(Event):
    """An event type no test binds a queue to: the broker returns it."""

    owner: ClassVar[str] = "test"
    event_type: Literal["test.nobody-listens"] = "test.nobody-listens"
    schema_version: Literal[1] = 1


EVENT_TYPE = SomethingHappened.routing_key


def an_event(what: str = "a record was written") -> SomethingHappened:
    return SomethingHappened(producer="test", what=what)


def carrying_events(count: int) -> list[dict]:
    return [{"_id": f"r-{n}", "n": n} | carrying(an_event(f"record {n}")) for n in range(count)]


@pytest.fixture
async def publisher(rabbitmq_url: str) -> AsyncIterator[EventPublisher]:
    async with started_publisher(rabbitmq_url) as publisher:
        yield publisher


class started_publisher:  # noqa: N801 (reads as a context manager)
    """A publisher on a broker connection of its own, as each relay process has."""

    def __init__(self, rabbitmq_url: str):
        self.broker = make_broker(rabbitmq_url, "test", CollectorRegistry())

    async def __aenter__(self) -> EventPublisher:
        publisher = EventPublisher(self.broker, [SomethingHappened, NobodyListens])
        await self.broker.start()
        return publisher

    async def __aexit__(self, *_: object) -> None:
        await self.broker.stop()


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


async def test_a_service_that_also_consumes_still_learns_an_event_was_not_taken(
    rabbitmq_url: str,
) -> None:
    """FastStream publishes through the exchange object of the channel that declared it first:
    with a consumer, that is the consumer's channel (`runtime.consumer_channel`)."""
    broker = make_broker(rabbitmq_url, "test", CollectorRegistry())
    broker.subscriber(
        consumer_queue("test", SomethingHappened.routing_key, delivery_limit=5),
        EVENTS_EXCHANGE,
        channel=consumer_channel(prefetch=4),
    )(lambda body: None)
    publisher = EventPublisher(broker, [NobodyListens])
    await broker.start()
    try:
        with pytest.raises(Exception, match="NO_ROUTE"):
            await publisher(
                "test.nobody-listens", NobodyListens(producer="test").model_dump(mode="json")
            )
    finally:
        await broker.stop()
        async with await aio_pika.connect(rabbitmq_url) as connection:
            channel = await connection.channel()
            await channel.queue_delete(f"test.{SomethingHappened.routing_key}")


async def test_an_event_left_in_progress_by_a_dead_relay_is_published_after_its_lease(
    records: AsyncCollection, publisher: EventPublisher, rabbitmq_url: str
) -> None:
    dead = Outbox(records, lease=timedelta(0))  # its lease has run out by the time we look
    await records.insert_one({"_id": "r-1"} | carrying(an_event()))
    assert await dead.claim()  # a relay took it, then died before publishing
    outbox = Outbox(records)

    async with EventSpy(rabbitmq_url, [EVENT_TYPE]) as spy:
        assert await OutboxRelay(outbox, publisher).relay_due() == 1
        await spy.wait_for(EVENT_TYPE, 1)
        await spy.settle()
    assert len(spy.received) == 1
    assert await outbox.count(OutboxStatus.PUBLISHED) == 1


async def test_due_events_are_claimed_in_batches_oldest_first_and_each_only_once(
    records: AsyncCollection, outbox: Outbox
) -> None:
    await records.insert_many(carrying_events(5))

    first = await outbox.claim(limit=3)
    second = await outbox.claim(limit=3)

    assert [claimed.document_id for claimed in first] == ["r-0", "r-1", "r-2"]
    assert [claimed.document_id for claimed in second] == ["r-3", "r-4"]
    assert await outbox.claim(limit=3) == []
    assert await outbox.count(OutboxStatus.IN_PROGRESS) == 5


async def test_a_published_batch_is_marked_in_one_write_and_leaves_the_backlog(
    records: AsyncCollection, outbox: Outbox, publisher: EventPublisher, rabbitmq_url: str
) -> None:
    await records.insert_many(carrying_events(30))
    assert await outbox.backlog() == 30
    relay = OutboxRelay(outbox, publisher, batch_size=10)

    async with EventSpy(rabbitmq_url, [EVENT_TYPE]) as spy:
        assert await relay.relay_due() == 30
        await spy.wait_for(EVENT_TYPE, 30)

    assert await outbox.backlog() == 0
    assert await outbox.count(OutboxStatus.PUBLISHED) == 30
    published = await records.find_one({"_id": "r-7"})
    assert published is not None
    assert "due_at" not in published["event_delivery"]  # out of the relay's index


async def test_two_relays_share_the_due_events_and_publish_none_of_them_twice(
    records: AsyncCollection, rabbitmq_url: str
) -> None:
    await records.insert_many(carrying_events(300))
    async with (
        EventSpy(rabbitmq_url, [EVENT_TYPE]) as spy,
        started_publisher(rabbitmq_url) as one,
        started_publisher(rabbitmq_url) as other,
    ):
        relays = [OutboxRelay(Outbox(records), p, batch_size=20) for p in (one, other)]

        sent = await asyncio.gather(*(relay.relay_due() for relay in relays))

        await spy.wait_for(EVENT_TYPE, 300)
        await spy.settle()
    assert sum(sent) == 300
    assert all(share > 0 for share in sent), sent
    times_received = Counter(event["event_id"] for event in spy.received)
    assert len(times_received) == 300
    assert set(times_received.values()) == {1}


async def test_a_failed_event_waits_out_a_backoff_that_doubles_while_the_others_go_on(
    records: AsyncCollection, outbox: Outbox, publisher: EventPublisher, rabbitmq_url: str
) -> None:
    relay = OutboxRelay(outbox, publisher, poll_seconds=1.0, max_backoff_seconds=10)
    await records.insert_one({"_id": "unroutable"} | carrying(NobodyListens(producer="test")))
    await records.insert_many(carrying_events(3))

    async with EventSpy(rabbitmq_url, [EVENT_TYPE]) as spy:
        assert await relay.relay_due() == 3
        first = await delivery_of(records, "unroutable")
        assert await relay.relay_due() == 0  # not due yet: not tried again
        assert (await delivery_of(records, "unroutable"))["attempts"] == 1
        await spy.wait_for(EVENT_TYPE, 3)

    await asyncio.sleep((first["due_at"] - datetime.now(UTC)).total_seconds())
    assert await relay.relay_due() == 0
    second = await delivery_of(records, "unroutable")

    assert (first["status"], first["attempts"]) == (OutboxStatus.FAILED, 1)
    assert (second["status"], second["attempts"]) == (OutboxStatus.FAILED, 2)
    assert first["backoff"] == pytest.approx(1.0, abs=0.4)
    assert second["backoff"] == pytest.approx(2.0, abs=0.4)


async def delivery_of(records: AsyncCollection, record_id: str) -> dict:
    """The record's delivery state, its attempts, and about how long it still waits."""
    record = await records.find_one({"_id": record_id})
    assert record is not None
    delivery = record["event_delivery"]
    backoff = (delivery["due_at"] - datetime.now(UTC)).total_seconds()
    return delivery | {"attempts": record["event_attempts"], "backoff": backoff}


class ForgetfulOutbox(Outbox):
    """Loses the database once, right after the broker confirmed the first batch."""

    def __init__(self, *collections: AsyncCollection):
        super().__init__(*collections)
        self.outages = 1

    async def mark_published(self, batch: Iterable[OutgoingEvent]) -> None:
        if self.outages:
            self.outages -= 1
            raise AutoReconnect("connection closed")
        await super().mark_published(batch)


async def test_events_the_broker_confirmed_while_the_database_was_away_are_not_sent_again(
    records: AsyncCollection, publisher: EventPublisher, rabbitmq_url: str
) -> None:
    outbox = ForgetfulOutbox(records)
    await outbox.ensure_indexes()
    await records.insert_many(carrying_events(5))
    relay = OutboxRelay(outbox, publisher, batch_size=2)

    async with EventSpy(rabbitmq_url, [EVENT_TYPE]) as spy:
        assert await relay.relay_due() == 5  # the batches claimed meanwhile go on
        await records.insert_one({"_id": "later"} | carrying(an_event("a later record")))
        assert await relay.relay_due() == 1
        await spy.wait_for(EVENT_TYPE, 6)
        await spy.settle()

    assert len(spy.received) == 6
    assert await outbox.count(OutboxStatus.PUBLISHED) == 6


async def test_an_event_replaced_while_it_was_being_published_keeps_the_newer_one_due(
    records: AsyncCollection, outbox: Outbox, publisher: EventPublisher, rabbitmq_url: str
) -> None:
    """A document carries one event at a time (a contest changed twice in a row): the relay
    marks as published only the event it sent, never the one that replaced it meanwhile."""
    first, second = an_event(), an_event()
    await records.insert_one({"_id": "r-1", "revision": 1} | carrying(first))
    [claimed] = await outbox.claim()
    await records.replace_one({"_id": "r-1"}, {"_id": "r-1", "revision": 2} | carrying(second))

    async with EventSpy(rabbitmq_url, [EVENT_TYPE]) as spy:
        await publisher(claimed.event_type, claimed.body)
        await outbox.mark_published([claimed])
        assert await outbox.backlog() == 1

        assert await OutboxRelay(outbox, publisher).relay_due() == 1
        received = await spy.wait_for(EVENT_TYPE, 2)
    assert [r["event_id"] for r in received] == [str(first.event_id), str(second.event_id)]
    assert await outbox.backlog() == 0


class NeverPublished(Event):
    """An event type a service stores but forgot to list among the ones it publishes."""

    owner: ClassVar[str] = "test"
    event_type: Literal["test.never-published"] = "test.never-published"
    schema_version: Literal[1] = 1


async def test_a_service_refuses_to_start_while_its_outbox_holds_an_event_it_cannot_publish(
    mongodb_url: str, broker: BrokerForTests, database_name: str, mongo: AsyncMongoClient
) -> None:
    """Found at start-up, naming the type, rather than retried forever with a warning."""
    await mongo[database_name]["records"].insert_one(
        {"_id": "r-1"} | carrying(NeverPublished(producer="test"))
    )
    settings = ServiceSettings(
        mongodb_url=mongodb_url,
        rabbitmq_url=broker.url_for("registration"),  # a service logs in as its own user
        broker_user_prefix=broker.user_prefix,
        mongodb_database=database_name,
        http_port=0,
    )
    runtime = Runtime(
        "registration", settings, publishes=[SomethingHappened], outbox_collections=["records"]
    )
    try:
        with pytest.raises(NoPublisher, match="test.never-published"):
            await runtime.start()
    finally:
        await runtime.stop()

    listed = Runtime(
        "registration",
        settings,
        publishes=[SomethingHappened, NeverPublished],
        outbox_collections=["records"],
    )
    await listed.start()
    await listed.stop()


async def test_publishing_a_type_without_a_publisher_says_so(publisher: EventPublisher) -> None:
    with pytest.raises(NoPublisher, match="test.never-published"):
        await publisher("test.never-published", {"event_id": "e", "correlation_id": "c"})


class InterruptedOutbox(Outbox):
    """The database goes away once between a claim's lease and its reading back."""

    interrupted = False

    async def _read_back(
        self, collection: AsyncCollection, ids: list[Any], token: str
    ) -> list[OutgoingEvent]:
        if not self.interrupted:
            self.interrupted = True
            self._unread.append((collection, ids, token))  # as the read that failed leaves it
            raise AutoReconnect("connection closed")
        return await super()._read_back(collection, ids, token)


async def test_events_leased_as_the_database_went_away_are_claimed_without_waiting_out_the_lease(
    records: AsyncCollection,
) -> None:
    outbox = InterruptedOutbox(records)  # a lease of a minute
    await records.insert_many(carrying_events(3))

    with pytest.raises(AutoReconnect):
        await outbox.claim()
    claimed = await outbox.claim()

    assert sorted(event.document_id for event in claimed) == ["r-0", "r-1", "r-2"]


class OutageAtTheSecondCollection(Outbox):
    """The database goes away once, after the first collection's events were leased."""

    outages = 1

    async def _claim_from(self, collection: AsyncCollection, limit: int) -> list[OutgoingEvent]:
        if collection is self.collections[1] and self.outages:
            self.outages -= 1
            raise AutoReconnect("connection closed")
        return await super()._claim_from(collection, limit)


async def test_events_leased_before_the_database_went_away_mid_claim_are_relayed_at_once(
    mongo: AsyncMongoClient, database_name: str, publisher: EventPublisher, rabbitmq_url: str
) -> None:
    """A regression: the claim raised and dropped what it had leased from the first
    collection, which then waited a whole lease (a minute) to be published."""
    first, second = mongo[database_name]["first"], mongo[database_name]["second"]
    outbox = OutageAtTheSecondCollection(first, second)
    await first.insert_many(carrying_events(2))
    await second.insert_one({"_id": "s-1"} | carrying(an_event()))

    async with EventSpy(rabbitmq_url, [EVENT_TYPE]) as spy:
        assert await OutboxRelay(outbox, publisher).relay_due() == 3
        await spy.wait_for(EVENT_TYPE, 3)
