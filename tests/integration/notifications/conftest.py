from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from notifications.main import create_app
from notifications.settings import Settings
from support.apps import running, settings_for_tests
from support.servers import BrokerForTests

from .events import MAIL_FROM, ORGANIZERS_EMAIL
from .harness import (
    DeliveryLog,
    SmtpServer,
    WebhookReceiver,
    smtp_server,  # noqa: F401 (the `smtp` fixture)
)


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def notifications_settings(
    mongodb_url: str, broker: BrokerForTests, database_name: str, smtp: SmtpServer
) -> Settings:
    """Retries a few tenths of a second apart, so that recoveries happen within a test; enough
    of them (about 20 s) that a test slowed by a busy machine still sees its recovery."""
    return Settings(
        **settings_for_tests(
            mongodb_url, broker, "notifications", f"{database_name}_notifications"
        ),
        smtp_port=smtp.port,
        smtp_timeout_seconds=5,
        mail_from=MAIL_FROM,
        organizers_email=ORGANIZERS_EMAIL,
        delivery_max_attempts=40,
        delivery_base_backoff_seconds=0.2,
        delivery_max_backoff_seconds=0.5,
        delivery_poll_seconds=0.1,
        webhook_timeout_seconds=5,
    )


@pytest.fixture
async def notifications(notifications_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with running(create_app(notifications_settings)) as client:
        yield client


@pytest.fixture
def delivery_log(notifications: httpx.AsyncClient) -> DeliveryLog:
    return DeliveryLog(notifications)
