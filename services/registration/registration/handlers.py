"""The one event registration consumes: judging's `winners.announced`, which starts the clock
of the contacts' retention (`CONTACT_RETENTION_DAYS`, see `retention`). Applied once (inbox),
acked after the write; a handler that raises is redelivered, then dead-lettered."""

import logging

from forum_shared.events import WinnersAnnounced
from forum_shared.runtime import Runtime

from .commands import RegistrationCommands

log = logging.getLogger(__name__)


class Consumers:
    def __init__(self, runtime: Runtime, commands: RegistrationCommands):
        self.runtime = runtime
        self.commands = commands

    def subscribe(self) -> None:
        self.runtime.subscriber(WinnersAnnounced)(self.winners_announced)

    async def winners_announced(self, event: WinnersAnnounced) -> None:
        async def apply() -> None:
            await self.commands.learn_announcement(event.contest_id, event.announced_at)

        applied = await self.runtime.inbox.handle_once(event.event_id, event.event_type, apply)
        outcome = "applied" if applied else "already applied before: ignored"
        log.info("event %s (%s) %s", event.event_id, event.event_type, outcome)
