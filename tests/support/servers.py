"""The real MongoDB and RabbitMQ the tests talk to.

MongoDB: `MONGODB_URL` if set; else a `mongo` container where Docker answers; else the
wire-compatible `nx-27017` server from PyPI, started on a free port with its data in memory.

RabbitMQ: `RABBITMQ_URL`'s server (default: the local one) or a container where Docker answers;
either way each test run gets a virtual host of its own, so runs and leftovers never cross.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

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


def docker_available() -> bool:
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


@contextlib.contextmanager
def rabbitmq() -> Iterator[str]:
    """A fresh virtual host on the broker, deleted afterwards."""
    if docker_available() and "RABBITMQ_URL" not in os.environ:
        from testcontainers.community.rabbitmq import RabbitMqContainer

        with RabbitMqContainer("rabbitmq:3-management") as container:
            port = container.get_exposed_port(5672)
            host = container.get_container_host_ip()
            yield from _virtual_host(
                f"amqp://guest:guest@{host}:{port}/",
                ["docker", "exec", container.get_wrapped_container().id],
            )
    else:
        yield from _virtual_host(os.environ.get("RABBITMQ_URL", LOCAL_RABBITMQ_URL), [])


def _virtual_host(url: str, exec_prefix: list[str]) -> Iterator[str]:
    vhost = f"forum-test-{uuid.uuid4().hex[:12]}"
    user = urlsplit(url).username or "guest"
    ctl = [*exec_prefix, "rabbitmqctl", "-q"]
    subprocess.run([*ctl, "add_vhost", vhost], check=True, capture_output=True)
    subprocess.run(
        [*ctl, "set_permissions", "-p", vhost, user, ".*", ".*", ".*"],
        check=True,
        capture_output=True,
    )
    try:
        parts = urlsplit(url)
        yield urlunsplit((parts.scheme, parts.netloc, "/" + vhost, "", ""))
    finally:
        subprocess.run([*ctl, "delete_vhost", vhost], capture_output=True)


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
