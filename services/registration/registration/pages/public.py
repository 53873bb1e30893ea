"""The public pages: the forum's contests, a contest's rules, the registration form and its
confirmation. The form registers through the same command as the JSON API."""

import secrets
from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Request, status
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from forum_shared.i18n import Message
from forum_shared.pages import FormErrors, see_other

from ..domain import (
    PERSONAL_DATA,
    PUBLICATION,
    Application,
    Contest,
    ContestNotFound,
    DuplicateRegistration,
    IdempotencyKeyReused,
    InvalidApplication,
    ParticipantNotFound,
    RegistrationClosed,
    current_version,
    short_number,
)
from .common import (
    KINDS,
    STATES,
    commands_of,
    contest_or_404,
    field_errors,
    not_found,
    pages_of,
    pydantic_errors,
    queries_of,
    row_action,
    rows,
    text,
)

router = APIRouter(include_in_schema=False)
MEMBER_FIELDS = ("name", "birth_date")
BLANK_MEMBER = {"name": "", "birth_date": ""}


@router.get("/")
async def contests(request: Request) -> HTMLResponse:
    years = await queries_of(request).contests_by_year()
    return pages_of(request).render(request, "index.html", years=years, states=STATES)


@router.get("/contest/{contest_id}")
async def contest_rules(request: Request, contest_id: str) -> HTMLResponse:
    contest = await contest_or_404(request, contest_id)
    return pages_of(request).render(
        request,
        "contest.html",
        contest=contest,
        state=queries_of(request).state_of(contest),
        states=STATES,
        kinds=KINDS,
    )


def _blank_form(contest: Contest) -> dict[str, Any]:
    only_kind = contest.participant_kinds[0] if len(contest.participant_kinds) == 1 else ""
    only_nomination = contest.nominations[0].id if len(contest.nominations) == 1 else ""
    return {
        "kind": only_kind,
        "nomination": only_nomination,
        "name": "",
        "inn": "",
        "contact": {"name": "", "email": "", "phone": ""},
        "project": {"title": "", "summary": ""},
        "members": [dict(BLANK_MEMBER)],
        "consent_personal_data": False,
        "consent_publication": False,
        "consent_version": current_version(PERSONAL_DATA),
        "form_token": secrets.token_urlsafe(18),
    }


def _typed(form: FormData) -> dict[str, Any]:
    """The form as typed, to show again and to build the application from."""
    return {
        "kind": text(form, "kind"),
        "nomination": text(form, "nomination"),
        "name": text(form, "name"),
        "inn": text(form, "inn"),
        "contact": {
            "name": text(form, "contact.name"),
            "email": text(form, "contact.email"),
            "phone": text(form, "contact.phone"),
        },
        "project": {"title": text(form, "project.title"), "summary": text(form, "project.summary")},
        "members": rows(form, "members", MEMBER_FIELDS),
        "consent_personal_data": text(form, "consent_personal_data") == "yes",
        "consent_publication": text(form, "consent_publication") == "yes",
        "consent_version": text(form, "consent_version") or current_version(PERSONAL_DATA),
        "form_token": text(form, "form_token")[:100] or secrets.token_urlsafe(18),
    }


def _application(typed: dict[str, Any]) -> Application:
    """Raises pydantic's ValidationError for a value of the wrong type (a date that is not one)."""
    members = [m for m in typed["members"] if m["name"] or m["birth_date"]]
    return Application.model_validate(
        {
            "kind": typed["kind"],
            "nomination": typed["nomination"],
            "name": typed["name"],
            "inn": typed["inn"] or None,
            "contact": typed["contact"],
            "project": typed["project"],
            "members": members,
            "consent_personal_data": typed["consent_personal_data"],
            "consent_version": typed["consent_version"],
            "consent_publication": typed["consent_publication"],
        }
    )


