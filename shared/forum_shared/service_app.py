"""The FastAPI application every service starts from: errors, limits, health, metrics, AsyncAPI."""

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse

from .answers import install_error_answers
from .health import mount_operations
from .runtime import Runtime
from .web import (
    BodySizeLimit,
    OrganizerFirst,
    RequestMetrics,
    SecurityHeaders,
    require_organizer,
)


def service_app(
    runtime: Runtime,
    title: str,
    description: str,
    prepare: Callable[[], Awaitable[None]],
    alongside: Sequence[Callable[[], AbstractAsyncContextManager[None]]] = (),
) -> FastAPI:
    """`prepare` readies the service's own store (indexes) before the broker delivers to it;
    `alongside` are background workers, started after the runtime and stopped before it."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await prepare()
        await runtime.start()
        try:
            async with AsyncExitStack() as workers:
                for worker in alongside:
                    await workers.enter_async_context(worker())
                yield
        finally:
            await runtime.stop()

    settings = runtime.settings
    public_docs = settings.docs_access == "public"
    app = FastAPI(
        title=title,
        description=description,
        lifespan=lifespan,
        docs_url="/docs" if public_docs else None,
        redoc_url="/redoc" if public_docs else None,
        openapi_url="/openapi.json" if public_docs else None,
    )
    app.state.settings = runtime.settings
    app.state.runtime = runtime
    install_error_answers(app)
    # added innermost first: each add_middleware wraps the ones before
    app.add_middleware(OrganizerFirst)
    app.add_middleware(BodySizeLimit, max_bytes=runtime.settings.max_body_bytes)
    app.add_middleware(RequestMetrics, registry=runtime.registry)
    app.add_middleware(SecurityHeaders)
    organizer = [Depends(require_organizer)]
    mount_operations(
        app,
        runtime.checks,
        runtime.registry,
        runtime.refresh_metrics,
        metrics=settings.metrics_access != "off",
        metrics_dependencies=organizer if settings.metrics_access == "organizer" else (),
    )
    if settings.docs_access == "organizer":
        mount_organizer_docs(app)
    if settings.asyncapi_access != "off":

        @app.get(
            "/asyncapi.json",
            tags=["docs"],
            summary="The AsyncAPI document of this service's events",
            dependencies=organizer if settings.asyncapi_access == "organizer" else [],
        )
        async def asyncapi() -> dict[str, Any]:
            return runtime.asyncapi(title, description)

    return app


def mount_organizer_docs(app: FastAPI) -> None:
    """`/openapi.json`, `/docs` and `/redoc` for the organizers only (`DOCS_ACCESS=organizer`)."""
    organizer = [Depends(require_organizer)]

    @app.get("/openapi.json", include_in_schema=False, dependencies=organizer)
    async def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False, dependencies=organizer)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title=app.title)

    @app.get("/redoc", include_in_schema=False, dependencies=organizer)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url="/openapi.json", title=app.title)
