"""The AMQP topology of the platform, declared once.

- `forum.events`: the durable topic exchange every event goes to; routing key = event type
  (`<event type>.v<N>` for a later version N of it: events.routing_key).
- one durable quorum queue per (consuming service, routing key), named `<service>.<routing
  key>`, so a consumer has a queue per event type and version it understands; a message that is
  malformed or keeps failing is dead-lettered after `delivery_limit` deliveries, and a forged
  one at once, to `forum.dead-letter`, which routes it to the service's `<service>.dead-letter`.
"""

from faststream.rabbit import ExchangeType, QueueType, RabbitExchange, RabbitQueue

EVENTS_EXCHANGE = RabbitExchange("forum.events", type=ExchangeType.TOPIC, durable=True)
DEAD_LETTER_EXCHANGE = RabbitExchange("forum.dead-letter", type=ExchangeType.DIRECT, durable=True)


def consumer_queue(service: str, routing_key: str, delivery_limit: int) -> RabbitQueue:
    return RabbitQueue(
        f"{service}.{routing_key}",
        durable=True,
        queue_type=QueueType.QUORUM,
        routing_key=routing_key,
        arguments={
            "x-dead-letter-exchange": DEAD_LETTER_EXCHANGE.name,
            "x-dead-letter-routing-key": service,
            "x-delivery-limit": delivery_limit,
        },
    )


def dead_letter_queue(service: str) -> RabbitQueue:
    return RabbitQueue(
        f"{service}.dead-letter", durable=True, queue_type=QueueType.QUORUM, routing_key=service
    )
