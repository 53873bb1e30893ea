"""Running a service's app in-process, against the real broker and database."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from support.servers import BrokerForTests

ORGANIZER_TOKEN = "organizer-secret-for-tests"
ORGANIZER = {"Authorization": f"Bearer {ORGANIZER_TOKEN}"}


def settings_for_tests(
    mongodb_url: str, broker: BrokerForTests, service: str, database: str
) -> dict[str, object]:
    """`service` logs in to the broker as its own user, as in production."""
    return {
        "environment": "test",
        "mongodb_url": mongodb_url,
        "mongodb_database": database,
        "rabbitmq_url": broker.url_for(service),
        "broker_user_prefix": broker.user_prefix,
        "organizer_token": ORGANIZER_TOKEN,
        "outbox_poll_seconds": 0.2,
        "outbox_max_backoff_seconds": 1.0,
        # the tests register many participants from one address; the limit has tests of its own
        "registration_rate_per_minute": 0,
    }


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with (
        LifespanManager(app, startup_timeout=30, shutdown_timeout=30) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(manager.app), base_url="http://service.test"
        ) as client,
    ):
        yield client
