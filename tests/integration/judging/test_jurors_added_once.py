"""A juror is added once however often the form or the API request is sent: a double click on
"add", the browser's "resend the form", a program's retry with the same Idempotency-Key."""

import asyncio

import pytest
from integration.judging.harness import Stage
from integration.judging.page_client import PageClient, another_browser, text_of
from pymongo import AsyncMongoClient

from forum_shared.organizers import BOOTSTRAP_ID
from judging.records import JurorToken
from judging.settings import Settings
from judging.store import JudgingStore
from support.apps import ORGANIZER
from support.resend import hidden_tokens


@pytest.fixture
async def desk(stage: Stage) -> PageClient:
    browser = another_browser(stage.judging)
    await browser.sign_in()
    yield browser
    await browser.client.aclose()


@pytest.fixture
def store(mongo: AsyncMongoClient, judging_settings: Settings) -> JudgingStore:
    """The service's store, for the writes of a request that died half-way."""
    return JudgingStore(mongo[judging_settings.mongodb_database])


async def jurors(stage: Stage) -> list[dict]:
    return (await stage.judging.get(f"{stage.url}/jurors", headers=ORGANIZER)).json()


async def test_the_juror_form_sent_again_adds_nobody_nor_shows_the_link(
    desk: PageClient, stage: Stage
) -> None:
    page = f"/organizer/contest/{stage.contest_id}/jurors"
    opened = await desk.get(page)
    form = list((hidden_tokens(opened.text) | {"name": "Борис Ёлкин"}).items())

    first = await desk.post(page, form)
    again = await desk.post(page, form)

    assert first.status_code == 303 and "/link" in first.headers["location"]
    assert again.status_code == 200 and again.headers["cache-control"] == "no-store"
    words = text_of(again.text)
    assert "Член жюри уже добавлен" in words and "Борис Ёлкин" in words
    assert "/jury/" not in again.text and "<svg" not in again.text
    assert f'href="{page}"' in again.text
    assert [j["name"] for j in await jurors(stage)] == ["Борис Ёлкин"]


async def test_a_double_click_on_the_juror_form_adds_one_juror(
    desk: PageClient, stage: Stage
) -> None:
    page = f"/organizer/contest/{stage.contest_id}/jurors"
    opened = await desk.get(page)
    form = list((hidden_tokens(opened.text) | {"name": "Вера Кузнецова"}).items())

    answers = await asyncio.gather(*(desk.post(page, form) for _ in range(2)))

    assert sorted(a.status_code for a in answers) == [200, 303]
    assert len(await jurors(stage)) == 1


async def test_a_retry_with_the_same_idempotency_key_answers_the_first_juror_without_token(
    stage: Stage,
) -> None:
    keyed = ORGANIZER | {"Idempotency-Key": "juror-1"}
    body = {"name": "Глеб Орлов", "nominations": ["ecology"]}

    first = await stage.judging.post(f"{stage.url}/jurors", json=body, headers=keyed)
    retried = await stage.judging.post(f"{stage.url}/jurors", json=body, headers=keyed)
    other = await stage.judging.post(
        f"{stage.url}/jurors", json=body | {"name": "Глеб"}, headers=keyed
    )

    assert first.status_code == 201 and first.json()["token"]
    assert retried.status_code == 200 and retried.headers["idempotent-replayed"] == "true"
    assert retried.json() == {"id": first.json()["id"], "token": None}
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"
    assert [j["id"] for j in await jurors(stage)] == [first.json()["id"]]


async def crashed_after_the_token(store: JudgingStore, stage: Stage, key: str, name: str) -> str:
    """The first request's writes before it died: the key's claim and the juror's token (the
    same request `commands.add_juror` fingerprints), the jury left as it was."""
    request = {"contest_id": stage.contest_id, "name": name, "nominations": None, "conflicts": []}
    claim = await store.idempotency.claim("juror.add", BOOTSTRAP_ID, key, request)
    token = JurorToken(_id=claim.resource_id, contest_id=stage.contest_id, token_sha256="x" * 64)
    await store.add_token(token)
    return claim.resource_id


async def test_a_retry_after_a_crash_before_the_jury_adds_the_juror_without_a_token(
    stage: Stage, store: JudgingStore
) -> None:
    juror_id = await crashed_after_the_token(store, stage, "juror-2", "Дина Лебедева")
    keyed = ORGANIZER | {"Idempotency-Key": "juror-2"}

    retried = await stage.judging.post(
        f"{stage.url}/jurors", json={"name": "Дина Лебедева"}, headers=keyed
    )

    assert retried.status_code == 200 and retried.json() == {"id": juror_id, "token": None}
    assert [(j["id"], j["name"]) for j in await jurors(stage)] == [(juror_id, "Дина Лебедева")]
    assert await store.tokens.count_documents({}) == 1


async def test_a_retry_after_a_crash_is_refused_once_the_winners_are_announced(
    stage: Stage, store: JudgingStore
) -> None:
    await stage.set_criteria()
    await crashed_after_the_token(store, stage, "juror-3", "Егор Титов")
    announced = await stage.judging.post(
        f"{stage.url}/announcement", json={"force": True}, headers=ORGANIZER
    )
    keyed = ORGANIZER | {"Idempotency-Key": "juror-3"}

    retried = await stage.judging.post(
        f"{stage.url}/jurors", json={"name": "Егор Титов"}, headers=keyed
    )

    assert announced.status_code == 201, announced.text
    assert retried.status_code == 409 and retried.json()["code"] == "already_announced"
    assert await jurors(stage) == []
