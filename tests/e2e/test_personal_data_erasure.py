"""152-ФЗ end to end, on the real broker and database: participants are registered, judged,
announced and written to; an organizer erases two of them; afterwards no database of any
service holds their e-mail, phone, ИНН or the names of their people — found by a scan of every
document of every collection as text, so that a copy nobody thought of is caught too."""

import json
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from forum_shared.events import ParticipantErased
from support.apps import ORGANIZER
from support.contest_run import delivery_log, open_for_judging, register, roster
from support.forms import application_form, contest_form
from support.forum import ForumEvents, eventually
from support.platform import Platform
from support.servers import BrokerForTests
from support.spy import EventSpy

SERVICES = ("registration", "judging", "notifications")
PERSON_INN = "500100732259"

INDIVIDUAL = application_form(
    kind="individual",
    name="Евлампий Снегирёв",
    inn=PERSON_INN,
    contact={
        "name": "Евлампий Снегирёв",
        "email": "evlampiy.snegirev@example.net",
        "phone": "8 917 444-55-66",
    },
    members=[{"name": "Евлампий Снегирёв", "birth_date": "1990-01-01"}],
    consent_publication=True,
)
TEAM = application_form(
    kind="team",
    name="Команда «Рассвет»",
    inn=None,
    contact={
        "name": "Гордей Пантелеймонов",
        "email": "gordey.panteleimonov@example.org",
        "phone": "+7 912 555-01-23",
    },
    members=[
        {"name": "Гордей Пантелеймонов", "birth_date": "1988-02-03"},
        {"name": "Ефросинья Малахова", "birth_date": "1992-07-08"},
    ],
)
STAYS = application_form(
    kind="tos",
    name="ТОС «Остаётся»",
    inn=None,
    members=[],
    contact={"name": "Анна", "email": "stays@example.org", "phone": "89123456780"},
)
# What must be gone: each as typed and as stored (e-mail in lower case, phone normalised).
ERASED = [
    "Евлампий Снегирёв",
    "evlampiy.snegirev",
    "79174445566",
    PERSON_INN,
    "Гордей Пантелеймонов",
    "Ефросинья Малахова",
    "gordey.panteleimonov",
    "79125550123",
]


async def copies_left(mongo: AsyncMongoClient, database_name: str) -> dict[str, list[str]]:
    """`collection: [what was found]` for every erased string still somewhere."""
    found: dict[str, list[str]] = {}
    for service in SERVICES:
        db = mongo[f"{database_name}_{service}"]
        for collection in await db.list_collection_names():
            async for document in db[collection].find():
                text = json.dumps(document, default=str, ensure_ascii=False).casefold()
                for needle in ERASED:
                    if needle.casefold() in text:
                        found.setdefault(f"{service}.{collection}", []).append(needle)
    return found


async def snapshot(mongo: AsyncMongoClient, database_name: str) -> dict[str, Any]:
    return {
        f"{service}.{name}": await mongo[f"{database_name}_{service}"][name].find().to_list()
        for service in ("judging", "notifications")
        for name in await mongo[f"{database_name}_{service}"].list_collection_names()
    }


