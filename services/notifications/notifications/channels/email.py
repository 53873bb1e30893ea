import re
from email.message import EmailMessage
from email.utils import formatdate, parseaddr

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


def build_email(message: OutgoingMessage, mail_from: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = mail_from
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = formatdate(usegmt=True)
    # Derived from the notification, so a retry after an ambiguous failure is recognisable
    # as the same letter by mail clients.
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "localhost"
    email["Message-ID"] = f"<{message.notification_id}@{domain}>"
    email["Auto-Submitted"] = "auto-generated"
    email["X-Notification-Id"] = message.notification_id
    email.set_content(message.text, cte="base64")
    email.add_alternative(message.html, subtype="html", cte="base64")
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
