"""The relay stops when its service stops, even when the cancellation meets a wake-up."""

import asyncio
from typing import Any

import pytest

from forum_shared.outbox import OutboxRelay, OutgoingEvent


class NothingDue:
    async def claim(self, limit: int) -> list[OutgoingEvent]:
        return []

    async def mark_published(self, *_: Any) -> None:
        pass


async def never_called(event_type: str, body: dict[str, Any]) -> None:
    raise AssertionError("nothing was due")


async def test_a_relay_cancelled_as_it_is_woken_stops() -> None:
    """Python 3.11's `asyncio.wait_for` returns normally, dropping the cancellation, when what
    it waits for finishes in the same turn (a write's `wake()` just as the service stops);
    the relay then carried on, and the service's shutdown waited for it in vain."""
    relay = OutboxRelay(NothingDue(), never_called, poll_seconds=30)  # type: ignore[arg-type]
    running = asyncio.create_task(relay.run())
    await asyncio.sleep(0.05)  # the relay waits for a wake-up
    for _ in range(3):
        relay.wake()
        await asyncio.sleep(0)  # the wake-up is under way...
        running.cancel()  # ...as the service stops
        try:
            await asyncio.wait_for(asyncio.shield(running), timeout=1)
        except asyncio.CancelledError:
            return
        except TimeoutError:
            continue
    pytest.fail("the relay carried on after being cancelled")
