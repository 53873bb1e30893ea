"""The retention sweep stops with its service, even when a database call it was in turns the
cancellation into an error of its own (the sweep runs at once when the service starts, so a
quick stop meets it there; the service's shutdown then waited for an hour's sleep)."""

import asyncio
from datetime import timedelta

from registration.retention import RetentionSweep


class InterruptedByTheStop:
    """A database call that a cancellation interrupts with an error of the library's own."""

    def __init__(self) -> None:
        self.started = asyncio.Event()

    async def erase_after_retention(self, retention: timedelta) -> int:
        self.started.set()
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            raise RuntimeError("the operation was interrupted") from None
        return 0


async def test_a_sweep_stopped_inside_a_database_call_stops() -> None:
    commands = InterruptedByTheStop()
    sweep = RetentionSweep(commands, retention_days=365, every_seconds=3600)  # type: ignore[arg-type]
    running = asyncio.create_task(sweep.run())
    await commands.started.wait()

    running.cancel()
    done, _ = await asyncio.wait({running}, timeout=2)

    assert done, "the sweep carried on after being stopped"
    assert running.cancelled()
