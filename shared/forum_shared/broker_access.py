"""Who may do what on the broker: each service logs in as a user of its own, and may write on
`forum.events` only the routing keys of the event types it owns.

- A service's broker user is `<prefix><service>` (`BROKER_USER_PREFIX`, default `forum-`):
  `forum-registration`, `forum-judging`, `forum-notifications`.
- Its permissions in the virtual host: configure and read on the two exchanges and on its own
  queues (`<service>.*`); write on its own queues, on `forum.dead-letter` (RabbitMQ asks for it
  to declare a queue that dead-letters there) and, only if it publishes, on `forum.events`.
- Its topic permissions on `forum.events`: write only the routing keys of the event types it
  owns (`events.Event.owner`), in any version (`winners.announced`, `winners.announced.v2`);
  read (bind) any.
- A subscriber of another team gets the same shape without any write on `forum.events`, and
  may bind only the routing keys of the public event types, each named exactly
  (`subscriber_grant`; the README shows the `rabbitmqctl` commands). RabbitMQ checks a topic
  read permission against the binding key, not against what the binding will deliver, so a
  pattern that refused `organizer.*` would still let `#` through: the grant lists what it may
  bind instead, and a wildcard matches none of it. The private events (`organizer.added`,
  `organizer.revoked`: credentials' hashes) thus reach the platform's services only.

RabbitMQ checks each published message's `user_id` against the connection's user, so a
consumer that sees `user_id == user_of(owner)` knows the owner's connection published it
(`authentic_publisher`). These rules are turned into RabbitMQ definitions (users with password
hashes, the virtual host, permissions, topic permissions, the exchanges) that `make run`
imports with `rabbitmqctl import_definitions`, the test harness imports per run, and docker
compose's `broker-users` step posts to the management API:

    python -m forum_shared.broker_access definitions   # JSON on stdout
    python -m forum_shared.broker_access apply         # to RABBITMQ_MANAGEMENT_URL
    python -m forum_shared.broker_access passwords     # fresh RABBITMQ_<SERVICE>_PASSWORD lines
    python -m forum_shared.broker_access url judging amqp://host:5672/vhost  # judging's URL

Passwords come from the environment (`RABBITMQ_REGISTRATION_PASSWORD`, ...); only their salted
SHA-256 hashes (RabbitMQ's `rabbit_password_hashing_sha256`) go into the definitions.
"""

import argparse
import base64
import hashlib
import json
import os
import re
import secrets
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from .events import ALL_EVENTS, PRIVATE_EVENTS, Event
from .topology import DEAD_LETTER_EXCHANGE, EVENTS_EXCHANGE

SERVICES = ("registration", "judging", "notifications")
DEFAULT_USER_PREFIX = "forum-"
NOTHING = "^$"  # a routing key no binding uses: no write at all
EXCHANGES = rf"{re.escape(EVENTS_EXCHANGE.name)}|{re.escape(DEAD_LETTER_EXCHANGE.name)}"


def user_of(service: str, prefix: str = DEFAULT_USER_PREFIX) -> str:
    return f"{prefix}{service}"


def password_variable(service: str) -> str:
    return f"RABBITMQ_{service.upper()}_PASSWORD"


def routing_keys_of(events: Iterable[type[Event]]) -> str:
    """The topic-permission pattern of exactly these event types' routing keys, every version."""
    types = sorted({event.model_fields["event_type"].default for event in events})
    if not types:
        return NOTHING
    return rf"^({'|'.join(re.escape(event_type) for event_type in types)})(\.v[0-9]+)?$"


def owned_routing_keys(service: str, events: Iterable[type[Event]] = ALL_EVENTS) -> str:
    """The topic-permission pattern of the routing keys `service` may publish, every version."""
    return routing_keys_of(event for event in events if event.owner == service)


def public_routing_keys(events: Iterable[type[Event]] = ALL_EVENTS) -> str:
    """What another team's subscriber may bind: every event type but the private ones."""
    return routing_keys_of(event for event in events if event not in PRIVATE_EVENTS)


@dataclass(frozen=True)
class Grant:
    configure: str
    write: str
    read: str
    topic_write: str
    topic_read: str = ".*"


def service_grant(service: str, events: Iterable[type[Event]] = ALL_EVENTS) -> Grant:
    own = rf"{re.escape(service)}\..*"
    topic_write = owned_routing_keys(service, events)
    publishes = topic_write != NOTHING
    writable = EXCHANGES if publishes else re.escape(DEAD_LETTER_EXCHANGE.name)
    return Grant(
        configure=f"^({EXCHANGES}|{own})$",
        write=f"^({writable}|{own})$",
        read=f"^({EXCHANGES}|{own})$",
        topic_write=topic_write,
    )


def subscriber_grant(name: str) -> Grant:
    """Another team's read-only user: its own queues `<name>.*`, bound to `forum.events` by
    the public event types' exact routing keys (no wildcard, no private event)."""
    own = rf"{re.escape(name)}\..*"
    return Grant(
        configure=f"^{own}$",
        write=f"^{own}$",
        read=f"^({re.escape(EVENTS_EXCHANGE.name)}|{own})$",
        topic_write=NOTHING,
        topic_read=public_routing_keys(),
    )


def password_hash(password: str) -> str:
    """RabbitMQ's `rabbit_password_hashing_sha256`: base64(salt + sha256(salt + password))."""
    salt = secrets.token_bytes(4)
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode()).digest()).decode()


