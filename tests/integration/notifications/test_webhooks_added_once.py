"""A webhook is added once however often its form or its API request is sent: a reload of the
page with the secret, a double click, a program's retry with the same Idempotency-Key."""

import asyncio

import httpx
import pytest

from support.apps import ORGANIZER
from support.resend import hidden_tokens

from .pages import BROWSER, sign_in, text_of

HOOK = "https://portal.example.org/hooks/forum"


@pytest.fixture
async def organizer(notifications: httpx.AsyncClient) -> httpx.AsyncClient:
    await sign_in(notifications)
    return notifications


async def webhooks(client: httpx.AsyncClient) -> list[dict]:
    return (await client.get("/webhooks", headers=ORGANIZER)).json()


async def test_the_webhook_form_sent_again_adds_no_second_webhook_nor_shows_the_secret(
    organizer: httpx.AsyncClient,
) -> None:
    page = await organizer.get("/organizer/webhooks", headers=BROWSER)
    form = hidden_tokens(page.text) | {"url": HOOK}

    first = await organizer.post("/organizer/webhooks", data=form)
    again = await organizer.post("/organizer/webhooks", data=form)

    secret = first.text.split('id="secret">')[1].split("<")[0]
    assert first.status_code == 201
    assert again.status_code == 200 and again.headers["cache-control"] == "no-store"
    words = text_of(again.text)
    assert "Вебхук уже добавлен" in words and HOOK in words
    assert "Секрет был показан один раз" in words
    assert 'href="/organizer/webhooks"' in again.text
    assert secret not in again.text
    assert [w["url"] for w in await webhooks(organizer)] == [HOOK]


async def test_a_double_click_on_the_webhook_form_adds_one_webhook(
    organizer: httpx.AsyncClient,
) -> None:
    page = await organizer.get("/organizer/webhooks", headers=BROWSER)
    form = hidden_tokens(page.text) | {"url": HOOK}

    answers = await asyncio.gather(
        *(organizer.post("/organizer/webhooks", data=form) for _ in range(2))
    )

    assert sorted(a.status_code for a in answers) == [200, 201]
    assert len(await webhooks(organizer)) == 1


async def test_a_fresh_form_adds_another_webhook(organizer: httpx.AsyncClient) -> None:
    for _ in range(2):
        page = await organizer.get("/organizer/webhooks", headers=BROWSER)
        added = await organizer.post(
            "/organizer/webhooks", data=hidden_tokens(page.text) | {"url": HOOK}
        )
        assert added.status_code == 201
    assert len(await webhooks(organizer)) == 2


async def test_a_retry_with_the_same_idempotency_key_answers_the_first_webhook_without_secret(
    notifications: httpx.AsyncClient,
) -> None:
    keyed = ORGANIZER | {"Idempotency-Key": "hook-1"}
    body = {"url": HOOK, "include_contact_name": True}

    first = await notifications.post("/webhooks", json=body, headers=keyed)
    retried = await notifications.post("/webhooks", json=body, headers=keyed)
    other_body = await notifications.post("/webhooks", json={"url": HOOK}, headers=keyed)

    assert first.status_code == 201 and first.json()["secret"]
    assert retried.status_code == 200 and retried.headers["idempotent-replayed"] == "true"
    assert retried.json() == first.json() | {"secret": None}
    assert other_body.status_code == 409
    assert other_body.json()["code"] == "idempotency_key_reused"
    assert "Idempotency-Key уже использован" in other_body.json()["detail"]
    assert [w["id"] for w in await webhooks(notifications)] == [first.json()["id"]]
