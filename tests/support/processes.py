"""The services as real processes (`python -m <service>`), as `make run` and the images run them."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from support.servers import free_port

# The tests and `make bench` (32 clients) register many participants from 127.0.0.1: no rate
# limit on registration unless a test's `env` sets one (the limit has tests of its own).
UNTHROTTLED = {"REGISTRATION_RATE_PER_MINUTE": "0"}


class ServiceProcess:
    def __init__(self, service: str, env: dict[str, str], log_dir: Path, name: str | None = None):
        """`name` tells replicas of a service apart (their log files); the service's by default."""
        self.service = service
        self.name = name or service
        self.port = free_port()
        self.env = (
            os.environ | UNTHROTTLED | env | {"HTTP_PORT": str(self.port), "HTTP_HOST": "127.0.0.1"}
        )
        self.log_path = log_dir / f"{self.name}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", self.service], env=self.env, stdout=log, stderr=log
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log_path}")
            try:
                if httpx.get(f"{self.url}/health/ready", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"{self.name} was not ready in {timeout} s; see {self.log_path}")

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, whatever was in flight is cut off."""
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
