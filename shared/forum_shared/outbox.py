"""The transactional outbox: an event is stored in the same transaction as the write it
describes, and a relay publishes it afterwards, so a write and its event never diverge.

States (after eShop's IntegrationEventLog): pending → in_progress → published, or → failed,
which is retried with exponential backoff until it is published. An `in_progress` record is
leased: when its `due_at` passes (a relay that died mid-publish) it is taken again.
Publishing is at-least-once: consumers deduplicate on `event_id`.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from pymongo import ASCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from .events import Event
from .mongo import Session

log = logging.getLogger(__name__)

Publish = Callable[[str, dict[str, Any]], Awaitable[None]]


class OutboxStatus(StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    PUBLISHED = "published"
    FAILED = "failed"


class Outbox:
    """Records: `{_id: event_id, event_type, body, created_at, attempts, state: {...}}`.

    `state` (status, due_at, lease_until, published_at, last_error) is always written whole:
    the MongoDB stand-in used in tests turns a datetime `$set` at a field path into a string,
    while a whole subdocument keeps its types, and real MongoDB treats both alike.
    """

    def __init__(self, db: AsyncDatabase[dict[str, Any]], lease: timedelta = timedelta(seconds=60)):
        self.collection = db["outbox"]
        self.lease = lease

    async def ensure_indexes(self) -> None:
        await self.collection.create_index(
            [("state.status", ASCENDING), ("state.due_at", ASCENDING)]
        )

    async def add(self, session: Session, *events: Event) -> None:
        now = datetime.now(UTC)
        await self.collection.insert_many(
            [
                {
                    "_id": str(event.event_id),
                    "event_type": event.event_type,
                    "body": event.model_dump(mode="json"),
                    "created_at": now,
                    "attempts": 0,
                    "state": {"status": OutboxStatus.PENDING, "due_at": now},
                }
                for event in events
            ],
            session=session,
        )

    async def claim(self) -> dict[str, Any] | None:
        now = datetime.now(UTC)
        due = {
            "state.status": {"$in": [OutboxStatus.PENDING, OutboxStatus.FAILED]},
            "state.due_at": {"$lte": now},
        }
        stale = {"state.status": OutboxStatus.IN_PROGRESS, "state.due_at": {"$lte": now}}
        in_progress = {"status": OutboxStatus.IN_PROGRESS, "due_at": now + self.lease}
        return await self.collection.find_one_and_update(
            {"$or": [due, stale]},
            {"$set": {"state": in_progress}},
            sort=[("created_at", ASCENDING)],
            return_document=ReturnDocument.AFTER,
        )

    async def mark_published(self, event_id: str) -> None:
        published = {"status": OutboxStatus.PUBLISHED, "published_at": datetime.now(UTC)}
        await self.collection.update_one({"_id": event_id}, {"$set": {"state": published}})

    async def mark_failed(self, event_id: str, error: str, retry_in: timedelta) -> None:
        failed = {
            "status": OutboxStatus.FAILED,
            "due_at": datetime.now(UTC) + retry_in,
            "last_error": error,
        }
        await self.collection.update_one(
            {"_id": event_id}, {"$set": {"state": failed}, "$inc": {"attempts": 1}}
        )

    async def count(self, status: OutboxStatus) -> int:
        return await self.collection.count_documents({"state.status": status})


class OutboxRelay:
    """Publishes due outbox records; `wake()` after a commit makes it go at once."""

    def __init__(
        self,
        outbox: Outbox,
        publish: Publish,
        poll_seconds: float = 1.0,
        max_backoff_seconds: float = 30.0,
    ):
        self.outbox = outbox
        self.publish = publish
        self.poll_seconds = poll_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self._wake = asyncio.Event()
        self.published = 0

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        while True:
            try:
                await self.relay_due()
            except Exception:
                log.exception("outbox relay pass failed; will try again")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_seconds)
            self._wake.clear()

    async def relay_due(self) -> int:
        """Publish every due record; stop at the first failure (the broker is likely down)."""
        sent = 0
        while record := await self.outbox.claim():
            try:
                await self.publish(record["event_type"], record["body"])
            except Exception as error:
                backoff = min(
                    2.0 ** record["attempts"] * self.poll_seconds, self.max_backoff_seconds
                )
                log.warning(
                    "publishing event %s (%s) failed: %s",
                    record["_id"],
                    record["event_type"],
                    type(error).__name__,
                )
                await self.outbox.mark_failed(
                    record["_id"], repr(error), timedelta(seconds=backoff)
                )
                break
            await self.outbox.mark_published(record["_id"])
            sent += 1
            self.published += 1
        return sent
