"""HTTP pieces every service's API shares: errors people can read, the organizer's credential,
a request body limit and request metrics."""

import secrets
import time
import uuid
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request, status
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as AsgiMessage

from .answers import ApiError
from .i18n import Message, render, tr
from .runtime import Runtime


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]

bearer = HTTPBearer(auto_error=False)
BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def bearer_token(credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None:
        raise ApiError(
            status.HTTP_401_UNAUTHORIZED,
            tr("this endpoint needs a Bearer token in the Authorization header"),
            "unauthorized",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return credentials.credentials


def require_organizer(request: Request, credentials: BearerCredentials) -> None:
    """The organizer's credential is the `ORGANIZER_TOKEN` setting, compared in constant time."""
    expected = request.app.state.settings.organizer_token.get_secret_value()
    if not secrets.compare_digest(bearer_token(credentials).encode(), expected.encode()):
        raise ApiError(
            status.HTTP_403_FORBIDDEN, tr("this endpoint is for the organizers only"), "forbidden"
        )


Organizer = Depends(require_organizer)


class BodySizeLimit:
    """Refuses (413) a request body over `max_bytes`, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        received = 0

        async def limited_receive() -> AsgiMessage:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise ApiError(
                    status.HTTP_413_CONTENT_TOO_LARGE, self._message, "content_too_large"
                )
            return message

        await self.app(scope, limited_receive, send)

    @property
    def _message(self) -> Message:
        return tr("the request body is larger than %(limit)s bytes", limit=self.max_bytes)

    async def _refuse(self, send: Send) -> None:
        body = {"detail": render(self._message), "code": "content_too_large"}
        response = JSONResponse(body, status.HTTP_413_CONTENT_TOO_LARGE)
        await response({"type": "http"}, _nothing, send)


async def _nothing() -> AsgiMessage:
    return {"type": "http.request", "body": b""}


def instrument(app: FastAPI, registry: CollectorRegistry) -> None:
    """Counts and times requests by route template (never by raw path, which may hold ids)."""
    requests = Counter(
        "http_requests_total", "HTTP requests", ["method", "route", "status"], registry=registry
    )
    latency = Histogram(
        "http_request_duration_seconds",
        "HTTP request latency",
        ["method", "route"],
        registry=registry,
    )

    @app.middleware("http")
    async def measure(request: Request, call_next: Callable[..., Any]) -> Any:
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        template = getattr(route, "path", "unmatched")
        latency.labels(request.method, template).observe(time.perf_counter() - started)
        requests.labels(request.method, template, str(response.status_code)).inc()
        return response


def correlation_id(request: Request) -> str:
    """The caller's `X-Correlation-ID`, carried into the events this request causes."""
    given = request.headers.get("x-correlation-id", "").strip()
    return given[:128] if given else str(uuid.uuid4())


CorrelationId = Annotated[str, Depends(correlation_id)]


MAX_OFFSET = 100_000
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many items to skip")]
Limit = Annotated[int, Query(ge=1, le=500, description="How many items to return at most")]
