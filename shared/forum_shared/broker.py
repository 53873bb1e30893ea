"""The RabbitMQ broker every service uses, and the one way events are published."""

import logging
from collections.abc import Iterable
from typing import Any

from faststream.rabbit import Channel, RabbitBroker
from faststream.rabbit.prometheus import RabbitPrometheusMiddleware
from faststream.rabbit.publisher import RabbitPublisher
from prometheus_client import CollectorRegistry

from .events import Event
from .logs import BrokerLog
from .topology import DEAD_LETTER_EXCHANGE, EVENTS_EXCHANGE, dead_letter_queue

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

    One FastStream publisher per event type, so that each appears in the AsyncAPI document
    with its schema.
    """

    def __init__(self, broker: RabbitBroker, events: Iterable[type[Event]]):
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
        return frozenset(self._publishers)

    async def __call__(self, event_type: str, body: dict[str, Any]) -> None:
        publisher = self._publishers.get(event_type)
        if publisher is None:
            raise NoPublisher(event_type)
        await publisher.publish(
            body,
            message_id=str(body["event_id"]),
            correlation_id=str(body["correlation_id"]),
            message_type=event_type,
            timeout=PUBLISH_TIMEOUT_SECONDS,
        )


async def declare_dead_letter_queue(broker: RabbitBroker, service: str) -> None:
    exchange = await broker.declare_exchange(DEAD_LETTER_EXCHANGE)
    queue = await broker.declare_queue(dead_letter_queue(service))
    await queue.bind(exchange, routing_key=service)
