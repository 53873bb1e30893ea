"""The AMQP topology of the platform, declared once.

- `forum.events`: the durable topic exchange every event goes to; routing key = event type.
- one durable quorum queue per (consuming service, event type), named `<service>.<event type>`;
  a message that is malformed or keeps failing is dead-lettered after `delivery_limit`
  deliveries to `forum.dead-letter`, which routes it to the service's `<service>.dead-letter`.
"""

from faststream.rabbit import ExchangeType, QueueType, RabbitExchange, RabbitQueue

EVENTS_EXCHANGE = RabbitExchange("forum.events", type=ExchangeType.TOPIC, durable=True)
DEAD_LETTER_EXCHANGE = RabbitExchange("forum.dead-letter", type=ExchangeType.DIRECT, durable=True)


def consumer_queue(service: str, event_type: str, delivery_limit: int) -> RabbitQueue:
    return RabbitQueue(
        f"{service}.{event_type}",
        durable=True,
        queue_type=QueueType.QUORUM,
        routing_key=event_type,
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
