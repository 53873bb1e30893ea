"""A breaking change is a new version published beside the old one: the document recording the
fact carries both, the relay publishes each under its own routing key (`<type>` for version 1,
`<type>.v2`), and each consumer gets exactly the versions it subscribed to, from the owner."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal

import aio_pika
from pymongo import AsyncMongoClient

from forum_shared.events import Event, ParticipantWithdrawn
from forum_shared.outbox import carrying
from forum_shared.runtime import Runtime
from forum_shared.settings import ServiceSettings
from support.apps import settings_for_tests
from support.forum import eventually
from support.servers import BrokerForTests
from support.spy import EventSpy


class ParticipantWithdrawnV2(Event):
    """A breaking change of `participant.withdrawn`: a reason, and no nomination."""

    owner: ClassVar[str] = "registration"
    event_type: Literal["participant.withdrawn"] = "participant.withdrawn"
    schema_version: Literal[2] = 2

    participant_id: str
    contest_id: str
    reason: str
    withdrawn_at: datetime


V2_QUEUES = ("notifications.participant.withdrawn.v2",)


def one_withdrawal() -> tuple[ParticipantWithdrawn, ParticipantWithdrawnV2]:
    v1 = ParticipantWithdrawn(
        producer="registration",
        participant_id="p-1",
        contest_id="tos-2026",
        nomination="ecology",
        withdrawn_at=datetime(2026, 11, 1, tzinfo=UTC),
    )
    v2 = ParticipantWithdrawnV2(
        event_id=v1.event_id,
        producer="registration",
        participant_id="p-1",
        contest_id="tos-2026",
        reason="organizer",
        withdrawn_at=v1.withdrawn_at,
    )
    return v1, v2


@asynccontextmanager
async def runtime(
    mongodb_url: str, broker: BrokerForTests, service: str, database: str, **options: Any
) -> AsyncIterator[Runtime]:
    settings = ServiceSettings(
        **settings_for_tests(mongodb_url, broker, service, f"{database}_{service}"), http_port=0
    )
    runtime = Runtime(service, settings, **options)
    yield runtime
    await runtime.stop()


async def delete_queues(url: str, names: tuple[str, ...]) -> None:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        for name in names:
            await channel.queue_delete(name)


def test_a_later_version_has_a_routing_key_of_its_own() -> None:
    assert ParticipantWithdrawn.routing_key == "participant.withdrawn"
    assert ParticipantWithdrawnV2.routing_key == "participant.withdrawn.v2"


async def test_a_fact_recorded_in_two_versions_reaches_each_consumer_in_the_versions_it_reads(
    mongo: AsyncMongoClient, mongodb_url: str, broker: BrokerForTests, database_name: str
) -> None:
    v1, v2 = one_withdrawal()
    old_reader: list[Event] = []
    new_reader: list[Event] = []
    try:
        async with (
            EventSpy(broker.url, ["participant.withdrawn.#"]) as spy,
            runtime(
                mongodb_url,
                broker,
                "registration",
                database_name,
                publishes=[ParticipantWithdrawn, ParticipantWithdrawnV2],
                outbox_collections=["withdrawals"],
            ) as publisher,
            runtime(mongodb_url, broker, "judging", database_name) as v1_only,
            runtime(mongodb_url, broker, "notifications", database_name) as both,
        ):

            @v1_only.subscriber(ParticipantWithdrawn)
            async def judging_reads_v1(event: ParticipantWithdrawn) -> None:
                old_reader.append(event)

            @both.subscriber(ParticipantWithdrawn)
            async def notifications_reads_v1(event: ParticipantWithdrawn) -> None:
                new_reader.append(event)

            @both.subscriber(ParticipantWithdrawnV2)
            async def notifications_reads_v2(event: ParticipantWithdrawnV2) -> None:
                new_reader.append(event)

            await v1_only.start()
            await both.start()
            await publisher.db["withdrawals"].insert_one({"_id": "w-1"} | carrying(v1, v2))
            await publisher.start()

            await spy.wait_for("participant.withdrawn", 2)
            await eventually(lambda: len(new_reader) == 2 and len(old_reader) == 1, timeout=20)
            await spy.settle()
    finally:
        await delete_queues(broker.url, V2_QUEUES)

    assert sorted(e["_delivery"]["routing_key"] for e in spy.received) == [
        "participant.withdrawn",
        "participant.withdrawn.v2",
    ]
    assert old_reader == [v1]
    assert sorted(new_reader, key=lambda e: e.schema_version) == [v1, v2]
    assert {event.event_id for event in new_reader} == {v1.event_id}
    published = await mongo[f"{database_name}_registration"]["withdrawals"].find_one()
    assert published is not None and published["event_delivery"]["status"] == "published"


async def test_a_consumer_of_the_old_version_alone_never_sees_the_new_one(
    mongodb_url: str, broker: BrokerForTests, database_name: str
) -> None:
    v1, v2 = one_withdrawal()
    seen: list[Event] = []
    async with (
        runtime(
            mongodb_url,
            broker,
            "registration",
            database_name,
            publishes=[ParticipantWithdrawn, ParticipantWithdrawnV2],
            outbox_collections=["withdrawals"],
        ) as publisher,
        runtime(mongodb_url, broker, "judging", database_name) as v1_only,
    ):

        @v1_only.subscriber(ParticipantWithdrawn)
        async def judging_reads_v1(event: ParticipantWithdrawn) -> None:
            seen.append(event)

        await v1_only.start()
        await publisher.db["withdrawals"].insert_one({"_id": "w-2"} | carrying(v2))
        await publisher.db["withdrawals"].insert_one({"_id": "w-1"} | carrying(v1))
        await publisher.start()
        await eventually(lambda: seen, timeout=20)
        await asyncio.sleep(1)

    assert seen == [v1]
