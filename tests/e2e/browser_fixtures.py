"""Browser fixtures for the page tests (import them in a conftest)."""

from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from support.browser import CHROMIUM_FLAGS, chromium_path


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium: install Debian's `chromium` package to run the browser tests")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield launched
        await launched.close()


@pytest.fixture
async def context(browser: Browser) -> AsyncIterator[BrowserContext]:
    """A fresh browser profile (no cookies), Russian, desktop-sized."""
    created = await browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    yield created
    await created.close()


@pytest.fixture
async def phone(browser: Browser) -> AsyncIterator[BrowserContext]:
    """A 360×740 phone, as a juror holds it at the venue."""
    created = await browser.new_context(
        locale="ru-RU",
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield created
    await created.close()


@pytest.fixture
async def page(context: BrowserContext) -> AsyncIterator[Page]:
    opened = await context.new_page()
    yield opened
    await opened.close()
