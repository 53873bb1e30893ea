"""The delivery log's claims: batches, lanes, and dispatchers that never share a letter."""

import asyncio
from datetime import UTC, datetime, timedelta

from pymongo import AsyncMongoClient

from notifications.domain import NotificationStatus, plan_participant_registered
from notifications.records import Delivery, notifications_for
from notifications.store import NotificationStore

from .events import registration

LEASE = timedelta(seconds=60)


async def a_store_with_letters(mongo: AsyncMongoClient, database: str, count: int):
    store = NotificationStore(mongo[database])
    await store.ensure_indexes()
    now = datetime.now(UTC)
    for number in range(1, count + 1):
        event = registration(number)
        await store.add_notifications(
            notifications_for(event, plan_participant_registered(event), [], now)
        )
    return store


async def test_dispatchers_claiming_at_once_never_take_the_same_letter(
    mongo: AsyncMongoClient, database_name: str
) -> None:
    store = await a_store_with_letters(mongo, database_name, 60)
    taken: list[str] = []

    async def dispatcher() -> None:
        while batch := await store.claim_due(
            NotificationStatus.PENDING, datetime.now(UTC), LEASE, 8
        ):
            taken.extend(notification.id for notification in batch)
            await asyncio.sleep(0)

    await asyncio.gather(*(dispatcher() for _ in range(4)))

    assert len(taken) == 60
    assert len(set(taken)) == 60


async def test_first_attempts_and_retries_are_claimed_in_lanes_of_their_own(
    mongo: AsyncMongoClient, database_name: str
) -> None:
    store = await a_store_with_letters(mongo, database_name, 3)
    now = datetime.now(UTC)
    [failing] = await store.claim_due(NotificationStatus.PENDING, now, LEASE, 1)
    failed = Delivery(
        status=NotificationStatus.FAILED, attempts=1, next_attempt_at=now, updated_at=now
    )
    await store.record_delivery(failing.id, failed)

    later = now + timedelta(seconds=1)
    retries = await store.claim_due(NotificationStatus.FAILED, later, LEASE, 10)
    fresh = await store.claim_due(NotificationStatus.PENDING, later, LEASE, 10)

    assert [n.id for n in retries] == [failing.id]
    assert len(fresh) == 2
    assert failing.id not in {n.id for n in fresh}
