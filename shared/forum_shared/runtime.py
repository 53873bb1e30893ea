"""What every service runs on: its MongoDB database, its broker, its outbox relay, its metrics.

Nothing connects at import or construction; `start()` and `stop()` are called from the
service's lifespan.
"""

import asyncio
import contextlib
from collections.abc import Iterable
from typing import Any

from faststream import AckPolicy
from faststream.rabbit import Channel, RabbitBroker
from faststream.rabbit.subscriber import RabbitSubscriber
from faststream.specification import AsyncAPI
from prometheus_client import CollectorRegistry, Gauge
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from .audit import AuditTrail
from .broker import (
    Authenticity,
    EventPublisher,
    NoPublisher,
    declare_dead_letter_queue,
    make_broker,
)
from .broker_access import user_of
from .events import Event, OrganizerAdded, OrganizerRevoked
from .health import Check
from .idempotency import IdempotencyKeys
from .inbox import Inbox
from .mongo import connect, ping
from .organizers import ORGANIZERS, OrganizerCredentials, OrganizerReplica
from .outbox import Outbox, OutboxRelay
from .settings import ServiceSettings, broker_user
from .topology import EVENTS_EXCHANGE, consumer_queue, dead_letter_queue


class Runtime:
    def __init__(
        self,
        service: str,
        settings: ServiceSettings,
        publishes: Iterable[type[Event]] = (),
        outbox_collections: Iterable[str] = (),
    ):
        """`outbox_collections`: where the service's documents carry the events it publishes.

        A service that publishes must log in to the broker as its own user
        (`<BROKER_USER_PREFIX><service>`): consumers take its events from no one else."""
        publishes = tuple(publishes)
        user = broker_user(settings.rabbitmq_url)[0]
        own_user = user_of(service, settings.broker_user_prefix)
        if publishes and user != own_user:
            raise ValueError(
                f"{service} logs in to the broker as {user!r}, but consumers take its events "
                f"only from {own_user!r}: give RABBITMQ_URL that user (forum_shared.broker_access)"
            )
        self.service = service
        self.settings = settings
        self.registry = CollectorRegistry()
        self.authenticity = Authenticity(settings.broker_user_prefix, self.registry)
        self.client: AsyncMongoClient[dict[str, Any]] = connect(settings.mongodb_url)
        self.db: AsyncDatabase[dict[str, Any]] = self.client[settings.mongodb_database]
        self.broker: RabbitBroker = make_broker(settings.rabbitmq_url, service, self.registry)
        self.outbox = Outbox(*(self.db[name] for name in outbox_collections))
        self.inbox = Inbox(self.db, settings.consumer_outage_patience_seconds)
        self.audit = AuditTrail(self.db)
        self.idempotency_keys = IdempotencyKeys(self.db)
        self.organizer_credentials = OrganizerCredentials(settings, self.db[ORGANIZERS])
        self.publisher = EventPublisher(self.broker, publishes, user_id=user)
        self.relay = OutboxRelay(
            self.outbox,
            self.publisher,
            poll_seconds=settings.outbox_poll_seconds,
            max_backoff_seconds=settings.outbox_max_backoff_seconds,
            batch_size=settings.outbox_batch_size,
        )
        self._relay_task: asyncio.Task[None] | None = None
        self._outbox_backlog = Gauge(
            "outbox_unpublished_events",
            "Events stored but not yet confirmed by the broker",
            registry=self.registry,
        )
        self.registry.register(RelayCollector(self.relay))
        self._dead_letters = Gauge(
            "dead_letter_messages",
            "Messages this service could not process, waiting in its dead-letter queue",
            registry=self.registry,
        )

    def subscriber(self, event: type[Event]) -> RabbitSubscriber:
        """Consume `event` (its type, in its version) from this service's own durable queue.

        Only what `event`'s owner published reaches the handler (`Authenticity`): a forged
        message is rejected, so dead-lettered, and counted. A handler that raises is nacked and
        redelivered; after `consumer_delivery_limit` deliveries (a poison message, a lasting
        failure) the queue dead-letters it. Handlers ack by returning, so only after their own
        write is committed.
        """
        return self.broker.subscriber(
            consumer_queue(self.service, event.routing_key, self.settings.consumer_delivery_limit),
            EVENTS_EXCHANGE,
            ack_policy=AckPolicy.NACK_ON_ERROR,
            channel=consumer_channel(self.settings.consumer_prefetch),
            parser=self.authenticity.parser(event),
            title=f"{self.service}.{event.routing_key}",
        )

    def follow_organizers(self) -> None:
        """Keep the replica of the organizers (`organizer.added`, `organizer.revoked`) that the
        credential check reads, in a service that does not own them."""
        replica = OrganizerReplica(self.db[ORGANIZERS])

        async def added(event: OrganizerAdded) -> None:
            await self.inbox.handle_once(
                event.event_id, event.event_type, lambda: replica.learn_added(event)
            )

        async def revoked(event: OrganizerRevoked) -> None:
            await self.inbox.handle_once(
                event.event_id, event.event_type, lambda: replica.learn_revoked(event)
            )

        self.subscriber(OrganizerAdded)(added)
        self.subscriber(OrganizerRevoked)(revoked)

    async def start(self) -> None:
        """Refuses to start (`NoPublisher`) while the outbox holds events of a type this service
        has no publisher for: the relay could never publish them, and would retry forever."""
        await self.outbox.ensure_indexes()
        await self.inbox.ensure_indexes()
        await self.audit.ensure_indexes()
        await self.idempotency_keys.ensure_indexes()
        stranded = await self.outbox.unpublished_types() - self.publisher.event_types
        if stranded:
            raise NoPublisher(*stranded)
        await self.broker.start()
        if self.broker.subscribers:
            await declare_dead_letter_queue(self.broker, self.service)
        self._relay_task = asyncio.create_task(self.relay.run(), name=f"{self.service}-outbox")

    async def stop(self) -> None:
        if self._relay_task is not None:
            self._relay_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._relay_task
        await self.broker.stop()
        await self.client.close()

    async def broker_ready(self) -> bool:
        """Connected, and every consumer attached (faststream#2758: a reconnect can lose one)."""
        if not await self.broker.ping(timeout=2.0):
            return False
        return all(subscriber.running for subscriber in self.broker.subscribers)

    async def database_ready(self) -> bool:
        return await ping(self.client)

    async def refresh_metrics(self) -> None:
        """Gauges read from the database and the broker, at each scrape."""
        self._outbox_backlog.set(await self.outbox.backlog())
        if self.broker.subscribers:
            queue = await self.broker.declare_queue(dead_letter_queue(self.service))
            declared = await queue.declare()  # again: the broker object caches its first answer
            self._dead_letters.set(declared.message_count or 0)

    @property
    def checks(self) -> dict[str, Check]:
        return {"broker": self.broker_ready, "database": self.database_ready}

    def asyncapi(self, title: str, description: str) -> dict[str, Any]:
        spec = AsyncAPI(self.broker, title=title, version="1.0.0", description=description)
        return spec.to_specification().to_jsonable()


def consumer_channel(prefetch: int) -> Channel:
    """A consumer's channel, which must raise on a returned (unroutable) message too.

    FastStream caches the `forum.events` exchange object of the channel that declared it first
    — a subscriber's, when the service consumes — and publishes through it. Without this, a
    service that both consumes and publishes would take an event no queue was bound for as
    published (the broker returns it, nobody raises), and it would be lost."""
    return Channel(prefetch_count=prefetch, on_return_raises=True)


class RelayCollector(Collector):
    """`outbox_published_events_total`: what this process's relay has published, so that
    replicas sharing one outbox each show their part of the work."""

    def __init__(self, relay: OutboxRelay):
        self.relay = relay

    def collect(self) -> Iterable[CounterMetricFamily]:
        yield CounterMetricFamily(
            "outbox_published_events",
            "Events this process's outbox relay published (confirmed by the broker)",
            value=self.relay.published,
        )
