"""A browser's side of judging's pages, in-process: it asks for HTML, keeps its cookies, and
sends forms with the CSRF token of the page they are on."""

import re
from urllib.parse import urlencode

import httpx

from support.apps import ORGANIZER_TOKEN

BROWSER = {"Accept": "text/html,application/xhtml+xml"}


def csrf_in(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


class PageClient:
    def __init__(self, client: httpx.AsyncClient):
        self.client = client

    async def get(self, path: str) -> httpx.Response:
        return await self.client.get(path, headers=BROWSER)

    async def submit(
        self, page: str, action: str, fields: dict[str, str] | list[tuple[str, str]]
    ) -> httpx.Response:
        """Open `page`, then post its form to `action` with `fields` and the page's token."""
        opened = await self.get(page)
        assert opened.status_code == 200, opened.text
        data = list(fields.items()) if isinstance(fields, dict) else list(fields)
        data.append(("csrf_token", csrf_in(opened.text)))
        return await self.post(action, data)

    async def post(self, action: str, data: list[tuple[str, str]]) -> httpx.Response:
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        return await self.client.post(action, content=urlencode(data), headers=BROWSER | form)

    async def sign_in(self) -> None:
        answer = await self.submit(
            "/organizer/sign-in", "/organizer/sign-in", {"token": ORGANIZER_TOKEN}
        )
        assert answer.status_code == 303, answer.text


def text_of(html: str) -> str:
    """The page's text, tags dropped and spaces collapsed, for asserting what a person reads."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def another_browser(client: httpx.AsyncClient) -> PageClient:
    """A second browser (cookies of its own) on the same in-process service."""
    transport = client._transport  # the service's ASGI transport, shared
    return PageClient(httpx.AsyncClient(transport=transport, base_url=client.base_url))
