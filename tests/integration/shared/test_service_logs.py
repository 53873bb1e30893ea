"""What a running service writes to its log, as `make run` and the images run it: one JSON line
per entry, whatever logs it (uvicorn, FastStream, pydantic errors), with no personal data."""

import asyncio
import json
import time

import httpx

from support.forum import ForumEvents, eventually
from support.processes import ServiceProcess

EMAIL = "anna.smirnova@example.org"
NAME = "Смирнова Анна Петровна"


def log_lines(service: ServiceProcess) -> list[str]:
    return service.log_path.read_text(encoding="utf-8").splitlines()


def malformed_registration() -> bytes:
    """A `participant.registered` with its contact but without the ids it needs."""
    return json.dumps(
        {
            "event_id": "0b7e7c4e-8a65-4a44-9a3e-3d0f6f0e2b11",
            "event_type": "participant.registered",
            "schema_version": 1,
            "occurred_at": "2026-03-01T10:00:00+00:00",
            "producer": "registration",
            "contact_name": NAME,
            "contact_email": EMAIL,
            "display_name": NAME,
            "registered_at": "yesterday",
        },
        ensure_ascii=False,
    ).encode()


async def test_a_poison_message_is_logged_once_per_delivery_as_json_without_its_contact(
    judging_process: ServiceProcess, forum: ForumEvents
) -> None:
    await forum.publish_raw("participant.registered", malformed_registration())

    dead = await eventually(lambda: forum.dead_letters("judging"), timeout=30)
    assert len(dead) == 1

    await asyncio.sleep(0.5)  # the last delivery's log line is flushed
    lines = log_lines(judging_process)
    entries = [json.loads(line) for line in lines]  # every line is JSON: no plain tracebacks
    text = "\n".join(lines)
    assert EMAIL not in text
    assert "anna.smirnova" not in text
    assert "Смирнова" not in text
    failures = [entry for entry in entries if entry["level"] in ("ERROR", "CRITICAL")]
    # RabbitMQ's x-delivery-limit counts redeliveries: the first delivery and that many more
    deliveries = int(judging_process.env["CONSUMER_DELIVERY_LIMIT"]) + 1
    assert len(failures) == deliveries, failures
    for failure in failures:
        assert "ValidationError" in failure["message"]
        assert "participant_id" in failure["message"]  # what was wrong, not what was sent
        assert len(failure["message"]) + len(failure.get("error", "")) < 2_000


def timed_get(url: str) -> float:
    started = time.perf_counter()
    httpx.get(url, timeout=120)
    return time.perf_counter() - started


def test_a_huge_path_is_logged_cut_short_and_costs_about_as_much_as_a_short_one(
    judging_process: ServiceProcess,
) -> None:
    """uvicorn logs the access line before it answers, so a slow redaction shows as latency.
    Compared with a short path's (best of three each: the machine is shared), not a clock."""
    base = judging_process.url
    short = min(timed_get(f"{base}/nope/{'a' * 60}") for _ in range(3))
    huge = min(timed_get(f"{base}/nope/{'a' * 60_000}") for _ in range(3))
    assert huge < 50 * short + 0.05, (huge, short)

    lines = log_lines(judging_process)
    entries = [json.loads(line) for line in lines]
    access = [
        entry
        for entry in entries
        if entry["logger"] == "uvicorn.access" and "/nope/" in entry["message"]
    ]
    assert len(access) == 6
    assert all(len(entry["message"]) < 3_000 for entry in access)
