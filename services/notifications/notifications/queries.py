"""What organizers read: the delivery log and the webhooks. The JSON API and the pages both
answer from here (and never from the store directly), so both show the same things."""

from dataclasses import dataclass, field
from typing import Any, Literal

from forum_shared.i18n import Message
from forum_shared.organizers import Actor

from .domain import NotificationStatus, RecipientKind, TemplateName
from .domain.failures import explain_failure
from .errors import NotificationNotFound, ParticipantNeverLearnt, WebhookNotFound
from .records import EMAIL_CHANNEL, Notification, Webhook, webhook_id
from .store import NotificationStore

# Where a notification stands, as a person reads it: a failed one either waits for its next
# automatic attempt ("retrying") or has used them all and waits for the organizer ("failed").
# A cancelled one is never to be sent (its recipient's personal data was erased).
Standing = Literal["pending", "sent", "retrying", "failed", "cancelled"]


@dataclass(frozen=True)
class LogFilter:
    contest_id: str | None = None
    participant_id: str | None = None
    status: NotificationStatus | None = None
    template: TemplateName | None = None
    recipient_kind: RecipientKind | None = None
    standing: Standing | None = None

    def query(self) -> dict[str, Any]:
        given = {
            "contest_id": self.contest_id,
            "participant_id": self.participant_id,
            "delivery.status": self.status and str(self.status),
            "template": self.template and str(self.template),
            "recipient_kind": self.recipient_kind,
        }
        query: dict[str, Any] = {key: value for key, value in given.items() if value is not None}
        if self.standing in ("pending", "sent", "cancelled"):
            query["delivery.status"] = self.standing
        elif self.standing is not None:
            query["delivery.status"] = NotificationStatus.FAILED.value
            # `$in: [None]` rather than `None`: the same on MongoDB, and understood by the
            # stand-in server in counts too.
            gave_up = self.standing == "failed"
            query["delivery.next_attempt_at"] = {"$in": [None]} if gave_up else {"$ne": None}
        return query


@dataclass(frozen=True)
class LogEntry:
    """A notification with what a person needs to read it."""

    notification: Notification
    standing: Standing
    failure: Message | None
    webhook_id: str | None

    @classmethod
    def of(cls, notification: Notification) -> "LogEntry":
        return cls(
            notification=notification,
            standing=standing_of(notification),
            failure=explain_failure(notification.delivery.last_error),
            webhook_id=webhook_id(notification.channel),
        )

    @property
    def by_email(self) -> bool:
        return self.notification.channel == EMAIL_CHANNEL

    @property
    def retryable(self) -> bool:
        return self.standing not in ("sent", "cancelled")


def standing_of(notification: Notification) -> Standing:
    delivery = notification.delivery
    if delivery.status == NotificationStatus.SENT:
        return "sent"
    if delivery.status == NotificationStatus.PENDING:
        return "pending"
    if delivery.status == NotificationStatus.CANCELLED:
        return "cancelled"
    return "failed" if delivery.next_attempt_at is None else "retrying"


@dataclass(frozen=True)
class LogPage:
    entries: list[LogEntry]
    total: int
    offset: int
    limit: int
    filter: LogFilter = field(default_factory=LogFilter)

    @property
    def has_previous(self) -> bool:
        return self.offset > 0

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.entries) < self.total


async def delivery_log(
    store: NotificationStore, log_filter: LogFilter, offset: int = 0, limit: int = 100
) -> LogPage:
    """The delivery log, newest first, one page of it and how many there are in all."""
    query = log_filter.query()
    notifications = await store.find_notifications(query, offset, limit)
    total = await store.count_notifications(query)
    return LogPage([LogEntry.of(n) for n in notifications], total, offset, limit, log_filter)


async def notification(store: NotificationStore, notification_id: str) -> LogEntry:
    found = await store.notification(notification_id)
    if found is None:
        raise NotificationNotFound(notification_id)
    return LogEntry.of(found)


async def contests_in_log(store: NotificationStore) -> list[tuple[str, str]]:
    """(id, title) of every contest the log holds notifications of, by title."""
    contests = await store.contests_in_log()
    return sorted(contests.items(), key=lambda item: (item[1].casefold(), item[0]))


async def webhooks(store: NotificationStore) -> list[Webhook]:
    """The webhooks in use, oldest first (their secrets are the caller's to leave out)."""
    return await store.active_webhooks()


async def webhook(store: NotificationStore, webhook_id: str) -> Webhook:
    found = await store.webhook(webhook_id)
    if found is None:
        raise WebhookNotFound(webhook_id)
    return found


async def personal_data(
    store: NotificationStore, participant_id: str, *, actor: Actor, correlation_id: str
) -> dict[str, Any]:
    """Everything the service stores about the participant: the recipient (address, names,
    nomination) and every letter to them, with its template's context and delivery. Raises
    `ParticipantNeverLearnt`."""
    documents = await store.participant_documents(participant_id)
    if documents is None:
        raise ParticipantNeverLearnt(participant_id)
    await store.audit.record(
        actor, "personal_data.exported", "participant", participant_id, None, correlation_id
    )
    return {"participant_id": participant_id} | documents
