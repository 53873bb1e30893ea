"""A delivery lane stops with its service even when the cancellation meets a wake-up (Python
3.11's `asyncio.wait_for` then returns normally, dropping it)."""

import asyncio
from datetime import timedelta

from notifications.dispatcher import Lane


async def nothing_before_a_pass() -> None:
    pass


async def never_attempted(notification: object) -> None:
    raise AssertionError("nothing was claimed")


async def stops_within(task: asyncio.Task[None], seconds: float) -> bool:
    task.cancel()
    try:
        await asyncio.wait_for(asyncio.shield(task), timeout=seconds)
    except asyncio.CancelledError:
        return True
    except TimeoutError:
        task.cancel()
        return False
    return True


async def test_a_lane_stopped_as_it_is_woken_stops() -> None:
    async def nothing_due(limit: int) -> list:
        return []

    lane = Lane("fresh", nothing_due, never_attempted, 1, timedelta(minutes=5))
    running = asyncio.create_task(lane.run(30, nothing_before_a_pass))
    await asyncio.sleep(0.05)  # the lane waits for a wake-up
    for _ in range(3):
        lane.wakeup.set()
        await asyncio.sleep(0)  # the wake-up is under way...
        if await stops_within(running, seconds=1):  # ...as the service stops
            return
        running = asyncio.create_task(lane.run(30, nothing_before_a_pass))
        await asyncio.sleep(0.05)
    raise AssertionError("the lane carried on after being cancelled")
