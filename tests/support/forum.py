"""Talking to the platform's exchange as another service would, and waiting for what follows."""

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import aio_pika

from forum_shared.events import ALL_EVENTS, Event
from support.servers import BrokerForTests

T = TypeVar("T")
OWNERS = {event.routing_key: event.owner for event in ALL_EVENTS}
ADMIN = "admin"


class ForumEvents:
    """Publishes to `forum.events` as a producing service does: persistent, by routing key,
    logged in as the event type's owner with its `user_id`. `as_user` publishes as another
    service's user, or as the virtual host's administrator (`ADMIN`, no `user_id`): a forgery."""

    def __init__(self, broker: BrokerForTests):
        self.broker = broker
        self._connections: dict[str, aio_pika.abc.AbstractConnection] = {}
        self._channels: dict[str, aio_pika.abc.AbstractChannel] = {}

    async def __aenter__(self) -> "ForumEvents":
        self.channel = await self._channel(ADMIN)
        await self.channel.declare_exchange(
            "forum.events", aio_pika.ExchangeType.TOPIC, durable=True
        )
        return self

    async def __aexit__(self, *_: object) -> None:
        for connection in self._connections.values():
            await connection.close()

    async def _channel(self, user: str) -> aio_pika.abc.AbstractChannel:
        if user not in self._connections:
            url = self.broker.url if user == ADMIN else self.broker.url_for(user)
            self._connections[user] = await aio_pika.connect(url)
        channel = self._channels.get(user)
        if channel is None or channel.is_closed:  # a refused publish closes its channel
            channel = self._channels[user] = await self._connections[user].channel()
        return channel

    async def publish(self, *events: Event, as_user: str | None = None) -> None:
        for event in events:
            await self.publish_raw(
                event.routing_key, event.model_dump_json().encode(), as_user=as_user
            )

    async def publish_raw(self, routing_key: str, body: bytes, as_user: str | None = None) -> None:
        """As `as_user` (a service, or `ADMIN`), by default as the owner of `routing_key`."""
        user = as_user or OWNERS.get(routing_key, ADMIN)
        message = aio_pika.Message(
            body,
            content_type="application/json",
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            user_id=None if user == ADMIN else self.broker.user(user),
        )
        channel = await self._channel(user)
        exchange = await channel.get_exchange("forum.events", ensure=False)
        await exchange.publish(message, routing_key=routing_key, mandatory=True)

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