def _form_page(
    request: Request,
    contest: Contest,
    typed: dict[str, Any],
    problems: Sequence[tuple[str, Message | str]] = (),
    status_code: int = status.HTTP_200_OK,
) -> HTMLResponse:
    # The consent's version is a hidden field: its problem belongs beside the consent.
    shown = [("consent_personal_data" if f == "consent_version" else f, m) for f, m in problems]
    return pages_of(request).render(
        request,
        "apply.html",
        status_code,
        private=True,
        contest=contest,
        form=typed,
        errors=FormErrors.of(shown),
        kinds=KINDS,
        consents={
            "personal_data": current_version(PERSONAL_DATA),
            "publication": current_version(PUBLICATION),
        },
    )


def _closed_page(request: Request, contest: Contest, status_code: int) -> HTMLResponse:
    return pages_of(request).render(
        request,
        "apply_closed.html",
        status_code,
        contest=contest,
        state=queries_of(request).state_of(contest),
    )


@router.get("/contest/{contest_id}/apply")
async def application_form(request: Request, contest_id: str) -> HTMLResponse:
    contest = await contest_or_404(request, contest_id)
    if queries_of(request).state_of(contest) != "open":
        return _closed_page(request, contest, status.HTTP_200_OK)
    return _form_page(request, contest, _blank_form(contest))


@router.post("/contest/{contest_id}/apply")
async def apply(request: Request, contest_id: str) -> Response:
    contest = await contest_or_404(request, contest_id)
    if queries_of(request).state_of(contest) != "open":
        return _closed_page(request, contest, status.HTTP_409_CONFLICT)
    form = await request.form()
    typed = _typed(form)
    action = text(form, "action") or "submit"
    changed_rows = row_action(action, typed["members"], BLANK_MEMBER)
    if changed_rows is not None:
        return _form_page(request, contest, typed | {"members": changed_rows})
    try:
        application = _application(typed)
    except ValidationError as error:
        return _form_page(
            request, contest, typed, pydantic_errors(error), status.HTTP_422_UNPROCESSABLE_CONTENT
        )
    try:
        registered = await commands_of(request).register(
            contest.id, application, idempotency_key=typed["form_token"]
        )
    except RegistrationClosed:
        return _closed_page(request, contest, status.HTTP_409_CONFLICT)
    except InvalidApplication as error:
        return _form_page(
            request,
            contest,
            typed,
            _members_renumbered(typed, field_errors(error.errors)),
            status.HTTP_422_UNPROCESSABLE_CONTENT,
        )
    except DuplicateRegistration as error:
        return _form_page(
            request, contest, typed, [("name", error.message)], status.HTTP_409_CONFLICT
        )
    except IdempotencyKeyReused as error:
        return see_other(f"/application/{error.participant_id}?again=1")
    return see_other(f"/application/{registered.participant_id}")


def _members_renumbered(
    typed: dict[str, Any], problems: list[tuple[str, Message]]
) -> list[tuple[str, Message]]:
    """Empty rows were left out of the application: a problem of its member N belongs to the
    N-th non-empty row of the form."""
    filled = [i for i, m in enumerate(typed["members"]) if m["name"] or m["birth_date"]]
    renumbered = []
    for field, message in problems:
        parts = field.split(".")
        if parts[0] == "members" and len(parts) > 1 and parts[1].isdigit():
            index = int(parts[1])
            if index < len(filled):
                parts[1] = str(filled[index])
            field = ".".join(parts)
        renumbered.append((field, message))
    return renumbered


@router.get("/application/{participant_id}")
async def confirmation(request: Request, participant_id: str, again: int = 0) -> HTMLResponse:
    """The application's number and what happens next: only the contest, the nomination and
    the project's title besides, nothing personal."""
    try:
        participant = await queries_of(request).participant(participant_id)
        contest = await queries_of(request).contest(participant.contest_id)
    except (ParticipantNotFound, ContestNotFound) as error:
        raise not_found(error) from None
    nomination = contest.nomination(participant.nomination)
    return pages_of(request).render(
        request,
        "confirmation.html",
        private=True,
        contest=contest,
        nomination=nomination.title if nomination else participant.nomination,
        project_title=participant.project.title,
        number=short_number(participant.id),
        withdrawn=participant.withdrawn_at is not None,
        again=bool(again),
    )
