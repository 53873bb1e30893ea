"""The real MongoDB and RabbitMQ the tests talk to.

MongoDB: `MONGODB_URL` if set; else a `mongo` container where Docker answers; else the
wire-compatible `nx-27017` server from PyPI, started on a free port with its data in memory.

RabbitMQ: `RABBITMQ_URL`'s server (default: the local one) or a container where Docker answers;
either way each test run gets a virtual host of its own, so runs and leftovers never cross, and
broker users of its own for the three services, with the permissions and topic permissions
production gives them (forum_shared.broker_access), so every test runs as the real users.
"""

import contextlib
import functools
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from forum_shared.broker_access import SERVICES, definitions, service_url, user_of

LOCAL_RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(host: str, port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing answers on {host}:{port}")


@functools.cache
def docker_available() -> bool:
    """Asked once per session: `docker.from_env().ping()`."""
    try:
        import docker

        docker.from_env().ping()
    except Exception:
        return False
    return True


@contextlib.contextmanager
def mongodb(workdir: Path) -> Iterator[str]:
    if url := os.environ.get("MONGODB_URL"):
        yield url
    elif docker_available():
        yield from _mongodb_container()
    else:
        yield from _nx_27017(workdir)


def _nx_27017(workdir: Path) -> Iterator[str]:
    port = free_port()
    server = shutil.which("nx-27017") or str(Path(sys.executable).with_name("nx-27017"))
    log = workdir / "nx-27017.log"
    process = subprocess.Popen(
        [
            server,
            "--data-dir",
            "memory",
            "-p",
            str(port),
            "--log-file",
            str(log),
            "--pid-file",
            str(workdir / "nx-27017.pid"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port("127.0.0.1", port)
        yield f"mongodb://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _mongodb_container() -> Iterator[str]:
    from testcontainers.community.mongodb import MongoDbContainer

    with MongoDbContainer("mongo:8") as container:
        yield container.get_connection_url()


@dataclass(frozen=True)
class BrokerForTests:
    """A test run's virtual host: `url` logs in as an administrator (spies, tidying, forging),
    `url_for(service)` as that service's own user, named `<user_prefix><service>`."""

    url: str
    user_prefix: str
    passwords: dict[str, str]

    def url_for(self, service: str) -> str:
        return service_url(self.url, service, self.passwords[service], self.user_prefix)

    def user(self, service: str) -> str:
        return user_of(service, self.user_prefix)


@contextlib.contextmanager
def rabbitmq() -> Iterator[BrokerForTests]:
    """A fresh virtual host on the broker, with the services' users; deleted afterwards."""
    if docker_available() and "RABBITMQ_URL" not in os.environ:
        from testcontainers.community.rabbitmq import RabbitMqContainer

        with RabbitMqContainer("rabbitmq:3.13.7-management") as container:
            port = container.get_exposed_port(5672)
            host = container.get_container_host_ip()
            yield from _virtual_host(
                f"amqp://guest:guest@{host}:{port}/",
                ["docker", "exec", "-i", container.get_wrapped_container().id],
            )
    else:
        yield from _virtual_host(os.environ.get("RABBITMQ_URL", LOCAL_RABBITMQ_URL), [])


def _virtual_host(url: str, exec_prefix: list[str]) -> Iterator[BrokerForTests]:
    """One `rabbitmqctl import_definitions` creates the virtual host, the administrator's
    permissions in it, and the services' users with theirs (each rabbitmqctl call costs
    seconds); teardown deletes them all at once."""
    run = uuid.uuid4().hex[:12]
    vhost, prefix = f"forum-test-{run}", f"forum-test-{run}-"
    admin = urlsplit(url).username or "guest"
    passwords = {service: secrets.token_urlsafe(16) for service in SERVICES}
    ctl = [*exec_prefix, "rabbitmqctl", "-q"]
    subprocess.run(
        [*ctl, "import_definitions"],
        input=json.dumps(definitions(vhost, passwords, prefix, admins=[admin])).encode(),
        check=True,
        capture_output=True,
    )
    try:
        parts = urlsplit(url)
        admin_url = urlunsplit((parts.scheme, parts.netloc, "/" + vhost, "", ""))
        yield BrokerForTests(admin_url, prefix, passwords)
    finally:
        cleanups = [
            subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for command in (
                [*ctl, "delete_vhost", vhost],
                *([*ctl, "delete_user", user_of(service, prefix)] for service in SERVICES),
            )
        ]
        for cleanup in cleanups:
            cleanup.wait(timeout=120)


def broker_application(action: str) -> None:
    """Stop or start the local broker's application: a real outage for fault tests."""
    subprocess.run(["rabbitmqctl", "-q", action], check=True, capture_output=True, timeout=120)


class RestartableMongoDB:
    """An `nx-27017` of one test's own, with its data on disk: stopped and started again on the
    same port, as a database server restarts under running services."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}/"

    def start(self) -> None:
        server = shutil.which("nx-27017") or str(Path(sys.executable).with_name("nx-27017"))
        (self.workdir / "data").mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                server,
                "--data-dir",
                str(self.workdir / "data"),
                "-p",
                str(self.port),
                "--log-file",
                str(self.workdir / "nx-27017.log"),
                "--pid-file",
                str(self.workdir / "nx-27017.pid"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port("127.0.0.1", self.port)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:  # still closing its clients' connections
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None
