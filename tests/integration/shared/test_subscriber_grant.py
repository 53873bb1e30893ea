"""Another team's read-only subscriber, on the real broker: it binds the public events by name,
and neither an organizer event (they carry credentials' hashes) nor a wildcard that would
deliver them. RabbitMQ checks a topic read permission against the binding key."""

import json
import secrets
import subprocess
from collections.abc import Iterator
from urllib.parse import quote, urlsplit, urlunsplit

import aio_pika
import pytest
from aiormq.exceptions import ChannelAccessRefused

from forum_shared.broker_access import password_hash, subscriber_grant
from support.servers import BrokerForTests


@pytest.fixture
def subscriber_url(broker: BrokerForTests) -> Iterator[str]:
    """A user `<prefix>city-portal` with `subscriber_grant`'s permissions in the run's vhost."""
    name = f"{broker.user_prefix}city-portal"
    password = secrets.token_urlsafe(16)
    parts = urlsplit(broker.url)
    vhost = parts.path.lstrip("/")
    grant = subscriber_grant(name)
    body = {
        "users": [
            {
                "name": name,
                "password_hash": password_hash(password),
                "hashing_algorithm": "rabbit_password_hashing_sha256",
                "tags": [],
            }
        ],
        "permissions": [
            {
                "user": name,
                "vhost": vhost,
                "configure": grant.configure,
                "write": grant.write,
                "read": grant.read,
            }
        ],
        "topic_permissions": [
            {
                "user": name,
                "vhost": vhost,
                "exchange": "forum.events",
                "write": grant.topic_write,
                "read": grant.topic_read,
            }
        ],
    }
    ctl = ["rabbitmqctl", "-q"]
    subprocess.run(
        [*ctl, "import_definitions"], input=json.dumps(body).encode(), check=True, timeout=120
    )
    netloc = f"{quote(name, safe='')}:{quote(password, safe='')}@{parts.hostname}"
    netloc += f":{parts.port}" if parts.port else ""
    try:
        yield urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    finally:
        subprocess.run([*ctl, "delete_user", name], capture_output=True, timeout=120)


async def test_a_subscriber_binds_public_events_but_no_organizer_event_nor_a_wildcard(
    broker: BrokerForTests, subscriber_url: str
) -> None:
    name = f"{broker.user_prefix}city-portal"
    connection = await aio_pika.connect(subscriber_url)
    async with connection:
        for key, allowed in (
            ("winners.announced", True),
            ("winners.announced.v2", True),
            ("organizer.added", False),
            ("organizer.revoked", False),
            ("organizer.*", False),
            ("#", False),
        ):
            channel = await connection.channel()  # a refusal closes its channel
            exchange = await channel.declare_exchange(
                "forum.events", aio_pika.ExchangeType.TOPIC, durable=True, passive=True
            )
            queue = await channel.declare_queue(f"{name}.q", auto_delete=True)
            if allowed:
                await queue.bind(exchange, routing_key=key)
                await channel.close()
            else:
                with pytest.raises(ChannelAccessRefused):
                    await queue.bind(exchange, routing_key=key)
