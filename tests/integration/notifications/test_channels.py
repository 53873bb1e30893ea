"""The channels against real servers on loopback: aiosmtpd for SMTP, http.server for webhooks."""

import email
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from uuid import uuid4

import pytest
from aiosmtpd.controller import Controller

from notifications.channels import DeliveryFailed, EmailChannel, OutgoingMessage, WebhookChannel
from notifications.channels.webhook import NOTIFICATION_ID_HEADER, SIGNATURE_HEADER, verify
from notifications.rendering import Renderer

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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd hook)
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


class RefusingRecipient:
    async def handle_RCPT(self, server, session, envelope, address, options) -> str:  # noqa: N802
        return f"550 5.1.1 <{address}>: mailbox unavailable"


class RefusingData:
    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        return "554 5.7.1 Message rejected"


@contextmanager
def smtp_server(handler: object, port: int) -> Iterator[None]:
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield
    finally:
        controller.stop()


def _channel(port: int) -> EmailChannel:
    return EmailChannel(
        "127.0.0.1", port, mail_from="Форум СОНКО и ТОС <forum@tlt.example>", timeout=5
    )


async def test_a_confirmation_arrives_with_a_russian_subject_and_both_parts():
    mailbox, port = Mailbox(), _free_port()
    message = _confirmation()

    with smtp_server(mailbox, port):
        await _channel(port).deliver(message)

    [(envelope_recipients, received)] = mailbox.messages
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
    ("handler", "reason"),
    [
        (RefusingRecipient(), "SMTP 550 5.1.1 <***>: mailbox unavailable"),
        (RefusingData(), "SMTP 554 5.7.1 Message rejected"),
    ],
)
async def test_a_refusing_smtp_server_fails_the_delivery_without_naming_the_recipient(
    handler: object, reason: str
):
    port = _free_port()

    with smtp_server(handler, port), pytest.raises(DeliveryFailed) as failure:
        await _channel(port).deliver(_confirmation())

    assert failure.value.reason == reason
    assert RECIPIENT not in failure.value.reason
    assert failure.value.__cause__ is None


async def test_a_closed_smtp_port_fails_the_delivery_as_connection_refused():
    with pytest.raises(DeliveryFailed) as failure:
        await _channel(_free_port()).deliver(_confirmation())

    assert failure.value.reason == "connection refused"


async def test_a_delivery_that_failed_while_the_smtp_server_was_down_succeeds_once_it_is_back():
    mailbox, port = Mailbox(), _free_port()
    channel, message = _channel(port), _confirmation()

    with pytest.raises(DeliveryFailed):
        await channel.deliver(message)
    with smtp_server(mailbox, port):
        await channel.deliver(message)

    assert len(mailbox.messages) == 1


class Receiver(ThreadingHTTPServer):
    reply_status = 204

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _ReceiverHandler)
        self.requests: list[tuple[dict[str, str], bytes]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hooks/forum"


class _ReceiverHandler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:  # noqa: N802 (http.server hook)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(self.server.reply_status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


async def test_a_webhook_arrives_signed_so_the_right_secret_verifies_it_and_another_does_not(
    receiver: Receiver,
):
    message = _confirmation()

    await WebhookChannel(receiver.url, "organizer-secret").deliver(message)

    [(headers, body)] = receiver.requests
    signature = headers[SIGNATURE_HEADER.lower()]
    assert verify(body, "organizer-secret", signature)
    assert not verify(body, "someone-else", signature)
    assert headers[NOTIFICATION_ID_HEADER.lower()] == message.notification_id
    assert headers["content-type"] == "application/json; charset=utf-8"
    payload = json.loads(body)
    assert payload["subject"] == "Заявка на конкурс «Лучшие практики ТОС» принята"
    assert payload["template"] == "registration_confirmed"
    assert RECIPIENT not in body.decode()


async def test_a_webhook_answered_with_a_server_error_fails_the_delivery(receiver: Receiver):
    receiver.reply_status = 500

    with pytest.raises(DeliveryFailed) as failure:
        await WebhookChannel(receiver.url, "organizer-secret").deliver(_confirmation())

    assert failure.value.reason == "HTTP 500"


async def test_an_unreachable_webhook_fails_the_delivery():
    url = f"http://127.0.0.1:{_free_port()}/hooks/forum"

    with pytest.raises(DeliveryFailed) as failure:
        await WebhookChannel(url, "organizer-secret", timeout=5).deliver(_confirmation())

    assert failure.value.reason == "connection failed"
