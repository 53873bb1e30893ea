"""MongoDB connection and transactions through PyMongo's own async client (Motor is deprecated)."""

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pymongo import AsyncMongoClient
from pymongo.asynchronous.client_session import AsyncClientSession

Session = AsyncClientSession
T = TypeVar("T")


def connect(url: str) -> AsyncMongoClient[dict[str, Any]]:
    """A client that returns timezone-aware datetimes; it connects lazily, on first use."""
    return AsyncMongoClient(url, tz_aware=True, serverSelectionTimeoutMS=5000)


async def in_transaction(
    client: AsyncMongoClient[dict[str, Any]], work: Callable[[Session], Awaitable[T]]
) -> T:
    """Run `work` in one multi-document transaction (a replica set in real MongoDB).

    `with_transaction` retries the whole unit on transient errors and commit conflicts.
    """
    async with client.start_session() as session:
        return await session.with_transaction(work)


async def ping(client: AsyncMongoClient[dict[str, Any]]) -> bool:
    await client.admin.command("ping")
    return True
