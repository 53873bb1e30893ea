from collections.abc import AsyncIterator

import pytest

from support.amqp import delete_service_queues


@pytest.fixture(autouse=True)
async def fresh_queues(rabbitmq_url: str) -> AsyncIterator[None]:
    """No test sees messages another test left in a service's durable queue."""
    yield
    await delete_service_queues(rabbitmq_url)
