"""The three services running as processes, and the mailbox they write to."""

from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import httpx

from support.processes import ServiceProcess

ORGANIZERS_EMAIL = "organizers@forum.example"


@dataclass
class Platform:
    registration: ServiceProcess
    judging: ServiceProcess
    notifications: ServiceProcess
    maildir: Path

    def client(self, service: ServiceProcess) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=service.url, timeout=10)

    def mail(self) -> list[EmailMessage]:
        return [
            message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[misc]
            for path in sorted(self.maildir.glob("*.eml"))
        ]
