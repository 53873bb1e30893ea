"""Registration's pages in a real browser against the services as real processes: a participant
registers (first meeting Russian errors, her input kept), keyboard only too; the event arrives
once; axe finds nothing serious or critical on any registration page."""

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from playwright.async_api import Page, expect

from support.apps import ORGANIZER, ORGANIZER_TOKEN
from support.browser import serious_accessibility_violations, tab_to
from support.forms import contest_form
from support.platform import Platform
from support.spy import EventSpy

pytest_plugins = ["e2e.browser_fixtures"]
REGISTERED = "participant.registered"
SONKO = "СОНКО — социально ориентированная некоммерческая организация"


@pytest.fixture
async def registration(platform: Platform) -> AsyncIterator[httpx.AsyncClient]:
    async with platform.client(platform.registration) as client:
        yield client


async def open_contest(registration: httpx.AsyncClient, **changes: object) -> dict:
    form = contest_form(**changes)
    created = await registration.post("/contests", json=form, headers=ORGANIZER)
    assert created.status_code == 201, created.text
    return form


async def test_a_participant_fixes_her_mistakes_in_russian_then_registers_once(
    page: Page, platform: Platform, registration: httpx.AsyncClient, rabbitmq_url: str
) -> None:
    contest = await open_contest(registration)
    async with EventSpy(rabbitmq_url, [REGISTERED]) as spy:
        await page.goto(f"{platform.registration.url}/contest/{contest['id']}")
        await page.get_by_role("link", name="Подать заявку").click()
        await page.get_by_label(SONKO).check()
        await page.get_by_label("Комфортная городская среда").check()
        await page.locator("#name").fill("АНО «Доброе дело»")
        await page.locator("#inn").fill("7707083894")  # one digit off
        await page.locator("#contact-name").fill("Ирина Петрова")
        await page.locator("#contact-email").fill("irina.petrova@example.org")
        await page.locator("#contact-phone").fill("8 912 345-67-89")
        await page.locator("#project-title").fill("Двор, где хочется жить")
        await page.locator("#project-summary").fill("Благоустройство двора силами жителей")
        await page.get_by_role("button", name="Подать заявку", exact=True).click()

        await expect(page.locator(".error-summary")).to_be_visible()
        await expect(page.locator("#inn-error")).to_contain_text("такого ИНН не бывает")
        await expect(page.locator("#consent-personal-data-error")).to_contain_text(
            "нужно согласие на обработку персональных данных"
        )
        await expect(page.locator("#inn")).to_have_value("7707083894")
        await expect(page.locator("#project-title")).to_have_value("Двор, где хочется жить")
        await expect(page.get_by_label(SONKO)).to_be_checked()

        await page.locator("#inn").fill("7707083893")
        await page.locator("#consent-personal-data").check()
        await page.get_by_role("button", name="Подать заявку", exact=True).click()

        await expect(page.locator("h1")).to_have_text("Заявка принята")
        number = await page.locator(".panel__body strong").inner_text()
        assert re.fullmatch(r"[0-9A-F]{8}", number)

        [event] = await spy.wait_for(REGISTERED, 1)
        await spy.settle(2)
    assert len(spy.of_type(REGISTERED)) == 1
    assert event["participant_id"].replace("-", "")[:8].upper() == number
    assert event["display_name"] == "АНО «Доброе дело»"


async def test_a_participant_registers_with_the_keyboard_alone(
    page: Page, platform: Platform, registration: httpx.AsyncClient
) -> None:
    contest = await open_contest(registration, participant_kinds=["sonko", "tos"])
    await page.goto(f"{platform.registration.url}/contest/{contest['id']}/apply")

    await tab_to(page, "#kind")
    await page.keyboard.press("Space")
    await tab_to(page, "#nomination")
    await page.keyboard.press("Space")
    for selector, typed in (
        ("#name", "АНО «Доброе дело»"),
        ("#inn", "7707083893"),
        ("#contact-name", "Ирина Петрова"),
        ("#contact-email", "irina.petrova@example.org"),
        ("#contact-phone", "+7 912 345-67-89"),
        ("#project-title", "Двор, где хочется жить"),
        ("#project-summary", "Благоустройство двора"),
    ):
        await tab_to(page, selector)
        await page.keyboard.type(typed)
    await tab_to(page, "#consent-personal-data")
    await page.keyboard.press("Space")
    await tab_to(page, "button[value=submit]:not(.visually-hidden)")
    await page.keyboard.press("Enter")

    await expect(page.locator("h1")).to_have_text("Заявка принята")


async def sign_in(page: Page, base: str) -> None:
    await page.goto(f"{base}/organizer")
    await page.locator("#token").fill(ORGANIZER_TOKEN)
    await page.locator("#token").press("Enter")
    await page.wait_for_url(f"{base}/organizer")


async def no_serious_problem(page: Page, url: str) -> None:
    await page.goto(url)
    assert await serious_accessibility_violations(page) == [], url


