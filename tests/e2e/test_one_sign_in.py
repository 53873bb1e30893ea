"""The three services as one site for an organizer: one sign-in serves every service's
organizer pages, and each page's header leads to the others."""

import re

import httpx

from support.apps import ORGANIZER_TOKEN
from support.platform import Platform

BROWSER = {"Accept": "text/html,application/xhtml+xml"}


async def test_one_sign_in_serves_the_organizer_pages_of_every_service(
    platform: Platform,
) -> None:
    async with httpx.AsyncClient(headers=BROWSER, timeout=10) as browser:
        form = await browser.get(f"{platform.notifications.url}/organizer/sign-in")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)[1]  # type: ignore[index]
        signed_in = await browser.post(
            f"{platform.notifications.url}/organizer/sign-in",
            data={"csrf_token": token, "token": ORGANIZER_TOKEN, "next": "/organizer"},
        )
        log = await browser.get(f"{platform.notifications.url}/organizer/notifications")
        judging = await browser.get(f"{platform.judging.url}/organizer")

    assert signed_in.status_code == 303
    assert log.status_code == 200
    assert judging.status_code == 200  # the same cookie: no second sign-in
    assert f'href="{platform.judging.url}/organizer"' in log.text
    assert f'href="{platform.registration.url}/organizer"' in log.text
    assert f'href="{platform.notifications.url}/organizer/notifications"' in judging.text
