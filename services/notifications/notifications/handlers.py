"""The events the service consumes, each turned into recorded notifications once.

Recorded first, delivered after: the recipients an event teaches us and the pending
notifications it implies are written (idempotently: upserts by participant, inserts under ids
derived from the event), then the inbox's marker, then the dispatcher is woken and the message
acked. A failed delivery never loses the event, and a redelivered event sends nothing new.
"""

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from forum_shared.events import (
    Event,
    ParticipantRegistered,
    ParticipantWithdrawn,
    ScoreSubmitted,
    WinnersAnnounced,
)
from forum_shared.runtime import Runtime

from .dispatcher import Dispatcher
from .domain import (
    PlannedMessage,
    Recipient,
    plan_participant_registered,
    plan_score_submitted,
    plan_winners_announced,
)
from .records import notifications_for
from .store import NotificationStore

log = logging.getLogger(__name__)

Plan = Callable[[], Awaitable[list[PlannedMessage]]]


class Consumers:
    def __init__(
        self,
        runtime: Runtime,
        store: NotificationStore,
        dispatcher: Dispatcher,
        organizers_email: str | None,
    ):
        self.runtime = runtime
        self.store = store
        self.dispatcher = dispatcher
        self.organizers_email = organizers_email

    def subscribe(self) -> None:
        subscriber = self.runtime.subscriber
        subscriber(ParticipantRegistered)(self.participant_registered)
        subscriber(ParticipantWithdrawn)(self.participant_withdrawn)
        subscriber(ScoreSubmitted)(self.score_submitted)
        subscriber(WinnersAnnounced)(self.winners_announced)

    async def participant_registered(self, event: ParticipantRegistered) -> None:
        async def plan() -> list[PlannedMessage]:
            await self.store.save_recipient(event.contest_id, Recipient.from_registration(event))
            return plan_participant_registered(event)

        await self._record(event, plan)

    async def participant_withdrawn(self, event: ParticipantWithdrawn) -> None:
        """Nothing is sent; the participant is left out of the announcement's letters."""

        async def plan() -> list[PlannedMessage]:
            await self.store.mark_withdrawn(event.contest_id, event.participant_id)
            return []

        await self._record(event, plan)

    async def score_submitted(self, event: ScoreSubmitted) -> None:
        async def plan() -> list[PlannedMessage]:
            return plan_score_submitted(event)

        await self._record(event, plan)

    async def winners_announced(self, event: WinnersAnnounced) -> None:
        async def plan() -> list[PlannedMessage]:
            recipients = await self.store.contest_recipients(event.contest_id)
            return plan_winners_announced(event, recipients, self.organizers_email)

        await self._record(event, plan)

    async def _record(self, event: Event, plan: Plan) -> None:
        planned_count = 0

        async def apply() -> None:
            nonlocal planned_count
            planned = await plan()
            webhooks = await self.store.active_webhooks() if planned else []
            notifications = notifications_for(event, planned, webhooks, datetime.now(UTC))
            await self.store.add_notifications(notifications)
            planned_count = len(notifications)

        name = f"event {event.event_id} ({event.event_type})"
        if not await self.runtime.inbox.handle_once(event.event_id, event.event_type, apply):
            log.info("%s was handled before: nothing new recorded", name)
            return
        log.info("%s: %d notifications planned", name, planned_count)
        if planned_count:
            self.dispatcher.wake()
