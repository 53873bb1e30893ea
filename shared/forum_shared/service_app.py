"""The FastAPI application every service starts from: errors, limits, health, metrics, AsyncAPI
and the API's docs (Swagger UI and ReDoc served from our own host, nothing from a CDN)."""

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import Depends, FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.params import Depends as Dependency
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from .allowed_methods import AllowedMethods
from .answers import install_error_answers
from .audit_views import router as audit_router
from .contract import tell_the_truth
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
    app = FastAPI(
        title=title,
        description=description,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.settings = runtime.settings
    app.state.runtime = runtime
    app.state.organizer_credentials = runtime.organizer_credentials
    install_error_answers(app)
    tell_the_truth(app)
    # added innermost first: each add_middleware wraps the ones before
    app.add_middleware(AllowedMethods)
    app.add_middleware(OrganizerFirst)
    app.add_middleware(BodySizeLimit, max_bytes=runtime.settings.max_body_bytes)
    app.add_middleware(RequestMetrics, registry=runtime.registry)
    app.add_middleware(SecurityHeaders)
    if settings.trusted_proxies:
        # outermost: the client's address is settled before anything else looks at it
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    app.include_router(audit_router)
    organizer = [Depends(require_organizer)]
    mount_operations(
        app,
        runtime.checks,
        runtime.registry,
        runtime.refresh_metrics,
        metrics=settings.metrics_access != "off",
        metrics_dependencies=organizer if settings.metrics_access == "organizer" else (),
    )
    if settings.docs_access != "off":
        mount_docs(app, organizer if settings.docs_access == "organizer" else [])
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


# Swagger UI's and ReDoc's scripts and stylesheet, shipped by the pinned `fastapi-offline`
# package (its `static/` folder is all we use of it).
DOCS_ASSETS_DIRECTORY = Path(fastapi_offline.__file__).parent / "static"
DOCS_ASSETS = "/docs-assets"


def mount_docs(app: FastAPI, dependencies: list[Dependency]) -> None:
    """`/openapi.json`, `/docs` and `/redoc` (for the organizers only with
    `DOCS_ACCESS=organizer`). Their scripts, stylesheet and icon come from our own host under
    `/docs-assets/`, so no page of ours loads anything from a third party; the assets are the
    public files of a package and need no credential."""
    app.mount(DOCS_ASSETS, StaticFiles(directory=DOCS_ASSETS_DIRECTORY), name="docs-assets")

    @app.get("/openapi.json", include_in_schema=False, dependencies=dependencies)
    async def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False, dependencies=dependencies)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=app.title,
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon.png",
            # no badge fetched from the public validator
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.get("/redoc", include_in_schema=False, dependencies=dependencies)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url="/openapi.json",
            title=app.title,
            redoc_js_url=f"{DOCS_ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{DOCS_ASSETS}/favicon.png",
            with_google_fonts=False,
        )
