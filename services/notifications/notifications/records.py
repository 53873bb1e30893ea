"""What the service stores: the delivery log's records and the organizers' webhooks."""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from forum_shared.events import Event

from .domain import DeliveryState, NotificationStatus, PlannedMessage, RecipientKind, TemplateName

EMAIL_CHANNEL = "email"
WEBHOOK_CHANNEL_PREFIX = "webhook:"


class Delivery(BaseModel):
    """Where a notification stands: the domain's `DeliveryState` plus when things happened."""

    model_config = ConfigDict(frozen=True, use_enum_values=True)

    status: NotificationStatus
    attempts: int = 0
    last_error: str | None = None
    next_attempt_at: datetime | None = None
    sent_at: datetime | None = None
    updated_at: datetime

    @classmethod
    def of(cls, state: DeliveryState, now: datetime) -> "Delivery":
        return cls(
            status=state.status,
            attempts=state.attempts,
            last_error=state.last_error,
            next_attempt_at=state.next_attempt_at,
            sent_at=now if state.status is NotificationStatus.SENT else None,
            updated_at=now,
        )

    @property
    def state(self) -> DeliveryState:
        return DeliveryState(
            NotificationStatus(self.status), self.attempts, self.last_error, self.next_attempt_at
        )


class Notification(BaseModel):
    """One message to one recipient through one channel, with its plan: it can be rendered
    again for every attempt."""

    model_config = ConfigDict(frozen=True, populate_by_name=True, use_enum_values=True)

    id: str = Field(alias="_id")
    channel: str
    recipient: str
    recipient_kind: RecipientKind
    template: TemplateName
    context: dict[str, Any]
    source_event_id: str
    source_event_type: str
    contest_id: str
    participant_id: str | None
    created_at: datetime
    delivery: Delivery

    @classmethod
    def planned(
        cls,
        event: Event,
        message: PlannedMessage,
        channel: str,
        recipient: str,
        now: datetime,
        context: dict[str, Any] | None = None,
    ) -> "Notification":
        """`context` replaces the message's own (a webhook's, with less in it)."""
        return cls(
            id=message.notification_id(event.event_id, channel),
            channel=channel,
            recipient=recipient,
            recipient_kind=message.recipient_kind,
            template=message.template,
            context=message.context if context is None else context,
            source_event_id=str(event.event_id),
            source_event_type=event.event_type,
            contest_id=message.contest_id,
            participant_id=message.participant_id,
            created_at=now,
            # Due at once: a pending notification is delivered as soon as a worker is free.
            delivery=Delivery(
                status=NotificationStatus.PENDING, next_attempt_at=now, updated_at=now
            ),
        )

    def document(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True)


class Webhook(BaseModel):
    """An organizer's URL that receives every notification, signed with its secret.

    The secret is kept as given (signing needs it) and shown only once, at creation. The
    contact person's name goes to the webhook only if the organizer asked for it
    (`include_contact_name`); otherwise letters greet without a name.
    """

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    id: str = Field(alias="_id")
    url: str
    secret: str
    include_contact_name: bool = False
    active: bool = True
    created_at: datetime

    def context_for(self, context: dict[str, Any]) -> dict[str, Any]:
        """What a notification's template may say on this webhook."""
        if self.include_contact_name or "contact_name" not in context:
            return context
        return context | {"contact_name": ""}

    @property
    def channel(self) -> str:
        return f"{WEBHOOK_CHANNEL_PREFIX}{self.id}"

    def document(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True)


def webhook_id(channel: str) -> str | None:
    if channel.startswith(WEBHOOK_CHANNEL_PREFIX):
        return channel.removeprefix(WEBHOOK_CHANNEL_PREFIX)
    return None


def notifications_for(
    event: Event, planned: Iterable[PlannedMessage], webhooks: Sequence[Webhook], now: datetime
) -> list[Notification]:
    """Every planned message goes by e-mail to its recipient and to every active webhook."""
    return [
        notification
        for message in planned
        for notification in [
            Notification.planned(event, message, EMAIL_CHANNEL, message.recipient, now),
            *(
                Notification.planned(
                    event, message, hook.channel, hook.url, now, hook.context_for(message.context)
                )
                for hook in webhooks
            ),
        ]
    ]
