"""A local SMTP sink for `make run`: every e-mail it receives is kept as a readable .eml file.

    python scripts/smtp_sink.py --port 1025 --maildir .run/mail

Headers and text parts are saved as UTF-8 (RFC 6532) rather than encoded words and base64, so
a file reads as it was written and still opens in a mail client. One line per message is
printed, with the subject and the number of recipients, never their addresses. Runs until it
is stopped (Ctrl-C or SIGTERM).
"""

import argparse
import email
import signal
import sys
import threading
import uuid
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller


class Maildir:
    def __init__(self, folder: Path):
        self.folder = folder

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd hook)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        name = f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:6]}.eml"
        (self.folder / name).write_bytes(readable(message))
        count = len(envelope.rcpt_tos)
        print(f"{name}: «{message['Subject']}», {count} recipient(s)", flush=True)
        return "250 Message accepted for delivery"


def readable(message: EmailMessage) -> bytes:
    for name in ("From", "To", "Subject"):
        if (value := message[name]) is not None:
            message.replace_header(name, str(value))
    for part in message.walk():
        if part.get_content_maintype() == "text":
            part.set_content(part.get_content(), subtype=part.get_content_subtype(), cte="8bit")
    return message.as_bytes(policy=message.policy.clone(utf8=True, max_line_length=998))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=1025)
    parser.add_argument("--maildir", type=Path, default=Path(".run/mail"))
    options = parser.parse_args()
    options.maildir.mkdir(parents=True, exist_ok=True)

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    controller = Controller(Maildir(options.maildir), hostname=options.host, port=options.port)
    try:
        controller.start()
        print(f"SMTP sink on {options.host}:{options.port}, mail in {options.maildir}", flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop(no_assert=True)


if __name__ == "__main__":
    main()
