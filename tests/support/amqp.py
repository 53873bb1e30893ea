"""Tidying a test run's virtual host between tests: the services' durable queues outlive them."""

from collections.abc import AsyncIterator

import aio_pika
import pytest

from forum_shared.events import ALL_EVENTS

CONSUMING_SERVICES = ("registration", "judging", "notifications")


def service_queue_names() -> list[str]:
    names = [f"{svc}.{event.routing_key}" for svc in CONSUMING_SERVICES for event in ALL_EVENTS]
    return names + [f"{svc}.dead-letter" for svc in CONSUMING_SERVICES]


async def delete_service_queues(url: str) -> None:
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        for name in service_queue_names():
            await channel.queue_delete(name)


@pytest.fixture(autouse=True)
async def fresh_queues(rabbitmq_url: str) -> AsyncIterator[None]:
    """No test sees messages another test left in a service's durable queue (import this
    fixture into the conftest of the tests that use the broker)."""
    yield
    await delete_service_queues(rabbitmq_url)
