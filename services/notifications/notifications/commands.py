"""What changes the service's state: notifications recorded for an event (the consumers), a
notification retried by hand, webhooks added and removed (the organizers).

The JSON API, the pages and the event consumers call these (and only these) to change
anything. Refusals are `errors.NotificationsError`s.
"""

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, HttpUrl

from forum_shared.events import (
    Event,
    ParticipantErased,
    ParticipantRegistered,
    ParticipantWithdrawn,
    ScoreSubmitted,
    WinnersAnnounced,
)
from forum_shared.i18n import Message, tr
from forum_shared.idempotency import Repeated, create_once
from forum_shared.mongo import now_to_the_millisecond
from forum_shared.organizers import Actor

from .channels.webhook import TargetRefused, WebhookTargets
from .dispatcher import Dispatcher
from .domain import (
    NotificationStatus,
    PlannedMessage,
    Recipient,
    TargetProblem,
    plan_participant_registered,
    plan_score_submitted,
    plan_winners_announced,
)
from .errors import AlreadySent, Cancelled, NotificationNotFound, WebhookNotFound, WebhookRefused
from .queries import LogEntry
from .records import Webhook, notifications_for
from .store import NotificationStore


class Recording:
    """Notifications recorded for one consumed event: what the event teaches about the
    recipients is saved, its messages planned, and one notification per message and channel
    (e-mail and every active webhook) inserted under ids derived from the event, so that doing
    it again (a redelivery) records nothing new. Each `of_*` answers how many it recorded."""

    def __init__(self, store: NotificationStore, organizers_email: str | None):
        self.store = store
        self.organizers_email = organizers_email

    async def of_registration(self, event: ParticipantRegistered) -> int:
        """The confirmation; and if the contest's winners are already announced (the queues
        are per event type, so the announcement can overtake a backlog of registrations), the
        results letter the announcement would have planned for this participant. It is
        recorded under the announcement's ids: if the announcement's own handler saw the
        participant too, the two records are one. A participant already erased (the queues are
        per event type: the erasure may come first) is neither remembered nor written to."""
        if await self.store.erased_among([event.participant_id]):
            return 0
        await self.store.save_recipient(event.contest_id, Recipient.from_registration(event))
        recorded = await self._record(event, plan_participant_registered(event))
        announced = await self.store.announcement(event.contest_id)
        if announced is not None:
            recipient = await self.store.current_recipient(event.contest_id, event.participant_id)
            if recipient is not None:
                results = plan_winners_announced(announced, [recipient], organizers_email=None)
                recorded += await self._record(announced, results)
        return recorded

    async def of_withdrawal(self, event: ParticipantWithdrawn) -> int:
        await self.store.mark_withdrawn(event.contest_id, event.participant_id)
        return 0

    async def of_erasure(self, event: ParticipantErased) -> int:
        """The participant's contact leaves every copy: the recipient, their letters (those
        not sent yet are cancelled), and their name from letters to others if it was a
        person's. Applying it twice changes nothing more."""
        await self.store.erase_recipient(
            event.contest_id, event.participant_id, event.erased_at, event.name_erased
        )
        await self.store.anonymise_letters(
            event.contest_id, event.participant_id, event.name_erased
        )
        return 0

    async def of_score(self, event: ScoreSubmitted) -> int:
        return await self._record(event, plan_score_submitted(event))

    async def of_announcement(self, event: WinnersAnnounced) -> int:
        """Saved first, then the recipients read: of a registration consumed concurrently,
        this or `of_registration` sees the other (each writes before it reads)."""
        await self.store.save_announcement(event)
        recipients = await self.store.contest_recipients(event.contest_id)
        planned = plan_winners_announced(event, recipients, self.organizers_email)
        recorded = await self._record(event, planned)
        # A winner erased before judging learnt of it is named in the event: every letter
        # that lists them (and the announcement kept) loses the name now.
        winners = [w.participant_id for n in event.nominations for w in n.winners]
        for participant_id, name_erased in (await self.store.erased_among(winners)).items():
            await self.store.anonymise_letters(event.contest_id, participant_id, name_erased)
        return recorded

    async def _record(self, event: Event, planned: list[PlannedMessage]) -> int:
        webhooks = await self.store.active_webhooks() if planned else []
        notifications = notifications_for(event, planned, webhooks, datetime.now(UTC))
        await self.store.add_notifications(notifications)
        # An erasure handled while these were planned (it read the letters before they were
        # written) would leave them: whichever of the two writes second sees the other.
        contests = {m.participant_id: m.contest_id for m in planned if m.participant_id}
        for participant_id, name_erased in (await self.store.erased_among(list(contests))).items():
            await self.store.forget_contact(participant_id)
            await self.store.anonymise_letters(
                contests[participant_id], participant_id, name_erased
            )
        return len(notifications)


