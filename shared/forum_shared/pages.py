"""The Russian pages every service serves beside its API: one layout, one stylesheet, one set of
form patterns, all kept here and served by each service itself (no CDN, no build step).

A service builds a `Pages` with its own template folder (searched first, then this package's:
`layout.html`, `forms.html` macros, `error.html`), mounts it with `site.mount_pages`, and its
page routes call `pages.render(request, "its_template.html", **context)`.

Forms follow the GOV.UK Design System: an error summary on top linking to each field, each error
beside its field, the input kept, plain words; they work without JavaScript. Forms of signed-in
people carry a CSRF token (`csrf_token` in every template; `verify_csrf` on every POST).
"""

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_decimal
from fastapi import Request, status
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .i18n import Message, render, tr
from .idempotency import new_form_token
from .settings import ServiceSettings

PACKAGE = Path(__file__).parent
TEMPLATES = PACKAGE / "templates"
CSRF_COOKIE = "forum_csrf"
CSRF_FIELD = "csrf_token"
SHOWN_ONCE = tr(
    "The secret was shown once, on the page that answered the first sending of the form, "
    "and is not shown again."
)


@dataclass(frozen=True)
class Link:
    title: str
    href: str


@dataclass
class FormErrors:
    """A form's problems by field name (dotted, as the API reports them), in Russian."""

    by_field: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, problems: Iterable[tuple[str, Message | str]]) -> "FormErrors":
        errors = cls()
        for name, message in problems:
            errors.by_field.setdefault(name or "form", render(message))
        return errors

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def get(self, name: str) -> str | None:
        return self.by_field.get(name)

    @property
    def summary(self) -> list[tuple[str, str]]:
        """(the field's HTML id, the message), in the form's order."""
        return [(field_id(name), message) for name, message in self.by_field.items()]


def field_id(name: str) -> str:
    """The HTML id of the field named `name` ("contact.email" → "contact-email")."""
    return name.replace(".", "-").replace("_", "-")


class Pages:
    def __init__(self, templates: Path, settings: ServiceSettings, service_title: str):
        self.settings = settings
        self.zone = ZoneInfo(settings.timezone)
        self.env = Environment(
            loader=ChoiceLoader([FileSystemLoader(templates), FileSystemLoader(TEMPLATES)]),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals |= {
            "service_title": service_title,
            "urls": {
                "registration": str(settings.registration_url).rstrip("/"),
                "judging": str(settings.judging_url).rstrip("/"),
                "notifications": str(settings.notifications_url).rstrip("/"),
            },
            "field_id": field_id,
        }
        self.env.filters |= {
            "when": self.when,
            "day": self.day,
            "number": number,
            "t": render,
        }

    def when(self, moment: datetime | None) -> str:
        """«21 ноября 2026 г., 10:00» in the forum's time zone."""
        if moment is None:
            return ""
        return format_datetime(moment.astimezone(self.zone), "d MMMM y 'г.', HH:mm", locale="ru")

    def day(self, moment: datetime | None) -> str:
        if moment is None:
            return ""
        return format_datetime(moment.astimezone(self.zone), "d MMMM y 'г.'", locale="ru")

    def render(
        self,
        request: Request,
        template: str,
        status_code: int = status.HTTP_200_OK,
        *,
        private: bool = False,
        **context: Any,
    ) -> HTMLResponse:
        """`private`: the page shows personal data, so no cache may keep it."""
        cookie = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
        context |= {
            "request": request,
            "csrf_token": self._csrf_for(cookie),
            "form_token": new_form_token(),
            "organizer": getattr(request.state, "organizer", None),
        }
        response = HTMLResponse(self.env.get_template(template).render(context), status_code)
        if CSRF_COOKIE not in request.cookies:
            response.set_cookie(
                CSRF_COOKIE, cookie, httponly=True, samesite="lax", secure=self._secure
            )
        if private:
            response.headers["Cache-Control"] = "no-store"
        return response

    def error(
        self, request: Request, status_code: int, title: str, message: Message | str
    ) -> HTMLResponse:
        return self.render(request, "error.html", status_code, title=title, message=render(message))

    def already_created(
        self, request: Request, title: Message, message: Message, back: "Link"
    ) -> HTMLResponse:
        """The answer to a form sent again (a reload, a double click): nothing new was created,
        and the secret shown with the first answer is not shown again."""
        return self.render(
            request,
            "already_created.html",
            private=True,
            title=render(title),
            message=render(message),
            secret_note=render(SHOWN_ONCE),
            back=back,
        )

    def verify_csrf(self, request: Request, form: Mapping[str, Any]) -> bool:
        cookie = request.cookies.get(CSRF_COOKIE)
        given = form.get(CSRF_FIELD)
        return bool(cookie and isinstance(given, str)) and hmac.compare_digest(
            self._csrf_for(cookie or ""), str(given)
        )

    def _csrf_for(self, cookie: str) -> str:
        key = self.settings.session_key()
        return hmac.new(key, b"csrf:" + cookie.encode(), hashlib.sha256).hexdigest()

    @property
    def _secure(self) -> bool:
        return self.settings.environment == "production"


def number(value: float | int | None, digits: int = 2) -> str:
    """«7,25»: Russian decimal comma, at most `digits` decimals."""
    if value is None:
        return "—"
    return format_decimal(round(value, digits), locale="ru", group_separator=False)


def see_other(url: str) -> RedirectResponse:
    """After a successful POST: the browser GETs the result (no resubmission on reload)."""
    return RedirectResponse(url, status_code=status.HTTP_303_SEE_OTHER)
