"""winners.announced: a congratulation with the place to each winner, a thank-you with the
winners to everyone else, and a summary to the organizers."""

import uuid
from datetime import UTC, datetime
from email.message import EmailMessage

from pymongo import AsyncMongoClient

from forum_shared.events import ParticipantWithdrawn
from notifications.settings import Settings

from .events import ORGANIZERS_EMAIL, address, announcement, registration
from .harness import (
    DeliveryLog,
    ForumEvents,
    SmtpServer,
    all_sent,
    eventually,
)


def text_of(letter: EmailMessage) -> str:
    return letter.get_body(preferencelist=("plain",)).get_content()


async def test_winners_are_congratulated_with_their_place_and_the_others_thanked(
    delivery_log: DeliveryLog, forum: ForumEvents, smtp: SmtpServer
) -> None:
    for number, nomination in [(1, "urban-environment"), (2, "urban-environment"), (3, "ecology")]:
        await forum.publish(registration(number, nomination))
    await delivery_log.when(all_sent(3))
    results = announcement({"urban-environment": [(1, 1, 9.25)], "ecology": [(2, 3, 8.0)]})

    await forum.publish(results)
    log = await delivery_log.when(all_sent(3 + 4))

    [_, first] = smtp.to(address(1))
    assert first["Subject"] == "Поздравляем! 1-е место в конкурсе «Лучшие практики ТОС»"
    assert "вы заняли 1-е место в номинации «Комфортная городская среда»" in text_of(first)
    assert "Итоговая оценка жюри: 9,25" in text_of(first)
    [_, third] = smtp.to(address(3))
    assert third["Subject"] == "Поздравляем! 2-е место в конкурсе «Лучшие практики ТОС»"
    assert "вы заняли 2-е место" in text_of(third)
    [_, thanks] = smtp.to(address(2))
    assert thanks["Subject"] == "Итоги конкурса «Лучшие практики ТОС»"
    assert "Благодарим вас за участие" in text_of(thanks)
    assert "1-е место — ТОС «Квартал 1»" in text_of(thanks)
    assert "2-е место — ТОС «Квартал 3»" in text_of(thanks)
    [summary] = smtp.to(ORGANIZERS_EMAIL)
    assert summary["Subject"] == "Сводка: итоги конкурса «Лучшие практики ТОС» объявлены"
    assert "поздравления победителям: 2" in text_of(summary)
    assert "благодарности за участие: 1" in text_of(summary)
    announced = [e for e in log if e["source_event_id"] == str(results.event_id)]
    assert sorted((e["template"], e["participant_id"]) for e in announced) == [
        ("organizers_summary", None),
        ("participation_thanks", "p-2"),
        ("winner_congratulation", "p-1"),
        ("winner_congratulation", "p-3"),
    ]


async def test_an_announcement_delivered_twice_sends_each_letter_once(
    delivery_log: DeliveryLog, forum: ForumEvents, smtp: SmtpServer
) -> None:
    await forum.publish(registration(1))
    await delivery_log.when(all_sent(1))
    results = announcement({"urban-environment": [(1, 1, 9.0)]})

    await forum.publish(results)
    await delivery_log.when(all_sent(1 + 2))
    await forum.publish(results)
    await forum.publish(registration(2))  # late: its confirmation and its thank-you
    await delivery_log.when(all_sent(1 + 2 + 2))

    assert len(smtp.to(address(1))) == 2
    assert len(smtp.to(ORGANIZERS_EMAIL)) == 1


async def test_a_participant_registered_after_the_announcement_still_gets_the_results(
    delivery_log: DeliveryLog, forum: ForumEvents, smtp: SmtpServer
) -> None:
    """The announcement overtook a backlog of registrations (queues per event type)."""
    results = announcement({"urban-environment": [(1, 1, 9.0)]})
    await forum.publish(results)
    await delivery_log.when(all_sent(1))  # the organizers' summary

    await forum.publish(registration(1), registration(2))

    log = await delivery_log.when(all_sent(1 + 2 + 2))
    # Each gets a confirmation and a results letter, sent concurrently: in either order.
    first = {letter["Subject"]: letter for letter in smtp.to(address(1))}
    assert sorted(first) == [
        "Заявка на конкурс «Лучшие практики ТОС» принята",
        "Поздравляем! 1-е место в конкурсе «Лучшие практики ТОС»",
    ]
    second = {letter["Subject"]: letter for letter in smtp.to(address(2))}
    assert sorted(second) == [
        "Заявка на конкурс «Лучшие практики ТОС» принята",
        "Итоги конкурса «Лучшие практики ТОС»",
    ]
    assert "1-е место — ТОС «Квартал 1»" in text_of(second["Итоги конкурса «Лучшие практики ТОС»"])
    late = [e for e in log if e["source_event_id"] == str(results.event_id)]
    assert sorted((e["template"], e["participant_id"]) for e in late) == [
        ("organizers_summary", None),
        ("participation_thanks", "p-2"),
        ("winner_congratulation", "p-1"),
    ]


async def test_a_registration_racing_the_announcement_gets_one_results_letter(
    delivery_log: DeliveryLog, forum: ForumEvents
) -> None:
    """Each handler writes before it reads, so one of them sees the other, and when both do
    they record the letter under the same id."""
    for number in range(1, 6):
        contest_id = f"race-{number}"
        results = announcement({"urban-environment": [(1, 1, 9.0)]})
        await forum.publish(
            registration(number, contest_id=contest_id),
            results.model_copy(update={"contest_id": contest_id, "event_id": uuid.uuid4()}),
        )

    log = await delivery_log.when(all_sent(5 * 3))

    for number in range(1, 6):
        letters = sorted(e["template"] for e in log if e["participant_id"] == f"p-{number}")
        results_letter = "winner_congratulation" if number == 1 else "participation_thanks"
        assert letters == sorted(["registration_confirmed", results_letter]), (number, letters)


async def test_a_participant_who_withdrew_is_not_told_the_results(
    delivery_log: DeliveryLog,
    forum: ForumEvents,
    smtp: SmtpServer,
    mongo: AsyncMongoClient,
    notifications_settings: Settings,
) -> None:
    for number in (1, 2):
        await forum.publish(registration(number))
    await delivery_log.when(all_sent(2))
    withdrawal = ParticipantWithdrawn(
        producer="registration",
        participant_id="p-2",
        contest_id=registration(2).contest_id,
        nomination="urban-environment",
        withdrawn_at=datetime.now(UTC),
    )
    await forum.publish(withdrawal)
    processed = mongo[notifications_settings.mongodb_database]["processed_events"]
    await eventually(lambda: processed.find_one({"_id": str(withdrawal.event_id)}))

    await forum.publish(announcement({"urban-environment": [(1, 1, 9.0)]}))
    await delivery_log.when(all_sent(2 + 2))

    assert len(smtp.to(address(1))) == 2
    assert len(smtp.to(address(2))) == 1
    [summary] = smtp.to(ORGANIZERS_EMAIL)
    assert "благодарности за участие: 0" in text_of(summary)
