"""Organizers on the pages: sign in with the organizer's key, get a signed session cookie.

Every service serves the same `/organizer/sign-in`; the cookie is signed with `SESSION_SECRET`,
which all services share, so where they share a host name (one reverse proxy, or localhost on
different ports — cookies ignore ports) one sign-in serves every service's organizer pages.
The key itself is never stored in the cookie: the session holds the organizer it signed in
(`Actor`: id and name), and every request for an organizer's page (`OrganizerPage`) checks
again that a personal organizer is not revoked (forum_shared.organizers), so a revoked
organizer's session ends with the revocation. The check is the page's dependency, not the
middleware's: a database outage is then the page's 503 like any other, and the public pages
(which only show the name in the header) read nothing more for it.
"""

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.types import ASGIApp, Receive, Scope, Send

from .i18n import tr
from .organizers import Actor, organizer_credentials
from .pages import FormErrors, Pages, see_other
from .settings import ServiceSettings

ORGANIZER_COOKIE = "forum_organizer"
SESSION_HOURS = 12


class SignInRequired(Exception):
    """A page for organizers was asked for without a session: off to the sign-in page."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


def _serializer(settings: ServiceSettings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.session_key(), salt="organizer-session")


def organizer_of(request: Request) -> Actor | None:
    """The signed-in organizer of this request, if any."""
    return getattr(request.state, "organizer", None)


async def require_organizer_page(request: Request) -> Actor:
    organizer = organizer_of(request)
    if organizer is not None:
        settings: ServiceSettings = request.app.state.pages.settings
        if await organizer_credentials(request.app.state, settings).still_active(organizer):
            return organizer
        request.state.organizer = None  # revoked: the session is over
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    raise SignInRequired(target)


OrganizerPage = Annotated[Actor, Depends(require_organizer_page)]


class OrganizerSessions:
    """Reads the session cookie into `request.state.organizer` (an `Actor`) on every request
    (pages and the layout's header need it); an invalid or expired cookie is simply no
    session. Whether its organizer was revoked is `require_organizer_page`'s to check."""

    def __init__(self, app: ASGIApp, settings: ServiceSettings):
        self.app = app
        self.serializer = _serializer(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            state = scope.setdefault("state", {})
            state["organizer"] = self._read(Request(scope))
        await self.app(scope, receive, send)

    def _read(self, request: Request) -> Actor | None:
        cookie = request.cookies.get(ORGANIZER_COOKIE)
        if not cookie:
            return None
        try:
            session = self.serializer.loads(cookie, max_age=SESSION_HOURS * 3600)
        except BadSignature:
            return None
        return session_actor(session)


def session_actor(session: Any) -> Actor | None:
    """The actor a session cookie holds ({"id", "name"}); a cookie of another shape is none."""
    if not isinstance(session, dict):
        return None
    actor_id, name = session.get("id"), session.get("name")
    if not isinstance(actor_id, str) or not isinstance(name, str) or not actor_id:
        return None
    return Actor(actor_id, name)


def safe_next(url: str | None) -> str:
    """Only a path on this site: never an open redirect to somewhere else."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return "/organizer"
    return url


def sign_in_router(settings: ServiceSettings) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    serializer = _serializer(settings)

    def pages_of(request: Request) -> Pages:
        return request.app.state.pages

    @router.get("/organizer/sign-in")
    async def sign_in_form(request: Request, next: str = "/organizer") -> HTMLResponse:
        return pages_of(request).render(
            request, "sign_in.html", errors=FormErrors(), next=safe_next(next)
        )

    @router.post("/organizer/sign-in")
    async def sign_in(request: Request) -> Response:
        pages = pages_of(request)
        form = await request.form()
        next_url = safe_next(str(form.get("next") or ""))
        if not pages.verify_csrf(request, form):
            return pages.render(
                request,
                "sign_in.html",
                status.HTTP_400_BAD_REQUEST,
                errors=FormErrors.of([("token", EXPIRED_FORM)]),
                next=next_url,
            )
        token = str(form.get("token") or "").strip()
        actor = await organizer_credentials(request.app.state, settings).actor_for(token)
        if actor is None:
            message = WRONG_KEY if token else NO_KEY
            return pages.render(
                request,
                "sign_in.html",
                status.HTTP_401_UNAUTHORIZED if token else status.HTTP_422_UNPROCESSABLE_CONTENT,
                errors=FormErrors.of([("token", message)]),
                next=next_url,
            )
        response = see_other(next_url)
        response.set_cookie(
            ORGANIZER_COOKIE,
            serializer.dumps({"id": actor.id, "name": actor.name}),
            max_age=SESSION_HOURS * 3600,
            httponly=True,
            samesite="lax",
            secure=settings.environment == "production",
        )
        return response

    @router.post("/organizer/sign-out")
    async def sign_out(request: Request) -> Response:
        form = await request.form()
        if not pages_of(request).verify_csrf(request, form):
            return see_other("/")
        response = see_other(settings.registration_url.rstrip("/") + "/")
        response.delete_cookie(ORGANIZER_COOKIE)
        return response

    return router


EXPIRED_FORM = tr("The page has expired: enter the key again")
WRONG_KEY = tr("This key does not match. Check it and enter it again")
NO_KEY = tr("Enter the organizer's key")


async def _to_sign_in(request: Request, error: Exception) -> RedirectResponse:
    assert isinstance(error, SignInRequired)
    return see_other(f"/organizer/sign-in?next={quote(error.next_url, safe='')}")


def install_sign_in(app: FastAPI, settings: ServiceSettings) -> None:
    app.add_middleware(OrganizerSessions, settings=settings)
    app.add_exception_handler(SignInRequired, _to_sign_in)
    app.include_router(sign_in_router(settings))
