"""Registration's pages through HTTP, against the in-process app, the real broker and database:
the forms post, problems show in Russian beside their fields with the input kept, a double post
registers once, organizer pages are for organizers, exports hold what the table shows."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import httpx
import openpyxl
import pytest

from support.apps import ORGANIZER, ORGANIZER_TOKEN
from support.forms import contest_form
from support.spy import EventSpy

REGISTERED = "participant.registered"
BROWSER = {"Accept": "text/html"}


def hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}"[^>]*?value="([^"]*)"', page)
    assert found, f"no field {name}"
    return found.group(1)


def application(token: str, **changes: str) -> dict[str, str]:
    form = {
        "form_token": token,
        "consent_version": "1",
        "members_count": "1",
        "kind": "team",
        "nomination": "urban-environment",
        "name": "Команда «Старт»",
        "inn": "",
        "contact.name": "Ирина Петрова",
        "contact.email": "irina.petrova@example.org",
        "contact.phone": "8 912 345-67-89",
        "project.title": "Двор, где хочется жить",
        "project.summary": "Благоустройство двора силами жителей",
        "members.0.name": "Ирина Петрова",
        "members.0.birth_date": "1985-04-12",
        "consent_personal_data": "yes",
        "action": "submit",
    }
    return form | changes


async def open_form(registration: httpx.AsyncClient, contest: dict) -> str:
    page = await registration.get(f"/contest/{contest['id']}/apply")
    assert page.status_code == 200, page.text
    return hidden(page.text, "form_token")


async def sign_in(registration: httpx.AsyncClient) -> None:
    page = await registration.get("/organizer/sign-in")
    answer = await registration.post(
        "/organizer/sign-in",
        data={"csrf_token": hidden(page.text, "csrf_token"), "token": ORGANIZER_TOKEN},
    )
    assert answer.status_code == 303


async def csrf(registration: httpx.AsyncClient, url: str) -> str:
    return hidden((await registration.get(url)).text, "csrf_token")


async def register(registration: httpx.AsyncClient, contest: dict, **changes: str) -> str:
    token = await open_form(registration, contest)
    answer = await registration.post(
        f"/contest/{contest['id']}/apply", data=application(token, **changes)
    )
    assert answer.status_code == 303, answer.text
    return answer.headers["location"].rsplit("/", 1)[1]


async def create(registration: httpx.AsyncClient, **changes: object) -> dict:
    form = contest_form(**changes)
    created = await registration.post("/contests", json=form, headers=ORGANIZER)
    assert created.status_code == 201, created.text
    return form


# The public pages


async def test_the_front_page_lists_the_contests_by_year_open_upcoming_and_closed(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    now = datetime.now(UTC)
    upcoming = await create(
        registration,
        title="Чемпионат «ПроЛог»",
        registration_opens_at=(now + timedelta(days=5)).isoformat(),
        registration_closes_at=(now + timedelta(days=9)).isoformat(),
    )
    page = await registration.get("/")
    assert page.status_code == 200
    assert f"{now.year} год" in page.text
    assert "Идёт приём заявок" in page.text
    assert "Приём заявок скоро" in page.text
    assert page.text.index(contest["id"]) < page.text.index(upcoming["id"])
    assert f'href="/contest/{contest["id"]}/apply"' in page.text
    assert f'href="/contest/{upcoming["id"]}/apply"' not in page.text


async def test_a_contest_page_states_its_rules_in_plain_russian(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    page = await registration.get(f"/contest/{contest['id']}")
    assert page.status_code == 200
    for words in (
        "ТОС — территориальное общественное самоуправление",
        "СОНКО — социально ориентированная некоммерческая организация",
        "Инициативная группа",
        "Физическое лицо",
        "Комфортная городская среда",
        "12+",
        "3 в каждой номинации",
    ):
        assert words in page.text
    assert re.search(r"с \d+ [а-я]+ \d{4} г\., \d\d:\d\d до", page.text)


async def test_a_participant_registers_through_the_form_and_gets_her_application_number(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    participant_id = await register(registration, contest)
    page = await registration.get(f"/application/{participant_id}")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert participant_id.replace("-", "")[:8].upper() in page.text
    assert "Двор, где хочется жить" in page.text
    assert "Что дальше" in page.text
    for personal in ("irina.petrova", "Ирина Петрова", "912"):
        assert personal not in page.text
    record = await registration.get(f"/participants/{participant_id}", headers=ORGANIZER)
    assert record.json()["members"] == [{"name": "Ирина Петрова", "birth_date": "1985-04-12"}]


async def test_problems_are_shown_in_russian_beside_their_fields_with_the_input_kept(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    token = await open_form(registration, contest)
    form = application(token, kind="sonko", inn="7707083894", name="АНО «Доброе дело»")
    del form["consent_personal_data"]
    answer = await registration.post(f"/contest/{contest['id']}/apply", data=form)

    assert answer.status_code == 422
    page = answer.text
    assert 'id="inn-error"' in page
    assert "такого ИНН не бывает" in page
    assert 'id="consent-personal-data-error"' in page
    assert "нужно согласие на обработку персональных данных" in page
    assert 'href="#inn"' in page and 'href="#consent-personal-data"' in page
    assert 'value="7707083894"' in page
    assert 'value="АНО «Доброе дело»"' in page
    assert 'value="irina.petrova@example.org"' in page
    assert 'value="1985-04-12"' in page
    assert hidden(page, "form_token") == token
    listed = await registration.get(f"/contests/{contest['id']}/participants", headers=ORGANIZER)
    assert listed.json() == []


async def test_members_are_added_and_removed_without_javascript(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    token = await open_form(registration, contest)
    added = await registration.post(
        f"/contest/{contest['id']}/apply", data=application(token, action="add-member")
    )
    assert added.status_code == 200
    assert 'name="members.1.name"' in added.text
    assert 'value="Ирина Петрова"' in added.text
    assert hidden(added.text, "members_count") == "2"

    two = application(token, members_count="2", action="remove-member-0")
    two |= {"members.1.name": "Пётр Сидоров", "members.1.birth_date": "1990-01-02"}
    removed = await registration.post(f"/contest/{contest['id']}/apply", data=two)
    assert 'name="members.1.name"' not in removed.text
    assert 'value="Пётр Сидоров"' in removed.text
    assert "Ирина Петрова" in removed.text  # still the contact person


async def test_a_form_posted_twice_registers_once_and_is_published_once(
    registration: httpx.AsyncClient, contest: dict, rabbitmq_url: str
) -> None:
    token = await open_form(registration, contest)
    async with EventSpy(rabbitmq_url, [REGISTERED]) as spy:
        first = await registration.post(f"/contest/{contest['id']}/apply", data=application(token))
        again = await registration.post(f"/contest/{contest['id']}/apply", data=application(token))
        await spy.wait_for(REGISTERED, 1)
        await spy.settle()

    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    assert len(spy.of_type(REGISTERED)) == 1
    listed = await registration.get(f"/contests/{contest['id']}/participants", headers=ORGANIZER)
    assert len(listed.json()) == 1


async def test_outside_its_window_the_form_is_a_clear_refusal(
    registration: httpx.AsyncClient,
) -> None:
    now = datetime.now(UTC)
    closed = await create(
        registration,
        registration_opens_at=(now - timedelta(days=9)).isoformat(),
        registration_closes_at=(now - timedelta(days=1)).isoformat(),
    )
    page = await registration.get(f"/contest/{closed['id']}/apply")
    assert "Приём заявок закончился" in page.text
    assert "<form" not in page.text.split('id="main"')[1]
    posted = await registration.post(
        f"/contest/{closed['id']}/apply", data=application("some-token")
    )
    assert posted.status_code == 409
    assert "Приём заявок закончился" in posted.text


async def test_the_consent_texts_are_served_and_linked_from_the_form(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    form = await registration.get(f"/contest/{contest['id']}/apply")
    assert 'href="/consents/personal-data/1"' in form.text
    assert 'href="/consents/publication/1"' in form.text
    processing = await registration.get("/consents/personal-data/1")
    assert "Согласие на обработку персональных данных" in processing.text
    assert "152-ФЗ" in processing.text
    publication = await registration.get("/consents/publication/1")
    assert "статьёй 10.1" in publication.text
    missing = await registration.get("/consents/personal-data/9", headers=BROWSER)
    assert missing.status_code == 404


async def test_an_unknown_contest_is_a_russian_not_found_page(
    registration: httpx.AsyncClient,
) -> None:
    page = await registration.get("/contest/nope", headers=BROWSER)
    assert page.status_code == 404
    assert "Страница не найдена" in page.text


# The organizers' pages


@pytest.mark.parametrize(
    "url",
    [
        "/organizer",
        "/organizer/contests/new",
        "/organizer/contests/some-contest",
        "/organizer/contests/some-contest/participants.csv",
        "/organizer/participants/someone",
    ],
)
async def test_an_organizer_page_sends_a_stranger_to_sign_in(
    registration: httpx.AsyncClient, url: str
) -> None:
    answer = await registration.get(url)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/organizer/sign-in?next=")


async def test_an_organizer_creates_a_contest_with_nominations_as_rows(
    registration: httpx.AsyncClient, rabbitmq_url: str
) -> None:
    await sign_in(registration)
    token = await csrf(registration, "/organizer/contests/new")
    form = {
        "csrf_token": token,
        "id": "prolog-2026",
        "title": "Чемпионат «ПроЛог»",
        "age_rating": "16+",
        "participant_kinds": ["team", "initiative_group"],
        "nominations_count": "2",
        "nominations.0.id": "urban-environment",
        "nominations.0.title": "Комфортная городская среда",
        "nominations.1.id": "",
        "nominations.1.title": "",
        "registration_opens_at": "2026-02-01T09:00",
        "registration_closes_at": "2026-03-01T18:00",
        "places_per_nomination": "3",
    }
    added = await registration.post(
        "/organizer/contests/new", data=form | {"action": "add-nomination"}
    )
    assert 'name="nominations.2.title"' in added.text

    bad = await registration.post(
        "/organizer/contests/new", data=form | {"action": "submit", "places_per_nomination": "0"}
    )
    assert bad.status_code == 422
    assert "призовых мест в номинации — от 1 до 100" in bad.text
    assert 'value="Чемпионат «ПроЛог»"' in bad.text

    async with EventSpy(rabbitmq_url, ["contest.opened"]) as spy:
        created = await registration.post(
            "/organizer/contests/new", data=form | {"action": "submit"}
        )
        [event] = await spy.wait_for("contest.opened", 1)
    assert created.status_code == 303, created.text
    opens = datetime.fromisoformat(event["registration_opens_at"])
    assert opens == datetime(2026, 2, 1, 5, 0, tzinfo=UTC)  # 09:00 in Samara
    assert [n["id"] for n in event["nominations"]] == ["urban-environment"]
    assert event["participant_kinds"] == ["team", "initiative_group"]


async def test_an_organizer_edits_a_contest_before_it_opens_but_not_after(
    registration: httpx.AsyncClient, contest: dict, rabbitmq_url: str
) -> None:
    now = datetime.now(UTC)
    upcoming = await create(
        registration,
        registration_opens_at=(now + timedelta(days=5)).isoformat(),
        registration_closes_at=(now + timedelta(days=9)).isoformat(),
    )
    await sign_in(registration)
    url = f"/organizer/contests/{upcoming['id']}/edit"
    page = await registration.get(url)
    assert 'value="Лучшие практики ТОС"' in page.text
    form = {
        "csrf_token": hidden(page.text, "csrf_token"),
        "title": "Лучшие практики ТОС — 2026",
        "age_rating": "12+",
        "participant_kinds": ["tos"],
        "nominations_count": "1",
        "nominations.0.id": "urban-environment",
        "nominations.0.title": "Комфортная городская среда",
        "registration_opens_at": hidden(page.text, "registration_opens_at"),
        "registration_closes_at": hidden(page.text, "registration_closes_at"),
        "places_per_nomination": "2",
        "action": "submit",
    }
    async with EventSpy(rabbitmq_url, ["contest.changed"]) as spy:
        saved = await registration.post(url, data=form)
        [event] = await spy.wait_for("contest.changed", 1)
    assert saved.status_code == 303, saved.text
    assert event["title"] == "Лучшие практики ТОС — 2026"
    assert event["places_per_nomination"] == 2
    assert event["revision"] == 2

    locked = await registration.get(f"/organizer/contests/{contest['id']}/edit")
    assert locked.status_code == 409
    assert "уже нельзя изменить" in locked.text


async def test_an_organizer_closes_registration_early_after_confirming(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    await sign_in(registration)
    url = f"/organizer/contests/{contest['id']}/close"
    confirmation = await registration.get(url)
    assert "Закрыть регистрацию досрочно?" in confirmation.text
    closed = await registration.post(
        url, data={"csrf_token": hidden(confirmation.text, "csrf_token")}
    )
    assert closed.status_code == 303
    public = await registration.get(f"/contest/{contest['id']}/apply")
    assert "закрыли регистрацию досрочно" in public.text


async def test_the_participants_table_searches_filters_by_nomination_and_status_and_pages(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    first = await register(registration, contest, name="Команда «Старт»")
    await register(registration, contest, name="Команда «Финиш»", nomination="ecology")
    await sign_in(registration)
    url = f"/organizer/contests/{contest['id']}"

    everyone = await registration.get(url)
    assert everyone.headers["cache-control"] == "no-store"
    assert "Команда «Старт»" in everyone.text and "Команда «Финиш»" in everyone.text
    assert "irina.petrova@example.org" in everyone.text
    found = await registration.get(url, params={"q": "старт"})
    assert "Команда «Старт»" in found.text and "Команда «Финиш»" not in found.text
    ecology = await registration.get(url, params={"nomination": "ecology"})
    assert "Команда «Финиш»" in ecology.text and "Команда «Старт»" not in ecology.text

    await registration.post(f"/participants/{first}/withdrawal", headers=ORGANIZER)
    withdrawn = await registration.get(url, params={"status": "withdrawn"})
    assert "Команда «Старт»" in withdrawn.text and "Команда «Финиш»" not in withdrawn.text
    far = await registration.get(url, params={"page": 99})
    assert "Страница" not in far.text or "из 1" in far.text


async def test_an_organizer_withdraws_a_participant_with_a_reason(
    registration: httpx.AsyncClient, contest: dict, rabbitmq_url: str
) -> None:
    participant_id = await register(registration, contest)
    await sign_in(registration)
    url = f"/organizer/participants/{participant_id}/withdraw"
    confirmation = await registration.get(url)
    token = hidden(confirmation.text, "csrf_token")
    no_reason = await registration.post(url, data={"csrf_token": token, "reason": ""})
    assert no_reason.status_code == 422
    assert "Укажите причину" in no_reason.text

    async with EventSpy(rabbitmq_url, ["participant.withdrawn"]) as spy:
        done = await registration.post(
            url, data={"csrf_token": token, "reason": "Заявка подана повторно"}
        )
        await spy.wait_for("participant.withdrawn", 1)
    assert done.status_code == 303
    detail = await registration.get(f"/organizer/participants/{participant_id}")
    assert "Заявка подана повторно" in detail.text
    assert "Снят с конкурса" in detail.text
    record = await registration.get(f"/participants/{participant_id}", headers=ORGANIZER)
    assert record.json()["withdrawal_reason"] == "Заявка подана повторно"


async def test_exports_open_in_excel_and_hold_what_the_table_shows(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    await register(registration, contest, name="=Команда «Старт»")
    await register(registration, contest, name="Команда «Финиш»", nomination="ecology")
    await sign_in(registration)
    base = f"/organizer/contests/{contest['id']}"
    table = await registration.get(base, params={"nomination": "ecology"})
    assert "Команда «Финиш»" in table.text

    exported = await registration.get(f"{base}/participants.csv", params={"nomination": "ecology"})
    assert exported.headers["cache-control"] == "no-store"
    assert exported.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["№ заявки", "Подана", "Статус"]
    assert [row[5] for row in rows[1:]] == ["Команда «Финиш»"]
    assert rows[1][7] == "Двор, где хочется жить"
    assert rows[1][9] == "irina.petrova@example.org"

    workbook = await registration.get(f"{base}/participants.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][5] == "Участник"
    assert sorted(row[5] for row in values[1:]) == ["'=Команда «Старт»", "Команда «Финиш»"]
    assert {row[3] for row in values[1:]} == {
        "Комфортная городская среда",
        "Экологическое просвещение детей и молодёжи",
    }
    audit = await registration.get("/audit?action=participants.exported", headers=ORGANIZER)
    exports = [(e["target"]["id"], e["details"]["rows"]) for e in audit.json()["entries"]]
    assert exports == [(contest["id"], 2), (contest["id"], 1)]  # newest first


async def test_an_organizer_erases_personal_data_only_after_confirming_it(
    registration: httpx.AsyncClient, contest: dict, rabbitmq_url: str
) -> None:
    participant_id = await register(registration, contest)
    await sign_in(registration)
    page = await registration.get(f"/organizer/participants/{participant_id}")
    assert "Персональные данные" in page.text
    assert f"/organizer/participants/{participant_id}/personal-data.json" in page.text
    assert page.text.count("/personal-data.json") == 3  # registration's, judging's, notifications'

    url = f"/organizer/participants/{participant_id}/erase"
    confirmation = await registration.get(url)
    assert "Удаление необратимо" in confirmation.text
    token = hidden(confirmation.text, "csrf_token")
    expired = await registration.post(url, data={"csrf_token": "forged", "confirm": "yes"})
    unconfirmed = await registration.post(url, data={"csrf_token": token})
    assert (expired.status_code, unconfirmed.status_code) == (400, 422)
    assert "Подтвердите, что понимаете" in unconfirmed.text
    record = await registration.get(f"/participants/{participant_id}", headers=ORGANIZER)
    assert record.json()["erased_at"] is None

    async with EventSpy(rabbitmq_url, ["participant.erased"]) as spy:
        done = await registration.post(url, data={"csrf_token": token, "confirm": "yes"})
        [event] = await spy.wait_for("participant.erased", 1)
    assert done.status_code == 303
    assert event["reason"] == "request"
    shown = await registration.get(done.headers["location"])
    assert "Персональные данные удалены" in shown.text
    assert "irina.petrova@example.org" not in shown.text

    exported = await registration.get(
        f"/organizer/participants/{participant_id}/personal-data.json"
    )
    assert exported.headers["content-disposition"].startswith("attachment")
    assert exported.json()["application"]["contact"]["email"] == ""
    audit = await registration.get("/audit?action=personal_data.exported", headers=ORGANIZER)
    assert [e["target"]["id"] for e in audit.json()["entries"]] == [participant_id]
