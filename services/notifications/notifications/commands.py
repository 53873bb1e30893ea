"""What organizers change: a notification retried by hand, webhooks added and removed.

The JSON API and the pages call these (and only these) to change anything; the event
consumers record notifications through `handlers`. Refusals are `errors.NotificationsError`s.
"""

import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from pydantic import BaseModel, Field, HttpUrl

from .dispatcher import Dispatcher
from .domain import NotificationStatus
from .errors import AlreadySent, NotificationNotFound, WebhookNotFound
from .queries import LogEntry
from .records import Webhook
from .store import NotificationStore

Secret = Annotated[str, Field(min_length=16, max_length=256)]


class NewWebhook(BaseModel):
    """A webhook as an organizer asks for it; the pages validate their form with it too."""

    url: HttpUrl
    secret: Secret | None = Field(
        default=None, description="Leave out to have one generated (returned once)"
    )


@dataclass(frozen=True)
class Retried:
    entry: LogEntry
    attempted: bool  # False: another attempt was under way, nothing more was done


async def retry_notification(
    store: NotificationStore, dispatcher: Dispatcher, notification_id: str
) -> Retried:
    """Attempts a pending or failed notification at once, even one whose automatic attempts
    are exhausted; answers with the outcome. Refuses one already sent."""
    if attempted := await dispatcher.retry_now(notification_id):
        return Retried(LogEntry.of(attempted), attempted=True)
    notification = await store.notification(notification_id)
    if notification is None:
        raise NotificationNotFound(notification_id)
    if notification.delivery.status == NotificationStatus.SENT:
        raise AlreadySent()
    return Retried(LogEntry.of(notification), attempted=False)


async def add_webhook(store: NotificationStore, request: NewWebhook) -> Webhook:
    """Every notification recorded from now on is also POSTed to it. The returned webhook holds
    its secret: show it to the organizer this once."""
    webhook = Webhook(
        id=str(uuid.uuid4()),
        url=str(request.url),
        secret=request.secret or secrets.token_urlsafe(32),
        created_at=datetime.now(UTC),
    )
    await store.add_webhook(webhook)
    return webhook


async def remove_webhook(store: NotificationStore, webhook_id: str) -> None:
    """Stops deliveries to it, including the ones still pending."""
    if not await store.remove_webhook(webhook_id):
        raise WebhookNotFound(webhook_id)
