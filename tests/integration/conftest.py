from collections.abc import AsyncIterator

import pytest

from support.amqp import fresh_queues  # noqa: F401 (an autouse fixture)
from support.forum import ForumEvents
from support.servers import BrokerForTests


@pytest.fixture
async def forum(broker: BrokerForTests) -> AsyncIterator[ForumEvents]:
    """Publishes to `forum.events` as a producing service does, as its broker user."""
    async with ForumEvents(broker) as events:
        yield events
