"""The retention sweep: a background task of the registration process that erases the
personal data of every participant of a contest announced more than `CONTACT_RETENTION_DAYS`
ago (reason "retention"), every `RETENTION_SWEEP_SECONDS`. Several replicas may sweep at once:
an erasure is idempotent and publishes `participant.erased` once."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import timedelta

from pymongo.errors import ConnectionFailure

from forum_shared.background import stop_if_asked

from .commands import RegistrationCommands

log = logging.getLogger(__name__)


class RetentionSweep:
    def __init__(self, commands: RegistrationCommands, retention_days: float, every_seconds: float):
        self.commands = commands
        self.retention = timedelta(days=retention_days)
        self.every_seconds = every_seconds

    async def sweep(self) -> int:
        erased = await self.commands.erase_after_retention(self.retention)
        if erased:
            log.info("retention sweep: %d participants' personal data erased", erased)
        return erased

    async def run(self) -> None:
        while True:
            try:
                await self.sweep()
            except ConnectionFailure as outage:
                log.warning("retention sweep: the database is unavailable (%s)", outage)
            except Exception:
                log.exception("retention sweep failed; will try again")
            stop_if_asked()  # until cancelled, however the cancellation arrives (`background`)
            await asyncio.sleep(self.every_seconds)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        task = asyncio.create_task(self.run(), name="registration-retention")
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
