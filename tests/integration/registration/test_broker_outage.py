"""A real outage: the broker's application stops while people register, then comes back."""

import asyncio
from collections import Counter

import httpx
import pytest
from pymongo import AsyncMongoClient

from forum_shared.outbox import OutboxStatus
from registration.settings import Settings
from support.forms import application_form
from support.servers import broker_application
from support.spy import EventSpy

REGISTERED = "participant.registered"


async def register_organisations(
    client: httpx.AsyncClient, contest: dict, names: range
) -> list[str]:
    ids = []
    for number in names:
        form = application_form(kind="tos", inn=None, name=f"ТОС №{number}", members=[])
        response = await client.post(f"/contests/{contest['id']}/participants", json=form)
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids


@pytest.mark.fault
async def test_registrations_during_a_broker_outage_are_kept_and_announced_once_it_is_back(
    registration: httpx.AsyncClient,
    contest: dict,
    rabbitmq_url: str,
    mongo: AsyncMongoClient,
    registration_settings: Settings,
) -> None:
    participants = mongo[registration_settings.mongodb_database]["participants"]
    published = {"event_delivery.status": OutboxStatus.PUBLISHED}
    async with EventSpy(rabbitmq_url, [REGISTERED], durable=True) as spy:
        before = await register_organisations(registration, contest, range(1, 4))
        await spy.wait_for(REGISTERED, 3)

        broker_application("stop_app")
        try:
            during = await register_organisations(registration, contest, range(4, 9))
            ready = await registration.get("/health/ready")
            assert ready.status_code == 503
            assert ready.json()["checks"]["broker"] == "failing"
            await asyncio.sleep(1.5)  # the relay tries, fails, and keeps the events
            assert await participants.count_documents(published) == 3
        finally:
            broker_application("start_app")

        await spy.wait_for(REGISTERED, 8, timeout=60)
        await spy.settle(2.0)

    delivered = Counter(event["participant_id"] for event in spy.of_type(REGISTERED))
    assert sorted(delivered) == sorted(before + during)
    assert set(delivered.values()) == {1}
    assert await participants.count_documents(published) == 8
    assert (await registration.get("/health/ready")).status_code == 200
