import re
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, parseaddr

import aiosmtplib

from .base import DeliveryFailed, OutgoingMessage

_ADDRESS = re.compile(r"[^\s<>@]+@[^\s<>@]+")
_MAX_REASON = 200


class EmailChannel:
    name = "email"

    def __init__(
        self,
        host: str,
        port: int,
        *,
        mail_from: str,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = False,
        timeout: float = 30.0,
    ) -> None:
        self._host = host
        self._port = port
        self._mail_from = mail_from
        self._username = username or None
        self._password = password or None
        self._starttls = starttls
        self._timeout = timeout

    async def deliver(self, message: OutgoingMessage) -> None:
        try:
            await aiosmtplib.send(
                build_email(message, self._mail_from),
                sender=parseaddr(self._mail_from)[1],
                recipients=[message.recipient],
                hostname=self._host,
                port=self._port,
                username=self._username,
                password=self._password,
                start_tls=self._starttls,
                timeout=self._timeout,
            )
        except aiosmtplib.SMTPException as exc:
            raise DeliveryFailed(_reason(exc)) from None
        except OSError as exc:
            raise DeliveryFailed(f"network error ({type(exc).__name__})") from None


def build_email(message: OutgoingMessage, mail_from: str) -> Message:
    """Built with the `email` package's legacy (compat32) classes on purpose: the modern
    policy's folder (CPython 3.11) splits a long Cyrillic subject between RFC 2047
    encoded-words at a space, which decoders drop ("в конкурсе" arrives as "вконкурсе");
    the legacy `Header` splits inside the encoded words and keeps every space."""
    email = MIMEMultipart("alternative")
    email["From"] = formataddr(parseaddr(mail_from), charset="utf-8")
    email["To"] = message.recipient
    email["Subject"] = Header(message.subject, "utf-8", header_name="Subject")
    email["Date"] = formatdate(usegmt=True)
    # Derived from the notification, so a retry after an ambiguous failure is recognisable
    # as the same letter by mail clients.
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "localhost"
    email["Message-ID"] = f"<{message.notification_id}@{domain}>"
    email["Auto-Submitted"] = "auto-generated"
    email["X-Notification-Id"] = message.notification_id
    email.attach(MIMEText(message.text, "plain", "utf-8"))
    email.attach(MIMEText(message.html, "html", "utf-8"))
    return email


def _reason(exc: aiosmtplib.SMTPException) -> str:
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused) and exc.recipients:
        exc = exc.recipients[0]
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return f"SMTP {exc.code} {_scrub(exc.message)}".rstrip()
    if isinstance(exc, aiosmtplib.SMTPTimeoutError):
        return "timeout"
    if isinstance(exc, aiosmtplib.SMTPConnectError):
        refused = isinstance(exc.__cause__, ConnectionRefusedError)
        return "connection refused" if refused else "connection failed"
    return _scrub(exc.message) or type(exc).__name__


def _scrub(server_text: str) -> str:
    """The server's words without addresses (they often echo the recipient), on one short line."""
    line = " ".join(_ADDRESS.sub("***", server_text).split())
    return line[:_MAX_REASON]
