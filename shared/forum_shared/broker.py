"""The RabbitMQ broker every service uses, and the one way events are published."""

import json
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from aio_pika import IncomingMessage
from faststream.exceptions import RejectMessage
from faststream.message import StreamMessage
from faststream.rabbit import Channel, RabbitBroker
from faststream.rabbit.prometheus import RabbitPrometheusMiddleware
from faststream.rabbit.publisher import RabbitPublisher
from prometheus_client import CollectorRegistry, Counter

from .broker_access import user_of
from .events import Event, routing_key
from .logs import BrokerLog
from .topology import DEAD_LETTER_EXCHANGE, EVENTS_EXCHANGE, dead_letter_queue

log = logging.getLogger(__name__)

PUBLISH_TIMEOUT_SECONDS = 10.0


def make_broker(url: str, service: str, registry: CollectorRegistry) -> RabbitBroker:
    """Publisher confirms are on; an unroutable message raises instead of vanishing.

    FastStream logs through `BrokerLog` (the service's JSON logs, briefly): "received" and
    "processed" at DEBUG, a handler's failure once per delivery at ERROR."""
    return RabbitBroker(
        url,
        app_id=service,
        logger=BrokerLog(logging.getLogger(f"{service}.broker")),
        default_channel=Channel(on_return_raises=True),
        middlewares=[RabbitPrometheusMiddleware(registry=registry, app_name=service)],
        log_level=logging.DEBUG,
        graceful_timeout=10.0,
    )


class NoPublisher(LookupError):
    """An event type the service stores but was given no publisher for (`publishes`)."""

    def __init__(self, *event_types: str) -> None:
        super().__init__(
            f"no publisher for event type(s) {', '.join(sorted(event_types))}: "
            "add them to the service's Runtime(publishes=...)"
        )
        self.event_types = event_types


class EventPublisher:
    """Publishes stored events: persistent, mandatory, confirmed; raises if not taken.

    One FastStream publisher per event type and version (its routing key), so that each
    appears in the AsyncAPI document with its schema. Every message carries `user_id`, the
    broker user the service logs in as: RabbitMQ refuses a message whose `user_id` is not the
    connection's user, so consumers can trust it (`Authenticity`).
    """

    def __init__(
        self, broker: RabbitBroker, events: Iterable[type[Event]], user_id: str | None = None
    ):
        events = tuple(events)
        self.user_id = user_id
        self._event_types = frozenset(event.model_fields["event_type"].default for event in events)
        self._publishers: dict[str, RabbitPublisher] = {
            event.routing_key: broker.publisher(
                exchange=EVENTS_EXCHANGE,
                routing_key=event.routing_key,
                persist=True,
                mandatory=True,
                schema=event,
                title=event.routing_key,
                description=event.__doc__,
            )
            for event in events
        }

    @property
    def event_types(self) -> frozenset[str]:
        """The event types it publishes (in one version or more)."""
        return self._event_types

    async def __call__(self, event_type: str, body: dict[str, Any]) -> None:
        """Publishes `body` under its type's routing key for its `schema_version`."""
        key = routing_key(event_type, int(body.get("schema_version", 1)))
        publisher = self._publishers.get(key)
        if publisher is None:
            raise NoPublisher(key)
        await publisher.publish(
            body,
            message_id=str(body["event_id"]),
            correlation_id=str(body["correlation_id"]),
            message_type=event_type,
            user_id=self.user_id,
            timeout=PUBLISH_TIMEOUT_SECONDS,
        )


Parse = Callable[[IncomingMessage], Awaitable[StreamMessage[IncomingMessage]]]


class Authenticity:
    """A consumer takes an event type only from its owner: the message's `user_id` (which
    RabbitMQ has checked against the publishing connection) must be the owner's broker user,
    and the body's `producer` the owner. Anything else is forged: it is rejected at once (its
    queue dead-letters it), counted in `forged_events_total{event_type}` and never reaches the
    handler. Broker user names are not personal data; the body is never logged."""

    def __init__(self, user_prefix: str, registry: CollectorRegistry):
        self.user_prefix = user_prefix
        self.forged = Counter(
            "forged_events",
            "Events refused because their publisher does not own their type",
            ["event_type"],
            registry=registry,
        )

    def parser(self, event: type[Event]) -> Callable[[IncomingMessage, Parse], Awaitable[Any]]:
        """A FastStream parser for `event`'s subscriber: refuses what its owner did not send."""
        owner_user = user_of(event.owner, self.user_prefix)
        self.forged.labels(event.routing_key)  # shown at 0 before anything is forged

        async def authentic_only(message: IncomingMessage, parse: Parse) -> Any:
            if problem := self.problem(message, event, owner_user):
                self.forged.labels(event.routing_key).inc()
                log.warning(
                    "refused a forged %s (message %s): %s",
                    event.routing_key,
                    (message.message_id or "-")[:64],
                    problem,
                )
                raise RejectMessage()
            return await parse(message)

        return authentic_only

    @staticmethod
    def problem(message: IncomingMessage, event: type[Event], owner_user: str) -> str | None:
        if message.user_id != owner_user:
            sender = "no user_id" if message.user_id is None else f"user_id {message.user_id!r:.64}"
            return f"published with {sender}, not its owner's {owner_user!r}"
        try:
            body = json.loads(message.body)
        except ValueError:
            return None  # the owner's own malformed message: a poison message, not a forgery
        if isinstance(body, dict) and body.get("producer") != event.owner:
            return f"its body does not name {event.owner!r} as its producer"
        return None


async def declare_dead_letter_queue(broker: RabbitBroker, service: str) -> None:
    exchange = await broker.declare_exchange(DEAD_LETTER_EXCHANGE)
    queue = await broker.declare_queue(dead_letter_queue(service))
    await queue.bind(exchange, routing_key=service)
