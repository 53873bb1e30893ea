"""Where webhooks may point, as a production service decides when an organizer registers one."""

from collections.abc import AsyncIterator

import httpx
import pytest

from notifications.main import create_app
from notifications.settings import Settings
from support.apps import ORGANIZER, running


@pytest.fixture
async def strict(notifications_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The production policy (https, public addresses only) in a test run."""
    settings = notifications_settings.model_copy(
        update={"webhook_https_only": True, "webhook_public_addresses_only": True}
    )
    async with running(create_app(settings)) as client:
        yield client


async def register(client: httpx.AsyncClient, url: str) -> httpx.Response:
    return await client.post(
        "/webhooks", json={"url": url}, headers=ORGANIZER | {"Accept-Language": "en"}
    )


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://169.254.169.254/latest/meta-data/", "must start with https://"),
        ("https://169.254.169.254/latest/meta-data/", "metadata address"),
        ("https://localhost/hook", "metadata address"),
        ("https://[::1]/hook", "metadata address"),
        ("https://0x7f000001/hook", "metadata address"),
        ("https://127.1/hook", "metadata address"),
        ("https://10.0.0.5/hook", "metadata address"),
        ("https://192.168.1.1/hook", "metadata address"),
        ("https://[fd00:ec2::254]/hook", "metadata address"),
        ("https://[::ffff:127.0.0.1]/hook", "metadata address"),
        ("https://user:pass@93.184.215.14/hook", "user name or password"),
        ("https://no-such-host.invalid/hook", "cannot be found"),
    ],
)
async def test_a_production_service_refuses_webhooks_that_point_inside(
    strict: httpx.AsyncClient, url: str, problem: str
) -> None:
    answer = await register(strict, url)

    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "webhook_refused"
    assert problem in answer.json()["detail"]
    assert (await strict.get("/webhooks", headers=ORGANIZER)).json() == []


async def test_a_production_service_accepts_https_to_a_public_address(
    strict: httpx.AsyncClient,
) -> None:
    answer = await register(strict, "https://93.184.215.14/hooks/forum")
    assert answer.status_code == 201, answer.text


async def test_refusals_are_in_russian_by_default(strict: httpx.AsyncClient) -> None:
    answer = await strict.post("/webhooks", json={"url": "http://example.org/"}, headers=ORGANIZER)
    assert answer.json()["detail"] == "адрес вебхука должен начинаться с https://"


def test_production_uses_the_strict_policy_by_default() -> None:
    settings = Settings(
        environment="production",
        organizer_token="o" * 40,
        session_secret="s" * 40,
        rabbitmq_url="amqp://notifications:secret@rabbit:5672/",
    )
    policy = settings.webhook_target_policy
    assert (policy.https_only, policy.public_addresses_only) == (True, True)
    local = Settings(environment="local").webhook_target_policy
    assert (local.https_only, local.public_addresses_only) == (False, False)
