"""participant.erased in notifications: a letter not yet sent is cancelled and never goes, the
log keeps the record without the address (not even in the server's answer), and an erasure
that overtakes its registration leaves nothing to send."""

import asyncio
from datetime import UTC, datetime

import httpx
from pymongo import AsyncMongoClient

from forum_shared.events import ParticipantErased
from forum_shared.personal_data import neutral_label
from notifications.settings import Settings
from support.apps import ORGANIZER

from .events import CONTEST_ID, address, announcement, registration
from .harness import DeliveryLog, ForumEvents, SmtpServer, all_sent, eventually, only
from .pages import BROWSER, sign_in


def erased(number: int, name_erased: bool = False) -> ParticipantErased:
    return ParticipantErased(
        producer="registration",
        participant_id=f"p-{number}",
        contest_id=CONTEST_ID,
        erased_at=datetime.now(UTC),
        reason="request",
        name_erased=name_erased,
    )


async def stored(notifications: httpx.AsyncClient, participant_id: str) -> dict:
    answer = await notifications.get(
        f"/participants/{participant_id}/personal-data", headers=ORGANIZER
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_a_letter_not_yet_sent_is_cancelled_and_never_goes(
    notifications: httpx.AsyncClient,
    delivery_log: DeliveryLog,
    forum: ForumEvents,
    smtp: SmtpServer,
) -> None:
    smtp.refuse = "recipient"
    await forum.publish(registration(1))
    await delivery_log.when(lambda log: len(log) == 1 and log[0]["attempts"] >= 1)

    await forum.publish(erased(1))
    [entry] = await delivery_log.when(only("cancelled"))
    smtp.refuse = None
    await asyncio.sleep(1.0)  # several delivery passes

    assert smtp.to(address(1)) == []
    assert entry["recipient"] == "[удалено]"
    assert address(1) not in (entry["last_error"] or "")
    kept = await stored(notifications, "p-1")
    assert "email" not in kept["recipient"] and "contact_name" not in kept["recipient"]
    assert kept["notifications"][0]["context"]["contact_name"] == ""
    audit = await notifications.get("/audit?action=personal_data.exported", headers=ORGANIZER)
    assert {e["target"]["id"] for e in audit.json()["entries"]} == {"p-1"}
    retried = await notifications.post(f"/notifications/{entry['id']}/retry", headers=ORGANIZER)
    assert (retried.status_code, retried.json()["code"]) == (409, "notification_cancelled")


async def test_an_erasure_before_its_registration_leaves_nothing_to_send(
    notifications: httpx.AsyncClient, forum: ForumEvents, smtp: SmtpServer
) -> None:
    await forum.publish(erased(2))
    await eventually(lambda: stored_once(notifications, "p-2"))
    await forum.publish(registration(2), registration(3))

    await eventually(lambda: smtp.to(address(3)))
    await asyncio.sleep(0.5)  # the two registrations are handled side by side
    assert smtp.to(address(2)) == []
    kept = await stored(notifications, "p-2")
    assert kept["notifications"] == []
    assert "email" not in kept["recipient"]

    await sign_in(notifications)
    download = await notifications.get("/organizer/participants/p-2/personal-data.json")
    assert download.headers["content-disposition"].startswith("attachment")
    assert download.json()["service"] == "notifications"
    unknown = await notifications.get(
        "/organizer/participants/nobody/personal-data.json", headers=BROWSER
    )
    assert unknown.status_code == 404
    assert "Участник не найден" in unknown.text


async def stored_once(notifications: httpx.AsyncClient, participant_id: str) -> bool:
    answer = await notifications.get(
        f"/participants/{participant_id}/personal-data", headers=ORGANIZER
    )
    return answer.status_code == 200


async def test_a_winner_erased_before_the_announcement_is_named_in_no_letter(
    notifications: httpx.AsyncClient,
    notifications_settings: Settings,
    delivery_log: DeliveryLog,
    forum: ForumEvents,
    mongo: AsyncMongoClient,
) -> None:
    """The announcement was computed before judging learnt of the erasure, so it names them."""
    await forum.publish(registration(1, display_name="Евлампий Снегирёв"), registration(2))
    await delivery_log.when(all_sent(2))
    await forum.publish(erased(1, name_erased=True))
    await delivery_log.when(lambda log: any(e["recipient"] == "[удалено]" for e in log))

    await forum.publish(announcement({"urban-environment": [(1, 1, 9.0), (2, 2, 8.0)]}))
    await delivery_log.when(all_sent(4))  # two confirmations, p-2's congratulation, summary

    db = mongo[notifications_settings.mongodb_database]
    stored = [d for c in ("notifications", "announcements") for d in await db[c].find().to_list()]
    assert stored and "Снегирёв" not in str(stored)
    summary = await db["notifications"].find_one({"template": "organizers_summary"})
    names = [w["display_name"] for w in summary["context"]["nominations"][0]["winners"]]
    assert names == [neutral_label("p-1"), "ТОС «Квартал 2»"]
