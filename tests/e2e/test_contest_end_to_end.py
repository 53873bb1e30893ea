"""The whole platform as separate processes on the real broker and database: a contest from
registration to the winners' announcement, with everyone told — and through faults."""

import asyncio
from collections import Counter
from typing import Any

import httpx
import pytest

from support.apps import ORGANIZER
from support.contest_run import delivery_log, open_for_judging, register, roster
from support.forms import application_form, contest_form
from support.forum import eventually
from support.platform import ORGANIZERS_EMAIL, Platform
from support.servers import broker_application
from support.spy import EventSpy


def tos(name: str, email: str = "tos@example.org") -> dict[str, Any]:
    contact = {"name": "Анна", "email": email, "phone": "89123456789"}
    return application_form(kind="tos", inn=None, name=name, members=[], contact=contact)


async def ready_now(service: httpx.AsyncClient) -> bool:
    return (await service.get("/health/ready")).status_code == 200


async def test_a_contest_runs_from_registration_to_announcement_and_everyone_is_told(
    platform: Platform, rabbitmq_url: str
) -> None:
    contest = contest_form(places_per_nomination=2)
    url = f"/contests/{contest['id']}"
    keys = ["participant.registered", "score.submitted", "winners.announced"]
    async with (
        EventSpy(rabbitmq_url, keys) as spy,
        platform.client(platform.registration) as registration,
        platform.client(platform.judging) as judging,
        platform.client(platform.notifications) as notifications,
    ):
        jurors = await open_for_judging(registration, judging, contest, jurors=2)
        names = ["ТОС «Солнечный»", "ТОС «Берёзка»", "ТОС «Жигули»"]
        participants = [
            await register(registration, contest, tos(name, f"tos{number}@example.org"))
            for number, name in enumerate(names)
        ]

        async def roster_complete() -> bool:
            return len(await roster(judging, contest, jurors[0])) == len(participants)

        await eventually(roster_complete, timeout=30)
        for juror, bias in zip(jurors, (0, 1), strict=True):
            for rank, participant in enumerate(participants):
                scores = {"impact": 9 - rank - bias, "feasibility": 8 - rank}
                scored = await judging.put(
                    f"{url}/scores/{participant}", json={"scores": scores}, headers=juror
                )
                assert scored.status_code == 200, scored.text

        results = (await judging.get(f"{url}/results", headers=ORGANIZER)).json()
        assert results["complete"] is True
        announced = await judging.post(f"{url}/announcement", headers=ORGANIZER)
        assert announced.status_code == 201, announced.text
        public = (await judging.get(f"{url}/announcement")).json()

        await spy.wait_for("winners.announced", 1)
        await spy.wait_for("score.submitted", 6)
        await spy.settle()

        async def all_sent() -> list[dict] | None:
            log = await delivery_log(notifications, contest)
            expected = len(participants) * 2 + 1  # confirmations, results, organizers' summary
            done = len(log) == expected and all(n["status"] == "sent" for n in log)
            return log if done else None

        log = await eventually(all_sent, timeout=30)

    winners = next(n for n in public["nominations"] if n["nomination"] == "urban-environment")
    assert [w["participant_id"] for w in winners["winners"]] == participants[:2]
    assert [w["place"] for w in winners["winners"]] == [1, 2]
    assert "contact" not in str(public)
    assert len(spy.of_type("winners.announced")) == 1
    assert len(spy.of_type("score.submitted")) == 6
    assert Counter(n["template"] for n in log) == {
        "registration_confirmed": 3,
        "winner_congratulation": 2,
        "participation_thanks": 1,
        "organizers_summary": 1,
    }
    mail = platform.mail()
    assert Counter(str(message["To"]) for message in mail) == {
        "tos0@example.org": 2,
        "tos1@example.org": 2,
        "tos2@example.org": 2,
        ORGANIZERS_EMAIL: 1,
    }
    to_participants = [m for m in mail if str(m["To"]) != ORGANIZERS_EMAIL]
    assert all("Здравствуйте" in m.get_body(("plain",)).get_content() for m in to_participants)


async def test_a_consumer_killed_mid_stream_misses_nothing_and_applies_nothing_twice(
    platform: Platform,
) -> None:
    contest = contest_form()
    names = [f"ТОС №{n}" for n in range(20)]
    async with (
        platform.client(platform.registration) as registration,
        platform.client(platform.judging) as judging,
    ):
        [juror] = await open_for_judging(registration, judging, contest)
        registering = asyncio.gather(*(register(registration, contest, tos(n)) for n in names))
        await asyncio.sleep(0.3)
        platform.judging.kill()  # SIGKILL while events are arriving
        await registering
        platform.judging.start()

        async def whole_roster() -> bool:
            return len(await roster(judging, contest, juror)) >= len(names)

        await eventually(whole_roster, timeout=30)
        await asyncio.sleep(1.0)  # anything redelivered twice would show by now
        lines = await roster(judging, contest, juror)

    assert sorted(line["display_name"] for line in lines) == sorted(names)


@pytest.mark.fault
async def test_after_a_broker_restart_every_service_consumes_again(platform: Platform) -> None:
    contest = contest_form()
    async with (
        platform.client(platform.registration) as registration,
        platform.client(platform.judging) as judging,
        platform.client(platform.notifications) as notifications,
    ):
        [juror] = await open_for_judging(registration, judging, contest)

        async def roster_has(count: int) -> bool:
            return len(await roster(judging, contest, juror)) == count

        await register(registration, contest, tos("ТОС до перезапуска"))
        await eventually(lambda: roster_has(1), timeout=30)

        broker_application("stop_app")
        try:
            await register(registration, contest, tos("ТОС во время простоя"))
        finally:
            broker_application("start_app")
        await register(registration, contest, tos("ТОС после перезапуска"))

        await eventually(lambda: roster_has(3), timeout=60)
        for service in (registration, judging, notifications):
            await eventually(lambda s=service: ready_now(s), timeout=60)

        async def confirmations_sent() -> bool:
            log = await delivery_log(notifications, contest)
            return len(log) == 3 and all(n["status"] == "sent" for n in log)

        await eventually(confirmations_sent, timeout=60)
