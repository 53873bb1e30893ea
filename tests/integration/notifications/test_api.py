"""The organizers' API: who may use it, what it finds, and what it refuses."""

import httpx
import pytest

from support.apps import ORGANIZER

from .events import announcement, registration
from .harness import DeliveryLog, ForumEvents, all_sent

SOMEONE_ELSE = {"Authorization": "Bearer not-the-organizer"}


async def participants(delivery_log: DeliveryLog, query: str) -> list[str]:
    return [entry["participant_id"] for entry in await delivery_log.entries(query)]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/notifications"),
        ("GET", "/notifications/n-1"),
        ("POST", "/notifications/n-1/retry"),
        ("GET", "/webhooks"),
        ("POST", "/webhooks"),
        ("DELETE", "/webhooks/w-1"),
    ],
)
async def test_the_api_is_for_the_organizers_only(
    notifications: httpx.AsyncClient, method: str, path: str
) -> None:
    anonymous = await notifications.request(method, path)
    someone_else = await notifications.request(method, path, headers=SOMEONE_ELSE)

    assert anonymous.status_code == 401
    assert someone_else.status_code == 403


async def test_an_unknown_notification_is_not_found_nor_retried(
    notifications: httpx.AsyncClient,
) -> None:
    one = await notifications.get("/notifications/n-unknown", headers=ORGANIZER)
    retried = await notifications.post("/notifications/n-unknown/retry", headers=ORGANIZER)

    assert (one.status_code, retried.status_code) == (404, 404)


async def test_a_sent_notification_cannot_be_retried(
    notifications: httpx.AsyncClient, delivery_log: DeliveryLog, forum: ForumEvents
) -> None:
    await forum.publish(registration(1))
    [entry] = await delivery_log.when(all_sent(1))

    again = await notifications.post(f"/notifications/{entry['id']}/retry", headers=ORGANIZER)
    one = await notifications.get(f"/notifications/{entry['id']}", headers=ORGANIZER)

    assert again.status_code == 409
    assert again.json()["code"] == "notification_already_sent"
    assert one.json() == entry


async def test_the_log_is_filtered_by_contest_participant_status_and_template_and_paged(
    delivery_log: DeliveryLog, forum: ForumEvents
) -> None:
    await forum.publish(registration(1))
    await forum.publish(registration(2, nomination="ecology"))
    await forum.publish(registration(3, contest_id="sonko-practices-2025"))
    await delivery_log.when(all_sent(3))

    assert sorted(await participants(delivery_log, "")) == ["p-1", "p-2", "p-3"]
    assert await participants(delivery_log, "contest_id=sonko-practices-2025") == ["p-3"]
    assert await participants(delivery_log, "participant_id=p-2") == ["p-2"]
    assert await participants(delivery_log, "status=failed") == []
    assert len(await participants(delivery_log, "template=registration_confirmed")) == 3
    assert await participants(delivery_log, "template=winner_congratulation") == []
    first = await participants(delivery_log, "limit=2")
    rest = await participants(delivery_log, "offset=2")
    assert sorted(first + rest) == ["p-1", "p-2", "p-3"]


async def test_a_filter_outside_the_known_values_is_refused(
    notifications: httpx.AsyncClient,
) -> None:
    bad_status = await notifications.get("/notifications?status=lost", headers=ORGANIZER)
    bad_limit = await notifications.get("/notifications?limit=0", headers=ORGANIZER)

    assert (bad_status.status_code, bad_limit.status_code) == (422, 422)
    assert bad_status.json()["errors"][0]["field"] == "status"


async def test_the_service_is_ready_and_documents_the_events_it_consumes(
    notifications: httpx.AsyncClient,
) -> None:
    ready = await notifications.get("/health/ready")
    spec = (await notifications.get("/asyncapi.json")).json()

    assert ready.status_code == 200, ready.text
    assert {channel["address"] for channel in spec["channels"].values()} == {
        "organizer.added",
        "organizer.revoked",
        "participant.registered",
        "participant.withdrawn",
        "participant.erased",
        "score.submitted",
        "winners.announced",
    }
    assert {"ParticipantRegistered", "WinnersAnnounced"} <= set(spec["components"]["schemas"])


async def test_refusals_are_russian_by_default_and_english_on_request_with_the_same_code(
    notifications: httpx.AsyncClient,
) -> None:
    russian = await notifications.get("/notifications/n-unknown", headers=ORGANIZER)
    english = await notifications.get(
        "/notifications/n-unknown", headers=ORGANIZER | {"Accept-Language": "en"}
    )
    no_webhook = await notifications.delete("/webhooks/w-unknown", headers=ORGANIZER)

    assert russian.json() == {
        "detail": "уведомления n-unknown нет",
        "code": "notification_not_found",
    }
    assert english.json() == {
        "detail": "there is no notification n-unknown",
        "code": "notification_not_found",
    }
    assert no_webhook.status_code == 404
    assert no_webhook.json()["code"] == "webhook_not_found"
    assert no_webhook.json()["detail"] == "вебхука w-unknown нет"


async def test_the_log_is_filtered_by_recipient_kind(
    delivery_log: DeliveryLog, forum: ForumEvents
) -> None:
    await forum.publish(registration(1))
    await delivery_log.when(all_sent(1))
    await forum.publish(announcement({"urban-environment": [(1, 1, 9.5)]}))
    await delivery_log.when(all_sent(3))

    organizers = await delivery_log.entries("recipient_kind=organizer")
    participants_only = await delivery_log.entries("recipient_kind=participant")

    assert [e["template"] for e in organizers] == ["organizers_summary"]
    assert len(participants_only) == 2
