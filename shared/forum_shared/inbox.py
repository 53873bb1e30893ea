"""The idempotent-consumer helper: an event's effects are applied once, whatever the redeliveries.

Effects must be idempotent writes keyed by ids the event carries (an upsert by participant id,
an insert whose `_id` derives from `event_id`), so that applying them twice changes nothing.
The marker, written after them, lets a redelivery skip the work; a crash between the effects
and the marker only means they are applied, harmlessly, once more. The message is acked only
after both (FastStream acks when the handler returns); a handler that raises is redelivered.

A database outage is waited out, not redelivered. Each redelivery counts towards the queue's
`x-delivery-limit`, after which the message is dead-lettered: that limit is for messages that
cannot be processed (a poison message, a bug), and a database restart would burn it within
seconds, since a nacked message comes straight back. So while the database is unreachable
(`ConnectionFailure`: no server, connection lost, no primary) the handler keeps its message
and tries again with backoff — it is safe, the effects are idempotent — for up to `patience`;
the consumer's prefetch bounds how many messages wait so. Only an outage longer than that (or
any other error) lets the message be nacked and redelivered. `patience` stays well below
RabbitMQ's `consumer_timeout` (30 minutes by default), which would close the channel.
"""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import ConnectionFailure, DuplicateKeyError

log = logging.getLogger(__name__)

FIRST_PAUSE_SECONDS = 0.5
LONGEST_PAUSE_SECONDS = 5.0


class Inbox:
    def __init__(self, db: AsyncDatabase[dict[str, Any]], patience_seconds: float = 300.0):
        self.collection = db["processed_events"]
        self.patience_seconds = patience_seconds

    async def ensure_indexes(self) -> None:
        await self.collection.create_index("at")

    async def handle_once(
        self, event_id: UUID, event_type: str, apply: Callable[[], Awaitable[None]]
    ) -> bool:
        """Apply the event's effects unless a delivery already did; True if applied now."""
        give_up_at = time.monotonic() + self.patience_seconds
        pause = FIRST_PAUSE_SECONDS
        while True:
            try:
                return await self._handle_once(event_id, event_type, apply)
            except ConnectionFailure as outage:
                if time.monotonic() + pause > give_up_at:
                    raise
                log.warning(
                    "event %s (%s) waits for the database (%s): trying again in %.1f s",
                    event_id,
                    event_type,
                    type(outage).__name__,
                    pause,
                )
                await asyncio.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE_SECONDS)

    async def _handle_once(
        self, event_id: UUID, event_type: str, apply: Callable[[], Awaitable[None]]
    ) -> bool:
        if await self.collection.find_one({"_id": str(event_id)}, projection={"_id": 1}):
            return False
        await apply()
        try:
            await self.collection.insert_one(
                {"_id": str(event_id), "event_type": event_type, "at": datetime.now(UTC)}
            )
        except DuplicateKeyError:
            return False  # a concurrent delivery of the same event finished first
        return True
