"""Judging's copy of an erased participant: a person's name becomes the neutral label,
whichever of the registration and the erasure arrives first, and a poison erasure is
dead-lettered like any other event."""

from datetime import UTC, datetime

import httpx
from integration.judging.harness import ForumEvents, Stage, eventually, registered
from integration.judging.page_client import PageClient

from forum_shared.events import ParticipantErased
from forum_shared.personal_data import neutral_label
from support.apps import ORGANIZER


def erased(contest_id: str, participant_id: str) -> ParticipantErased:
    return ParticipantErased(
        producer="registration",
        participant_id=participant_id,
        contest_id=contest_id,
        erased_at=datetime.now(UTC),
        reason="request",
        name_erased=True,
    )


async def stored_name(judging: httpx.AsyncClient, participant_id: str) -> str | None:
    answer = await judging.get(f"/participants/{participant_id}/personal-data", headers=ORGANIZER)
    if answer.status_code != 200:
        return None
    registration = answer.json()["roster"].get("registration")
    return registration["display_name"] if registration else None


async def test_a_persons_name_becomes_the_label_whichever_event_comes_first(
    stage: Stage, judging: httpx.AsyncClient, forum: ForumEvents
) -> None:
    first, second = registered(stage.contest_id, 1), registered(stage.contest_id, 2)
    await forum.publish(first, erased(stage.contest_id, first.participant_id))
    await forum.publish(erased(stage.contest_id, second.participant_id), second)

    for participant_id in (first.participant_id, second.participant_id):

        async def anonymised(participant_id: str = participant_id) -> bool:
            return await stored_name(judging, participant_id) == neutral_label(participant_id)

        await eventually(anonymised, timeout=15)

    browser = PageClient(judging)
    await browser.sign_in()
    download = await browser.get(
        f"/organizer/participants/{first.participant_id}/personal-data.json"
    )
    assert download.headers["content-disposition"].startswith("attachment")
    assert download.json()["roster"]["erasure"]["name_erased"] is True
    unknown = await browser.get("/organizer/participants/nobody/personal-data.json")
    assert unknown.status_code == 404
    audit = await judging.get("/audit?action=personal_data.exported", headers=ORGANIZER)
    downloads = [e for e in audit.json()["entries"] if e["target"]["id"] == first.participant_id]
    assert downloads, "the page's download is recorded in judging's audit trail"


async def test_a_poison_erasure_is_dead_lettered(
    judging: httpx.AsyncClient, forum: ForumEvents
) -> None:
    await forum.publish_raw("participant.erased", b'{"event_type": "participant.erased"}')

    async def dead_lettered() -> list[bytes]:
        return await forum.dead_letters("judging")

    assert await eventually(dead_lettered, timeout=20)
