"""The two consents of 152-ФЗ through the API: processing (versioned, required) and
publication (optional), stored with the application; `name_public` in the event."""

import httpx

from support.apps import ORGANIZER
from support.forms import application_form
from support.spy import EventSpy

REGISTERED = "participant.registered"
PERSON_INN = "500100732259"


def individual(**changes: object) -> dict:
    return (
        application_form(
            kind="individual",
            inn=PERSON_INN,
            name="Иван Иванов",
            members=[{"name": "Иван Иванов", "birth_date": "1990-05-01"}],
        )
        | changes
    )


async def test_the_consent_version_and_time_are_stored_with_the_application(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    url = f"/contests/{contest['id']}/participants"
    accepted = await registration.post(url, json=application_form(consent_version="1"))
    assert accepted.status_code == 201, accepted.text
    record = (
        await registration.get(f"/participants/{accepted.json()['id']}", headers=ORGANIZER)
    ).json()
    assert record["consent_version"] == "1"
    assert record["consented_at"] == record["registered_at"]
    assert record["publication_consent"] is None


async def test_an_unknown_consent_version_is_a_clear_422(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    url = f"/contests/{contest['id']}/participants"
    answer = await registration.post(url, json=application_form(consent_version="7"))
    assert answer.status_code == 422
    [problem] = answer.json()["errors"]
    assert (problem["field"], problem["code"]) == ("consent_version", "consent_version_unknown")
    assert problem["message"] == "текста согласия версии 7 нет; действующая версия — 1"


async def test_an_individual_s_name_is_public_only_with_the_consent_to_publication(
    registration: httpx.AsyncClient, contest: dict, rabbitmq_url: str
) -> None:
    url = f"/contests/{contest['id']}/participants"
    async with EventSpy(rabbitmq_url, [REGISTERED]) as spy:
        private = await registration.post(url, json=individual())
        public = await registration.post(
            url, json=individual(nomination="ecology", consent_publication=True)
        )
        organisation = await registration.post(url, json=application_form())
        events = await spy.wait_for(REGISTERED, 3)

    by_id = {event["participant_id"]: event for event in events}
    assert by_id[private.json()["id"]]["name_public"] is False
    assert by_id[public.json()["id"]]["name_public"] is True
    assert by_id[organisation.json()["id"]]["name_public"] is True
    record = (
        await registration.get(f"/participants/{public.json()['id']}", headers=ORGANIZER)
    ).json()
    assert record["publication_consent"]["version"] == "1"
