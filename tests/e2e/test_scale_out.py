"""Two processes of each service on the same queues and databases, as `docker compose up
--scale` runs them behind a load balancer: every event is processed once, and the relays',
consumers' and dispatchers' work is shared between the replicas."""

import asyncio
import itertools
from collections import Counter
from contextlib import AsyncExitStack

import httpx

from support.apps import ORGANIZER
from support.contest_run import register, roster
from support.forms import contest_form, criteria_form
from support.forum import eventually
from support.platform import Platform, metric
from support.spy import EventSpy

from .conftest import LaunchPlatform
from .test_contest_end_to_end import tos

REGISTRATIONS = 40


async def clients(
    stack: AsyncExitStack, platform: Platform, service: str
) -> list[httpx.AsyncClient]:
    return [
        await stack.enter_async_context(platform.client(process))
        for process in platform.replicas[service]
    ]


async def test_two_replicas_of_each_service_process_every_event_once_and_share_the_work(
    launch_platform: LaunchPlatform, rabbitmq_url: str
) -> None:
    platform = launch_platform(replicas=2)
    contest = contest_form()
    url = f"/contests/{contest['id']}"
    keys = ["participant.registered", "score.submitted"]
    async with AsyncExitStack() as stack:
        spy = await stack.enter_async_context(EventSpy(rabbitmq_url, keys))
        registrations = await clients(stack, platform, "registration")
        judgings = await clients(stack, platform, "judging")
        notifications = await clients(stack, platform, "notifications")

        opened = await registrations[0].post("/contests", json=contest, headers=ORGANIZER)
        assert opened.status_code == 201, opened.text

        async def criteria_accepted() -> bool:
            put = await judgings[1].put(f"{url}/criteria", json=criteria_form(), headers=ORGANIZER)
            return put.status_code == 200

        await eventually(criteria_accepted, timeout=30)
        added = await judgings[0].post(f"{url}/jurors", json={"name": "Эксперт"}, headers=ORGANIZER)
        juror = {"Authorization": f"Bearer {added.json()['token']}"}

        # a load balancer's round robin over the registration replicas, all at once
        emails = [f"tos{number}@example.org" for number in range(REGISTRATIONS)]
        forms = [tos(f"ТОС №{number}", email) for number, email in enumerate(emails)]
        participants = await asyncio.gather(
            *(
                register(replica, contest, form)
                for replica, form in zip(itertools.cycle(registrations), forms, strict=False)
            )
        )

        async def whole_roster() -> bool:
            return len(await roster(judgings[1], contest, juror)) >= REGISTRATIONS

        await eventually(whole_roster, timeout=60)

        for replica, participant in zip(itertools.cycle(judgings), participants, strict=False):
            scores = {"impact": 7, "feasibility": 5}
            scored = await replica.put(
                f"{url}/scores/{participant}", json={"scores": scores}, headers=juror
            )
            assert scored.status_code == 200, scored.text

        def every_confirmation_arrived() -> bool:
            return len(platform.mail()) >= REGISTRATIONS

        await eventually(every_confirmation_arrived, timeout=60)
        await spy.wait_for("score.submitted", REGISTRATIONS, timeout=30)
        await spy.settle(2.0)  # anything published or sent twice would show by now
        lines = await roster(judgings[0], contest, juror)
        log = (
            await notifications[1].get(
                "/notifications", params={"contest_id": contest["id"]}, headers=ORGANIZER
            )
        ).json()

        relayed = {
            process.name: await metric(process, "outbox_published_events_total")
            for process in platform.replicas["registration"] + platform.replicas["judging"]
        }
        consumed = {
            process.name: await metric(
                process,
                "faststream_received_processed_messages_total",
                handler="forum.events.participant.registered",  # exchange.routing key
                status="acked",
            )
            for process in platform.replicas["judging"] + platform.replicas["notifications"]
        }
        delivered = {
            process.name: await metric(
                process, "notification_deliveries_total", channel="email", outcome="sent"
            )
            for process in platform.replicas["notifications"]
        }

    # every event processed once
    assert sorted(line["participant_id"] for line in lines) == sorted(participants)
    registered = Counter(event["participant_id"] for event in spy.of_type("participant.registered"))
    assert registered == Counter(participants)
    submitted = Counter(event["participant_id"] for event in spy.of_type("score.submitted"))
    assert submitted == Counter(participants)
    assert Counter(str(message["To"]) for message in platform.mail()) == Counter(emails)
    assert len(log) == REGISTRATIONS
    assert all(n["status"] == "sent" and n["attempts"] == 1 for n in log), log

    # and the work shared: each replica relayed, consumed and delivered some of it
    assert all(count > 0 for count in relayed.values()), relayed
    assert sum(relayed.values()) == 1 + 2 * REGISTRATIONS  # contest.opened, registered, scored
    assert all(count > 0 for count in consumed.values()), consumed
    for service in ("judging", "notifications"):
        replicas = [process.name for process in platform.replicas[service]]
        assert sum(consumed[name] for name in replicas) == REGISTRATIONS, consumed
    assert all(count > 0 for count in delivered.values()), delivered
    assert sum(delivered.values()) == REGISTRATIONS
