"""participant.registered, from the exchange to the participant's mailbox and the log."""

import asyncio

from .events import address, registration
from .harness import (
    DeliveryLog,
    ForumEvents,
    SmtpServer,
    all_sent,
    eventually,
)


async def test_a_registered_participant_gets_a_russian_confirmation_in_both_parts(
    delivery_log: DeliveryLog, forum: ForumEvents, smtp: SmtpServer
) -> None:
    await forum.publish(registration(1, project_title="Двор, где хочется жить"))

    [letter] = await eventually(lambda: smtp.to(address(1)))
    assert letter["Subject"] == "Заявка на конкурс «Лучшие практики ТОС» принята"
    assert letter["From"] == "Форум СОНКО и ТОС <forum@tlt.example>"
    plain, html = letter.iter_parts()
    assert (plain.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    for part in (plain.get_content(), html.get_content()):
        assert "Здравствуйте, Контакт 1!" in part
        assert "«Лучшие практики ТОС»" in part
        assert "Комфортная городская среда" in part
        assert "Двор, где хочется жить" in part
        assert "20 ноября 2025 г." in part
        assert "Итоги будут объявлены на пленарном заседании форума" in part


async def test_the_organizer_sees_the_confirmation_as_sent_in_the_log(
    delivery_log: DeliveryLog, forum: ForumEvents
) -> None:
    event = registration(1)
    await forum.publish(event)

    [entry] = await delivery_log.when(all_sent(1))
    assert entry["channel"] == "email"
    assert entry["recipient"] == address(1)
    assert entry["recipient_kind"] == "participant"
    assert entry["template"] == "registration_confirmed"
    assert (entry["contest_id"], entry["participant_id"]) == (event.contest_id, "p-1")
    assert entry["source_event_id"] == str(event.event_id)
    assert entry["source_event_type"] == "participant.registered"
    assert (entry["attempts"], entry["last_error"], entry["next_attempt_at"]) == (1, None, None)
    assert entry["sent_at"] is not None
    assert "context" not in entry


async def test_an_event_delivered_twice_sends_one_email(
    delivery_log: DeliveryLog, forum: ForumEvents, smtp: SmtpServer
) -> None:
    event = registration(1)

    await forum.publish(event)
    await delivery_log.when(all_sent(1))
    await forum.publish(event)
    await forum.publish(registration(2))
    await delivery_log.when(all_sent(2))
    await asyncio.sleep(0.3)  # anything still in flight

    assert len(await delivery_log.entries()) == 2
    assert len(smtp.to(address(1))) == 1
    assert len(smtp.to(address(2))) == 1
