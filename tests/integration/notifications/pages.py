"""Driving the notifications pages as a browser would, in-process: sign in, read, post forms."""

import re

import httpx

from support.apps import ORGANIZER_TOKEN

BROWSER = {"Accept": "text/html,application/xhtml+xml"}


def csrf_in(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html)[1]  # type: ignore[index]


async def sign_in(client: httpx.AsyncClient) -> None:
    form = await client.get("/organizer/sign-in", headers=BROWSER)
    signed_in = await client.post(
        "/organizer/sign-in",
        data={"csrf_token": csrf_in(form.text), "token": ORGANIZER_TOKEN, "next": "/organizer"},
    )
    assert signed_in.status_code == 303, signed_in.text


def text_of(html: str) -> str:
    """The page's words without tags, spaces collapsed: what a person reads."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
