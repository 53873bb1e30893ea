"""The whole platform as separate processes on the real broker and database: a contest from
registration to the winners' announcement, with everyone told."""

import asyncio
from collections import Counter

import httpx
import pytest

from support.apps import ORGANIZER
from support.forms import application_form, contest_form, criteria_form
from support.forum import eventually
from support.platform import ORGANIZERS_EMAIL, Platform
from support.servers import broker_application
from support.spy import EventSpy

CRITERIA = criteria_form()
TEAMS = ["ТОС «Солнечный»", "ТОС «Берёзка»", "ТОС «Жигули»"]


async def register_teams(registration: httpx.AsyncClient, contest: dict) -> list[str]:
    ids = []
    for name in TEAMS:
        form = application_form(
            kind="tos",
            inn=None,
            name=name,
            members=[],
            contact={"name": "Анна", "email": f"tos{len(ids)}@example.org", "phone": "89123456789"},
        )
        response = await registration.post(f"/contests/{contest['id']}/participants", json=form)
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids


async def test_a_contest_runs_from_registration_to_announcement_and_everyone_is_told(
    platform: Platform, rabbitmq_url: str
) -> None:
    contest = contest_form(places_per_nomination=2)
    keys = ["participant.registered", "score.submitted", "winners.announced"]
    async with (
        EventSpy(rabbitmq_url, keys) as spy,
        platform.client(platform.registration) as registration,
        platform.client(platform.judging) as judging,
        platform.client(platform.notifications) as notifications,
    ):
        assert (await registration.post("/contests", json=contest, headers=ORGANIZER)).is_success
        judging_contest = f"/contests/{contest['id']}"

        async def criteria_accepted() -> bool:
            put = await judging.put(f"{judging_contest}/criteria", json=CRITERIA, headers=ORGANIZER)
            return put.status_code == 200

        # judging accepts criteria once it has learnt of the contest by its event
        await eventually(criteria_accepted, timeout=30)
        jurors = [
            (
                await judging.post(
                    f"{judging_contest}/jurors", json={"name": name}, headers=ORGANIZER
                )
            ).json()["token"]
            for name in ("Эксперт 1", "Эксперт 2")
        ]
        participants = await register_teams(registration, contest)

        async def roster_complete() -> list[dict] | None:
            roster = await judging.get(
                f"{judging_contest}/roster", headers={"Authorization": f"Bearer {jurors[0]}"}
            )
            lines = roster.json()["participants"]
            return lines if len(lines) == len(participants) else None

        await eventually(roster_complete)
        for juror, bias in zip(jurors, (0, 1), strict=True):
            for rank, participant in enumerate(participants):
                scores = {"impact": 9 - rank - bias, "feasibility": 8 - rank}
                scored = await judging.put(
                    f"{judging_contest}/scores/{participant}",
                    json={"scores": scores},
                    headers={"Authorization": f"Bearer {juror}"},
                )
                assert scored.status_code == 200, scored.text

        results = (await judging.get(f"{judging_contest}/results", headers=ORGANIZER)).json()
        assert results["complete"] is True
        announced = await judging.post(f"{judging_contest}/announcement", headers=ORGANIZER)
        assert announced.status_code == 201, announced.text
        public = (await judging.get(f"{judging_contest}/announcement")).json()

        await spy.wait_for("winners.announced", 1)
        await spy.wait_for("score.submitted", 6)
        await spy.settle()

        async def all_sent() -> list[dict] | None:
            log = (
                await notifications.get(
                    "/notifications", params={"contest_id": contest["id"]}, headers=ORGANIZER
                )
            ).json()
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
    mailboxes = Counter(str(message["To"]) for message in platform.mail())
    assert mailboxes == {
        "tos0@example.org": 2,
        "tos1@example.org": 2,
        "tos2@example.org": 2,
        ORGANIZERS_EMAIL: 1,
    }
    first_place_mail = [
        m
        for m in platform.mail()
        if str(m["To"]) == "tos0@example.org"
        and "Здравствуйте" in m.get_body(("plain",)).get_content()
    ]
    assert len(first_place_mail) == 2


