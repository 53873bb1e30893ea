"""The events judging learns its contests and roster from, each applied exactly once.

The queues are per event type, so events arrive in any order: a registration before its
contest's `contest.opened`, a withdrawal before its registration. Each handler stores what it
learns without waiting for the rest. A handler that raises is redelivered, then dead-lettered.
"""

import logging
from collections.abc import Awaitable, Callable

from forum_shared.events import (
    ContestChanged,
    ContestOpened,
    Event,
    ParticipantErased,
    ParticipantRegistered,
    ParticipantWithdrawn,
)
from forum_shared.runtime import Runtime

from .store import JudgingStore

log = logging.getLogger(__name__)


class Consumers:
    def __init__(self, runtime: Runtime, store: JudgingStore):
        self.runtime = runtime
        self.store = store

    def subscribe(self) -> None:
        subscriber = self.runtime.subscriber
        subscriber(ContestOpened)(self.contest_opened)
        subscriber(ContestChanged)(self.contest_changed)
        subscriber(ParticipantRegistered)(self.participant_registered)
        subscriber(ParticipantWithdrawn)(self.participant_withdrawn)
        subscriber(ParticipantErased)(self.participant_erased)

    async def contest_opened(self, event: ContestOpened) -> None:
        await self._apply_once(event, lambda: self.store.learn_contest(event))

    async def contest_changed(self, event: ContestChanged) -> None:
        """Edited before registration opened, or closed early: the latest revision wins."""
        await self._apply_once(event, lambda: self.store.learn_contest(event))

    async def participant_registered(self, event: ParticipantRegistered) -> None:
        """Only what judging needs: never the contact details."""
        await self._apply_once(event, lambda: self.store.register(event))

    async def participant_withdrawn(self, event: ParticipantWithdrawn) -> None:
        await self._apply_once(event, lambda: self.store.withdraw(event))

    async def participant_erased(self, event: ParticipantErased) -> None:
        await self._apply_once(event, lambda: self.store.erase(event))

    async def _apply_once(self, event: Event, apply: Callable[[], Awaitable[None]]) -> None:
        applied = await self.runtime.inbox.handle_once(event.event_id, event.event_type, apply)
        outcome = "applied" if applied else "already applied before: ignored"
        log.info("event %s (%s) %s", event.event_id, event.event_type, outcome)
