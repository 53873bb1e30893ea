"""MongoDB connection through PyMongo's own async client (Motor is deprecated)."""

from datetime import UTC, datetime
from typing import Any

from pymongo import AsyncMongoClient


def connect(url: str) -> AsyncMongoClient[dict[str, Any]]:
    """A client that returns timezone-aware datetimes; it connects lazily, on first use."""
    return AsyncMongoClient(url, tz_aware=True, serverSelectionTimeoutMS=5000)


async def ping(client: AsyncMongoClient[dict[str, Any]]) -> bool:
    await client.admin.command("ping")
    return True


def now_to_the_millisecond() -> datetime:
    """Now, at the precision MongoDB stores: what is answered equals what is read back later."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)
