"""Registration's side of 152-ФЗ: the erasure's API, an event not yet published when its
participant is erased, and the erasure that follows a contest's announcement by itself."""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from pymongo import AsyncMongoClient

from forum_shared.events import WinnersAnnounced
from forum_shared.organizers import bootstrap_actor
from registration.commands import RegistrationCommands
from registration.domain import Application, Contest
from registration.main import create_app
from registration.settings import Settings
from registration.store import RegistrationStore
from support.apps import ORGANIZER, running
from support.forms import application_form, contest_form
from support.forum import ForumEvents, eventually


async def test_an_unknown_participant_is_a_404_in_russian(registration: httpx.AsyncClient) -> None:
    erased = await registration.post("/participants/nope/erasure", headers=ORGANIZER)
    exported = await registration.get("/participants/nope/personal-data", headers=ORGANIZER)

    assert erased.status_code == exported.status_code == 404
    assert erased.json()["detail"] == "участника nope нет"


async def test_only_an_organizer_erases_or_exports(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    form = application_form()
    registered = await registration.post(f"/contests/{contest['id']}/participants", json=form)
    participant = registered.json()["id"]

    assert (await registration.post(f"/participants/{participant}/erasure")).status_code == 401
    assert (await registration.get(f"/participants/{participant}/personal-data")).status_code == 401


async def test_an_erasure_is_audited_once_under_the_organizer_and_the_request(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    form = application_form()
    registered = await registration.post(f"/contests/{contest['id']}/participants", json=form)
    url = f"/participants/{registered.json()['id']}/erasure"
    request = ORGANIZER | {"X-Correlation-ID": "erase-req-1"}

    first = await registration.post(url, headers=request)
    again = await registration.post(url, headers=ORGANIZER)

    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    answer = await registration.get("/audit?action=participant.erased", headers=ORGANIZER)
    [entry] = answer.json()["entries"]
    assert (entry["target"]["id"], entry["correlation_id"]) == (
        registered.json()["id"],
        "erase-req-1",
    )
    assert entry["details"] == {"contest_id": contest["id"], "reason": "request"}
    assert "irina" not in str(entry).casefold()


async def test_an_event_not_yet_published_goes_out_without_the_person(
    mongo: AsyncMongoClient, database_name: str
) -> None:
    """No relay runs here: the `participant.registered` is still pending when the participant
    is erased, and what the relay would publish later holds no contact."""
    store = RegistrationStore(mongo[f"{database_name}_registration"])
    await store.ensure_indexes()
    commands = RegistrationCommands(store, wake_relay=lambda: None)
    organizer = bootstrap_actor()
    contest = Contest.model_validate(contest_form())
    await commands.open_contest(contest, actor=organizer)
    registered = await commands.register(contest.id, Application.model_validate(application_form()))

    await commands.erase(registered.participant_id, actor=organizer)

    document = await store.participants.find_one({"_id": registered.participant_id})
    assert document["event_delivery"]["status"] == "pending"
    body = document["event"]["body"]
    assert (body["contact_name"], body["contact_email"]) == ("", "")
    assert "irina" not in str(document).casefold()
    assert "79123456789" not in str(document)
    erasure = await store.erasures.find_one({"_id": registered.participant_id})
    assert erasure["event"]["type"] == "participant.erased"
    assert erasure["finished"]


@pytest.fixture
async def sweeping(
    registration_settings: Settings,
) -> AsyncIterator[httpx.AsyncClient]:
    """Registration that erases contacts as soon as their contest is announced."""
    settings = registration_settings.model_copy(
        update={"contact_retention_days": 0, "retention_sweep_seconds": 0.2}
    )
    async with running(create_app(settings)) as client:
        yield client


def announcement(contest_id: str) -> WinnersAnnounced:
    return WinnersAnnounced(
        producer="judging",
        contest_id=contest_id,
        contest_title="Лучшие практики ТОС",
        announcement_id="a-1",
        announced_at=datetime.now(UTC),
        aggregation="mean",
        nominations=(),
    )


async def test_contacts_are_erased_after_the_announcement_and_not_before(
    sweeping: httpx.AsyncClient, forum: ForumEvents
) -> None:
    contest = contest_form()
    assert (await sweeping.post("/contests", json=contest, headers=ORGANIZER)).status_code == 201
    form = application_form()
    registered = await sweeping.post(f"/contests/{contest['id']}/participants", json=form)
    participant = f"/participants/{registered.json()['id']}"

    await asyncio.sleep(0.6)  # three sweeps
    before = (await sweeping.get(participant, headers=ORGANIZER)).json()
    assert before["erased_at"] is None
    assert before["contact"]["email"] == "irina.petrova@example.org"

    await forum.publish(announcement(contest["id"]))

    async def erased() -> dict | None:
        record = (await sweeping.get(participant, headers=ORGANIZER)).json()
        return record if record["erased_at"] else None

    record = await eventually(erased, timeout=15)
    assert record["erasure_reason"] == "retention"
    assert record["contact"] == {"name": "", "email": "", "phone": ""}
    answer = await sweeping.get("/audit?action=participant.erased", headers=ORGANIZER)
    [entry] = answer.json()["entries"]
    assert entry["actor"]["id"] == "retention"
    assert entry["details"]["reason"] == "retention"


async def test_a_download_of_someones_personal_data_is_recorded_under_who_asked(
    registration: httpx.AsyncClient, contest: dict
) -> None:
    form = application_form()
    registered = await registration.post(f"/contests/{contest['id']}/participants", json=form)
    participant_id = registered.json()["id"]
    request = ORGANIZER | {"X-Correlation-ID": "subject-request-7"}

    exported = await registration.get(
        f"/participants/{participant_id}/personal-data", headers=request
    )

    assert exported.status_code == 200
    answer = await registration.get("/audit?action=personal_data.exported", headers=ORGANIZER)
    [entry] = answer.json()["entries"]
    assert entry["target"] == {"kind": "participant", "id": participant_id}
    assert (entry["actor"]["name"], entry["correlation_id"]) == (
        "Общий ключ организаторов",
        "subject-request-7",
    )
