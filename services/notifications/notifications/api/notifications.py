from datetime import datetime

from fastapi import APIRouter, HTTPException, Response, status
from pydantic import BaseModel

from forum_shared.web import Limit, Offset, Organizer

from ..domain import NotificationStatus, RecipientKind, TemplateName
from ..records import Notification
from .deps import DispatcherDep, StoreDep

router = APIRouter(prefix="/notifications", tags=["notifications"], dependencies=[Organizer])


class NotificationView(BaseModel):
    """A delivery log entry as the organizer sees it: who, how, what and where it stands, but
    not the message's contents (the template context holds participants' details)."""

    id: str
    channel: str
    recipient: str
    recipient_kind: RecipientKind
    template: TemplateName
    contest_id: str
    participant_id: str | None
    source_event_id: str
    source_event_type: str
    status: NotificationStatus
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None

    @classmethod
    def of(cls, notification: Notification) -> "NotificationView":
        delivery = notification.delivery
        return cls(
            **notification.model_dump(include=set(cls.model_fields)),
            status=delivery.status,
            attempts=delivery.attempts,
            last_error=delivery.last_error,
            next_attempt_at=delivery.next_attempt_at,
            updated_at=delivery.updated_at,
            sent_at=delivery.sent_at,
        )


@router.get("")
async def list_notifications(
    store: StoreDep,
    contest_id: str | None = None,
    participant_id: str | None = None,
    status: NotificationStatus | None = None,
    template: TemplateName | None = None,
    offset: Offset = 0,
    limit: Limit = 100,
) -> list[NotificationView]:
    """The delivery log, newest first."""
    filters = {
        "contest_id": contest_id,
        "participant_id": participant_id,
        "delivery.status": status,
        "template": template,
    }
    given = {field: str(value) for field, value in filters.items() if value is not None}
    return [NotificationView.of(n) for n in await store.find_notifications(given, offset, limit)]


@router.get("/{notification_id}")
async def get_notification(notification_id: str, store: StoreDep) -> NotificationView:
    return NotificationView.of(await existing(store, notification_id))


@router.post(
    "/{notification_id}/retry",
    responses={
        202: {"description": "Another attempt is under way right now"},
        404: {"description": "No such notification"},
        409: {"description": "Already sent"},
    },
)
async def retry_notification(
    notification_id: str, store: StoreDep, dispatcher: DispatcherDep, response: Response
) -> NotificationView:
    """Attempts a pending or failed notification at once, even one whose automatic attempts
    are exhausted, and answers with the outcome."""
    if attempted := await dispatcher.retry_now(notification_id):
        return NotificationView.of(attempted)
    notification = await existing(store, notification_id)
    if notification.delivery.status == NotificationStatus.SENT:
        raise HTTPException(status.HTTP_409_CONFLICT, "this notification was already sent")
    response.status_code = status.HTTP_202_ACCEPTED
    return NotificationView.of(notification)


async def existing(store: StoreDep, notification_id: str) -> Notification:
    notification = await store.notification(notification_id)
    if notification is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"there is no notification {notification_id}"
        )
    return notification