async def test_no_registration_page_has_a_serious_accessibility_problem(
    page: Page, platform: Platform, registration: httpx.AsyncClient
) -> None:
    base = platform.registration.url
    now = datetime.now(UTC)
    contest = await open_contest(registration)
    upcoming = await open_contest(
        registration,
        registration_opens_at=(now + timedelta(days=3)).isoformat(),
        registration_closes_at=(now + timedelta(days=9)).isoformat(),
    )
    for url in (
        "/",
        f"/contest/{contest['id']}",
        f"/contest/{contest['id']}/apply",
        f"/contest/{upcoming['id']}/apply",
        "/consents/personal-data/1",
        "/consents/publication/1",
    ):
        await no_serious_problem(page, base + url)

    await page.goto(f"{base}/contest/{contest['id']}/apply")
    await page.get_by_role("button", name="Подать заявку", exact=True).click()
    await expect(page.locator(".error-summary")).to_be_visible()
    assert await serious_accessibility_violations(page) == []
    await page.locator("#kind").check()
    await page.locator("#nomination").check()
    await page.locator("#name").fill("Команда «Старт»")
    await page.locator("#contact-name").fill("Ирина Петрова")
    await page.locator("#contact-email").fill("irina@example.org")
    await page.locator("#contact-phone").fill("89123456789")
    await page.locator("#project-title").fill("Двор")
    await page.locator("#project-summary").fill("Благоустройство")
    await page.get_by_role("button", name="Добавить участника").click()
    await page.locator("#members-0-name").fill("Ирина Петрова")
    await page.locator("#members-0-birth-date").fill("1985-04-12")
    await page.locator("#consent-personal-data").check()
    await page.get_by_role("button", name="Подать заявку", exact=True).click()
    await expect(page.locator("h1")).to_have_text("Заявка принята")
    assert await serious_accessibility_violations(page) == []
    confirmation = page.url

    await sign_in(page, base)
    listed = await registration.get(f"/contests/{contest['id']}/participants", headers=ORGANIZER)
    participant_id = listed.json()[0]["id"]
    assert confirmation.endswith(participant_id)
    for url in (
        "/organizer",
        "/organizer/contests/new",
        f"/organizer/contests/{contest['id']}",
        f"/organizer/contests/{contest['id']}/close",
        f"/organizer/contests/{contest['id']}/edit",
        f"/organizer/contests/{upcoming['id']}/edit",
        f"/organizer/participants/{participant_id}",
        f"/organizer/participants/{participant_id}/withdraw",
        f"/organizer/participants/{participant_id}/erase",
    ):
        await no_serious_problem(page, base + url)

    await page.goto(f"{base}/organizer/contests/new")
    await page.get_by_role("button", name="Создать конкурс").click()
    await expect(page.locator(".error-summary")).to_be_visible()
    assert await serious_accessibility_violations(page) == []

    # Erasing personal data: refused without the explicit confirmation, then done.
    await page.goto(f"{base}/organizer/participants/{participant_id}/erase")
    erase = page.get_by_role("button", name="Удалить персональные данные")
    await erase.click()
    await expect(page.locator(".error-summary")).to_be_visible()
    assert await serious_accessibility_violations(page) == []
    await page.get_by_label("Я понимаю, что персональные данные участника будут удалены").check()
    await page.get_by_role("button", name="Удалить персональные данные").click()
    await expect(page.locator(".panel__title")).to_have_text("Персональные данные удалены")
    assert await serious_accessibility_violations(page) == []


async def test_an_organizer_gives_a_colleague_a_key_and_revokes_it_on_accessible_pages(
    page: Page, platform: Platform
) -> None:
    base = platform.registration.url
    await sign_in(page, base)
    await page.get_by_role("link", name="Организаторы и их ключи").click()
    assert await serious_accessibility_violations(page) == []
    await page.get_by_role("button", name="Добавить и выдать ключ").click()
    await expect(page.locator("#name-error")).to_contain_text("укажите имя организатора")
    assert await serious_accessibility_violations(page) == []

    await page.get_by_label("Имя и фамилия").fill("Анна Смирнова")
    await page.get_by_role("button", name="Добавить и выдать ключ").click()
    await expect(page.locator("h1")).to_have_text("Организатор добавлен")
    await expect(page.locator(".warning-text")).to_contain_text("Ключ показан один раз")
    assert await serious_accessibility_violations(page) == []
    await page.get_by_role("link", name="К списку организаторов").click()
    await page.get_by_role("link", name="Отозвать ключ организатора Анна Смирнова").click()
    assert await serious_accessibility_violations(page) == []
    await page.get_by_role("button", name="Отозвать ключ").click()
    await expect(page.locator("[role=status]")).to_contain_text("Ключ отозван")

    await page.get_by_role("link", name="Журнал действий").first.click()
    await expect(page.locator("#audit tbody tr")).to_have_count(2)
    await expect(page.locator("#audit")).to_contain_text("отозвал(а) ключ организатора")
    assert await serious_accessibility_violations(page) == []
