"""The pages every service shares: the layout, organizers' sign-in, CSRF, HTML error pages."""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from forum_shared.pages import Pages
from forum_shared.settings import ServiceSettings
from forum_shared.sign_in import ORGANIZER_COOKIE, OrganizerPage
from forum_shared.site import mount_pages

KEY = "organizer-key-for-page-tests"
BROWSER = {"Accept": "text/html,application/xhtml+xml"}


class Settings(ServiceSettings):
    mongodb_database: str = "pages-test"
    http_port: int = 8000


@pytest.fixture
async def site(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    (tmp_path / "hello.html").write_text(
        '{% extends "layout.html" %}{% block title %}Привет{% endblock %}'
        "{% block main %}<h1>{{ greeting }}</h1>{% endblock %}"
    )
    app = FastAPI()
    pages = Pages(tmp_path, Settings(environment="test", organizer_token=KEY), "Проверка")
    mount_pages(app, pages)

    @app.get("/hello")
    async def hello(request: Request) -> HTMLResponse:
        return pages.render(request, "hello.html", greeting="Здравствуйте")

    @app.get("/organizer/secret")
    async def secret(request: Request, organizer: OrganizerPage) -> HTMLResponse:
        return pages.render(request, "hello.html", private=True, greeting=organizer.name)

    transport = httpx.ASGITransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://site.test") as client:
        yield client


async def csrf_of(client: httpx.AsyncClient) -> str:
    page = await client.get("/organizer/sign-in")
    return page.text.split('name="csrf_token" value="')[1].split('"')[0]


async def test_a_page_is_russian_with_the_shared_layout_and_stylesheet(
    site: httpx.AsyncClient,
) -> None:
    page = await site.get("/hello")
    assert page.status_code == 200
    assert '<html lang="ru">' in page.text
    assert "<h1>Здравствуйте</h1>" in page.text
    assert 'href="/static/forum.css"' in page.text
    assert "Перейти к содержанию" in page.text
    stylesheet = await site.get("/static/forum.css")
    assert stylesheet.status_code == 200
    assert "--focus" in stylesheet.text


async def test_an_organizer_page_sends_a_stranger_to_sign_in_and_back(
    site: httpx.AsyncClient,
) -> None:
    stranger = await site.get("/organizer/secret")
    assert stranger.status_code == 303
    assert stranger.headers["location"] == "/organizer/sign-in?next=%2Forganizer%2Fsecret"

    token = await csrf_of(site)
    signed_in = await site.post(
        "/organizer/sign-in",
        data={"csrf_token": token, "token": KEY, "next": "/organizer/secret"},
    )
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/organizer/secret"
    assert ORGANIZER_COOKIE in signed_in.cookies

    page = await site.get("/organizer/secret")
    assert page.status_code == 200
    assert "<h1>Общий ключ организаторов</h1>" in page.text
    assert page.headers["cache-control"] == "no-store"


async def test_a_wrong_key_is_refused_in_russian_beside_its_field(site: httpx.AsyncClient) -> None:
    token = await csrf_of(site)
    answer = await site.post("/organizer/sign-in", data={"csrf_token": token, "token": "guess"})
    assert answer.status_code == 401
    assert "Ключ не подошёл" in answer.text
    assert 'href="#token"' in answer.text  # the error summary links to the field
    assert 'id="token-error"' in answer.text
    assert ORGANIZER_COOKIE not in answer.cookies


async def test_a_sign_in_without_the_form_token_is_refused(site: httpx.AsyncClient) -> None:
    await site.get("/organizer/sign-in")
    answer = await site.post("/organizer/sign-in", data={"csrf_token": "forged", "token": KEY})
    assert answer.status_code == 400
    assert ORGANIZER_COOKIE not in answer.cookies


async def test_sign_in_never_redirects_to_another_site(site: httpx.AsyncClient) -> None:
    token = await csrf_of(site)
    answer = await site.post(
        "/organizer/sign-in",
        data={"csrf_token": token, "token": KEY, "next": "//evil.example/"},
    )
    assert answer.headers["location"] == "/organizer"


async def test_a_browser_gets_a_russian_page_for_an_unknown_address(
    site: httpx.AsyncClient,
) -> None:
    page = await site.get("/no/such/page", headers=BROWSER)
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Страница не найдена" in page.text
    api = await site.get("/no/such/page")
    assert api.json()["code"] == "not_found"
