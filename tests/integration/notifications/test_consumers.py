"""The service's queues: what it cannot read is dead-lettered, never dropped or stuck."""

import json
from datetime import UTC, datetime

import aio_pika
import pytest
from pymongo import AsyncMongoClient

from forum_shared.events import ScoreSubmitted
from notifications.settings import Settings

from .events import CONTEST_ID, registration
from .harness import DeliveryLog, ForumEvents, all_sent, eventually

DEAD_LETTERS = "notifications.dead-letter"


@pytest.fixture
def notifications_settings(notifications_settings: Settings) -> Settings:
    return notifications_settings.model_copy(update={"consumer_delivery_limit": 2})


async def dead_letters(rabbitmq_url: str, count: int) -> list[aio_pika.abc.AbstractIncomingMessage]:
    connection = await aio_pika.connect(rabbitmq_url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(DEAD_LETTERS, passive=True)
        received: list[aio_pika.abc.AbstractIncomingMessage] = []

        async def drained() -> bool:
            while message := await queue.get(no_ack=True, fail=False):
                received.append(message)
            return len(received) >= count

        await eventually(drained)
        return received


async def test_a_malformed_event_ends_in_the_dead_letter_queue_and_the_next_one_goes_through(
    delivery_log: DeliveryLog, forum: ForumEvents, rabbitmq_url: str
) -> None:
    await forum.publish_raw("participant.registered", b"{not json")
    await forum.publish_raw("winners.announced", json.dumps({"event_type": "?"}).encode())
    await forum.publish(registration(1))

    messages = await dead_letters(rabbitmq_url, 2)

    assert sorted(m.body for m in messages) == sorted([b"{not json", b'{"event_type": "?"}'])
    assert {m.headers["x-first-death-queue"] for m in messages} == {
        "notifications.participant.registered",
        "notifications.winners.announced",
    }
    await delivery_log.when(all_sent(1))


async def test_a_submitted_score_is_consumed_and_tells_nobody_anything(
    delivery_log: DeliveryLog,
    forum: ForumEvents,
    mongo: AsyncMongoClient,
    notifications_settings: Settings,
) -> None:
    score = ScoreSubmitted(
        producer="judging",
        contest_id=CONTEST_ID,
        participant_id="p-1",
        nomination="urban-environment",
        juror_id="j-1",
        scores={"impact": 9.0},
        weighted_total=9.0,
        revision=1,
        submitted_at=datetime.now(UTC),
    )

    await forum.publish(score)

    processed = mongo[notifications_settings.mongodb_database]["processed_events"]
    await eventually(lambda: processed.find_one({"_id": str(score.event_id)}))
    assert await delivery_log.entries() == []