RecordingCase = Callable[[Recording, Any], Awaitable[int]]

Secret = Annotated[str, Field(min_length=16, max_length=256)]


class NewWebhook(BaseModel):
    """A webhook as an organizer asks for it; the pages validate their form with it too."""

    url: HttpUrl = Field(
        description="In production: https, no user name or password, and a host whose every "
        "address is public (no loopback, private, link-local or metadata address)"
    )
    secret: Secret | None = Field(
        default=None, description="Leave out to have one generated (returned once)"
    )
    include_contact_name: bool = Field(
        default=False,
        strict=True,  # true or false, as the schema says (not 0, 1 or "yes")
        description="Greet by the contact person's name in the letters sent to this webhook "
        "(personal data: only where the receiver needs it)",
    )


REFUSALS: dict[TargetProblem, Message] = {
    TargetProblem.NOT_A_URL: tr("must be a web address, like https://example.org/hook"),
    TargetProblem.HTTPS_REQUIRED: tr("a webhook's address must start with https://"),
    TargetProblem.CREDENTIALS_IN_URL: tr(
        "a webhook's address must not carry a user name or password"
    ),
    TargetProblem.ADDRESS_NOT_PUBLIC: tr(
        "a webhook may not point to a loopback, private, link-local or metadata address"
    ),
    TargetProblem.HOST_UNRESOLVED: tr("the host of this address cannot be found"),
}


@dataclass(frozen=True)
class Retried:
    entry: LogEntry
    attempted: bool  # False: another attempt was under way, nothing more was done


async def retry_notification(
    store: NotificationStore,
    dispatcher: Dispatcher,
    notification_id: str,
    *,
    actor: Actor,
    correlation_id: str | None = None,
) -> Retried:
    """Attempts a pending or failed notification at once, even one whose automatic attempts
    are exhausted; answers with the outcome. Refuses one already sent."""
    if attempted := await dispatcher.retry_now(notification_id):
        retried = Retried(LogEntry.of(attempted), attempted=True)
    else:
        notification = await store.notification(notification_id)
        if notification is None:
            raise NotificationNotFound(notification_id)
        if notification.delivery.status == NotificationStatus.SENT:
            raise AlreadySent()
        if notification.delivery.status == NotificationStatus.CANCELLED:
            raise Cancelled()
        retried = Retried(LogEntry.of(notification), attempted=False)
    details = {
        "attempted": retried.attempted,
        "status": str(retried.entry.notification.delivery.status),
    }
    await store.audit.record(
        actor, "notification.retried", "notification", notification_id, details, correlation_id
    )
    return retried


async def add_webhook(
    store: NotificationStore,
    targets: WebhookTargets,
    request: NewWebhook,
    *,
    actor: Actor,
    idempotency_key: str | None = None,
    correlation_id: str | None = None,
) -> Webhook | Repeated[Webhook]:
    """Every notification recorded from now on is also POSTed to it. The returned webhook holds
    its secret: show it to the organizer this once. Refuses (`WebhookRefused`) an address the
    target policy does not allow; deliveries check it again.

    With an `idempotency_key` (a form's token, an API caller's header) a repeat of the request
    adds nothing and answers `Repeated` with the webhook, its secret blanked
    (`forum_shared.idempotency`); the key with another request raises `KeyReused`."""
    try:
        await targets.check(str(request.url))
    except TargetRefused as refused:
        raise WebhookRefused(REFUSALS[refused.problem]) from None

    async def create(webhook_id: str) -> Webhook:
        webhook = Webhook(
            id=webhook_id,
            url=str(request.url),
            secret=request.secret or secrets.token_urlsafe(32),
            include_contact_name=request.include_contact_name,
            created_at=now_to_the_millisecond(),  # as read back, so a repeat answers the same,
        )
        await store.add_webhook(webhook)
        # the address is not recorded: it may name a person (a bot's token, a private host)
        details = {"include_contact_name": webhook.include_contact_name}
        await store.audit.record(
            actor, "webhook.added", "webhook", webhook.id, details, correlation_id
        )
        return webhook

    async def find(webhook_id: str) -> Webhook | None:
        found = await store.any_webhook(webhook_id)
        return found.model_copy(update={"secret": ""}) if found else None

    return await create_once(
        store.idempotency,
        "webhook.add",
        actor.id,
        idempotency_key,
        request.model_dump(mode="json"),
        create=create,
        find=find,
    )


async def remove_webhook(
    store: NotificationStore,
    webhook_id: str,
    *,
    actor: Actor,
    correlation_id: str | None = None,
) -> None:
    """Stops deliveries to it, including the ones still pending."""
    if not await store.remove_webhook(webhook_id):
        raise WebhookNotFound(webhook_id)
    await store.audit.record(actor, "webhook.removed", "webhook", webhook_id, None, correlation_id)
