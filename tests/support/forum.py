"""Talking to the platform's exchange as another service would, and waiting for what follows."""

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import aio_pika

from forum_shared.events import Event

T = TypeVar("T")


class ForumEvents:
    """Publishes to `forum.events` as a producing service does: persistent, by event type."""

    def __init__(self, url: str):
        self.url = url

    async def __aenter__(self) -> "ForumEvents":
        self.connection = await aio_pika.connect(self.url)
        self.channel = await self.connection.channel()
        self.exchange = await self.channel.declare_exchange(
            "forum.events", aio_pika.ExchangeType.TOPIC, durable=True
        )
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.connection.close()

    async def publish(self, *events: Event) -> None:
        for event in events:
            await self.publish_raw(event.event_type, event.model_dump_json().encode())

    async def publish_raw(self, routing_key: str, body: bytes) -> None:
        message = aio_pika.Message(
            body, content_type="application/json", delivery_mode=aio_pika.DeliveryMode.PERSISTENT
        )
        await self.exchange.publish(message, routing_key=routing_key, mandatory=True)

    async def dead_letters(self, service: str) -> list[bytes]:
        """Takes every message from the service's dead-letter queue."""
        queue = await self.channel.get_queue(f"{service}.dead-letter", ensure=False)
        bodies = []
        while message := await queue.get(no_ack=True, fail=False):
            bodies.append(message.body)
        return bodies


async def eventually(check: Callable[[], T | Awaitable[T]], timeout: float = 10.0) -> T:
    """`check()`'s first truthy result; the last falsy one fails the test after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if inspect.isawaitable(result):
            result = await result
        if result or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.05)
    assert result, f"still {result!r} after {timeout} s"
    return result