async def test_a_consumer_killed_mid_stream_misses_nothing_and_applies_nothing_twice(
    platform: Platform,
) -> None:
    contest = contest_form()
    async with (
        platform.client(platform.registration) as registration,
        platform.client(platform.judging) as judging,
    ):
        await registration.post("/contests", json=contest, headers=ORGANIZER)
        judging_contest = f"/contests/{contest['id']}"

        async def criteria_accepted() -> bool:
            put = await judging.put(f"{judging_contest}/criteria", json=CRITERIA, headers=ORGANIZER)
            return put.status_code == 200

        await eventually(criteria_accepted, timeout=30)
        token = (
            await judging.post(f"{judging_contest}/jurors", json={"name": "Э"}, headers=ORGANIZER)
        ).json()["token"]

        names = [f"ТОС №{n}" for n in range(20)]
        registering = asyncio.gather(
            *(
                registration.post(
                    f"/contests/{contest['id']}/participants",
                    json=application_form(kind="tos", inn=None, name=name, members=[]),
                )
                for name in names
            )
        )
        await asyncio.sleep(0.3)
        platform.judging.kill()  # SIGKILL while events are arriving
        assert all(r.status_code == 201 for r in await registering)
        platform.judging.start()

        async def whole_roster() -> list[dict] | None:
            roster = await judging.get(
                f"{judging_contest}/roster", headers={"Authorization": f"Bearer {token}"}
            )
            lines = roster.json()["participants"]
            return lines if len(lines) >= len(names) else None

        lines = await eventually(whole_roster, timeout=30)
        await asyncio.sleep(1.0)
        lines = (
            await judging.get(
                f"{judging_contest}/roster", headers={"Authorization": f"Bearer {token}"}
            )
        ).json()["participants"]

    assert sorted(line["display_name"] for line in lines) == sorted(names)


@pytest.mark.fault
async def test_after_a_broker_restart_every_service_consumes_again(platform: Platform) -> None:
    contest = contest_form()
    async with (
        platform.client(platform.registration) as registration,
        platform.client(platform.judging) as judging,
        platform.client(platform.notifications) as notifications,
    ):
        await registration.post("/contests", json=contest, headers=ORGANIZER)
        judging_contest = f"/contests/{contest['id']}"

        async def criteria_accepted() -> bool:
            put = await judging.put(f"{judging_contest}/criteria", json=CRITERIA, headers=ORGANIZER)
            return put.status_code == 200

        await eventually(criteria_accepted, timeout=30)
        token = (
            await judging.post(f"{judging_contest}/jurors", json={"name": "Э"}, headers=ORGANIZER)
        ).json()["token"]
        juror = {"Authorization": f"Bearer {token}"}

        async def register(name: str) -> None:
            form = application_form(kind="tos", inn=None, name=name, members=[])
            response = await registration.post(f"/contests/{contest['id']}/participants", json=form)
            assert response.status_code == 201, response.text

        async def roster_has(count: int) -> bool:
            roster = await judging.get(f"{judging_contest}/roster", headers=juror)
            return len(roster.json()["participants"]) == count

        await register("ТОС до перезапуска")
        await eventually(lambda: roster_has(1), timeout=30)

        broker_application("stop_app")
        try:
            await register("ТОС во время простоя")
        finally:
            broker_application("start_app")
        await register("ТОС после перезапуска")

        await eventually(lambda: roster_has(3), timeout=60)
        for service in (registration, judging, notifications):
            await eventually(lambda s=service: ready_now(s), timeout=60)

        async def confirmations_sent() -> bool:
            log = (
                await notifications.get(
                    "/notifications", params={"contest_id": contest["id"]}, headers=ORGANIZER
                )
            ).json()
            return len(log) == 3 and all(n["status"] == "sent" for n in log)

        await eventually(confirmations_sent, timeout=60)


async def ready_now(service: httpx.AsyncClient) -> bool:
    return (await service.get("/health/ready")).status_code == 200
