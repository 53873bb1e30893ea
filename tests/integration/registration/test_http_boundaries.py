"""What every service's HTTP layer does before a route runs: metrics an anonymous client cannot
inflate, the organizer's credential before the body, limits, and headers on every answer."""

import re
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from registration.main import create_app
from registration.settings import Settings
from support.apps import ORGANIZER, running
from support.forms import contest_form


def counted(metrics: str, **labels: str) -> float:
    """The value of `http_requests_total` with exactly these labels (0 if absent)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in labels.items())
    for line in metrics.splitlines():
        if line.startswith(f"http_requests_total{{{wanted}}} "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def series(metrics: str) -> list[str]:
    return [line for line in metrics.splitlines() if line.startswith("http_requests_total{")]


async def test_invented_methods_and_unmatched_paths_add_no_series(
    registration: httpx.AsyncClient,
) -> None:
    before = series((await registration.get("/metrics")).text)
    for number in range(20):
        await registration.request(f"INVENTED{number}", f"/contests/c-{number}")
        await registration.request(f"BREW{number}", f"/nowhere/{number}")
        await registration.get(f"/nowhere/{number}")
    metrics = (await registration.get("/metrics")).text
    added = set(series(metrics)) - set(before)
    assert not any("INVENTED" in line or "BREW" in line or "nowhere" in line for line in added)
    assert counted(metrics, method="other", route="/contests/{contest_id}", status="405") == 20
    assert counted(metrics, method="other", route="unmatched", status="404") == 20
    assert counted(metrics, method="GET", route="unmatched", status="404") == 20


@pytest.fixture
def failing_app(registration_settings: Settings) -> FastAPI:
    app = create_app(registration_settings)

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("a bug")

    return app


async def test_a_server_error_is_counted(failing_app: FastAPI) -> None:
    async with (
        LifespanManager(failing_app, startup_timeout=30, shutdown_timeout=30) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(manager.app, raise_app_exceptions=False),
            base_url="http://service.test",
        ) as client,
    ):
        for _ in range(3):
            assert (await client.get("/boom")).status_code == 500
        metrics = (await client.get("/metrics")).text
    assert counted(metrics, method="GET", route="/boom", status="500") == 3


def chunks(total: int, size: int = 8192) -> Iterator[bytes]:
    yield b'{"id": "x", "title": "'
    for _ in range(total // size):
        yield b"a" * size
    yield b'"}'


async def test_a_chunked_body_over_the_limit_is_a_413(registration: httpx.AsyncClient) -> None:
    async def body() -> AsyncIterator[bytes]:
        for chunk in chunks(200_000):
            yield chunk

    response = await registration.post(
        "/contests",
        content=body(),
        headers=ORGANIZER | {"Content-Type": "application/json"},
    )
    assert response.status_code == 413, response.text
    assert response.json()["code"] == "content_too_large"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [({}, 401), ({"Authorization": "Bearer not-the-organizer-token"}, 403)],
)
@pytest.mark.parametrize(
    "body", [b"{not json", b'{"id": 1}', b"[]"], ids=["malformed", "invalid", "wrong shape"]
)
async def test_an_anonymous_caller_learns_nothing_about_an_organizer_body(
    registration: httpx.AsyncClient, headers: dict[str, str], expected: int, body: bytes
) -> None:
    response = await registration.post(
        "/contests", content=body, headers=headers | {"Content-Type": "application/json"}
    )
    assert response.status_code == expected, response.text
    assert set(response.json()) == {"detail", "code"}
    assert response.json()["code"] == {401: "unauthorized", 403: "forbidden"}[expected]


async def test_every_answer_forbids_sniffing_and_none_is_stored_by_a_cache(
    registration: httpx.AsyncClient,
) -> None:
    created = await registration.post("/contests", json=contest_form(), headers=ORGANIZER)
    answers = [
        created,
        await registration.get("/contests"),
        await registration.get("/contests/nope"),
        await registration.get("/health/live"),
        await registration.get("/nowhere"),
        await registration.post("/contests", json={}, headers=ORGANIZER),
        await registration.post("/contests", json={}),
    ]
    for answer in answers:
        assert answer.headers["x-content-type-options"] == "nosniff", answer.request.url
        assert answer.headers["cache-control"] == "no-store", answer.request.url


OPERATIONAL = ("/docs", "/redoc", "/openapi.json", "/metrics", "/asyncapi.json")


async def answers(app: FastAPI, headers: dict[str, str]) -> dict[str, int]:
    async with running(app) as client:
        return {path: (await client.get(path, headers=headers)).status_code for path in OPERATIONAL}


async def test_operational_endpoints_are_public_in_a_test_run(
    registration_settings: Settings,
) -> None:
    assert set((await answers(create_app(registration_settings), {})).values()) == {200}


async def test_operational_endpoints_can_be_closed_to_all_but_the_organizers(
    registration_settings: Settings,
) -> None:
    settings = registration_settings.model_copy(
        update={
            "docs_access": "organizer",
            "metrics_access": "organizer",
            "asyncapi_access": "organizer",
        }
    )
    assert set((await answers(create_app(settings), {})).values()) == {401}
    assert set((await answers(create_app(settings), ORGANIZER)).values()) == {200}


async def test_operational_endpoints_can_be_switched_off(registration_settings: Settings) -> None:
    settings = registration_settings.model_copy(
        update={"docs_access": "off", "metrics_access": "off", "asyncapi_access": "off"}
    )
    assert set((await answers(create_app(settings), ORGANIZER)).values()) == {404}


async def test_the_shared_stylesheet_may_be_cached_but_not_sniffed(
    registration: httpx.AsyncClient,
) -> None:
    answer = await registration.get("/static/forum.css")
    assert answer.status_code == 200
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "no-store" not in answer.headers.get("cache-control", "")


DOCS_PAGES = ("/docs", "/redoc")
ASSET = re.compile(r"""(?:src|href|spec-url)=["']([^"']+)["']|url: ?'([^']+)'""")


async def test_the_docs_pages_load_nothing_from_a_third_party(
    registration_settings: Settings,
) -> None:
    for access, headers in (("public", {}), ("organizer", ORGANIZER)):
        settings = registration_settings.model_copy(update={"docs_access": access})
        async with running(create_app(settings)) as client:
            for page in DOCS_PAGES:
                answer = await client.get(page, headers=headers)
                assert answer.status_code == 200, (access, page)
                assert "http://" not in answer.text and "https://" not in answer.text, page
                assets = [a or b for a, b in ASSET.findall(answer.text)]
                assert len(assets) >= 2, (page, assets)
                for asset in assets:
                    assert asset.startswith("/") and not asset.startswith("//"), asset
                    fetched = await client.get(asset, headers=headers)
                    assert fetched.status_code == 200, (access, asset)
                    assert fetched.content, asset
