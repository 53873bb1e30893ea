"""An organizer is added once however often the form or the API request is sent: a reload of
the page with the key, a double click, a program's retry with the same Idempotency-Key."""

import asyncio

import httpx
import pytest

from support.apps import ORGANIZER, ORGANIZER_TOKEN
from support.resend import hidden_tokens

from .test_organizers import sign_in

BROWSER = {"Accept": "text/html"}
PAGE = "/organizer/organizers"


@pytest.fixture
async def organizer(registration: httpx.AsyncClient) -> httpx.AsyncClient:
    assert (await sign_in(registration, ORGANIZER_TOKEN)).status_code == 303
    return registration


async def named(client: httpx.AsyncClient, name: str) -> list[dict]:
    everyone = (await client.get("/organizers", headers=ORGANIZER)).json()
    return [o for o in everyone if o["name"] == name]


async def test_the_organizer_form_sent_again_adds_nobody_nor_shows_the_key(
    organizer: httpx.AsyncClient,
) -> None:
    page = await organizer.get(PAGE, headers=BROWSER)
    form = hidden_tokens(page.text) | {"name": "Анна Смирнова"}

    first = await organizer.post(PAGE, data=form)
    again = await organizer.post(PAGE, data=form)

    token = first.text.split('id="token">')[1].split("<")[0]
    assert first.status_code == 201
    assert again.status_code == 200 and again.headers["cache-control"] == "no-store"
    assert "Организатор уже добавлен" in again.text and "Анна Смирнова" in again.text
    assert "Секрет был показан один раз" in again.text
    assert f'href="{PAGE}"' in again.text
    assert token not in again.text and token.split(".", 1)[1] not in again.text
    assert len(await named(organizer, "Анна Смирнова")) == 1


async def test_a_double_click_on_the_organizer_form_adds_one_organizer(
    organizer: httpx.AsyncClient,
) -> None:
    page = await organizer.get(PAGE, headers=BROWSER)
    form = hidden_tokens(page.text) | {"name": "Борис Ёлкин"}

    answers = await asyncio.gather(*(organizer.post(PAGE, data=form) for _ in range(2)))

    assert sorted(a.status_code for a in answers) == [200, 201]
    assert len(await named(organizer, "Борис Ёлкин")) == 1


async def test_a_retry_with_the_same_idempotency_key_answers_the_first_organizer_without_token(
    registration: httpx.AsyncClient,
) -> None:
    keyed = ORGANIZER | {"Idempotency-Key": "vera"}

    first = await registration.post("/organizers", json={"name": "Вера"}, headers=keyed)
    retried = await registration.post("/organizers", json={"name": "Вера"}, headers=keyed)
    other = await registration.post("/organizers", json={"name": "Вера К."}, headers=keyed)

    assert first.status_code == 201 and first.json()["token"]
    assert retried.status_code == 200 and retried.headers["idempotent-replayed"] == "true"
    assert retried.json() == first.json() | {"token": None}
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"
    assert len(await named(registration, "Вера")) == 1 and not await named(registration, "Вера К.")


async def test_idempotency_keys_are_each_organizers_own(registration: httpx.AsyncClient) -> None:
    anna = await registration.post("/organizers", json={"name": "Анна"}, headers=ORGANIZER)
    as_anna = {"Authorization": f"Bearer {anna.json()['token']}", "Idempotency-Key": "k"}
    as_bootstrap = ORGANIZER | {"Idempotency-Key": "k"}

    by_anna = await registration.post("/organizers", json={"name": "Глеб"}, headers=as_anna)
    by_bootstrap = await registration.post(
        "/organizers", json={"name": "Глеб"}, headers=as_bootstrap
    )

    assert (by_anna.status_code, by_bootstrap.status_code) == (201, 201)
    assert len(await named(registration, "Глеб")) == 2
