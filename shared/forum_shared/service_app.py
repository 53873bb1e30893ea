"""The FastAPI application every service starts from: errors, limits, health, metrics, AsyncAPI."""

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from typing import Any

from fastapi import FastAPI

from .answers import install_error_answers
from .health import mount_operations
from .runtime import Runtime
from .web import BodySizeLimit, instrument


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

    app = FastAPI(title=title, description=description, lifespan=lifespan)
    app.state.settings = runtime.settings
    app.state.runtime = runtime
    install_error_answers(app)
    instrument(app, runtime.registry)
    app.add_middleware(BodySizeLimit, max_bytes=runtime.settings.max_body_bytes)
    mount_operations(app, runtime.checks, runtime.registry, runtime.refresh_metrics)

    @app.get(
        "/asyncapi.json", tags=["docs"], summary="The AsyncAPI document of this service's events"
    )
    async def asyncapi() -> dict[str, Any]:
        return runtime.asyncapi(title, description)

    return app
