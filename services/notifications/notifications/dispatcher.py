"""Delivery after the fact: recorded notifications are claimed, rendered, delivered, and their
outcome recorded, with retries on the domain's backoff.

Two lanes, each with workers of its own: first attempts (`pending`) and retries (`failed` and
due again). A backlog of retries after an outage therefore never holds a fresh letter back:
the fresh lane neither waits behind retries in a queue nor shares its workers with them (a
retry to a server that hangs until its timeout occupies a retry worker only). Each lane claims
in batches (a few letters per claim, see `NotificationStore.claim_due`) and its workers take
the claimed letters one by one, so no worker waits for the slowest letter of a batch.

A claim is a lease. A worker that dies mid-delivery leaves its notification to be taken again
once the lease passes, so delivery is at-least-once; the e-mail's Message-ID is derived from
the notification, so a repeat is recognisably the same letter. An outcome that cannot be
recorded (the database went away after the letter left) is kept and recorded before the lane
claims anything new, so a database outage does not make the letter go twice.
"""

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta

from prometheus_client import CollectorRegistry, Counter
from pymongo.errors import ConnectionFailure

from forum_shared.background import stop_if_asked, wait_for_wake_up

from .channels import Channel, DeliveryFailed, OutgoingMessage, WebhookChannel
from .channels.webhook import WebhookTargets
from .domain import NotificationStatus, RetryPolicy
from .records import EMAIL_CHANNEL, Delivery, Notification, webhook_id
from .rendering import Renderer
from .store import NotificationStore

log = logging.getLogger(__name__)


class Channels:
    """The channel a notification goes through: e-mail, or one organizer's webhook."""

    def __init__(
        self,
        email: Channel,
        store: NotificationStore,
        webhook_timeout: float,
        webhook_targets: WebhookTargets | None = None,
    ):
        self.email = email
        self.store = store
        self.webhook_timeout = webhook_timeout
        self.webhook_targets = webhook_targets

    async def get(self, channel: str) -> Channel:
        if channel == EMAIL_CHANNEL:
            return self.email
        hook_id = webhook_id(channel)
        webhook = await self.store.webhook(hook_id) if hook_id else None
        if webhook is None:
            raise DeliveryFailed("the webhook was removed")
        return WebhookChannel(
            webhook.url,
            webhook.secret,
            name=channel,
            timeout=self.webhook_timeout,
            targets=self.webhook_targets,
        )


Claim = Callable[[int], Awaitable[list[Notification]]]
Attempt = Callable[[Notification], Awaitable[Notification]]


class Lane:
    """Workers that deliver what one kind of claim finds, until it finds nothing."""

    def __init__(
        self, name: str, claim: Claim, attempt: Attempt, concurrency: int, lease: timedelta
    ):
        self.name = name
        self.claim = claim
        self.attempt = attempt
        self.concurrency = concurrency
        # Each claim takes at most two letters per worker: a claimed letter waits for at most
        # two deliveries before its own starts, well inside its lease.
        self.batch = 2 * concurrency
        # A claimed letter not started within half its lease is left for a later claim: a
        # pass cut short (the database went away) keeps its letters for the next pass, but
        # never so long that another dispatcher could have taken them meanwhile.
        self.keep_seconds = lease.total_seconds() / 2
        self._claimed: deque[tuple[float, Notification]] = deque()
        self._claiming = asyncio.Lock()
        self.wakeup = asyncio.Event()

    async def drain(self) -> None:
        """A worker stops at its first error; the others finish their letters regardless."""
        outcomes = await asyncio.gather(
            *(self._work() for _ in range(self.concurrency)), return_exceptions=True
        )
        if errors := [outcome for outcome in outcomes if isinstance(outcome, BaseException)]:
            raise errors[0]

    async def _work(self) -> None:
        while notification := await self._next():
            await self.attempt(notification)

    async def _next(self) -> Notification | None:
        async with self._claiming:
            while self._claimed:
                claimed_at, notification = self._claimed.popleft()
                if time.monotonic() - claimed_at < self.keep_seconds:
                    return notification
            now = time.monotonic()
            self._claimed.extend((now, n) for n in await self.claim(self.batch))
            return self._claimed.popleft()[1] if self._claimed else None

    async def run(self, poll_seconds: float, before_pass: Callable[[], Awaitable[None]]) -> None:
        while True:
            try:
                await before_pass()
                await self.drain()
            except ConnectionFailure as outage:
                log.warning(
                    "%s lane: the database is unavailable (%s); will try again", self.name, outage
                )
            except Exception:
                log.exception("%s lane: delivery pass failed; will try again", self.name)
            stop_if_asked()  # until cancelled, however the cancellation arrives (`background`)
            await wait_for_wake_up(self.wakeup, poll_seconds)


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
        retry_concurrency: int = 2,
    ):
        self.store = store
        self.channels = channels
        self.policy = policy
        self.renderer = Renderer()
        self.lease = lease
        self.poll_seconds = poll_seconds
        self.fresh = Lane(
            "first attempts",
            self._claimer(NotificationStatus.PENDING),
            self._attempt,
            concurrency,
            lease,
        )
        self.retries = Lane(
            "retries",
            self._claimer(NotificationStatus.FAILED),
            self._attempt,
            retry_concurrency,
            lease,
        )
        self._unrecorded: list[tuple[str, Delivery]] = []
        self._outcomes = Counter(
            "notification_deliveries",
            "Delivery attempts by channel kind and outcome",
            ["channel", "outcome"],
            registry=registry,
        )

    def wake(self) -> None:
        """New notifications were recorded: they are first attempts."""
        self.fresh.wakeup.set()

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        tasks = [
            asyncio.create_task(lane.run(self.poll_seconds, self._record_kept), name=lane.name)
            for lane in (self.fresh, self.retries)
        ]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def deliver_due(self) -> None:
        """One pass of both lanes until neither finds anything due."""
        await self._record_kept()
        await asyncio.gather(self.fresh.drain(), self.retries.drain())

    def _claimer(self, status: NotificationStatus) -> Claim:
        async def claim(limit: int) -> list[Notification]:
            return await self.store.claim_due(status, datetime.now(UTC), self.lease, limit)

        return claim

    async def _record_kept(self) -> None:
        while self._unrecorded:
            notification_id, delivery = self._unrecorded[0]
            await self.store.record_delivery(notification_id, delivery)
            self._unrecorded.pop(0)

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
        try:
            await self.store.record_delivery(notification.id, delivery)
        except ConnectionFailure:
            self._unrecorded.append((notification.id, delivery))
            raise
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
