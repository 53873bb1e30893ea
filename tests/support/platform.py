"""The three services running as processes — one or several of each, on the same queues and
databases — and the mailbox they write to. Used by the end-to-end tests and by `make bench`."""

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from support.apps import ORGANIZER_TOKEN
from support.processes import ServiceProcess
from support.servers import BrokerForTests, free_port, wait_for_port

ORGANIZERS_EMAIL = "organizers@forum.example"
SESSION_SECRET = "end-to-end-session-secret-shared-by-the-services"
SERVICES = ("registration", "judging", "notifications")
SMTP_SINK = Path(__file__).resolve().parents[2] / "scripts" / "smtp_sink.py"

# What the end-to-end tests change from the defaults `make run` uses: a quicker pace.
QUICK = {
    "ENVIRONMENT": "test",
    "OUTBOX_POLL_SECONDS": "0.2",
    "OUTBOX_MAX_BACKOFF_SECONDS": "1",
    "DELIVERY_BASE_BACKOFF_SECONDS": "0.2",
    "DELIVERY_POLL_SECONDS": "0.2",
}


@dataclass
class Platform:
    """`replicas[service]`: that service's processes; `registration` etc. are the first."""

    replicas: dict[str, list[ServiceProcess]]
    maildir: Path

    @property
    def registration(self) -> ServiceProcess:
        return self.replicas["registration"][0]

    @property
    def judging(self) -> ServiceProcess:
        return self.replicas["judging"][0]

    @property
    def notifications(self) -> ServiceProcess:
        return self.replicas["notifications"][0]

    def processes(self) -> list[ServiceProcess]:
        return [process for processes in self.replicas.values() for process in processes]

    def client(self, service: ServiceProcess) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=service.url, timeout=10)

    def mail(self) -> list[EmailMessage]:
        return [
            message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[misc]
            for path in sorted(self.maildir.glob("*.eml"))
        ]


async def metric(process: ServiceProcess, sample: str, **labels: str) -> float:
    """The sum of a process's `/metrics` samples named `sample` whose labels include `labels`."""
    async with httpx.AsyncClient(base_url=process.url, timeout=10) as client:
        text = (await client.get("/metrics")).text
    return sum(
        found.value
        for family in text_string_to_metric_families(text)
        for found in family.samples
        if found.name == sample and labels.items() <= found.labels.items()
    )


@contextlib.contextmanager
def smtp_sink(maildir: Path) -> Iterator[int]:
    """The SMTP sink `make run` uses, as a process of its own; yields its port."""
    port = free_port()
    maildir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, str(SMTP_SINK), "--port", str(port), "--maildir", str(maildir)]
    sink = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    try:
        wait_for_port("127.0.0.1", port)
        yield port
    finally:
        sink.terminate()
        sink.wait(timeout=10)


@contextlib.contextmanager
def running_platform(
    mongodb_url: str,
    broker: BrokerForTests,
    database_prefix: str,
    workdir: Path,
    replicas: int = 1,
    env: dict[str, str] | None = None,
) -> Iterator[Platform]:
    """`replicas` processes of each service, started one after another (each ready before the
    next), each service's replicas sharing its database `<database_prefix>_<service>`; an SMTP
    sink writing to `workdir/mail`. `env` adds to or overrides the services' environment. Each
    service logs in to the broker as its own user."""
    maildir = workdir / "mail"
    with smtp_sink(maildir) as smtp_port:
        common = {
            "MONGODB_URL": mongodb_url,
            "BROKER_USER_PREFIX": broker.user_prefix,
            "ORGANIZER_TOKEN": ORGANIZER_TOKEN,
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(smtp_port),
            "ORGANIZERS_EMAIL": ORGANIZERS_EMAIL,
        } | (env or {})
        started: dict[str, list[ServiceProcess]] = {
            service: [
                ServiceProcess(
                    service,
                    common
                    | {
                        "MONGODB_DATABASE": f"{database_prefix}_{service}",
                        "RABBITMQ_URL": broker.url_for(service),
                    },
                    workdir,
                    name=service if replicas == 1 else f"{service}-{number}",
                )
                for number in range(1, replicas + 1)
            ]
            for service in SERVICES
        }
        # The services know each other's addresses (their pages link to each other) and share
        # the session secret, so that one organizer's sign-in serves all of them on 127.0.0.1.
        urls = {f"{service.upper()}_URL": started[service][0].url for service in SERVICES}
        for processes in started.values():
            for process in processes:
                process.env |= urls | {"SESSION_SECRET": SESSION_SECRET} | (env or {})
        platform = Platform(started, maildir)
        try:
            for process in platform.processes():
                process.start()
            yield platform
        finally:
            for process in platform.processes():
                process.stop()
