"""Tidying a test run's virtual host between tests: the services' durable queues outlive them."""

import aio_pika

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
