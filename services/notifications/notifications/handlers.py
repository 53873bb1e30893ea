"""The events the service consumes, each turned into recorded notifications once.

Recorded first, delivered after: the recipients an event teaches us and the pending
notifications it implies are written (idempotently: upserts by participant, inserts under ids
derived from the event), then the inbox's marker, then the dispatcher is woken and the message
acked. A failed delivery never loses the event, and a redelivered event sends nothing new.
"""

import logging

from forum_shared.events import (
    Event,
    ParticipantErased,
    ParticipantRegistered,
    ParticipantWithdrawn,
    ScoreSubmitted,
    WinnersAnnounced,
)
from forum_shared.runtime import Runtime

from . import commands
from .dispatcher import Dispatcher
from .store import NotificationStore

log = logging.getLogger(__name__)


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
        subscriber(ParticipantErased)(self.participant_erased)
        subscriber(ScoreSubmitted)(self.score_submitted)
        subscriber(WinnersAnnounced)(self.winners_announced)

    async def participant_registered(self, event: ParticipantRegistered) -> None:
        await self._record(event, commands.Recording.of_registration)

    async def participant_withdrawn(self, event: ParticipantWithdrawn) -> None:
        """Nothing is sent; the participant is left out of the announcement's letters."""
        await self._record(event, commands.Recording.of_withdrawal)

    async def participant_erased(self, event: ParticipantErased) -> None:
        """Nothing is sent; the participant's contact leaves every stored copy."""
        await self._record(event, commands.Recording.of_erasure)

    async def score_submitted(self, event: ScoreSubmitted) -> None:
        await self._record(event, commands.Recording.of_score)

    async def winners_announced(self, event: WinnersAnnounced) -> None:
        await self._record(event, commands.Recording.of_announcement)

    async def _record(self, event: Event, use_case: commands.RecordingCase) -> None:
        recording = commands.Recording(self.store, self.organizers_email)
        planned_count = 0

        async def apply() -> None:
            nonlocal planned_count
            planned_count = await use_case(recording, event)

        name = f"event {event.event_id} ({event.event_type})"
        if not await self.runtime.inbox.handle_once(event.event_id, event.event_type, apply):
            log.info("%s was handled before: nothing new recorded", name)
            return
        log.info("%s: %d notifications planned", name, planned_count)
        if planned_count:
            self.dispatcher.wake()
