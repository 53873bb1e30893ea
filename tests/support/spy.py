"""A subscriber of our own, bound to `forum.events` the way another team's service would be."""

import asyncio
import json
import uuid
from collections.abc import Iterable
from typing import Any, Self

import aio_pika

EVENTS_EXCHANGE = "forum.events"


class EventSpy:
    """`durable=True` gives it a durable queue that outlives a broker restart, as a real
    subscriber's would; otherwise its queue is exclusive and goes with its connection."""

    def __init__(self, url: str, routing_keys: Iterable[str], durable: bool = False):
        self.url = url
        self.routing_keys = list(routing_keys)
        self.durable = durable
        self.received: list[dict[str, Any]] = []
        self._arrived = asyncio.Condition()

    async def __aenter__(self) -> Self:
        self.connection = await aio_pika.connect_robust(self.url)
        channel = await self.connection.channel()
        exchange = await channel.declare_exchange(
            EVENTS_EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True
        )
        if self.durable:
            name = f"spy.{uuid.uuid4().hex[:8]}"
            self.queue = await channel.declare_queue(name, durable=True)
        else:
            self.queue = await channel.declare_queue(exclusive=True)
        for key in self.routing_keys:
            await self.queue.bind(exchange, routing_key=key)
        await self.queue.consume(self._on_message)
        return self

    async def __aexit__(self, *_: object) -> None:
        if self.durable:
            await self.queue.delete(if_unused=False, if_empty=False)
        await self.connection.close()

    async def _on_message(self, message: aio_pika.abc.AbstractIncomingMessage) -> None:
        async with message.process():
            body = json.loads(message.body)
            body["_delivery"] = {
                "routing_key": message.routing_key,
                "persistent": message.delivery_mode == aio_pika.DeliveryMode.PERSISTENT,
                "message_id": message.message_id,
            }
            async with self._arrived:
                self.received.append(body)
                self._arrived.notify_all()

    def of_type(self, event_type: str) -> list[dict[str, Any]]:
        return [event for event in self.received if event["event_type"] == event_type]

    async def wait_for(self, event_type: str, count: int, timeout: float = 15.0) -> list[dict]:
        async with self._arrived:
            await asyncio.wait_for(
                self._arrived.wait_for(lambda: len(self.of_type(event_type)) >= count), timeout
            )
        return self.of_type(event_type)

    async def settle(self, seconds: float = 1.0) -> None:
        """Let anything still in flight arrive, before asserting that nothing more came."""
        await asyncio.sleep(seconds)
