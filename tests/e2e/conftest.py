import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.amqp import fresh_queues  # noqa: F401 (an autouse fixture)
from support.apps import ORGANIZER_TOKEN
from support.platform import ORGANIZERS_EMAIL, Platform
from support.processes import ServiceProcess
from support.servers import free_port, wait_for_port


@pytest.fixture
def smtp_sink(tmp_path: Path, repository_root: Path) -> Iterator[tuple[int, Path]]:
    """The SMTP sink `make run` uses, as a process of its own."""
    port, maildir = free_port(), tmp_path / "mail"
    maildir.mkdir()
    sink = subprocess.Popen(
        [
            sys.executable,
            str(repository_root / "scripts" / "smtp_sink.py"),
            "--port",
            str(port),
            "--maildir",
            str(maildir),
        ],
        stdout=subprocess.DEVNULL,
    )
    wait_for_port("127.0.0.1", port)
    yield port, maildir
    sink.terminate()
    sink.wait(timeout=10)


@pytest.fixture
def platform(
    mongodb_url: str,
    rabbitmq_url: str,
    database_name: str,
    smtp_sink: tuple[int, Path],
    tmp_path: Path,
) -> Iterator[Platform]:
    smtp_port, maildir = smtp_sink
    common = {
        "ENVIRONMENT": "test",
        "MONGODB_URL": mongodb_url,
        "RABBITMQ_URL": rabbitmq_url,
        "ORGANIZER_TOKEN": ORGANIZER_TOKEN,
        "OUTBOX_POLL_SECONDS": "0.2",
        "OUTBOX_MAX_BACKOFF_SECONDS": "1",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "ORGANIZERS_EMAIL": ORGANIZERS_EMAIL,
        "DELIVERY_BASE_BACKOFF_SECONDS": "0.2",
        "DELIVERY_POLL_SECONDS": "0.2",
    }
    services = {
        name: ServiceProcess(
            name, common | {"MONGODB_DATABASE": f"{database_name}_{name}"}, tmp_path
        )
        for name in ("registration", "judging", "notifications")
    }
    try:
        for service in services.values():
            service.start()
        yield Platform(**services, maildir=maildir)
    finally:
        for service in services.values():
            service.stop()
