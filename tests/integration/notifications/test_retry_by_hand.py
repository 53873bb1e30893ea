"""An organizer retries by hand a notification whose automatic attempts are exhausted."""

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from pymongo import AsyncMongoClient

from notifications.settings import Settings
from support.apps import ORGANIZER

from .events import address, registration
from .harness import DeliveryLog, ForumEvents, SmtpServer, only


@pytest.fixture
def notifications_settings(notifications_settings: Settings) -> Settings:
    """One automatic attempt only: a failure waits for the organizer."""
    return notifications_settings.model_copy(update={"delivery_max_attempts": 1})


async def test_a_failed_notification_retried_by_hand_is_sent_at_once(
    notifications: httpx.AsyncClient,
    delivery_log: DeliveryLog,
    forum: ForumEvents,
    smtp: SmtpServer,
) -> None:
    smtp.refuse = "recipient"
    await forum.publish(registration(1))
    [failed] = await delivery_log.when(only("failed"))
    await asyncio.sleep(0.5)
    [still] = await delivery_log.entries()
    smtp.refuse = None

    retried = await notifications.post(f"/notifications/{failed['id']}/retry", headers=ORGANIZER)

    assert (failed["attempts"], failed["next_attempt_at"]) == (1, None)
    assert (still["status"], still["attempts"]) == ("failed", 1)
    assert retried.status_code == 200, retried.text
    assert (retried.json()["status"], retried.json()["attempts"]) == ("sent", 2)
    assert len(smtp.to(address(1))) == 1


async def test_a_retry_by_hand_that_fails_again_records_the_attempt(
    notifications: httpx.AsyncClient,
    delivery_log: DeliveryLog,
    forum: ForumEvents,
    smtp: SmtpServer,
) -> None:
    smtp.stop()
    await forum.publish(registration(1))
    [failed] = await delivery_log.when(only("failed"))

    retried = await notifications.post(f"/notifications/{failed['id']}/retry", headers=ORGANIZER)

    assert retried.status_code == 200, retried.text
    assert retried.json()["status"] == "failed"
    assert retried.json()["attempts"] == 2
    assert retried.json()["last_error"] == "connection refused"


async def test_a_retry_while_another_attempt_is_under_way_is_accepted_without_a_second_one(
    notifications: httpx.AsyncClient,
    delivery_log: DeliveryLog,
    forum: ForumEvents,
    smtp: SmtpServer,
    mongo: AsyncMongoClient,
    notifications_settings: Settings,
) -> None:
    smtp.refuse = "recipient"
    await forum.publish(registration(1))
    [failed] = await delivery_log.when(only("failed"))
    log = mongo[notifications_settings.mongodb_database]["notifications"]
    held = {"until": datetime.now(UTC) + timedelta(minutes=1)}
    await log.update_one({"_id": failed["id"]}, {"$set": {"lease": held}})  # another worker's
    smtp.refuse = None

    retried = await notifications.post(f"/notifications/{failed['id']}/retry", headers=ORGANIZER)

    assert retried.status_code == 202, retried.text
    assert (retried.json()["status"], retried.json()["attempts"]) == ("failed", 1)
    assert smtp.to(address(1)) == []
