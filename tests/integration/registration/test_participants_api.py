import asyncio
import logging
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from forum_shared.idempotency import MAX_KEY_LENGTH
from forum_shared.logs import configure_logging
from support.apps import ORGANIZER
from support.forms import application_form, contest_form
from support.spy import EventSpy

REGISTERED = "participant.registered"


def form_url(contest: dict) -> str:
    return f"/contests/{contest['id']}/participants"


async def test_a_registration_is_accepted_and_announced_exactly_once(
    registration: httpx.AsyncClient, contest: dict, rabbitmq_url: str
) -> None:
    async with EventSpy(rabbitmq_url, [REGISTERED]) as spy:
        response = await registration.post(form_url(contest), json=application_form())
        [event] = await spy.wait_for(REGISTERED, 1)
        await spy.settle()

    assert response.status_code == 201, response.text
    accepted = response.json()
    assert set(accepted) == {"id", "contest_id", "nomination", "status", "registered_at"}
    assert len(spy.of_type(REGISTERED)) == 1
    assert event["participant_id"] == accepted["id"]
    assert event["contest_id"] == contest["id"]
    assert event["contest_title"] == contest["title"]
    assert event["nomination_title"] == "Комфортная городская среда"
    assert event["participant_kind"] == "sonko"
    assert event["display_name"] == "АНО «Доброе дело»"
    assert event["contact_email"] == "irina.petrova@example.org"
    assert event["producer"] == "registration"
    assert event["_delivery"]["persistent"] is True


