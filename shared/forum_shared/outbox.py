"""The outbox: a document and the event it implies are written together, in one insert, and a
relay publishes the event afterwards, so a write and its event never diverge.

Each fact that others must hear of is recorded by inserting one document that carries its
event (`carrying(event)`): a contest, a participant, a scorecard revision, an announcement.
A single-document write is atomic on any MongoDB deployment, so this needs no multi-document
transaction (nor a replica set).

Delivery states (after eShop's IntegrationEventLog): pending → in_progress → published, or
→ failed, which is retried with exponential backoff until it is published. An `in_progress`
event is leased: when its `due_at` passes (a relay that died mid-publish) it is taken again.
Publishing is at-least-once: consumers deduplicate on `event_id`.

`event_delivery` is always `$set` whole, at the top level: the MongoDB stand-in used in tests
turns a datetime `$set` at a dotted path into a string, while real MongoDB treats both alike.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection

from .events import Event

log = logging.getLogger(__name__)

Publish = Callable[[str, dict[str, Any]], Awaitable[None]]
Collection = AsyncCollection[dict[str, Any]]


class OutboxStatus(StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    PUBLISHED = "published"
    FAILED = "failed"


def carrying(event: Event) -> dict[str, Any]:
    """The fields that make a document carry `event`: merge them into the document inserted."""
    return {
        "event": {"type": event.event_type, "body": event.model_dump(mode="json")},
        "event_attempts": 0,
        "event_delivery": {"status": OutboxStatus.PENDING, "due_at": datetime.now(UTC)},
    }


@dataclass(frozen=True)
class OutgoingEvent:
    collection: Collection
    document_id: Any
    event_type: str
    body: dict[str, Any]
    attempts: int


class Outbox:
    """The collections whose documents carry events."""

    def __init__(self, *collections: Collection, lease: timedelta = timedelta(seconds=60)):
        self.collections = collections
        self.lease = lease

    async def ensure_indexes(self) -> None:
        for collection in self.collections:
            await collection.create_index(
                [("event_delivery.status", ASCENDING), ("event_delivery.due_at", ASCENDING)]
            )

    async def claim(self, limit: int = 100) -> list[OutgoingEvent]:
        """Lease up to `limit` due events: one query finds them, then each lease is a
        compare-and-set on the delivery state just read, so two relays never share one."""
        claimed: list[OutgoingEvent] = []
        for collection in self.collections:
            now = datetime.now(UTC)
            candidates = (
                await collection.find(
                    self._due(now),
                    projection={"event": 1, "event_attempts": 1, "event_delivery": 1},
                )
                .sort("event_delivery.due_at", ASCENDING)
                .limit(limit - len(claimed))
                .to_list()
            )
            leased = {"status": OutboxStatus.IN_PROGRESS, "due_at": now + self.lease}
            for candidate in candidates:
                seen = candidate["event_delivery"]
                taken = await collection.update_one(
                    {
                        "_id": candidate["_id"],
                        "event_delivery.status": seen["status"],
                        "event_delivery.due_at": seen["due_at"],
                    },
                    {"$set": {"event_delivery": leased}},
                )
                if taken.modified_count == 1:
                    claimed.append(
                        OutgoingEvent(
                            collection,
                            candidate["_id"],
                            candidate["event"]["type"],
                            candidate["event"]["body"],
                            candidate["event_attempts"],
                        )
                    )
            if len(claimed) >= limit:
                break
        return claimed

    @staticmethod
    def _due(now: datetime) -> dict[str, Any]:
        """Waiting or failed and due again, or leased by a relay whose lease ran out."""
        waiting = {"$in": [OutboxStatus.PENDING, OutboxStatus.FAILED]}
        return {
            "$or": [
                {"event_delivery.status": waiting, "event_delivery.due_at": {"$lte": now}},
                {
                    "event_delivery.status": OutboxStatus.IN_PROGRESS,
                    "event_delivery.due_at": {"$lte": now},
                },
            ]
        }

    async def mark_published(self, outgoing: OutgoingEvent) -> None:
        published = {"status": OutboxStatus.PUBLISHED, "published_at": datetime.now(UTC)}
        await outgoing.collection.update_one(
            {"_id": outgoing.document_id}, {"$set": {"event_delivery": published}}
        )

    async def mark_failed(self, outgoing: OutgoingEvent, error: str, retry_in: timedelta) -> None:
        failed = {
            "status": OutboxStatus.FAILED,
            "due_at": datetime.now(UTC) + retry_in,
            "last_error": error,
        }
        await outgoing.collection.update_one(
            {"_id": outgoing.document_id},
            {"$set": {"event_delivery": failed}, "$inc": {"event_attempts": 1}},
        )

    async def count(self, *statuses: OutboxStatus) -> int:
        query = {"event_delivery.status": {"$in": list(statuses)}}
        counts = [await c.count_documents(query) for c in self.collections]
        return sum(counts)


class OutboxRelay:
    """Publishes due events; `wake()` after a write makes it go at once."""

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
        """Publish every due event; a failed one waits out its backoff while the rest go on."""
        sent = 0
        while batch := await self.outbox.claim():
            sent += await self._publish(batch)
        return sent

    async def _publish(self, batch: list[OutgoingEvent]) -> int:
        sent = 0
        for outgoing in batch:
            try:
                await self.publish(outgoing.event_type, outgoing.body)
            except Exception as error:
                backoff = min(2.0**outgoing.attempts * self.poll_seconds, self.max_backoff_seconds)
                log.warning(
                    "publishing event %s (%s) failed: %s",
                    outgoing.body["event_id"],
                    outgoing.event_type,
                    type(error).__name__,
                )
                await self.outbox.mark_failed(outgoing, repr(error), timedelta(seconds=backoff))
                continue
            await self.outbox.mark_published(outgoing)
            sent += 1
        return sent
