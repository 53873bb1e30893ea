"""The shared layout and sign-in, in a real browser: keyboard only, and no serious axe finding."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from playwright.async_api import Page

from forum_shared.pages import Pages
from forum_shared.settings import ServiceSettings
from forum_shared.sign_in import OrganizerPage
from forum_shared.site import mount_pages
from support.browser import serious_accessibility_violations, tab_to
from support.servers import free_port

pytest_plugins = ["e2e.browser_fixtures"]
KEY = "organizer-key-for-browser-tests"


class Settings(ServiceSettings):
    mongodb_database: str = "browser-test"
    http_port: int = 8000


@pytest.fixture
async def site_url(tmp_path: Path) -> AsyncIterator[str]:
    (tmp_path / "desk.html").write_text(
        '{% extends "layout.html" %}{% block title %}Рабочий стол{% endblock %}'
        '{% block main %}<h1 class="heading-l">Рабочий стол</h1>{% endblock %}'
    )
    app = FastAPI()
    pages = Pages(tmp_path, Settings(environment="test", organizer_token=KEY), "Проверка")
    mount_pages(app, pages)

    @app.get("/organizer")
    async def desk(request: Request, organizer: OrganizerPage) -> HTMLResponse:
        return pages.render(request, "desk.html", private=True)

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 (uvicorn offers no event to wait on)
        await asyncio.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task


async def test_an_organizer_signs_in_with_the_keyboard_alone(page: Page, site_url: str) -> None:
    await page.goto(f"{site_url}/organizer")
    assert await page.title() == "Вход для организаторов — Форум СОНКО и ТОС"

    await page.keyboard.press("Tab")  # the skip link comes first
    assert await page.evaluate("document.activeElement.textContent") == "Перейти к содержанию"
    await tab_to(page, "#token")
    await page.keyboard.type("a wrong key")
    await page.keyboard.press("Enter")
    await page.wait_for_selector("#token-error")
    assert "Ключ не подошёл" in await page.locator("#token-error").inner_text()

    await tab_to(page, "#token")
    await page.keyboard.type(KEY)
    await page.keyboard.press("Enter")
    await page.wait_for_url(f"{site_url}/organizer")
    assert await page.locator("h1").inner_text() == "Рабочий стол"


async def test_the_shared_pages_have_no_serious_accessibility_problem(
    page: Page, site_url: str
) -> None:
    await page.goto(f"{site_url}/organizer/sign-in")
    assert await serious_accessibility_violations(page) == []
    await page.locator("#token").fill("wrong")
    await page.locator("button[type=submit]").click()
    await page.wait_for_selector(".error-summary")
    assert await serious_accessibility_violations(page) == []