async def test_the_organizer_sees_the_normalised_application(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    accepted = (await registration.post(form_url(contest), json=application_form())).json()

    listed = await registration.get(form_url(contest), headers=ORGANIZER)
    one = await registration.get(f"/participants/{accepted['id']}", headers=ORGANIZER)

    assert listed.status_code == 200
    assert [p["id"] for p in listed.json()] == [accepted["id"]]
    assert one.json()["contact"]["phone"] == "+79123456789"
    assert "duplicate_key" not in one.json()


async def test_participants_personal_data_is_for_the_organizer_only(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    accepted = (await registration.post(form_url(contest), json=application_form())).json()

    assert (await registration.get(form_url(contest))).status_code == 401
    assert (await registration.get(f"/participants/{accepted['id']}")).status_code == 401
    public = (await registration.get(f"/contests/{contest['id']}")).text
    assert "irina" not in public.lower()


async def test_the_same_organisation_cannot_register_twice_in_a_nomination(
    registration: httpx.AsyncClient, contest: dict, rabbitmq_url: str
) -> None:
    async with EventSpy(rabbitmq_url, [REGISTERED]) as spy:
        first = await registration.post(form_url(contest), json=application_form())
        again = await registration.post(
            form_url(contest), json=application_form(name="Доброе дело, АНО")
        )
        elsewhere = await registration.post(
            form_url(contest), json=application_form(nomination="ecology")
        )
        await spy.wait_for(REGISTERED, 2)
        await spy.settle()

    assert first.status_code == 201
    assert again.status_code == 409
    assert again.json() == {
        "detail": "эта организация уже зарегистрирована в этом конкурсе и номинации",
        "code": "duplicate_registration",
    }
    assert elsewhere.status_code == 201
    assert len(spy.of_type(REGISTERED)) == 2


async def test_a_tos_without_inn_is_a_duplicate_by_its_normalised_name(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    tos = application_form(kind="tos", inn=None, name="ТОС «Солнечный»", members=[])
    first = await registration.post(form_url(contest), json=tos)
    again = await registration.post(form_url(contest), json=tos | {"name": "тос  солнечный"})
    assert first.status_code == 201, first.text
    assert again.status_code == 409


async def test_a_retried_request_with_its_idempotency_key_gets_the_first_answer(
    registration: httpx.AsyncClient, contest: dict, rabbitmq_url: str
) -> None:
    headers = {"Idempotency-Key": "form-submit-7f3a"}
    async with EventSpy(rabbitmq_url, [REGISTERED]) as spy:
        first = await registration.post(form_url(contest), json=application_form(), headers=headers)
        retried = await registration.post(
            form_url(contest), json=application_form(), headers=headers
        )
        await spy.wait_for(REGISTERED, 1)
        await spy.settle()

    assert first.status_code == 201
    assert retried.status_code == 201
    assert retried.json() == first.json()
    assert len(spy.of_type(REGISTERED)) == 1


async def test_an_idempotency_key_reused_for_another_application_is_refused(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    headers = {"Idempotency-Key": "form-submit-1"}
    await registration.post(form_url(contest), json=application_form(), headers=headers)
    other = application_form(inn="500100732259", kind="individual", name="Иван Иванов")
    response = await registration.post(form_url(contest), json=other, headers=headers)
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert "Idempotency-Key уже использован" in response.json()["detail"]


async def test_an_applicants_idempotency_key_is_as_long_as_the_organizers_at_most(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    too_long = {"Idempotency-Key": "k" * (MAX_KEY_LENGTH + 1)}
    longest = {"Idempotency-Key": "k" * MAX_KEY_LENGTH}

    refused = await registration.post(form_url(contest), json=application_form(), headers=too_long)
    accepted = await registration.post(form_url(contest), json=application_form(), headers=longest)

    assert refused.status_code == 422
    assert accepted.status_code == 201, accepted.text


async def test_a_bad_application_lists_every_problem_and_leaves_nothing_behind(
    registration: httpx.AsyncClient, contest: dict, rabbitmq_url: str
) -> None:
    bad = application_form(
        inn="7707083894",
        contact={"name": "Ирина", "email": "not-an-email", "phone": "12345"},
        consent_personal_data=False,
        nomination="astronomy",
    )
    async with EventSpy(rabbitmq_url, [REGISTERED]) as spy:
        response = await registration.post(form_url(contest), json=bad)
        await spy.settle()

    assert response.status_code == 422
    fields = {problem["field"] for problem in response.json()["errors"]}
    assert fields >= {
        "inn",
        "contact.email",
        "contact.phone",
        "consent_personal_data",
        "nomination",
    }
    assert spy.received == []
    listed = await registration.get(form_url(contest), headers=ORGANIZER)
    assert listed.json() == []


async def test_a_member_younger_than_the_age_rating_is_refused(
    registration: httpx.AsyncClient, rabbitmq_url: str
) -> None:
    form = contest_form(age_rating="16+")
    await registration.post("/contests", json=form, headers=ORGANIZER)
    ten_years_ago = (datetime.now(UTC) - timedelta(days=3660)).date().isoformat()
    team = application_form(
        kind="team",
        inn=None,
        name="Команда «Старт»",
        members=[{"name": "Пётр", "birth_date": ten_years_ago}],
    )
    response = await registration.post(form_url(form), json=team)
    assert response.status_code == 422
    [problem] = response.json()["errors"]
    assert problem["code"] == "member_too_young"
    assert problem["message"] == ("участнику 1 полных лет: 10, а возрастной рейтинг конкурса — 16+")


@pytest.mark.parametrize(
    ("opens", "closes", "code", "phrase"),
    [
        (1, 10, "registration_not_open_yet", "регистрация на этот конкурс начнётся"),
        (-10, -1, "registration_closed", "регистрация на этот конкурс закончилась"),
    ],
    ids=["not yet open", "already closed"],
)
async def test_registration_outside_its_window_is_refused_clearly(
    registration: httpx.AsyncClient, opens: int, closes: int, code: str, phrase: str
) -> None:
    now = datetime.now(UTC)
    form = contest_form(
        registration_opens_at=(now + timedelta(days=opens)).isoformat(),
        registration_closes_at=(now + timedelta(days=closes)).isoformat(),
    )
    await registration.post("/contests", json=form, headers=ORGANIZER)
    response = await registration.post(form_url(form), json=application_form())
    assert response.status_code == 409
    assert response.json()["code"] == code
    assert response.json()["detail"].startswith(phrase)


async def test_registering_for_an_unknown_contest_is_a_404(registration: httpx.AsyncClient) -> None:
    response = await registration.post("/contests/nope/participants", json=application_form())
    assert response.status_code == 404


async def test_an_oversized_body_is_refused_before_it_is_read(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    huge = application_form(project={"title": "x", "summary": "я" * 100_000})
    response = await registration.post(form_url(contest), json=huge)
    assert response.status_code == 413
    assert response.json() == {
        "detail": "тело запроса больше допустимого (65536 байт)",
        "code": "content_too_large",
    }


async def test_personal_data_never_reaches_the_logs_even_at_debug_level(
    registration: httpx.AsyncClient, contest: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    configure_logging("registration", "DEBUG")
    try:
        await registration.post(form_url(contest), json=application_form())
        await registration.post(form_url(contest), json=application_form())  # a duplicate
        await registration.post(
            form_url(contest),
            json=application_form(
                contact={"name": "Ирина", "email": "x", "phone": "+7 912 345-67-89"}
            ),
        )
        await asyncio.sleep(0.5)  # the relay publishes, and logs it
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    logged = capsys.readouterr().out
    assert '"service": "registration"' in logged
    for secret in ("irina.petrova", "Ирина", "345-67-89", "79123456789", "7707083893"):
        assert secret not in logged


async def test_an_organizer_withdraws_a_participant_and_subscribers_hear_it_once(
    registration: httpx.AsyncClient, contest: dict, rabbitmq_url: str
) -> None:
    accepted = (await registration.post(form_url(contest), json=application_form())).json()
    url = f"/participants/{accepted['id']}/withdrawal"
    async with EventSpy(rabbitmq_url, ["participant.withdrawn"]) as spy:
        first = await registration.post(url, headers=ORGANIZER)
        again = await registration.post(url, headers=ORGANIZER)
        [event] = await spy.wait_for("participant.withdrawn", 1)
        await spy.settle()

    assert first.status_code == 200, first.text
    assert again.json() == first.json()
    assert len(spy.received) == 1
    assert event["participant_id"] == accepted["id"]
    assert event["nomination"] == "urban-environment"
    record = (await registration.get(f"/participants/{accepted['id']}", headers=ORGANIZER)).json()
    assert record["withdrawn_at"] == first.json()["withdrawn_at"]


async def test_only_the_organizer_withdraws_and_only_known_participants(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    accepted = (await registration.post(form_url(contest), json=application_form())).json()
    anonymous = await registration.post(f"/participants/{accepted['id']}/withdrawal")
    unknown = await registration.post("/participants/nobody/withdrawal", headers=ORGANIZER)
    assert anonymous.status_code == 401
    assert unknown.status_code == 404


async def test_paging_far_beyond_any_contest_is_a_clear_422(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    response = await registration.get(
        form_url(contest), params={"offset": 10**19}, headers=ORGANIZER
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "offset"


async def test_an_application_s_problems_are_in_english_when_the_caller_asks_for_english(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    bad = application_form(inn="7707083894")
    russian = await registration.post(form_url(contest), json=bad)
    english = await registration.post(
        form_url(contest), json=bad, headers={"Accept-Language": "en"}
    )
    assert [p["code"] for p in russian.json()["errors"]] == ["inn_checksum"]
    assert [p["code"] for p in english.json()["errors"]] == ["inn_checksum"]
    assert russian.json()["errors"][0]["message"].startswith("такого ИНН не бывает")
    assert english.json()["errors"][0]["message"] == (
        "inn is not a valid INN (wrong check digits or region code); please look for a typo"
    )
