from collections.abc import AsyncIterator

import pytest

from support.amqp import fresh_queues  # noqa: F401 (an autouse fixture)
from support.forum import ForumEvents


@pytest.fixture
async def forum(rabbitmq_url: str) -> AsyncIterator[ForumEvents]:
    """Publishes to `forum.events` as a producing service does."""
    async with ForumEvents(rabbitmq_url) as events:
        yield events
