"""A backlog of retries after a mail outage never holds a fresh letter back."""

from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from notifications.main import create_app
from notifications.settings import Settings
from support.apps import running

from .events import registration
from .harness import DeliveryLog, Entries, ForumEvents, SmtpServer, eventually

BACKLOG = 200


@pytest.fixture
async def notifications(notifications_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """Retries due again almost at once and never given up: a backlog that is always due."""
    settings = notifications_settings.model_copy(
        update={
            "delivery_max_attempts": 1000,
            "delivery_base_backoff_seconds": 0.05,
            "delivery_max_backoff_seconds": 0.05,
        }
    )
    async with running(create_app(settings)) as client:
        yield client


async def test_a_fresh_letter_goes_out_before_a_backlog_of_due_retries_is_drained(
    delivery_log: DeliveryLog, forum: ForumEvents, smtp: SmtpServer
) -> None:
    smtp.refuse = "recipient"
    await forum.publish(*(registration(number) for number in range(1, BACKLOG + 1)))

    def failed_twice(entries: Entries) -> bool:
        return len(entries) == BACKLOG and all(e["attempts"] >= 2 for e in entries)

    await eventually(lambda: logged(delivery_log, failed_twice), timeout=60)
    smtp.refuse = None
    await forum.publish(registration(BACKLOG + 1))

    def all_sent(entries: Entries) -> bool:
        return len(entries) == BACKLOG + 1 and all(e["status"] == "sent" for e in entries)

    log = await eventually(lambda: logged(delivery_log, all_sent), timeout=60)

    [fresh] = [entry for entry in log if entry["participant_id"] == f"p-{BACKLOG + 1}"]
    backlog_sent_after = [
        entry for entry in log if entry is not fresh and entry["sent_at"] > fresh["sent_at"]
    ]
    assert fresh["attempts"] == 1
    assert len(backlog_sent_after) >= BACKLOG // 2, (
        f"only {len(backlog_sent_after)} of {BACKLOG} retries went after the fresh letter"
    )
    assert len(smtp.messages) == BACKLOG + 1


async def logged(delivery_log: DeliveryLog, condition: Callable[[Entries], bool]) -> Entries | None:
    entries = await delivery_log.entries("limit=500")
    return entries if condition(entries) else None
