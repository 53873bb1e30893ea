"""Liveness, readiness (every dependency answers) and Prometheus metrics endpoints."""

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Literal

from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse, Response
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from pydantic import BaseModel, Field

Check = Callable[[], Awaitable[bool]]
CHECK_TIMEOUT_SECONDS = 3.0


async def _passes(check: Check) -> bool:
    try:
        return bool(await asyncio.wait_for(check(), CHECK_TIMEOUT_SECONDS))
    except Exception:
        return False


# The Prometheus text format, version 0.0.4: what every Prometheus scraper reads.
METRICS_MEDIA_TYPE = CONTENT_TYPE_PLAIN_0_0_4


class Readiness(BaseModel):
    status: Literal["ok", "unavailable"]
    checks: dict[str, Literal["ok", "failing"]] = Field(description="Each dependency's state")


def health_router(checks: Mapping[str, Check]) -> APIRouter:
    router = APIRouter(prefix="/health", tags=["health"])

    @router.get("/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get(
        "/ready",
        response_model=Readiness,
        responses={503: {"model": Readiness, "description": "A dependency does not answer"}},
    )
    async def ready() -> JSONResponse:
        names = list(checks)
        results = await asyncio.gather(*(_passes(checks[name]) for name in names))
        report = {
            name: "ok" if passed else "failing" for name, passed in zip(names, results, strict=True)
        }
        healthy = all(results)
        return JSONResponse(
            {"status": "ok" if healthy else "unavailable", "checks": report},
            status_code=200 if healthy else 503,
        )

    return router


def mount_operations(
    app: FastAPI,
    checks: Mapping[str, Check],
    registry: CollectorRegistry,
    refresh: Callable[[], Awaitable[None]],
    metrics: bool = True,
    metrics_dependencies: Sequence[Any] = (),
) -> None:
    """`refresh` updates the gauges that are read rather than counted, before each scrape.
    `metrics=False` leaves `/metrics` out; `metrics_dependencies` guard it."""
    app.include_router(health_router(checks))
    if not metrics:
        return

    @app.get(
        "/metrics",
        tags=["health"],
        summary="Prometheus metrics",
        dependencies=list(metrics_dependencies),
        response_class=Response,
        responses={
            200: {
                "description": "The Prometheus text format",
                "content": {METRICS_MEDIA_TYPE: {"schema": {"type": "string"}}},
            }
        },
    )
    async def metrics_endpoint() -> Response:
        with contextlib.suppress(Exception):  # a dependency down must not hide the rest
            await asyncio.wait_for(refresh(), CHECK_TIMEOUT_SECONDS)
        return Response(generate_latest(registry), media_type=METRICS_MEDIA_TYPE)
