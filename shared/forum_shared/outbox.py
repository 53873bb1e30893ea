"""The outbox: a document and the event it implies are written together, in one insert, and a
relay publishes the event afterwards, so a write and its event never diverge.

Each fact that others must hear of is recorded by inserting one document that carries its
event (`carrying(event)`): a contest, a participant, a scorecard revision, an announcement.
A single-document write is atomic on any MongoDB deployment, so this needs no multi-document
transaction (nor a replica set).

Delivery states (after eShop's IntegrationEventLog): pending → in_progress → published, or
→ failed, which is retried with exponential backoff until it is published. Publishing is
at-least-once: consumers deduplicate on `event_id`.

How the relay finds work with one range scan. Every state but `published` carries
`event_delivery.due_at`: when a pending event was written, when a failed one is to be retried,
when an `in_progress` lease runs out (a relay that died mid-publish). A published event has no
`due_at`. So "due" is the single range `event_delivery.due_at <= now` on one sparse index
(only unpublished events are in it), read in `due_at` order: no `$or`, no scan of the
published history.

How several relays (replicas, processes) share the work without publishing one event twice.
A relay reads the ids of a batch of due events, then leases them in one `update_many` whose
filter repeats `due_at <= now` and whose update stamps a fresh lease token and a `due_at` in
the future. Each document's match-and-update is atomic, so of two relays racing for the same
event only one update matches it; each relay then reads back the events that carry its own
token, and publishes only those. A relay that lost a whole batch simply reads the next one.

Throughput. A batch costs four database round trips whatever its size (read ids, lease, read
back, mark published with `_id: {$in: [...]}`); its events are published concurrently on one
channel with publisher confirms, so confirms are awaited together, not one after another.
Published events whose mark could not be written (the database went away after the broker
confirmed them) are kept in memory and marked before anything new is claimed, so a database
outage does not make the relay publish them again.

`event_delivery` is always `$set` whole, at the top level: the MongoDB stand-in used in tests
turns a datetime `$set` at a dotted path into a string, while real MongoDB treats both alike.
"""

import asyncio
import logging
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import ConnectionFailure

from .background import stop_if_asked, wait_for_wake_up
from .events import Event

log = logging.getLogger(__name__)

Publish = Callable[[str, dict[str, Any]], Awaitable[None]]
Collection = AsyncCollection[dict[str, Any]]
DUE_AT = "event_delivery.due_at"
LEASE = "event_delivery.lease"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    PUBLISHED = "published"
    FAILED = "failed"


