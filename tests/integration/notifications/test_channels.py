"""The channels against real servers on loopback: aiosmtpd for SMTP, http.server for webhooks."""

import json
from collections.abc import Awaitable, Callable
from uuid import uuid4

import pytest

from notifications.channels import DeliveryFailed, EmailChannel, OutgoingMessage, WebhookChannel
from notifications.channels.webhook import (
    NOTIFICATION_ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    WebhookTargets,
    verify,
)
from notifications.domain import WebhookTargetPolicy
from notifications.rendering import Renderer

from .harness import Refusal, SmtpServer, WebhookReceiver, free_port

pytestmark = pytest.mark.asyncio

RECIPIENT = "anna.petrovna@example.org"
CONFIRMATION_CONTEXT = {
    "contact_name": "Анна Петровна",
    "display_name": "ТОС «Зелёный квартал»",
    "contest_title": "Лучшие практики ТОС",
    "nomination_title": "Экологическое просвещение детей и молодёжи",
    "project_title": "Школа юного эколога",
    "participant_id": "p-1",
    "registered_at": "2025-11-20T10:00:00+00:00",
}


def _confirmation() -> OutgoingMessage:
    return OutgoingMessage.compose(
        notification_id=str(uuid4()),
        recipient=RECIPIENT,
        rendered=Renderer().render("registration_confirmed", CONFIRMATION_CONTEXT),
        template="registration_confirmed",
        recipient_kind="participant",
        contest_id="c-tos",
        participant_id="p-1",
        source_event_id=uuid4(),
        source_event_type="participant.registered",
    )


def _channel(port: int) -> EmailChannel:
    return EmailChannel(
        "127.0.0.1", port, mail_from="Форум СОНКО и ТОС <forum@tlt.example>", timeout=5
    )


