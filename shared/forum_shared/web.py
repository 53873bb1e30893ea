"""HTTP pieces every service's API shares: errors people can read, the organizer's credential
(checked before a body is read), a request body limit, headers on every answer and request
metrics.

The middlewares, outermost first: `SecurityHeaders` (`X-Content-Type-Options: nosniff` and
`Cache-Control: no-store` on every answer, a server error's included), `RequestMetrics`
(every answer counted, a 500 too, with bounded labels), `BodySizeLimit` (413 for a body over
the limit, declared or streamed), `OrganizerFirst` (401/403 before an organizer endpoint's body
is parsed, so an anonymous caller learns nothing of its validation).
"""

import time
import uuid
from typing import Annotated, Any

from fastapi import Depends, Header, Query, Request, Response, status
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param
from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as AsgiMessage

from .answers import ApiError, problem
from .i18n import Message, render, tr
from .idempotency import MAX_KEY_LENGTH, Repeated
from .organizers import Actor, organizer_credentials
from .personal_data import short_number
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


async def check_organizer(
    request: Request, credentials: HTTPAuthorizationCredentials | None
) -> Actor:
    """The organizer a Bearer token names (forum_shared.organizers): 401 without a token,
    403 for one that is neither the shared key nor an active organizer's."""
    token = bearer_token(credentials)
    checker = organizer_credentials(request.app.state, request.app.state.settings)
    actor = await checker.actor_for(token)
    if actor is None:
        raise ApiError(
            status.HTTP_403_FORBIDDEN, tr("this endpoint is for the organizers only"), "forbidden"
        )
    return actor


CHECKED_ORGANIZER = "forum.checked_organizer"  # a key of the request's own ASGI scope


async def require_organizer(request: Request, credentials: BearerCredentials) -> Actor:
    """The organizer acting: the shared `ORGANIZER_TOKEN` or a personal token.
    `OrganizerFirst` checks it before the body is read (and the route then takes its answer
    rather than reading the organizer again); the dependency states it on the route
    (`dependencies=[Organizer]`) or hands the route its actor (`actor: CurrentOrganizer`)."""
    checked = request.scope.get(CHECKED_ORGANIZER)
    return checked if checked is not None else await check_organizer(request, credentials)


Organizer = Depends(require_organizer)
CurrentOrganizer = Annotated[Actor, Depends(require_organizer)]


def needs_organizer(dependencies: list[Any]) -> bool:
    """Whether `require_organizer` is among these dependencies (a `Dependant`'s), or theirs."""
    return any(
        dependency.call is require_organizer or needs_organizer(dependency.dependencies)
        for dependency in dependencies
    )


def organizers_only(route: object) -> bool:
    """Whether `require_organizer` guards the route (directly or through its router)."""
    if not isinstance(route, APIRoute):
        return False
    if not hasattr(route, "forum_organizers_only"):
        route.forum_organizers_only = needs_organizer(route.dependant.dependencies)  # type: ignore[attr-defined]
    return route.forum_organizers_only  # type: ignore[attr-defined]


