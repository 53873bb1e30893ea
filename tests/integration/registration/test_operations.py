import httpx

from support.apps import ORGANIZER
from support.forms import contest_form
from support.forum import eventually
from support.spy import EventSpy


async def test_the_service_is_ready_when_broker_and_database_answer(
    registration: httpx.AsyncClient,
) -> None:
    live = await registration.get("/health/live")
    ready = await registration.get("/health/ready")
    assert live.status_code == 200
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"] == {"broker": "ok", "database": "ok"}


async def test_metrics_count_requests_by_route(registration: httpx.AsyncClient) -> None:
    await registration.get("/contests/some-contest")
    metrics = (await registration.get("/metrics")).text
    assert (
        'http_requests_total{method="GET",route="/contests/{contest_id}",status="404"}' in metrics
    )
    assert "outbox_unpublished_events" in metrics


async def test_metrics_count_the_events_this_process_published(
    registration: httpx.AsyncClient, rabbitmq_url: str
) -> None:
    async def published() -> float:
        for line in (await registration.get("/metrics")).text.splitlines():
            if line.startswith("outbox_published_events_total "):
                return float(line.split()[1])
        raise AssertionError("no outbox_published_events_total in /metrics")

    async def two_more_published() -> bool:
        return await published() == before + 2

    async with EventSpy(rabbitmq_url, ["contest.opened"]):  # someone to receive them
        before = await published()
        for _ in range(2):
            opened = await registration.post("/contests", json=contest_form(), headers=ORGANIZER)
            assert opened.status_code == 201, opened.text

        await eventually(two_more_published, timeout=30)


async def test_the_asyncapi_document_describes_the_published_events(
    registration: httpx.AsyncClient,
) -> None:
    document = (await registration.get("/asyncapi.json")).json()
    text = str(document)
    assert document["asyncapi"].startswith("3.")
    assert "participant.registered" in text
    assert "contest.opened" in text
