"""Judging's pages, beside its JSON API: the juror's (`/jury`), the organizer's (`/organizer`),
the public results and library (`/results`, `/library`) and the plenary hall's screen
(`/screen`). Handlers only translate between HTTP and the use cases (`commands`, `queries`,
`publications`); the templates are in Russian, in `templates/`."""

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response

from forum_shared.i18n import Message, render, tr
from forum_shared.pages import Pages
from forum_shared.site import mount_pages, wants_html

from ..domain import JudgingError
from ..settings import Settings
from . import jury, organizer, public

TEMPLATES = Path(__file__).parent / "templates"
TITLE = "Жюри и итоги"


def judging_pages(settings: Settings) -> Pages:
    pages = Pages(TEMPLATES, settings, TITLE)
    pages.env.filters["number"] = number  # a leaderboard shows thousands of numbers
    return pages


def install_pages(app: FastAPI, settings: Settings) -> Pages:
    pages = judging_pages(settings)
    mount_pages(app, pages)
    for module in (jury, organizer, public):
        app.include_router(module.router)
    install_error_pages(app, pages)
    app.add_exception_handler(jury.NoJurorSession, jury.no_session_page)
    return pages


def number(value: float | int | None, digits: int = 2) -> str:
    """What `forum_shared.pages.number` writes («7,25»: decimal comma, at most `digits`
    decimals, no grouping), without going through Babel for each of a page's numbers."""
    if value is None:
        return "—"
    text = f"{round(value, digits):.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


TITLES = {
    401: tr("Access denied"),
    403: tr("Access denied"),
    404: tr("Page not found"),
    409: tr("This cannot be done now"),
}


def install_error_pages(app: FastAPI, pages: Pages) -> None:
    """A judging refusal met by a browser navigating is a page; an API client keeps its JSON."""
    api_answer = app.exception_handlers[JudgingError]

    async def answer(request: Request, error: Exception) -> Response:
        response = await api_answer(request, error)
        if not wants_html(request):
            return response
        assert isinstance(error, JudgingError)
        title = TITLES.get(response.status_code, tr("Something went wrong"))
        problems = [p for p in error.problems if isinstance(p, Message)]
        detail = " ".join(render(p) for p in problems)
        return pages.error(request, response.status_code, render(title), detail)

    app.add_exception_handler(JudgingError, answer)
