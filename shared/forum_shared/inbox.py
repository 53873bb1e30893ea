"""The idempotent-consumer helper: an event's effects are applied once, whatever the redeliveries.

The consumer's own writes and a marker keyed by `event_id` are committed in one transaction;
a second delivery finds the marker and does nothing. The message is acked only after the
commit (FastStream acks when the handler returns). Two deliveries racing each other collide on
the marker's key: one commits, the other raises and is redelivered, then finds the marker.
"""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from .mongo import Session, in_transaction


class Inbox:
    def __init__(self, client: AsyncMongoClient[dict[str, Any]], db: AsyncDatabase[dict[str, Any]]):
        self.client = client
        self.collection = db["processed_events"]

    async def ensure_collection(self) -> None:
        await self.collection.create_index("at")

    async def handle_once(
        self, event_id: UUID, event_type: str, apply: Callable[[Session], Awaitable[None]]
    ) -> bool:
        """Apply the event's effects unless they were already applied; True if applied now."""

        async def work(session: Session) -> bool:
            if await self.collection.find_one({"_id": str(event_id)}, session=session):
                return False
            await self.collection.insert_one(
                {"_id": str(event_id), "event_type": event_type, "at": datetime.now(UTC)},
                session=session,
            )
            await apply(session)
            return True

        return await in_transaction(self.client, work)
