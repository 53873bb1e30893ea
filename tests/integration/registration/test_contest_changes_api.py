"""Organizers change a contest before its registration opens, or close registration early;
subscribers hear `contest.changed` with the whole contest and its revision. A change not yet
published when the next one comes is folded into it (the next holds the whole contest): the
latest revision always arrives, revisions only ever go up."""

from datetime import UTC, datetime, timedelta

import httpx

from support.apps import ORGANIZER
from support.forms import application_form, contest_form
from support.forum import eventually
from support.spy import EventSpy

CHANGED = "contest.changed"


async def upcoming(registration: httpx.AsyncClient) -> dict:
    now = datetime.now(UTC)
    form = contest_form(
        registration_opens_at=(now + timedelta(days=2)).isoformat(),
        registration_closes_at=(now + timedelta(days=20)).isoformat(),
    )
    created = await registration.post("/contests", json=form, headers=ORGANIZER)
    assert created.status_code == 201, created.text
    return form


async def test_an_organizer_changes_a_contest_before_registration_opens(
    registration: httpx.AsyncClient, rabbitmq_url: str
) -> None:
    form = await upcoming(registration)
    url = f"/contests/{form['id']}"
    async with EventSpy(rabbitmq_url, [CHANGED]) as spy:
        first = await registration.patch(url, json={"title": "Новое название"}, headers=ORGANIZER)
        second = await registration.patch(
            url,
            json={"nominations": [{"id": "heritage", "title": "Сохранение наследия"}]},
            headers=ORGANIZER,
        )
        latest = await eventually(lambda: [e for e in spy.of_type(CHANGED) if e["revision"] == 3])
        await spy.settle()

    assert first.status_code == 200, first.text
    assert second.json()["title"] == "Новое название"
    assert second.json()["revision"] == 3
    revisions = [e["revision"] for e in spy.of_type(CHANGED)]
    assert revisions in ([2, 3], [3])  # 2 folded into 3 when 3 came before 2 was published
    [event] = latest
    assert event["title"] == "Новое название"
    assert [n["id"] for n in event["nominations"]] == ["heritage"]
    assert event["registration_closed_early"] is False
    fetched = (await registration.get(url)).json()
    assert fetched["nominations"] == [{"id": "heritage", "title": "Сохранение наследия"}]


async def test_a_change_is_checked_like_a_new_contest_and_the_id_cannot_change(
    registration: httpx.AsyncClient,
) -> None:
    form = await upcoming(registration)
    url = f"/contests/{form['id']}"
    bad = await registration.patch(url, json={"places_per_nomination": 0}, headers=ORGANIZER)
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["code"] == "invalid_places"
    renamed = await registration.patch(url, json={"id": "another-id"}, headers=ORGANIZER)
    assert renamed.status_code == 422
    assert renamed.json()["errors"][0]["field"] == "id"


async def test_a_contest_whose_registration_opened_cannot_change(
    registration: httpx.AsyncClient, contest: dict, rabbitmq_url: str
) -> None:
    async with EventSpy(rabbitmq_url, [CHANGED]) as spy:
        answer = await registration.patch(
            f"/contests/{contest['id']}", json={"title": "Другое"}, headers=ORGANIZER
        )
        await spy.settle()
    assert answer.status_code == 409
    assert answer.json()["code"] == "contest_already_open"
    assert answer.json()["detail"].startswith("конкурс можно изменить только до начала регистрации")
    assert spy.received == []


async def test_an_organizer_closes_registration_early_and_it_is_closed_once(
    registration: httpx.AsyncClient, contest: dict, rabbitmq_url: str
) -> None:
    url = f"/contests/{contest['id']}/closure"
    async with EventSpy(rabbitmq_url, [CHANGED]) as spy:
        closed = await registration.post(url, headers=ORGANIZER)
        again = await registration.post(url, headers=ORGANIZER)
        [event] = await spy.wait_for(CHANGED, 1)
        await spy.settle()

    assert closed.status_code == 200, closed.text
    assert closed.json()["registration_closed_early"] is True
    assert again.json() == closed.json()
    assert len(spy.received) == 1
    assert event["revision"] == 2
    assert event["registration_closed_early"] is True
    late = await registration.post(
        f"/contests/{contest['id']}/participants", json=application_form()
    )
    assert late.status_code == 409
    assert late.json()["code"] == "registration_closed"


async def test_closing_before_registration_opens_is_refused(
    registration: httpx.AsyncClient,
) -> None:
    form = await upcoming(registration)
    answer = await registration.post(f"/contests/{form['id']}/closure", headers=ORGANIZER)
    assert answer.status_code == 409
    assert answer.json()["code"] == "registration_not_open_yet"


async def test_only_organizers_change_or_close_a_contest(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    url = f"/contests/{contest['id']}"
    assert (await registration.patch(url, json={"title": "x"})).status_code == 401
    assert (await registration.post(f"{url}/closure")).status_code == 401
    assert (await registration.post("/contests/nope/closure", headers=ORGANIZER)).status_code == 404
