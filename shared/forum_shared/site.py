"""A service's pages mounted on its application: the shared stylesheet, organizers' sign-in,
and HTML error pages for browsers (API clients keep their JSON answers)."""

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .answers import http_error_answer
from .audit_views import page_router as audit_page_router
from .i18n import Message, render, tr
from .pages import Pages
from .sign_in import install_sign_in

STATIC = Path(__file__).parent / "static"


def wants_html(request: Request) -> bool:
    """A browser navigating (not an API client): it asks for HTML."""
    return "text/html" in request.headers.get("accept", "")


ERROR_TITLES = {
    404: (tr("Page not found"), tr("Check the address, or start from the forum's main page.")),
    403: (tr("Access denied"), None),
    429: (tr("Too many requests"), None),
    503: (tr("The service is temporarily unavailable"), tr("Please try again in a minute.")),
}


async def _error_page(request: Request, error: Exception) -> Response:
    """An HTML page for a browser; the API's JSON answer for everyone else."""
    assert isinstance(error, StarletteHTTPException)
    if not wants_html(request) or not hasattr(request.app.state, "pages"):
        return await http_error_answer(request, error)
    title, explanation = ERROR_TITLES.get(error.status_code, (tr("Something went wrong"), None))
    detail = error.detail if isinstance(error.detail, Message) else explanation
    pages: Pages = request.app.state.pages
    page = pages.error(request, error.status_code, render(title), detail or "")
    page.headers.update(error.headers or {})  # Retry-After, WWW-Authenticate, ...
    return page


def mount_pages(app: FastAPI, pages: Pages) -> None:
    """The shared stylesheet at /static, organizers' sign-in and their audit trail page, HTML
    error pages for browsers."""
    app.state.pages = pages
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    install_sign_in(app, pages.settings)
    app.include_router(audit_page_router)
    app.add_exception_handler(StarletteHTTPException, _error_page)
