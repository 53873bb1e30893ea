"""The idempotent-consumer helper: an event's effects are applied once, whatever the redeliveries.

Effects must be idempotent writes keyed by ids the event carries (an upsert by participant id,
an insert whose `_id` derives from `event_id`), so that applying them twice changes nothing.
The marker, written after them, lets a redelivery skip the work; a crash between the effects
and the marker only means they are applied, harmlessly, once more. The message is acked only
after both (FastStream acks when the handler returns); a handler that raises is redelivered.
"""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError


class Inbox:
    def __init__(self, db: AsyncDatabase[dict[str, Any]]):
        self.collection = db["processed_events"]

    async def ensure_indexes(self) -> None:
        await self.collection.create_index("at")

    async def handle_once(
        self, event_id: UUID, event_type: str, apply: Callable[[], Awaitable[None]]
    ) -> bool:
        """Apply the event's effects unless a delivery already did; True if applied now."""
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
