"""Webhooks for organizers: the list, adding one (its secret shown once), removing one."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from forum_shared.answers import pydantic_message
from forum_shared.i18n import render, tr
from forum_shared.idempotency import KeyReused, Repeated, form_key
from forum_shared.pages import FormErrors, Link, Pages, see_other
from forum_shared.sign_in import OrganizerPage
from forum_shared.web import correlation_id

from .. import commands, queries
from ..errors import NotificationsError
from ..store import NotificationStore
from .delivery_log import EXPIRED, EXPIRED_TITLE

router = APIRouter(include_in_schema=False)

WEBHOOKS = "/organizer/webhooks"
NO_WEBHOOK = tr("Webhook not found")
ALREADY_ADDED = tr("The webhook is already added")
TO_THE_LIST = tr("To the list of webhooks")
FORM_SENT_WITH_OTHER_VALUES = tr(
    "This form was already sent with other values: check the list of webhooks and fill the "
    "form in again"
)


def pages_of(request: Request) -> Pages:
    return request.app.state.pages


def store_of(request: Request) -> NotificationStore:
    return request.app.state.store


async def webhooks_page(
    request: Request,
    status_code: int = 200,
    errors: FormErrors | None = None,
    url: str = "",
    removed: bool = False,
    with_names: bool = False,
) -> HTMLResponse:
    return pages_of(request).render(
        request,
        "webhooks.html",
        status_code,
        private=True,
        webhooks=await queries.webhooks(store_of(request)),
        errors=errors or FormErrors(),
        url=url,
        removed=removed,
        with_names=with_names,
    )


@router.get(WEBHOOKS)
async def webhooks(
    request: Request, organizer: OrganizerPage, removed: str | None = None
) -> HTMLResponse:
    return await webhooks_page(request, removed=removed == "1")


@router.post(WEBHOOKS)
async def add_webhook(request: Request, organizer: OrganizerPage) -> HTMLResponse:
    form = await request.form()
    url = str(form.get("url") or "").strip()
    with_names = form.get("include_contact_name") == "yes"
    if not pages_of(request).verify_csrf(request, form):
        return await webhooks_page(
            request, 400, FormErrors.of([("url", EXPIRED)]), url, with_names=with_names
        )
    try:
        wanted = commands.NewWebhook(url=url, include_contact_name=with_names)  # type: ignore[arg-type]
    except ValidationError as invalid:
        errors = FormErrors.of([("url", pydantic_message(e)) for e in invalid.errors()])
        return await webhooks_page(request, 422, errors, url, with_names=with_names)
    try:
        webhook = await commands.add_webhook(
            store_of(request),
            request.app.state.webhook_targets,
            wanted,
            actor=organizer,
            idempotency_key=form_key(form),
            correlation_id=correlation_id(request),
        )
    except NotificationsError as refused:
        errors = FormErrors.of([("url", refused.message)])
        return await webhooks_page(request, refused.status_code, errors, url, with_names=with_names)
    except KeyReused:
        errors = FormErrors.of([("url", FORM_SENT_WITH_OTHER_VALUES)])
        return await webhooks_page(request, 409, errors, url, with_names=with_names)
    if isinstance(webhook, Repeated):
        message = tr(
            "This form was already sent: the webhook %(url)s was added then, and nothing new "
            "was added now. If its secret was not saved, remove the webhook and add it again.",
            url=webhook.existing.url,
        )
        back = Link(render(TO_THE_LIST), WEBHOOKS)
        return pages_of(request).already_created(request, ALREADY_ADDED, message, back)
    # Rendered by the POST itself rather than after a redirect: the secret is never stored
    # anywhere it could be shown from again. A reload sends the form again, with its token:
    # the answer is then `already_created`, and no second webhook.
    return pages_of(request).render(
        request, "webhook_added.html", 201, private=True, webhook=webhook
    )


@router.get(WEBHOOKS + "/{webhook_id}/remove")
async def confirm_removal(
    request: Request, webhook_id: str, organizer: OrganizerPage
) -> HTMLResponse:
    pages = pages_of(request)
    try:
        webhook = await queries.webhook(store_of(request), webhook_id)
    except NotificationsError as error:
        return pages.error(request, error.status_code, render(NO_WEBHOOK), error.message)
    return pages.render(request, "webhook_remove.html", private=True, webhook=webhook)


@router.post(WEBHOOKS + "/{webhook_id}/remove")
async def remove_webhook(request: Request, webhook_id: str, organizer: OrganizerPage) -> Response:
    pages = pages_of(request)
    form = await request.form()
    if not pages.verify_csrf(request, form):
        return pages.error(request, 400, render(EXPIRED_TITLE), EXPIRED)
    try:
        await commands.remove_webhook(
            store_of(request), webhook_id, actor=organizer, correlation_id=correlation_id(request)
        )
    except NotificationsError as error:
        return pages.error(request, error.status_code, render(NO_WEBHOOK), error.message)
    return see_other(WEBHOOKS + "?removed=1")
