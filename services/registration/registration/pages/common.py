"""What registration's pages share: the use cases, the pages renderer, form reading, Russian
names of what the domain calls by slugs."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from fastapi import HTTPException, Request, status
from pydantic import ValidationError
from starlette.datastructures import FormData

from forum_shared.answers import field_path, pydantic_message
from forum_shared.i18n import Message, tr
from forum_shared.pages import Pages

from ..commands import RegistrationCommands
from ..domain import Contest, ContestNotFound, FieldError, ParticipantNotFound
from ..queries import RegistrationQueries

# Who may take part, in plain words: (title, hint).
KINDS: dict[str, tuple[Message, Message]] = {
    "tos": (
        tr("ТОС: a territorial public self-government body"),
        tr(
            "The council or activists of a ТОС. "
            "An INN only if the ТОС is a legal entity (10 digits)."
        ),
    ),
    "sonko": (
        tr("СОНКО: a socially oriented nonprofit organisation"),
        tr("The organisation's INN is needed (10 digits)."),
    ),
    "initiative_group": (
        tr("An initiative group"),
        tr("Residents doing a project together. List the members of the group."),
    ),
    "team": (
        tr("A team"),
        tr("A team of the «ПроЛог» championship, say. List the members of the team."),
    ),
    "individual": (
        tr("An individual"),
        tr("You take part yourself. Your INN is needed (12 digits)."),
    ),
}
STATES: dict[str, Message] = {
    "open": tr("Registration is open"),
    "upcoming": tr("Registration opens soon"),
    "closed": tr("Registration is closed"),
}
STATUSES: dict[str, Message] = {
    "registered": tr("Taking part"),
    "withdrawn": tr("Withdrawn from the contest"),
}
EXPIRED = tr("The page has expired: send the form again.")


def pages_of(request: Request) -> Pages:
    return request.app.state.pages


def commands_of(request: Request) -> RegistrationCommands:
    return request.app.state.commands


def queries_of(request: Request) -> RegistrationQueries:
    return request.app.state.queries


def not_found(error: ContestNotFound | ParticipantNotFound) -> HTTPException:
    """A browser gets the shared «not found» page with the domain's message."""
    return HTTPException(status.HTTP_404_NOT_FOUND, error.message)


async def contest_or_404(request: Request, contest_id: str) -> Contest:
    try:
        return await queries_of(request).contest(contest_id)
    except ContestNotFound as error:
        raise not_found(error) from None


def field_errors(errors: list[FieldError] | tuple[FieldError, ...]) -> list[tuple[str, Message]]:
    return [(error.field, error.message) for error in errors]


def pydantic_errors(error: ValidationError) -> list[tuple[str, Message | str]]:
    return [(field_path(e["loc"]), pydantic_message(e)) for e in error.errors()]


def text(form: FormData | Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def rows(form: FormData, prefix: str, fields: tuple[str, ...], limit: int = 100) -> list[dict]:
    """Repeated rows `prefix.N.field`, in the order of N, as typed (empty rows kept)."""
    count = min(_int(text(form, f"{prefix}_count"), 0), limit)
    return [
        {name: text(form, f"{prefix}.{index}.{name}") for name in fields} for index in range(count)
    ]


def _int(value: str, default: int) -> int:
    try:
        return int(value)
    except ValueError:
        return default


def row_action(action: str, rows_: list[dict], blank: dict, limit: int = 100) -> list[dict] | None:
    """`add-…` adds a blank row, `remove-…-N` removes row N; None for any other action."""
    if action.startswith("add-"):
        return rows_ + [dict(blank)] if len(rows_) < limit else rows_
    if action.startswith("remove-"):
        index = _int(action.rsplit("-", 1)[-1], -1)
        return [row for i, row in enumerate(rows_) if i != index]
    return None


def local_moment(value: str, pages: Pages) -> datetime | None:
    """A `datetime-local` input's value, in the forum's time zone; None when not a moment."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=pages.zone) if moment.tzinfo is None else moment


def local_input(moment: datetime | None, pages: Pages) -> str:
    return moment.astimezone(pages.zone).strftime("%Y-%m-%dT%H:%M") if moment else ""


MOMENT_REQUIRED = tr("enter the date and time")
