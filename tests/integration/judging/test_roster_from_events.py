import json
import logging

import httpx
import pytest
from integration.judging.harness import (
    ECOLOGY,
    URBAN,
    ForumEvents,
    Stage,
    eventually,
    registered,
    withdrawn,
)
from pymongo import AsyncMongoClient

from judging.settings import Settings
from registration.main import create_app as create_registration
from registration.settings import Settings as RegistrationSettings
from support.apps import ORGANIZER, running, settings_for_tests
from support.forms import application_form, contest_form
from support.servers import BrokerForTests


async def test_the_roster_is_built_from_registration_events(stage: Stage) -> None:
    juror = await stage.add_juror("Анна Смирнова")

    ids = await stage.register(1, 2)
    [ecology] = await stage.register(3, nomination=ECOLOGY)

    await stage.roster_shows(juror, [*ids, ecology])
    answer = (await stage.judging.get(f"{stage.url}/roster", headers=juror)).json()
    assert answer["participants"][0] == {
        "participant_id": ids[0],
        "display_name": "ТОС «Квартал 1»",
        "nomination": URBAN,
        "nomination_title": "Комфортная городская среда",
        "my_scorecard": None,
    }
    assert answer["contest_title"] == "Лучшие практики ТОС"


async def test_judging_keeps_no_contact_details_of_participants(
    stage: Stage, mongo: AsyncMongoClient, judging_settings: Settings
) -> None:
    juror = await stage.add_juror("Анна Смирнова")
    [participant] = await stage.register(1)
    await stage.roster_shows(juror, [participant])

    stored = await mongo[judging_settings.mongodb_database]["roster"].find_one()
    assert "example.org" not in json.dumps(stored, default=str)
    assert "Контакт" not in json.dumps(stored, default=str, ensure_ascii=False)


async def test_a_registration_arriving_before_its_contest_is_kept(
    judging: httpx.AsyncClient, forum: ForumEvents
) -> None:
    stage = Stage(judging, forum)
    early = registered(stage.contest_id, 1)
    await forum.publish(early)

    await stage.open()
    juror = await stage.add_juror("Анна Смирнова")

    await stage.roster_shows(juror, [early.participant_id])


async def test_a_duplicated_delivery_is_applied_once(
    stage: Stage, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="judging.handlers")
    juror = await stage.add_juror("Анна Смирнова")
    event = registered(stage.contest_id, 1)

    await stage.forum.publish(event, event)

    await stage.roster_shows(juror, [event.participant_id])
    outcomes = await eventually(lambda: handled(caplog, str(event.event_id), count=2))
    assert outcomes == ["applied", "already applied before: ignored"]


async def test_a_withdrawn_participant_leaves_the_roster_whatever_the_order_of_events(
    stage: Stage,
) -> None:
    juror = await stage.add_juror("Анна Смирнова")
    first, second, third = (registered(stage.contest_id, n) for n in (1, 2, 3))
    await stage.forum.publish(first, second)
    await stage.roster_shows(juror, [first.participant_id, second.participant_id])

    await stage.forum.publish(withdrawn(first), withdrawn(third))
    await stage.roster_shows(juror, [second.participant_id])
    await stage.forum.publish(third)  # its withdrawal came first

    await stage.forum.publish(registered(stage.contest_id, 4))
    await stage.roster_shows(juror, [second.participant_id, f"{stage.contest_id}-p4"])


async def test_poison_messages_are_dead_lettered_while_good_ones_flow(stage: Stage) -> None:
    juror = await stage.add_juror("Анна Смирнова")
    wrong_schema = {"event_type": "participant.registered", "participant_id": "p-x"}

    await stage.forum.publish_raw("participant.registered", b"{not json")
    await stage.forum.publish_raw("participant.registered", json.dumps(wrong_schema).encode())
    [good] = await stage.register(1)

    await stage.roster_shows(juror, [good])

    async def counted_for_ops() -> bool:
        metrics = (await stage.judging.get("/metrics")).text
        return "dead_letter_messages 2.0" in metrics

    await eventually(counted_for_ops, timeout=20)
    dead: list[bytes] = []

    async def both_dead() -> bool:
        dead.extend(await stage.forum.dead_letters("judging"))
        return len(dead) >= 2

    await eventually(both_dead, timeout=20)
    assert sorted(dead) == sorted([b"{not json", json.dumps(wrong_schema).encode()])


async def test_a_participant_registered_through_registration_appears_in_the_roster(
    judging: httpx.AsyncClient,
    forum: ForumEvents,
    mongodb_url: str,
    broker: BrokerForTests,
    database_name: str,
) -> None:
    settings = RegistrationSettings(
        **settings_for_tests(mongodb_url, broker, "registration", f"{database_name}_registration")
    )
    contest = contest_form()
    async with running(create_registration(settings)) as registration:
        created = await registration.post("/contests", json=contest, headers=ORGANIZER)
        assert created.status_code == 201, created.text
        stage = Stage(judging, forum)
        stage.contest_id, stage.url = contest["id"], f"/contests/{contest['id']}"

        async def learnt() -> bool:
            answer = await judging.get(f"{stage.url}/jurors", headers=ORGANIZER)
            return answer.status_code == 200

        await eventually(learnt)
        juror = await stage.add_juror("Анна Смирнова")
        accepted = await registration.post(f"{stage.url}/participants", json=application_form())

        await stage.roster_shows(juror, [accepted.json()["id"]])


def handled(caplog: pytest.LogCaptureFixture, event_id: str, count: int) -> list[str] | None:
    outcomes = [
        record.getMessage().split(") ", 1)[1]
        for record in caplog.records
        if record.name == "judging.handlers" and event_id in record.getMessage()
    ]
    return outcomes if len(outcomes) >= count else None
