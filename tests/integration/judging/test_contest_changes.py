"""Judging learns a contest's changes (`contest.changed`): the newest revision wins, whatever
the order in which the events arrive."""

from datetime import UTC, datetime, timedelta

import httpx
from integration.judging.harness import ForumEvents, Stage, contest_opened, eventually

from forum_shared.events import ContestChanged
from judging.main import create_app as create_judging
from judging.settings import Settings
from registration.main import create_app as create_registration
from registration.settings import Settings as RegistrationSettings
from support.apps import ORGANIZER, running, settings_for_tests
from support.forms import contest_form
from support.servers import BrokerForTests


def changed(contest_id: str, revision: int, title: str) -> ContestChanged:
    opened = contest_opened(contest_id)
    state = opened.model_dump(exclude={"event_id", "event_type", "schema_version"})
    return ContestChanged(**state | {"title": title, "revision": revision})


async def contest_title(stage: Stage, juror: dict[str, str]) -> str:
    answer = await stage.judging.get(f"{stage.url}/roster", headers=juror)
    return answer.json()["contest_title"]


async def test_a_newer_revision_replaces_an_older_one_and_never_the_reverse(
    stage: Stage,
) -> None:
    juror = await stage.add_juror("Анна Смирнова")
    await stage.forum.publish(changed(stage.contest_id, 3, "Третья редакция"))
    await eventually(lambda: _title_is(stage, juror, "Третья редакция"))

    late = changed(stage.contest_id, 2, "Вторая редакция")
    await stage.forum.publish(late, contest_opened(stage.contest_id))
    await stage.forum.publish(changed(stage.contest_id, 4, "Четвёртая редакция"))
    await eventually(lambda: _title_is(stage, juror, "Четвёртая редакция"))


async def test_a_change_arriving_before_the_opening_is_not_undone_by_it(
    judging: httpx.AsyncClient, forum: ForumEvents
) -> None:
    stage = Stage(judging, forum)
    await forum.publish(changed(stage.contest_id, 2, "Исправленное название"))
    await stage.open()  # waits until judging knows the contest
    juror = await stage.add_juror("Анна Смирнова")
    await forum.publish(contest_opened(stage.contest_id))  # a redelivery of the opening
    await eventually(lambda: _title_is(stage, juror, "Исправленное название"))
    assert await contest_title(stage, juror) == "Исправленное название"


async def _title_is(stage: Stage, juror: dict[str, str], title: str) -> bool:
    return await contest_title(stage, juror) == title


async def test_an_edit_in_registration_reaches_judging_through_the_broker(
    judging_settings: Settings,
    forum: ForumEvents,
    mongodb_url: str,
    broker: BrokerForTests,
    database_name: str,
) -> None:
    settings = RegistrationSettings(
        **settings_for_tests(mongodb_url, broker, "registration", f"{database_name}_registration")
    )
    now = datetime.now(UTC)
    contest = contest_form(
        registration_opens_at=(now + timedelta(days=3)).isoformat(),
        registration_closes_at=(now + timedelta(days=30)).isoformat(),
    )
    async with (
        running(create_judging(judging_settings)) as judging,
        running(create_registration(settings)) as registration,
    ):
        created = await registration.post("/contests", json=contest, headers=ORGANIZER)
        assert created.status_code == 201, created.text
        stage = Stage(judging, forum)
        stage.contest_id, stage.url = contest["id"], f"/contests/{contest['id']}"

        async def learnt() -> bool:
            answer = await judging.get(f"{stage.url}/jurors", headers=ORGANIZER)
            return answer.status_code == 200

        await eventually(learnt)
        juror = await stage.add_juror("Анна Смирнова")
        edited = await registration.patch(
            stage.url, json={"title": "Лучшие практики ТОС — 2026"}, headers=ORGANIZER
        )
        assert edited.status_code == 200, edited.text
        assert edited.json()["revision"] == 2
        await eventually(lambda: _title_is(stage, juror, "Лучшие практики ТОС — 2026"))