def carrying(event: Event, *other_versions: Event) -> dict[str, Any]:
    """The fields that make a document carry `event`: merge them into the document inserted.

    `other_versions`: the same fact in other schema versions (same type, same `event_id`),
    published alongside while subscribers move from one version to the next; the document is
    published when every version is."""
    carried: dict[str, Any] = {"type": event.event_type, "body": event.model_dump(mode="json")}
    if other_versions:
        versions = {event.schema_version, *(other.schema_version for other in other_versions)}
        if len(versions) != 1 + len(other_versions) or any(
            (other.event_type, other.event_id) != (event.event_type, event.event_id)
            for other in other_versions
        ):
            raise ValueError("other versions must be the same event in distinct schema versions")
        carried["other_versions"] = [other.model_dump(mode="json") for other in other_versions]
    return {
        "event": carried,
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
    lease: str
    other_versions: tuple[dict[str, Any], ...] = ()

    @property
    def bodies(self) -> tuple[dict[str, Any], ...]:
        """Every version of the event to publish: the first, then the others."""
        return (self.body, *self.other_versions)


class Outbox:
    """The collections whose documents carry events."""

    def __init__(self, *collections: Collection, lease: timedelta = timedelta(seconds=60)):
        self.collections = collections
        self.lease = lease
        self._unread: list[tuple[Collection, list[Any], str]] = []

    async def ensure_indexes(self) -> None:
        for collection in self.collections:
            await collection.create_index([(DUE_AT, ASCENDING)], name="outbox_due", sparse=True)

    async def unpublished_types(self) -> set[str]:
        """The event types among the events not yet published."""
        types: set[str] = set()
        for collection in self.collections:
            types.update(await collection.distinct("event.type", {DUE_AT: {"$exists": True}}))
        return types

    async def claim(self, limit: int = 100) -> list[OutgoingEvent]:
        """Lease up to `limit` due events, oldest due first; empty only when none is due."""
        claimed: list[OutgoingEvent] = []
        for collection in self.collections:
            if len(claimed) >= limit:
                break
            try:
                claimed += await self._claim_from(collection, limit - len(claimed))
            except ConnectionFailure:
                if not claimed:
                    raise
                # What is leased already is ours to publish; the rest waits for the next claim.
                log.warning("outbox: the database went away during a claim; relaying what it took")
                break
        return claimed

    async def _claim_from(self, collection: Collection, limit: int) -> list[OutgoingEvent]:
        for unread in [claim for claim in self._unread if claim[0] is collection]:
            self._unread.remove(unread)
            if owned := await self._read_back(*unread):
                return owned
        while True:
            now = datetime.now(UTC)
            due = {DUE_AT: {"$lte": now}}
            candidates = (
                await collection.find(due, projection={"_id": 1})
                .sort(DUE_AT, ASCENDING)
                .limit(limit)
                .to_list()
            )
            if not candidates:
                return []
            ids = [candidate["_id"] for candidate in candidates]
            token = uuid.uuid4().hex
            lease = {"status": OutboxStatus.IN_PROGRESS, "due_at": now + self.lease, "lease": token}
            unread = (collection, ids, token)
            try:
                await collection.update_many(
                    {"_id": {"$in": ids}} | due, {"$set": {"event_delivery": lease}}
                )
            except BaseException:  # the lease may be written all the same: read it later
                self._unread.append(unread)
                raise
            if owned := await self._read_back(*unread):
                return owned
            # Another relay leased this whole batch between our read and our lease: read again.

    async def _read_back(
        self, collection: Collection, ids: list[Any], token: str
    ) -> list[OutgoingEvent]:
        """The events leased under `token`. A claim is remembered until it is read: if the
        database goes away between the lease and its reading (or the lease's reply is lost),
        the next claim reads them, rather than leaving them to wait out their lease."""
        try:
            owned = await collection.find(
                {"_id": {"$in": ids}, LEASE: token}, projection={"event": 1, "event_attempts": 1}
            ).to_list()
        except BaseException:
            self._unread.append((collection, ids, token))
            raise
        return [
            OutgoingEvent(
                collection,
                document["_id"],
                document["event"]["type"],
                document["event"]["body"],
                document["event_attempts"],
                token,
                tuple(document["event"].get("other_versions", ())),
            )
            for document in owned
        ]

    async def mark_published(self, batch: Iterable[OutgoingEvent]) -> None:
        """One write per collection, whoever holds the lease now: the broker has it.

        Only documents still carrying the event sent: one whose event was replaced by a newer
        one meanwhile (a contest changed twice in a row) keeps the newer one due."""
        published = {"status": OutboxStatus.PUBLISHED, "published_at": datetime.now(UTC)}
        batch = list(batch)
        sent = [str(outgoing.body["event_id"]) for outgoing in batch]
        for collection, ids in _ids_by_collection(batch).items():
            await collection.update_many(
                {"_id": {"$in": ids}, "event.body.event_id": {"$in": sent}},
                {"$set": {"event_delivery": published}},
            )

    async def mark_failed(
        self, outgoing: Sequence[OutgoingEvent], error: str, retry_in: timedelta
    ) -> None:
        """Due again after `retry_in`, unless another relay has taken the lease over meanwhile
        (its outcome is the one that counts)."""
        failed = {
            "status": OutboxStatus.FAILED,
            "due_at": datetime.now(UTC) + retry_in,
            "last_error": error,
        }
        for (collection, lease), ids in _ids_by_lease(outgoing).items():
            await collection.update_many(
                {"_id": {"$in": ids}, LEASE: lease},
                {"$set": {"event_delivery": failed}, "$inc": {"event_attempts": 1}},
            )

    async def backlog(self) -> int:
        """Events not yet confirmed by the broker: every one that still has a `due_at`."""
        counts = [await c.count_documents({DUE_AT: {"$exists": True}}) for c in self.collections]
        return sum(counts)

    async def count(self, *statuses: OutboxStatus) -> int:
        query = {"event_delivery.status": {"$in": list(statuses)}}
        counts = [await c.count_documents(query) for c in self.collections]
        return sum(counts)


def _ids_by_collection(batch: Iterable[OutgoingEvent]) -> dict[Collection, list[Any]]:
    grouped: dict[Collection, list[Any]] = defaultdict(list)
    for outgoing in batch:
        grouped[outgoing.collection].append(outgoing.document_id)
    return grouped


def _ids_by_lease(batch: Iterable[OutgoingEvent]) -> dict[tuple[Collection, str], list[Any]]:
    grouped: dict[tuple[Collection, str], list[Any]] = defaultdict(list)
    for outgoing in batch:
        grouped[(outgoing.collection, outgoing.lease)].append(outgoing.document_id)
    return grouped


class OutboxRelay:
    """Publishes due events in batches; `wake()` after a write makes it go at once."""

    def __init__(
        self,
        outbox: Outbox,
        publish: Publish,
        poll_seconds: float = 1.0,
        max_backoff_seconds: float = 30.0,
        batch_size: int = 500,
    ):
        self.outbox = outbox
        self.publish = publish
        self.poll_seconds = poll_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self.batch_size = batch_size
        self.published = 0  # events confirmed by the broker, since start (a metric)
        self._wake = asyncio.Event()
        self._unmarked: list[OutgoingEvent] = []

    def wake(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        """Until cancelled, however the cancellation arrives (`background`)."""
        while True:
            try:
                await self.relay_due()
            except ConnectionFailure as error:
                log.warning("outbox relay: the database is unavailable (%s); will try again", error)
            except Exception:
                log.exception("outbox relay pass failed; will try again")
            stop_if_asked()
            await wait_for_wake_up(self._wake, self.poll_seconds)

    async def relay_due(self) -> int:
        """Publish every due event; a failed one waits out its backoff while the rest go on."""
        await self._mark_published()
        sent = 0
        batch = await self.outbox.claim(self.batch_size)
        while batch:
            # The next batch is claimed while this one's confirms are awaited.
            publishing = asyncio.create_task(self._publish(batch))
            try:
                batch = await self.outbox.claim(self.batch_size)
            finally:
                sent += await publishing
        return sent

    async def _publish(self, batch: list[OutgoingEvent]) -> int:
        outcomes = await asyncio.gather(
            *(self._publish_versions(outgoing) for outgoing in batch), return_exceptions=True
        )
        # Failures grouped by what is written back (same attempt, same error): one write each.
        failures: dict[tuple[int, str], list[OutgoingEvent]] = defaultdict(list)
        kinds: dict[tuple[int, str], str] = {}
        for outgoing, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                group = (outgoing.attempts, repr(outcome))
                failures[group].append(outgoing)
                kinds[group] = type(outcome).__name__
            else:
                self._unmarked.append(outgoing)
        sent = len(batch) - sum(len(failed) for failed in failures.values())
        self.published += sent
        try:
            for (attempts, error), failed in failures.items():
                backoff = min(2.0**attempts * self.poll_seconds, self.max_backoff_seconds)
                log.warning(  # the error's type only: its text may quote the message's body
                    "publishing %d %s event(s) failed (attempt %d): %s",
                    len(failed),
                    failed[0].event_type,
                    attempts + 1,
                    kinds[(attempts, error)],
                )
                await self.outbox.mark_failed(failed, error, timedelta(seconds=backoff))
            await self._mark_published()
        except ConnectionFailure as outage:
            # Never raised from here: the next batch may be claimed meanwhile, and must not be
            # dropped. The published ones are marked at the next pass; a failure not recorded
            # is tried again once its lease runs out.
            log.warning("outbox relay: could not record a batch's outcome (%s)", outage)
        return sent

    async def _publish_versions(self, outgoing: OutgoingEvent) -> None:
        await asyncio.gather(*(self.publish(outgoing.event_type, b) for b in outgoing.bodies))

    async def _mark_published(self) -> None:
        """Record what the broker confirmed; kept for the next pass if the database is away."""
        if self._unmarked:
            await self.outbox.mark_published(self._unmarked)
            self._unmarked = []
