"""Only judging may announce winners: a `winners.announced` that judging's broker user did not
publish, or whose body names another producer, plans no letter, is dead-lettered and counted
in `/metrics`; the broker itself refuses the routing key to other services' users and a
`user_id` that is not the publisher's own."""

import json

import aio_pika
import aiormq
import httpx
import pytest

from support.forum import ADMIN
from support.servers import BrokerForTests

from .events import announcement, registration
from .harness import DeliveryLog, ForumEvents, all_sent, eventually

FORGED = 'forged_events_total{event_type="winners.announced"}'


async def forged_count(notifications: httpx.AsyncClient) -> float:
    for line in (await notifications.get("/metrics")).text.splitlines():
        if line.startswith(FORGED + " "):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{FORGED} is not in /metrics")


async def refused_after_a_registration(
    notifications: httpx.AsyncClient, delivery_log: DeliveryLog, forum: ForumEvents, **forgery
) -> None:
    """Publishes a forged announcement once a participant could be congratulated, and checks
    that it is dead-lettered and counted and that nothing but the confirmation is planned."""
    await forum.publish(registration(1))
    await delivery_log.when(all_sent(1))
    assert await forged_count(notifications) == 0
    forged = announcement({"urban-environment": [(1, 1, 9.5)]})
    body = forged.model_dump(mode="json") | forgery.pop("body_changes", {})

    await forum.publish_raw("winners.announced", json.dumps(body).encode(), **forgery)

    await eventually(lambda: forged_count(notifications), timeout=20)
    dead = await eventually(lambda: forum.dead_letters("notifications"), timeout=20)
    assert [json.loads(message)["event_id"] for message in dead] == [str(forged.event_id)]
    await forum.publish(registration(2))  # consumed after the forgery had its chance
    log = await delivery_log.when(all_sent(2))
    assert sorted(entry["template"] for entry in log) == ["registration_confirmed"] * 2
    assert await forged_count(notifications) == 1


async def test_an_announcement_from_a_user_other_than_judgings_plans_nothing_and_is_counted(
    notifications: httpx.AsyncClient, delivery_log: DeliveryLog, forum: ForumEvents
) -> None:
    """The virtual host's administrator may write anything, but is not judging."""
    await refused_after_a_registration(notifications, delivery_log, forum, as_user=ADMIN)


async def test_an_announcement_from_judgings_user_naming_another_producer_is_refused(
    notifications: httpx.AsyncClient, delivery_log: DeliveryLog, forum: ForumEvents
) -> None:
    await refused_after_a_registration(
        notifications,
        delivery_log,
        forum,
        as_user="judging",
        body_changes={"producer": "registration"},
    )


async def test_judgings_own_announcement_is_still_taken(
    notifications: httpx.AsyncClient, delivery_log: DeliveryLog, forum: ForumEvents
) -> None:
    await forum.publish(registration(1))
    await delivery_log.when(all_sent(1))

    await forum.publish(announcement({"urban-environment": [(1, 1, 9.5)]}))

    log = await delivery_log.when(all_sent(1 + 2))
    assert {entry["template"] for entry in log} >= {"winner_congratulation"}
    assert await forged_count(notifications) == 0


@pytest.mark.parametrize("service", ["registration", "notifications"])
async def test_the_broker_refuses_winners_announced_from_any_other_service(
    broker: BrokerForTests, forum: ForumEvents, service: str
) -> None:
    body = announcement({"urban-environment": [(1, 1, 9.5)]}).model_dump_json().encode()
    with pytest.raises(aiormq.exceptions.ChannelAccessRefused):
        await forum.publish_raw("winners.announced", body, as_user=service)


async def test_the_broker_refuses_a_user_id_that_is_not_the_publishers_own(
    broker: BrokerForTests, forum: ForumEvents
) -> None:
    body = announcement({"urban-environment": [(1, 1, 9.5)]}).model_dump_json().encode()
    connection = await aio_pika.connect(broker.url)  # the administrator, claiming judging
    async with connection:
        channel = await connection.channel()
        exchange = await channel.get_exchange("forum.events", ensure=False)
        message = aio_pika.Message(body, user_id=broker.user("judging"))
        with pytest.raises(aiormq.exceptions.ChannelPreconditionFailed):
            await exchange.publish(message, routing_key="winners.announced")
