"""Delivery after the fact: recorded notifications are claimed, rendered, delivered, and their
outcome recorded, with retries on the domain's backoff.

A claim is a lease. A worker that dies mid-delivery leaves its notification to be taken again
once the lease passes, so delivery is at-least-once; the e-mail's Message-ID is derived from
the notification, so a repeat is recognisably the same letter.
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

from prometheus_client import CollectorRegistry, Counter

from .channels import Channel, DeliveryFailed, OutgoingMessage, WebhookChannel
from .domain import RetryPolicy
from .records import EMAIL_CHANNEL, Delivery, Notification, webhook_id
from .rendering import Renderer
from .store import NotificationStore

log = logging.getLogger(__name__)


class Channels:
    """The channel a notification goes through: e-mail, or one organizer's webhook."""

    def __init__(self, email: Channel, store: NotificationStore, webhook_timeout: float):
        self.email = email
        self.store = store
        self.webhook_timeout = webhook_timeout

    async def get(self, channel: str) -> Channel:
        if channel == EMAIL_CHANNEL:
            return self.email
        hook_id = webhook_id(channel)
        webhook = await self.store.webhook(hook_id) if hook_id else None
        if webhook is None:
            raise DeliveryFailed("the webhook was removed")
        return WebhookChannel(
            webhook.url, webhook.secret, name=channel, timeout=self.webhook_timeout
        )


class Dispatcher:
    def __init__(
        self,
        store: NotificationStore,
        channels: Channels,
        policy: RetryPolicy,
        registry: CollectorRegistry,
        *,
        lease: timedelta,
        poll_seconds: float,
        concurrency: int,
    ):
        self.store = store
        self.channels = channels
        self.policy = policy
        self.renderer = Renderer()
        self.lease = lease
        self.poll_seconds = poll_seconds
        self.concurrency = concurrency
        self._wake = asyncio.Event()
        self._outcomes = Counter(
            "notification_deliveries",
            "Delivery attempts by channel kind and outcome",
            ["channel", "outcome"],
            registry=registry,
        )

    def wake(self) -> None:
        self._wake.set()

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        task = asyncio.create_task(self._run(), name="notifications-dispatcher")
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        while True:
            try:
                await self.deliver_due()
            except Exception:
                log.exception("delivery pass failed; will try again")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_seconds)
            self._wake.clear()

    async def deliver_due(self) -> None:
        async with asyncio.TaskGroup() as workers:
            for _ in range(self.concurrency):
                workers.create_task(self._work())

    async def _work(self) -> None:
        while notification := await self.store.claim_due(datetime.now(UTC), self.lease):
            await self._attempt(notification)

    async def retry_now(self, notification_id: str) -> Notification | None:
        """Attempt one notification at once; None when it is sent or another worker has it."""
        notification = await self.store.claim(notification_id, datetime.now(UTC), self.lease)
        return await self._attempt(notification) if notification else None

    async def _attempt(self, notification: Notification) -> Notification:
        state = notification.delivery.state
        try:
            await self._deliver(notification)
        except DeliveryFailed as failure:
            state = state.delivery_failed(failure.reason, datetime.now(UTC), self.policy)
            log.warning(
                "notification %s via %s failed (attempt %d%s): %s",
                notification.id,
                notification.channel,
                state.attempts,
                ", giving up" if state.exhausted else "",
                failure.reason,
            )
        else:
            state = state.delivered()
            log.info("notification %s sent via %s", notification.id, notification.channel)
        delivery = Delivery.of(state, datetime.now(UTC))
        await self.store.record_delivery(notification.id, delivery)
        kind = EMAIL_CHANNEL if notification.channel == EMAIL_CHANNEL else "webhook"
        self._outcomes.labels(kind, delivery.status).inc()
        return notification.model_copy(update={"delivery": delivery})

    async def _deliver(self, notification: Notification) -> None:
        try:
            channel = await self.channels.get(notification.channel)
            rendered = self.renderer.render(notification.template, notification.context)
            message = OutgoingMessage.compose(
                notification_id=notification.id,
                recipient=notification.recipient,
                rendered=rendered,
                template=notification.template,
                recipient_kind=notification.recipient_kind,
                contest_id=notification.contest_id,
                participant_id=notification.participant_id,
                source_event_id=notification.source_event_id,
                source_event_type=notification.source_event_type,
            )
            await channel.deliver(message)
        except DeliveryFailed:
            raise
        except Exception as error:
            # A bug or a broken template must not stall the queue: record it like a failure.
            log.exception("notification %s could not be delivered", notification.id)
            raise DeliveryFailed(f"internal error ({type(error).__name__})") from None
