"""The delivery log for organizers: filters, paging, a notification's page, retry by hand."""

from typing import Any, get_args
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from forum_shared.i18n import render, tr
from forum_shared.pages import Pages, see_other
from forum_shared.sign_in import OrganizerPage, safe_next
from forum_shared.web import correlation_id, personal_data_download

from .. import commands, queries
from ..dispatcher import Dispatcher
from ..domain import TemplateName
from ..errors import AlreadySent, NotificationsError
from ..store import NotificationStore

router = APIRouter(include_in_schema=False)

LOG = "/organizer/notifications"
PAGE_SIZE = 50
STANDINGS: tuple[str, ...] = get_args(queries.Standing)
RECIPIENT_KINDS = ("participant", "organizer")
EXPIRED = tr("The page has expired: open it again and repeat the action")
EXPIRED_TITLE = tr("The page has expired")
NO_NOTIFICATION = tr("Notification not found")
NO_PARTICIPANT = tr("Participant not found")


def pages_of(request: Request) -> Pages:
    return request.app.state.pages


def store_of(request: Request) -> NotificationStore:
    return request.app.state.store


def chosen(value: str | None, allowed: tuple[str, ...]) -> str | None:
    """A filter's value if it is one the form offers; anything else means no filter."""
    return value if value in allowed else None


def log_url(log_filter: queries.LogFilter, page: int = 1, **extra: str) -> str:
    params = {
        "status": log_filter.standing,
        "contest": log_filter.contest_id,
        "template": log_filter.template and str(log_filter.template),
        "recipient": log_filter.recipient_kind,
        "page": str(page) if page > 1 else None,
    } | extra
    query = urlencode({key: value for key, value in params.items() if value})
    return f"{LOG}?{query}" if query else LOG


@router.get("/organizer")
async def desk(organizer: OrganizerPage) -> Response:
    return see_other(LOG)


@router.get(LOG)
async def delivery_log(
    request: Request,
    organizer: OrganizerPage,
    status: str | None = None,
    contest: str | None = None,
    template: str | None = None,
    recipient: str | None = None,
    page: str | None = None,
    retried: str | None = None,
    busy: str | None = None,
) -> HTMLResponse:
    store = store_of(request)
    contests = await queries.contests_in_log(store)
    templates = tuple(t.value for t in TemplateName)
    chosen_template = chosen(template, templates)
    log_filter = queries.LogFilter(
        contest_id=chosen(contest, tuple(c for c, _ in contests)),
        template=TemplateName(chosen_template) if chosen_template else None,
        recipient_kind=chosen(recipient, RECIPIENT_KINDS),  # type: ignore[arg-type]
        standing=chosen(status, STANDINGS),  # type: ignore[arg-type]
    )
    number = int(page) if page and page.isdigit() and 0 < int(page) <= 10_000 else 1
    log = await queries.delivery_log(store, log_filter, (number - 1) * PAGE_SIZE, PAGE_SIZE)
    outcome = await retry_outcome(store, retried, busy == "1")
    here = log_url(log_filter, number)
    return pages_of(request).render(
        request,
        "delivery_log.html",
        private=True,
        log=log,
        log_filter=log_filter,
        contests=contests,
        templates=templates,
        page_number=number,
        pages_total=max(1, -(-log.total // PAGE_SIZE)),
        previous_url=log_url(log_filter, number - 1) if log.has_previous else None,
        next_url=log_url(log_filter, number + 1) if log.has_next else None,
        here=here,
        outcome=outcome,
    )


async def retry_outcome(
    store: NotificationStore, retried: str | None, busy: bool
) -> dict[str, Any] | None:
    """What became of the notification just retried, for the notice on top of the log."""
    if not retried:
        return None
    try:
        entry = await queries.notification(store, retried)
    except NotificationsError:
        return None
    return {"entry": entry, "busy": busy}


@router.get(LOG + "/{notification_id}")
async def notification_page(
    request: Request, notification_id: str, organizer: OrganizerPage, back: str | None = None
) -> HTMLResponse:
    pages = pages_of(request)
    try:
        entry = await queries.notification(store_of(request), notification_id)
    except NotificationsError as error:
        return pages.error(request, error.status_code, render(NO_NOTIFICATION), error.message)
    return pages.render(
        request, "notification.html", private=True, entry=entry, back=back_to_log(back)
    )


@router.post(LOG + "/{notification_id}/retry")
async def retry(request: Request, notification_id: str, organizer: OrganizerPage) -> Response:
    pages = pages_of(request)
    form = await request.form()
    back = back_to_log(str(form.get("back") or ""))
    if not pages.verify_csrf(request, form):
        return pages.error(request, 400, render(EXPIRED_TITLE), EXPIRED)
    dispatcher: Dispatcher = request.app.state.dispatcher
    busy = False
    try:
        retried = await commands.retry_notification(
            store_of(request),
            dispatcher,
            notification_id,
            actor=organizer,
            correlation_id=correlation_id(request),
        )
        busy = not retried.attempted
    except AlreadySent:
        pass  # someone else's retry, or the dispatcher, got there first: the notice says so
    except NotificationsError as error:
        return pages.error(request, error.status_code, render(NO_NOTIFICATION), error.message)
    separator = "&" if "?" in back else "?"
    extra = urlencode({"retried": notification_id} | ({"busy": "1"} if busy else {}))
    return see_other(f"{back}{separator}{extra}")


def back_to_log(url: str | None) -> str:
    """Back to the log as it was filtered, and never anywhere else."""
    target = safe_next(url)
    if not (target == LOG or target.startswith(LOG + "?")):
        return LOG
    # The previous outcome's notice is not carried over to the next one.
    base, _, query = target.partition("?")
    kept = [p for p in query.split("&") if p and not p.startswith(("retried=", "busy="))]
    return base + ("?" + "&".join(kept) if kept else "")


@router.get("/organizer/participants/{participant_id}/personal-data.json")
async def participant_data_file(
    request: Request, participant_id: str, organizer: OrganizerPage
) -> Response:
    """What notifications stores about the participant, as a file (152-ФЗ: a data subject's
    request); the same as the API's `GET /participants/{id}/personal-data`."""
    try:
        exported = await queries.personal_data(
            store_of(request),
            participant_id,
            actor=organizer,
            correlation_id=correlation_id(request),
        )
    except NotificationsError as error:
        return pages_of(request).error(
            request, error.status_code, render(NO_PARTICIPANT), error.message
        )
    return personal_data_download("notifications", participant_id, exported)
