"""The organizers' notifications pages in a real browser, against the service as a process: a
failed letter found in the filtered log and retried, a webhook added (its secret shown once,
a reload adding no second one) and removed — and no serious accessibility problem on any of
these pages."""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from integration.notifications.events import address, registration
from integration.notifications.harness import SmtpServer, smtp_server  # noqa: F401 (the `smtp` fixture)
from playwright.async_api import Page

from support.amqp import fresh_queues  # noqa: F401 (an autouse fixture)
from support.apps import ORGANIZER, ORGANIZER_TOKEN
from support.browser import serious_accessibility_violations
from support.forum import ForumEvents, eventually
from support.processes import ServiceProcess
from support.servers import BrokerForTests

pytest_plugins = ["e2e.browser_fixtures"]


@pytest.fixture
def notifications(
    mongodb_url: str, broker: BrokerForTests, database_name: str, smtp: SmtpServer, tmp_path: Path
) -> Iterator[ServiceProcess]:
    """One automatic attempt only: a refused letter waits for the organizer's retry."""
    service = ServiceProcess(
        "notifications",
        {
            "ENVIRONMENT": "test",
            "MONGODB_URL": mongodb_url,
            "MONGODB_DATABASE": f"{database_name}_notifications",
            "RABBITMQ_URL": broker.url_for("notifications"),
            "BROKER_USER_PREFIX": broker.user_prefix,
            "ORGANIZER_TOKEN": ORGANIZER_TOKEN,
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(smtp.port),
            "DELIVERY_MAX_ATTEMPTS": "1",
            "DELIVERY_POLL_SECONDS": "0.2",
        },
        tmp_path,
    )
    service.start()
    yield service
    service.stop()


@pytest.fixture
async def forum(broker: BrokerForTests) -> AsyncIterator[ForumEvents]:
    async with ForumEvents(broker) as events:
        yield events


async def statuses(service: ServiceProcess) -> list[str]:
    async with httpx.AsyncClient(base_url=service.url, headers=ORGANIZER) as client:
        return [entry["status"] for entry in (await client.get("/notifications")).json()]


async def sign_in(page: Page, url: str) -> None:
    await page.goto(url)
    await page.locator("#token").fill(ORGANIZER_TOKEN)
    await page.locator("main button[type=submit]").click()
    await page.wait_for_url(url)


async def no_serious_problems(page: Page) -> None:
    assert await serious_accessibility_violations(page) == [], page.url


async def test_an_organizer_finds_a_failed_letter_and_sends_it_again(
    page: Page, notifications: ServiceProcess, forum: ForumEvents, smtp: SmtpServer
) -> None:
    smtp.refuse = "recipient"
    await forum.publish(registration(1), registration(2))

    async def both_failed() -> bool:
        return await statuses(notifications) == ["failed", "failed"]

    await eventually(both_failed, timeout=30)
    smtp.refuse = None

    await sign_in(page, f"{notifications.url}/organizer/notifications")
    await no_serious_problems(page)
    await page.get_by_label("Статус").select_option("failed")
    await page.get_by_role("button", name="Показать").click()
    await page.wait_for_url(lambda url: "status=failed" in url)
    assert await page.locator("#delivery-log tbody tr").count() == 2
    assert await page.locator("#delivery-log .tag").first.inner_text() == "ошибка"
    await no_serious_problems(page)

    await page.locator("#delivery-log tbody tr").first.get_by_role("button").click()
    await page.wait_for_selector("#retry-outcome")
    assert "/organizer/notifications?status=failed&retried=" in page.url
    assert "Отправлено" in await page.locator("#retry-outcome").inner_text()
    assert await page.locator("#delivery-log tbody tr").count() == 1  # the other still failed
    await no_serious_problems(page)

    await page.locator("#delivery-log tbody tr").first.get_by_role("link").click()
    await page.wait_for_selector("#recipient")
    assert await page.locator("#recipient").inner_text() in (address(1), address(2))
    assert "Почтовый сервер отказался" in await page.locator("#last-error").inner_text()
    await no_serious_problems(page)
    assert len(smtp.messages) == 1


async def test_an_organizer_adds_a_webhook_copies_its_secret_once_and_removes_it(
    page: Page, notifications: ServiceProcess
) -> None:
    await sign_in(page, f"{notifications.url}/organizer/webhooks")
    await no_serious_problems(page)

    await page.get_by_label("Адрес (URL)").fill("portal hooks")
    await page.get_by_role("button", name="Добавить вебхук").click()
    await page.wait_for_selector("#url-error")
    assert await page.get_by_label("Адрес (URL)").input_value() == "portal hooks"
    await no_serious_problems(page)

    await page.get_by_label("Адрес (URL)").fill("https://portal.example.org/hooks/forum")
    await page.get_by_role("button", name="Добавить вебхук").click()
    secret = (await page.locator("#secret").inner_text()).strip()
    assert len(secret) >= 32
    assert "Секрет показан один раз" in await page.locator("main").inner_text()
    await no_serious_problems(page)

    await page.reload()  # the browser sends the form again
    await page.wait_for_selector("#already-created")
    assert "Вебхук уже добавлен" in await page.locator("main").inner_text()
    assert secret not in await page.content()
    await no_serious_problems(page)

    await page.get_by_role("link", name="К списку вебхуков").click()
    assert "https://portal.example.org/hooks/forum" in await page.locator("#webhooks").inner_text()
    assert await page.locator("#webhooks tbody tr").count() == 1
    assert secret not in await page.content()
    await no_serious_problems(page)

    await page.locator("#webhooks").get_by_role("link", name="Удалить").click()
    await page.wait_for_selector("#webhook-url")
    await no_serious_problems(page)
    await page.get_by_role("button", name="Удалить вебхук").click()
    await page.wait_for_selector("#no-webhooks")
    assert "Вебхук удалён" in await page.locator("main").inner_text()
