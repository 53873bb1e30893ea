"""What the services' background loops (the outbox relay, the delivery lanes, the retention
sweep) share: they survive their own errors, but never a request to stop.

Two ways a loop can lose its cancellation, each of which left a service's shutdown waiting for
a loop that carried on: a library below turns the cancellation into an error of its own (a
publish or a database call interrupted), which the loop's `except Exception` then swallows;
and Python 3.11's `asyncio.wait_for` returns normally, dropping the cancellation, when what it
waits for finishes in the same turn (a wake-up just as the service stops).
"""

import asyncio
import contextlib


def stop_if_asked() -> None:
    """Raise the cancellation again if this task was asked to stop, whatever became of it."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError


async def wait_for_wake_up(wake: asyncio.Event, seconds: float) -> None:
    """Until `wake` is set or `seconds` pass (the event is cleared for the next wait); stops
    here if the task was asked to stop meanwhile."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(wake.wait(), timeout=seconds)
    wake.clear()
    stop_if_asked()