async def export(client: httpx.AsyncClient, participant_id: str) -> dict[str, Any]:
    answer = await client.get(f"/participants/{participant_id}/personal-data", headers=ORGANIZER)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_an_erased_participant_leaves_no_contact_in_any_service(
    platform: Platform,
    rabbitmq_url: str,
    broker: BrokerForTests,
    mongo: AsyncMongoClient,
    database_name: str,
) -> None:
    contest = contest_form(places_per_nomination=1)
    url = f"/contests/{contest['id']}"
    async with (
        EventSpy(rabbitmq_url, ["participant.erased"]) as spy,
        platform.client(platform.registration) as registration,
        platform.client(platform.judging) as judging,
        platform.client(platform.notifications) as notifications,
    ):
        [juror] = await open_for_judging(registration, judging, contest)
        person = await register(registration, contest, INDIVIDUAL)
        team = await register(registration, contest, TEAM)
        stays = await register(registration, contest, STAYS)
        await eventually(lambda: roster_of(judging, contest, juror, 3), timeout=30)
        for points, participant in ((10, person), (6, team), (3, stays)):
            scores = {"impact": points, "feasibility": points}
            scored = await judging.put(
                f"{url}/scores/{participant}", json={"scores": scores}, headers=juror
            )
            assert scored.status_code == 200, scored.text
        assert (await judging.post(f"{url}/announcement", headers=ORGANIZER)).status_code == 201

        async def all_sent() -> bool:
            log = await delivery_log(notifications, contest)
            # confirmations, the winner's congratulation, two thanks, the organizers' summary
            return len(log) == 7 and all(n["status"] == "sent" for n in log)

        await eventually(all_sent, timeout=30)
        before = await copies_left(mongo, database_name)
        assert {"registration.participants", "judging.roster", "notifications.recipients"} <= set(
            before
        )
        exported = [await export(c, person) for c in (registration, judging, notifications)]
        assert exported[0]["application"]["contact"]["email"] == "evlampiy.snegirev@example.net"
        assert exported[0]["application"]["members"][0]["name"] == "Евлампий Снегирёв"
        assert exported[1]["roster"]["registration"]["display_name"] == "Евлампий Снегирёв"
        assert exported[2]["recipient"]["email"] == "evlampiy.snegirev@example.net"
        assert len(exported[2]["notifications"]) == 2  # the confirmation, the congratulation

        first = await registration.post(f"/participants/{person}/erasure", headers=ORGANIZER)
        again = await registration.post(f"/participants/{person}/erasure", headers=ORGANIZER)
        erased_team = await registration.post(f"/participants/{team}/erasure", headers=ORGANIZER)
        assert first.status_code == again.status_code == erased_team.status_code == 200
        assert again.json() == first.json()
        assert first.json()["reason"] == "request"

        async def nothing_left() -> bool:
            return not await copies_left(mongo, database_name)

        await eventually(nothing_left, timeout=30)
        await spy.wait_for("participant.erased", 2)
        await spy.settle()
        assert sorted(e["participant_id"] for e in spy.of_type("participant.erased")) == sorted(
            [person, team]
        )

        # A duplicate delivery of an erasure changes nothing.
        unchanged = await snapshot(mongo, database_name)
        duplicate = ParticipantErased.model_validate(spy.of_type("participant.erased")[0])
        async with ForumEvents(broker) as forum:
            await forum.publish(duplicate)
        await spy.settle()
        assert await snapshot(mongo, database_name) == unchanged

        log = await delivery_log(notifications, contest)
        after = [await export(c, person) for c in (registration, judging, notifications)]

    # The letters' records stay, sent, with the address replaced by a marker.
    assert len(log) == 7 and all(n["status"] == "sent" for n in log)
    theirs = [n for n in log if n["participant_id"] in (person, team)]
    assert {n["recipient"] for n in theirs} == {"[удалено]"}
    # The results stand: the person is the winner, under the neutral label.
    label = f"Участник № {person[:8].upper()}"
    assert after[1]["roster"]["registration"]["display_name"] == label
    assert after[1]["announcements"][0]["nominations"][0]["winners"][0]["display_name"] == label
    assert after[0]["application"]["name"] == label
    assert after[0]["application"]["contact"] == {"name": "", "email": "", "phone": ""}
    assert after[0]["erasure"]["reason"] == "request"
    # What is not personal stays: the organisation that was not erased, the projects.
    assert after[0]["application"]["project"]["title"] == INDIVIDUAL["project"]["title"]


async def roster_of(judging: httpx.AsyncClient, contest: dict, juror: dict, count: int) -> bool:
    return len(await roster(judging, contest, juror)) == count
