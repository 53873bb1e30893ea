import httpx


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


async def test_the_asyncapi_document_describes_the_published_events(
    registration: httpx.AsyncClient,
) -> None:
    document = (await registration.get("/asyncapi.json")).json()
    text = str(document)
    assert document["asyncapi"].startswith("3.")
    assert "participant.registered" in text
    assert "contest.opened" in text
