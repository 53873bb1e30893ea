"""`scripts/smtp_sink.py`, the local mailbox `make run` starts: readable files, no addresses."""

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from notifications.channels import EmailChannel, OutgoingMessage
from notifications.rendering import RenderedMessage

from .events import MAIL_FROM, address
from .harness import eventually, free_port

SUBJECT = "Заявка на конкурс «Лучшие практики ТОС» принята"


class Sink:
    def __init__(self, process: asyncio.subprocess.Process, port: int, maildir: Path):
        self.process, self.port, self.maildir = process, port, maildir

    async def line(self) -> str:
        assert self.process.stdout is not None
        return (await asyncio.wait_for(self.process.stdout.readline(), timeout=10)).decode()


@pytest.fixture
async def sink(repository_root: Path, tmp_path: Path) -> AsyncIterator[Sink]:
    port, maildir = free_port(), tmp_path / "mail"
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, repository_root / "scripts" / "smtp_sink.py"),
        *("--port", str(port), "--maildir", str(maildir)),
        stdout=asyncio.subprocess.PIPE,
    )
    sink = Sink(process, port, maildir)
    assert "SMTP sink on" in await sink.line()
    yield sink
    if process.returncode is None:
        process.terminate()
        await process.wait()


def letter() -> OutgoingMessage:
    return OutgoingMessage.compose(
        notification_id="n-1",
        recipient=address(1),
        rendered=RenderedMessage(
            subject=SUBJECT, text="Здравствуйте, Контакт 1!\n", html="<p>Здравствуйте!</p>"
        ),
        template="registration_confirmed",
        recipient_kind="participant",
        contest_id="c-1",
        participant_id="p-1",
        source_event_id="00000000-0000-4000-8000-000000000001",
        source_event_type="participant.registered",
    )


async def test_each_email_is_kept_as_a_readable_file_and_announced_without_its_address(
    sink: Sink,
) -> None:
    channel = EmailChannel("127.0.0.1", sink.port, mail_from=MAIL_FROM, timeout=5)

    await channel.deliver(letter())

    announced = await sink.line()
    [kept] = await eventually(lambda: list(sink.maildir.glob("*.eml")))
    assert announced.startswith(kept.name)
    assert f"«{SUBJECT}», 1 recipient(s)" in announced
    assert "@" not in announced
    content = kept.read_text(encoding="utf-8")
    assert f"Subject: {SUBJECT}" in content
    assert "Здравствуйте, Контакт 1!" in content
    assert "<p>Здравствуйте!</p>" in content


async def test_the_sink_stops_cleanly_when_told_to(sink: Sink) -> None:
    sink.process.terminate()

    assert await asyncio.wait_for(sink.process.wait(), timeout=10) == 0