async def test_a_confirmation_arrives_with_a_russian_subject_and_both_parts(smtp: SmtpServer):
    message = _confirmation()

    await _channel(smtp.port).deliver(message)

    [(envelope_recipients, received)] = smtp.messages
    assert envelope_recipients == [RECIPIENT]
    assert received["Subject"] == "Заявка на конкурс «Лучшие практики ТОС» принята"
    assert received["X-Notification-Id"] == message.notification_id
    assert received["Message-ID"] == f"<{message.notification_id}@tlt.example>"
    assert received.get_content_type() == "multipart/alternative"
    plain, html = received.iter_parts()
    assert (plain.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    assert plain.get_content_charset() == html.get_content_charset() == "utf-8"
    assert "Здравствуйте, Анна Петровна!" in plain.get_content()
    assert "Здравствуйте, Анна Петровна!" in html.get_content()
    assert "пленарном заседании форума" in plain.get_content()


@pytest.mark.parametrize(
    ("refusal", "reason"),
    [
        ("recipient", "SMTP 550 5.1.1 <***>: mailbox unavailable"),
        ("data", "SMTP 554 5.7.1 Message rejected"),
    ],
)
async def test_a_refusing_smtp_server_fails_the_delivery_without_naming_the_recipient(
    smtp: SmtpServer, refusal: Refusal, reason: str
):
    smtp.refuse = refusal

    with pytest.raises(DeliveryFailed) as failure:
        await _channel(smtp.port).deliver(_confirmation())

    assert failure.value.reason == reason
    assert RECIPIENT not in failure.value.reason
    assert failure.value.__cause__ is None


async def test_a_closed_smtp_port_fails_the_delivery_as_connection_refused():
    with pytest.raises(DeliveryFailed) as failure:
        await _channel(free_port()).deliver(_confirmation())

    assert failure.value.reason == "connection refused"


async def test_a_delivery_that_failed_while_the_smtp_server_was_down_succeeds_once_it_is_back(
    smtp: SmtpServer,
):
    channel, message = _channel(smtp.port), _confirmation()
    smtp.stop()

    with pytest.raises(DeliveryFailed):
        await channel.deliver(message)
    smtp.start()
    await channel.deliver(message)

    assert len(smtp.messages) == 1


async def test_a_webhook_arrives_signed_so_the_right_secret_verifies_it_and_another_does_not(
    receiver: WebhookReceiver,
):
    message = _confirmation()

    await WebhookChannel(receiver.url, "organizer-secret").deliver(message)

    [(headers, body)] = receiver.requests
    signature, timestamp = headers[SIGNATURE_HEADER.lower()], headers[TIMESTAMP_HEADER.lower()]
    assert verify(body, "organizer-secret", signature, timestamp)
    assert not verify(body, "someone-else", signature, timestamp)
    assert headers[NOTIFICATION_ID_HEADER.lower()] == message.notification_id
    assert headers["content-type"] == "application/json; charset=utf-8"
    payload = json.loads(body)
    assert payload["subject"] == "Заявка на конкурс «Лучшие практики ТОС» принята"
    assert payload["template"] == "registration_confirmed"
    assert RECIPIENT not in body.decode()


async def test_a_webhook_answered_with_a_server_error_fails_the_delivery(receiver: WebhookReceiver):
    receiver.reply_status = 500

    with pytest.raises(DeliveryFailed) as failure:
        await WebhookChannel(receiver.url, "organizer-secret").deliver(_confirmation())

    assert failure.value.reason == "HTTP 500"


async def test_an_unreachable_webhook_fails_the_delivery():
    url = f"http://127.0.0.1:{free_port()}/hooks/forum"

    with pytest.raises(DeliveryFailed) as failure:
        await WebhookChannel(url, "organizer-secret", timeout=5).deliver(_confirmation())

    assert failure.value.reason == "connection failed"


def resolving_to(*addresses: str) -> Callable[[str, int], Awaitable[list[str]]]:
    """A resolver that answers `addresses` for every name, and remembers what it was asked."""

    async def resolve(host: str, port: int) -> list[str]:
        resolve.asked.append((host, port))  # type: ignore[attr-defined]
        return list(addresses)

    resolve.asked = []  # type: ignore[attr-defined]
    return resolve


async def test_a_webhook_connects_to_the_address_it_resolved_and_checked(
    receiver: WebhookReceiver,
):
    """`hooks.forum.example` exists in no DNS: the request can only have reached the receiver
    through the address the channel resolved, with the name kept in the Host header."""
    port = receiver.server_address[1]
    resolver = resolving_to("127.0.0.1")
    targets = WebhookTargets(WebhookTargetPolicy.open(), resolver)
    url = f"http://hooks.forum.example:{port}/hooks/forum"

    await WebhookChannel(url, "organizer-secret", targets=targets).deliver(_confirmation())

    [(headers, _)] = receiver.requests
    assert headers["host"] == f"hooks.forum.example:{port}"
    assert resolver.asked == [("hooks.forum.example", port)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("address", ["127.0.0.1", "169.254.169.254", "10.0.0.7", "::1"])
async def test_a_name_that_resolves_to_an_inner_address_at_delivery_is_not_contacted(
    receiver: WebhookReceiver, address: str
):
    """Registered while the name pointed elsewhere; by delivery it resolves inside (DNS
    rebinding). The strict policy checks the addresses again and sends nothing."""
    targets = WebhookTargets(WebhookTargetPolicy.strict(), resolving_to("93.184.215.14", address))
    channel = WebhookChannel("https://hooks.forum.example/hook", "s3cret", targets=targets)

    with pytest.raises(DeliveryFailed) as failure:
        await channel.deliver(_confirmation())

    assert failure.value.reason == "webhook target refused: the address is not a public one"
    assert receiver.requests == []


async def test_the_strict_policy_refuses_plain_http_at_delivery_too(receiver: WebhookReceiver):
    targets = WebhookTargets(WebhookTargetPolicy.strict(), resolving_to("93.184.215.14"))

    with pytest.raises(DeliveryFailed, match="https is required"):
        await WebhookChannel(receiver.url, "s3cret", targets=targets).deliver(_confirmation())
