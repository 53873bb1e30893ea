"""Organizers with credentials of their own, for organizers: the list, adding one (the key is
shown once, on the answer to the form), revoking one after a confirmation."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from forum_shared.i18n import render, tr
from forum_shared.idempotency import KeyReused, Repeated, form_key
from forum_shared.pages import FormErrors, Link, see_other
from forum_shared.sign_in import OrganizerPage
from forum_shared.web import correlation_id

from ..domain import InvalidField, OrganizerNotFound
from .common import EXPIRED, commands_of, pages_of, queries_of, text

router = APIRouter(include_in_schema=False)

ORGANIZERS = "/organizer/organizers"
NO_ORGANIZER = tr("Organizer not found")
ALREADY_ADDED = tr("The organizer is already added")
TO_THE_LIST = tr("To the list of organizers")
FORM_SENT_WITH_OTHER_VALUES = tr(
    "This form was already sent with other values: check the list of organizers and fill the "
    "form in again"
)


async def organizers_page(
    request: Request,
    status_code: int = 200,
    errors: FormErrors | None = None,
    name: str = "",
    revoked: bool = False,
) -> HTMLResponse:
    return pages_of(request).render(
        request,
        "organizer/organizers.html",
        status_code,
        private=True,
        organizers=await queries_of(request).organizers(),
        errors=errors or FormErrors(),
        name=name,
        revoked=revoked,
    )


@router.get(ORGANIZERS)
async def organizers(request: Request, organizer: OrganizerPage, revoked: int = 0) -> HTMLResponse:
    return await organizers_page(request, revoked=revoked == 1)


@router.post(ORGANIZERS)
async def add_organizer(request: Request, organizer: OrganizerPage) -> HTMLResponse:
    form = await request.form()
    name = text(form, "name")
    if not pages_of(request).verify_csrf(request, form):
        return await organizers_page(request, 400, FormErrors.of([("name", EXPIRED)]), name)
    try:
        new = await commands_of(request).add_organizer(
            name,
            actor=organizer,
            idempotency_key=form_key(form),
            correlation_id=correlation_id(request),
        )
    except InvalidField as error:
        return await organizers_page(request, 422, FormErrors.of([("name", error.message)]), name)
    except KeyReused:
        errors = FormErrors.of([("name", FORM_SENT_WITH_OTHER_VALUES)])
        return await organizers_page(request, 409, errors, name)
    if isinstance(new, Repeated):
        message = tr(
            "This form was already sent: %(name)s was added then, and nobody new was added "
            "now. If their key was not saved, revoke it and add the organizer again.",
            name=new.existing.name,
        )
        back = Link(render(TO_THE_LIST), ORGANIZERS)
        return pages_of(request).already_created(request, ALREADY_ADDED, message, back)
    # Rendered by the POST itself rather than after a redirect: the key is stored nowhere it
    # could be shown from again. A reload sends the form again, with its token: the answer is
    # then `already_created`, and nobody is added twice.
    return pages_of(request).render(
        request,
        "organizer/organizer_added.html",
        201,
        private=True,
        new=new.organizer,
        token=new.token,
    )


@router.get(ORGANIZERS + "/{organizer_id}/revoke")
async def confirm_revocation(
    request: Request, organizer_id: str, organizer: OrganizerPage
) -> HTMLResponse:
    pages = pages_of(request)
    try:
        found = await queries_of(request).organizer(organizer_id)
    except OrganizerNotFound as error:
        return pages.error(request, 404, render(NO_ORGANIZER), error.message)
    return pages.render(request, "organizer/organizer_revoke.html", private=True, target=found)


@router.post(ORGANIZERS + "/{organizer_id}/revoke")
async def revoke_organizer(
    request: Request, organizer_id: str, organizer: OrganizerPage
) -> Response:
    pages = pages_of(request)
    form = await request.form()
    if not pages.verify_csrf(request, form):
        return see_other(f"{ORGANIZERS}/{organizer_id}/revoke")
    try:
        await commands_of(request).revoke_organizer(
            organizer_id, actor=organizer, correlation_id=correlation_id(request)
        )
    except OrganizerNotFound as error:
        return pages.error(request, 404, render(NO_ORGANIZER), error.message)
    return see_other(ORGANIZERS + "?revoked=1")