def definitions(
    vhost: str,
    passwords: Mapping[str, str],
    prefix: str = DEFAULT_USER_PREFIX,
    admins: Iterable[str] = (),
    events: Iterable[type[Event]] = ALL_EVENTS,
) -> dict[str, Any]:
    """RabbitMQ definitions for the services in `passwords` (service → password); `admins`
    (existing users) get every permission in the virtual host."""
    events = tuple(events)
    users, permissions, topic_permissions = [], [], []
    for service, password in passwords.items():
        user, grant = user_of(service, prefix), service_grant(service, events)
        users.append(
            {
                "name": user,
                "password_hash": password_hash(password),
                "hashing_algorithm": "rabbit_password_hashing_sha256",
                "tags": [],
            }
        )
        permissions.append(
            {
                "user": user,
                "vhost": vhost,
                "configure": grant.configure,
                "write": grant.write,
                "read": grant.read,
            }
        )
        topic_permissions.append(
            {
                "user": user,
                "vhost": vhost,
                "exchange": EVENTS_EXCHANGE.name,
                "write": grant.topic_write,
                "read": grant.topic_read,
            }
        )
    for admin in admins:
        if admin in {user_of(service, prefix) for service in passwords}:
            continue  # a service's user keeps its own grant
        permissions.append(
            {"user": admin, "vhost": vhost, "configure": ".*", "write": ".*", "read": ".*"}
        )
    exchanges = [
        {
            "name": exchange.name,
            "vhost": vhost,
            "type": exchange.type.value,
            "durable": True,
            "auto_delete": False,
            "internal": False,
            "arguments": {},
        }
        for exchange in (EVENTS_EXCHANGE, DEAD_LETTER_EXCHANGE)
    ]
    return {
        "users": users,
        "vhosts": [{"name": vhost}],
        "permissions": permissions,
        "topic_permissions": topic_permissions,
        "exchanges": exchanges,
    }


def service_url(
    base_url: str, service: str, password: str, prefix: str = DEFAULT_USER_PREFIX
) -> str:
    """`base_url` (the broker's address and virtual host) logged in as `service`'s user."""
    parts = urlsplit(base_url)
    host = parts.hostname or "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{quote(user_of(service, prefix), safe='')}:{quote(password, safe='')}@{host}"
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))


def passwords_from_environment(services: Iterable[str] = SERVICES) -> dict[str, str]:
    missing = [password_variable(s) for s in services if not os.environ.get(password_variable(s))]
    if missing:
        raise SystemExit(f"set {', '.join(missing)} (the services' broker passwords)")
    return {service: os.environ[password_variable(service)] for service in services}


def apply_over_http(
    management_url: str, user: str, password: str, body: dict[str, Any], timeout: float
) -> None:
    """POSTs the definitions to the management API, trying again until it answers."""
    request = urllib.request.Request(
        management_url.rstrip("/") + "/api/definitions",
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode(),
        },
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(request, timeout=10):  # noqa: S310 (an operator's URL)
                return
        except urllib.error.HTTPError as error:
            if error.code in (401, 403) or time.monotonic() > deadline:
                raise SystemExit(f"the management API refused the definitions: {error}") from None
        except OSError as error:
            if time.monotonic() > deadline:
                raise SystemExit(f"the management API did not answer: {error}") from None
        time.sleep(2)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m forum_shared.broker_access")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("definitions", "apply"):
        command = commands.add_parser(name)
        command.add_argument("--vhost", default=os.environ.get("RABBITMQ_VHOST", "/"))
        command.add_argument(
            "--prefix", default=os.environ.get("BROKER_USER_PREFIX", DEFAULT_USER_PREFIX)
        )
        command.add_argument("--admin", action="append", default=[], help="an existing user")
    apply = commands.choices["apply"]
    apply.add_argument(
        "--management-url",
        default=os.environ.get("RABBITMQ_MANAGEMENT_URL", "http://127.0.0.1:15672"),
    )
    apply.add_argument("--timeout", type=float, default=120.0)
    commands.add_parser("passwords", help="fresh passwords, as lines of an env file")
    url = commands.add_parser("url", help="the broker's address, logged in as a service")
    url.add_argument("service", choices=SERVICES)
    url.add_argument("base_url")
    url.add_argument("--prefix", default=os.environ.get("BROKER_USER_PREFIX", DEFAULT_USER_PREFIX))
    args = parser.parse_args(argv)

    if args.command == "passwords":
        for service in SERVICES:
            print(f"{password_variable(service)}={secrets.token_urlsafe(24)}")
        return
    if args.command == "url":
        password = passwords_from_environment([args.service])[args.service]
        print(service_url(args.base_url, args.service, password, args.prefix))
        return
    body = definitions(args.vhost, passwords_from_environment(), args.prefix, args.admin)
    if args.command == "definitions":
        json.dump(body, sys.stdout, indent=2)
        print()
        return
    admin = os.environ.get("RABBITMQ_ADMIN_USER", "forum-admin")
    admin_password = os.environ.get("RABBITMQ_ADMIN_PASSWORD")
    if not admin_password:
        raise SystemExit("set RABBITMQ_ADMIN_PASSWORD (the broker's administrator)")
    apply_over_http(args.management_url, admin, admin_password, body, args.timeout)
    print(f"broker users {', '.join(user_of(s, args.prefix) for s in SERVICES)} are in place")


if __name__ == "__main__":
    main()
