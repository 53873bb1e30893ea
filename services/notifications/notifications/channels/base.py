from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from ..rendering import RenderedMessage

WEBHOOK_PAYLOAD_VERSION = 1


class DeliveryFailed(Exception):
    """A channel could not deliver. `reason` is safe to store and log: it never holds personal
    data, which is also why channels raise it `from None` (the original error may quote the
    recipient's address)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    notification_id: str
    recipient: str
    subject: str
    text: str
    html: str
    payload: Mapping[str, Any]

    @classmethod
    def compose(
        cls,
        *,
        notification_id: str,
        recipient: str,
        rendered: RenderedMessage,
        template: str,
        recipient_kind: str,
        contest_id: str,
        participant_id: str | None,
        source_event_id: UUID | str,
        source_event_type: str,
    ) -> "OutgoingMessage":
        # The webhook payload deliberately leaves out the recipient's address.
        payload = {
            "schema_version": WEBHOOK_PAYLOAD_VERSION,
            "notification_id": notification_id,
            "template": template,
            "recipient_kind": recipient_kind,
            "contest_id": contest_id,
            "participant_id": participant_id,
            "source_event_id": str(source_event_id),
            "source_event_type": source_event_type,
            "subject": rendered.subject,
            "text": rendered.text,
        }
        return cls(
            notification_id=notification_id,
            recipient=recipient,
            subject=rendered.subject,
            text=rendered.text,
            html=rendered.html,
            payload=payload,
        )


class Channel(Protocol):
    name: str

    async def deliver(self, message: OutgoingMessage) -> None:
        """Deliver or raise `DeliveryFailed`."""
