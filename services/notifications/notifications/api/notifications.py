from datetime import datetime

from fastapi import APIRouter, Response, status
from pydantic import BaseModel

from forum_shared.web import CorrelationId, CurrentOrganizer, Limit, Offset, Organizer

from .. import commands, queries
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
    recipient_kind: RecipientKind | None = None,
    offset: Offset = 0,
    limit: Limit = 100,
) -> list[NotificationView]:
    """The delivery log, newest first."""
    log_filter = queries.LogFilter(
        contest_id=contest_id,
        participant_id=participant_id,
        status=status,
        template=template,
        recipient_kind=recipient_kind,
    )
    page = await queries.delivery_log(store, log_filter, offset, limit)
    return [NotificationView.of(entry.notification) for entry in page.entries]


@router.get("/{notification_id}", responses={404: {"description": "No such notification"}})
async def get_notification(notification_id: str, store: StoreDep) -> NotificationView:
    entry = await queries.notification(store, notification_id)
    return NotificationView.of(entry.notification)


@router.post(
    "/{notification_id}/retry",
    responses={
        202: {"description": "Another attempt is under way right now"},
        404: {"description": "No such notification"},
        409: {"description": "Already sent, or cancelled (its recipient was erased)"},
    },
)
async def retry_notification(
    notification_id: str,
    store: StoreDep,
    dispatcher: DispatcherDep,
    response: Response,
    actor: CurrentOrganizer,
    correlation_id: CorrelationId,
) -> NotificationView:
    """Attempts a pending or failed notification at once, even one whose automatic attempts
    are exhausted, and answers with the outcome."""
    retried = await commands.retry_notification(
        store, dispatcher, notification_id, actor=actor, correlation_id=correlation_id
    )
    if not retried.attempted:
        response.status_code = status.HTTP_202_ACCEPTED
    return NotificationView.of(retried.entry.notification)
