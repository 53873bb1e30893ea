import email
import hashlib
import hmac
from email import policy
from uuid import UUID

from notifications.channels.base import OutgoingMessage
from notifications.channels.email import build_email
from notifications.channels.webhook import encode_payload, sign, verify
from notifications.rendering import RenderedMessage

EVENT_ID = UUID("0b7d7f5e-3c39-4d55-9a3c-8c1a7e2f4b10")


def _message(subject: str = "Заявка на конкурс «Лучшие практики ТОС» принята") -> OutgoingMessage:
    return OutgoingMessage.compose(
        notification_id="6a1f0e3c-1111-4c4c-8888-000000000001",
        recipient="anna@example.org",
        rendered=RenderedMessage(
            subject=subject,
            text="Здравствуйте, Анна Петровна!\n",
            html="<p>Здравствуйте, Анна Петровна!</p>",
        ),
        template="registration_confirmed",
        recipient_kind="participant",
        contest_id="c-tos",
        participant_id="p-1",
        source_event_id=EVENT_ID,
        source_event_type="participant.registered",
    )


def test_the_webhook_payload_carries_the_notification_but_not_the_address():
    payload = _message().payload

    assert payload["template"] == "registration_confirmed"
    assert payload["source_event_id"] == str(EVENT_ID)
    assert payload["subject"] == "Заявка на конкурс «Лучшие практики ТОС» принята"
    assert "anna@example.org" not in encode_payload(payload).decode()


NOW = 1_780_000_000


def test_a_signature_verifies_with_the_same_secret_body_and_timestamp():
    body = encode_payload(_message().payload)
    header = sign(body, "s3cret", NOW)

    assert header.startswith("sha256=")
    expected = hmac.new(b"s3cret", f"{NOW}.".encode() + body, hashlib.sha256).hexdigest()
    assert header == f"sha256={expected}"  # as the README tells a receiver to compute it
    assert verify(body, "s3cret", header, str(NOW), now=NOW + 10)


def test_a_signature_fails_with_another_secret_a_changed_body_or_a_bad_header():
    body = encode_payload(_message().payload)
    header = sign(body, "s3cret", NOW)

    assert not verify(body, "another", header, str(NOW), now=NOW)
    assert not verify(body + b" ", "s3cret", header, str(NOW), now=NOW)
    assert not verify(body, "s3cret", None, str(NOW), now=NOW)
    assert not verify(body, "s3cret", "sha256=подпись", str(NOW), now=NOW)
    assert not verify(body, "s3cret", header, None, now=NOW)


def test_the_timestamp_is_signed_so_a_replay_later_is_refused():
    body = encode_payload(_message().payload)
    header = sign(body, "s3cret", NOW)

    assert not verify(body, "s3cret", header, str(NOW + 60), now=NOW + 60)  # a new timestamp
    assert not verify(body, "s3cret", header, str(NOW), now=NOW + 301)  # too old
    assert verify(body, "s3cret", header, str(NOW), now=NOW + 299)


def test_an_email_has_a_plain_and_an_html_alternative_and_identifies_the_notification():
    message = _message()

    built = build_email(message, "Форум СОНКО и ТОС <forum@tlt.example>")
    parsed = email.message_from_bytes(built.as_bytes(), policy=policy.default)

    assert parsed.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in parsed.iter_parts()] == ["text/plain", "text/html"]
    assert parsed["Subject"] == message.subject
    assert parsed["X-Notification-Id"] == message.notification_id
    assert parsed["Message-ID"] == f"<{message.notification_id}@tlt.example>"
    assert parsed.get_body(("plain",)).get_content() == message.text


def test_a_long_russian_subject_keeps_every_space_when_folded():
    subject = "Сводка: итоги конкурса «Лучшие практики ТОС» объявлены в городе Тольятти"

    built = build_email(_message(subject), "Форум СОНКО и ТОС <forum@tlt.example>").as_bytes()
    parsed = email.message_from_bytes(built, policy=policy.default)

    assert max(len(line) for line in built.splitlines()) <= 78
    assert parsed["Subject"] == subject
    assert parsed["From"] == "Форум СОНКО и ТОС <forum@tlt.example>"
