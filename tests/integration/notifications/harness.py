"""What the notifications tests drive the service with and watch it through: a real SMTP server
(aiosmtpd) and a real HTTP receiver on loopback, events published to `forum.events` the way
the other services publish them, and patient polling."""

import email
import threading
from collections.abc import Callable, Iterator
from email import policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal, TypeVar

import httpx
import pytest
from aiosmtpd.controller import Controller

from support.apps import ORGANIZER
from support.forum import ForumEvents as ForumEvents
from support.forum import eventually
from support.servers import free_port

T = TypeVar("T")
Refusal = Literal["recipient", "data"] | None
Entries = list[dict[str, Any]]


class SmtpServer:
    """An SMTP server on a fixed loopback port that a test can make refuse, stop and restart."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.refuse: Refusal = None
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[EmailMessage]:
        return [message for recipients, message in self.messages if address in recipients]

    async def handle_RCPT(self, server, session, envelope, address, options) -> str:  # noqa: N802
        if self.refuse == "recipient":
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802
        if self.refuse == "data":
            return "554 5.7.1 Message rejected"
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


class WebhookReceiver(ThreadingHTTPServer):
    """Records every POST; answers `reply_status`."""

    reply_status = 204

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _ReceiverHandler)
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hooks/forum"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join()


class _ReceiverHandler(BaseHTTPRequestHandler):
    server: WebhookReceiver

    def do_POST(self) -> None:  # noqa: N802 (http.server hook)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(self.server.reply_status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class DeliveryLog:
    """`GET /notifications` as the organizer sees it."""

    def __init__(self, client: httpx.AsyncClient):
        self.client = client

    async def entries(self, query: str = "") -> Entries:
        response = await self.client.get(f"/notifications?{query}", headers=ORGANIZER)
        assert response.status_code == 200, response.text
        return response.json()

    async def when(self, condition: Callable[[Entries], bool], query: str = "") -> Entries:
        """The log (newest first) as soon as `condition` holds for it."""

        async def satisfied() -> Entries | None:
            entries = await self.entries(query)
            return entries if condition(entries) else None

        return await eventually(satisfied)

    async def by_channel(self, condition: Callable[[Entries], bool]) -> dict[str, dict[str, Any]]:
        return {entry["channel"]: entry for entry in await self.when(condition)}


def all_sent(count: int) -> Callable[[Entries], bool]:
    return lambda entries: len(entries) == count and all(e["status"] == "sent" for e in entries)


def only(status: str) -> Callable[[Entries], bool]:
    return lambda entries: len(entries) == 1 and entries[0]["status"] == status


@pytest.fixture(name="smtp")
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on loopback for the test (import this fixture where it is used)."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()