class OrganizerFirst:
    """An organizer endpoint refuses (401/403) a caller without the credential before it reads
    the body, so that an anonymous caller learns nothing from its parsing or validation.

    FastAPI reads the body before it runs dependencies; the router has chosen the route by
    then (`scope["route"]`), so the credential is checked when the body is first asked for,
    and the refusal is an `ApiError` (an `HTTPException`), which FastAPI lets through as it
    is. The route's `Organizer` dependency checks again (and covers endpoints without a body)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        checked = False

        async def credential_first() -> AsgiMessage:
            nonlocal checked
            if not checked:
                checked = True
                if organizers_only(scope.get("route")):
                    request = Request(scope)
                    scheme, token = get_authorization_scheme_param(
                        request.headers.get("authorization")
                    )
                    credentials = (
                        HTTPAuthorizationCredentials(scheme=scheme, credentials=token)
                        if scheme.lower() == "bearer" and token
                        else None
                    )
                    actor = await check_organizer(request, credentials)
                    scope[CHECKED_ORGANIZER] = actor
            return await receive()

        await self.app(scope, credential_first, send)


class BodySizeLimit:
    """Refuses (413) a request body over `max_bytes`, declared or streamed (chunked).

    The body (at most `max_bytes`) is read before the app runs and handed to it whole, so a
    body that turns out too large is a 413 whatever the app was doing with it."""

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
        chunks: list[bytes] = []
        received = 0
        pending: list[AsgiMessage] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                pending.append(message)
                break
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > self.max_bytes:
                await self._refuse(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        pending.insert(0, {"type": "http.request", "body": b"".join(chunks), "more_body": False})

        async def replay() -> AsgiMessage:
            return pending.pop(0) if pending else await receive()

        await self.app(scope, replay, send)

    @property
    def _message(self) -> Message:
        return tr("the request body is larger than %(limit)s bytes", limit=self.max_bytes)

    async def _refuse(self, send: Send) -> None:
        body = {"detail": render(self._message), "code": "content_too_large"}
        response = JSONResponse(body, status.HTTP_413_CONTENT_TOO_LARGE)
        await response({"type": "http"}, _nothing, send)


async def _nothing() -> AsgiMessage:
    return {"type": "http.request", "body": b""}


KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
OTHER_METHOD = "other"
UNMATCHED_ROUTE = "unmatched"


class RequestMetrics:
    """Counts and times requests by method and route template (never by raw path, which may
    hold ids). Labels are bounded whatever a client sends: a method outside `KNOWN_METHODS` is
    `other`, a path no route matches is `unmatched`. An exception that escapes the app counts
    as the 500 it becomes."""

    def __init__(self, app: ASGIApp, registry: CollectorRegistry):
        self.app = app
        self.requests = Counter(
            "http_requests_total", "HTTP requests", ["method", "route", "status"], registry=registry
        )
        self.latency = Histogram(
            "http_request_duration_seconds",
            "HTTP request latency",
            ["method", "route"],
            registry=registry,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status_code = 500

        async def noting_status(message: AsgiMessage) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, noting_status)
        finally:
            method = scope["method"] if scope["method"] in KNOWN_METHODS else OTHER_METHOD
            template = getattr(scope.get("route"), "path", UNMATCHED_ROUTE)
            self.latency.labels(method, template).observe(time.perf_counter() - started)
            self.requests.labels(method, template, str(status_code)).inc()


class SecurityHeaders:
    """`X-Content-Type-Options: nosniff` on every answer and `Cache-Control: no-store` on every
    one but the shared stylesheet's and scripts' (`/static/`, and Swagger UI's and ReDoc's under
    `/docs-assets/`): the APIs and pages answer with personal data and per-caller views,
    nothing for a shared cache. An answer that sets its own
    `Cache-Control` keeps it. An exception that escapes the app is answered here, as a 500
    with the same headers."""

    HEADERS = {"x-content-type-options": "nosniff", "cache-control": "no-store"}
    PUBLIC_ASSETS = ("/static/", "/docs-assets/")

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        asset = scope["path"].startswith(self.PUBLIC_ASSETS)

        async def with_headers(message: AsgiMessage) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in self.HEADERS.items():
                    if not (asset and name == "cache-control"):
                        headers.setdefault(name, value)
            await send(message)

        try:
            await self.app(scope, receive, with_headers)
        except Exception:
            if not started:
                response = problem(
                    Request(scope), 500, tr("Something went wrong"), "internal_error"
                )
                await response(scope, receive, with_headers)
            raise


def correlation_id(request: Request) -> str:
    """The caller's `X-Correlation-ID`, carried into the events this request causes."""
    given = request.headers.get("x-correlation-id", "").strip()
    return given[:128] if given else str(uuid.uuid4())


CorrelationId = Annotated[str, Depends(correlation_id)]


MAX_OFFSET = 100_000
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many items to skip")]
Limit = Annotated[int, Query(ge=1, le=500, description="How many items to return at most")]


def personal_data_download(
    service: str, participant_id: str, exported: dict[str, Any]
) -> JSONResponse:
    """What a service stores about a participant (its `personal-data` export) as a JSON file
    for an organizer's browser to save, never cached."""
    name = f"personal-data-{service}-{short_number(participant_id)}.json"
    return JSONResponse(
        {"service": service} | jsonable_encoder(exported),
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


IdempotencyKey = Annotated[
    str | None,
    Header(
        max_length=MAX_KEY_LENGTH,
        description="Optional. Send the same key when retrying: the first request creates, a "
        "repeat with the same key and the same body creates nothing and answers 200 with what "
        "the first one created, its secret left out (null); the same key with a different "
        "body is refused with 409 `idempotency_key_reused`. Keys are the caller's own "
        "(per organizer and operation) and are kept for 24 hours unless the service is "
        "configured otherwise.",
    ),
]


def answered_as_repeat(response: Response, result: object) -> bool:
    """A repeat answers 200 (nothing created), marked `Idempotent-Replayed: true`."""
    if not isinstance(result, Repeated):
        return False
    response.status_code = status.HTTP_200_OK
    response.headers["Idempotent-Replayed"] = "true"
    return True
