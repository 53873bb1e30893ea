"""The organizers' pages: the desk, a contest's form (create, edit before registration opens),
closing registration early, the participants table and its exports, a participant, a
withdrawal with its reason, a participant's personal data (its export, its erasure after an
explicit confirmation). Every page needs the organizer's session (`OrganizerPage`)."""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import HTMLResponse, Response
from openpyxl import Workbook
from pydantic import ValidationError
from starlette.datastructures import FormData

from forum_shared.i18n import Message, render, tr
from forum_shared.organizers import Actor
from forum_shared.pages import FormErrors, Pages, see_other
from forum_shared.sign_in import OrganizerPage
from forum_shared.web import correlation_id, personal_data_download

from ..commands import withdrawal_reason
from ..domain import (
    AGE_RATINGS,
    PARTICIPANT_KINDS,
    Contest,
    ContestExists,
    ContestLocked,
    InvalidContest,
    InvalidField,
    ParticipantNotFound,
    short_number,
)
from ..store import ParticipantFilter, ParticipantRecord
from .common import (
    EXPIRED,
    KINDS,
    MOMENT_REQUIRED,
    STATES,
    STATUSES,
    commands_of,
    contest_or_404,
    field_errors,
    local_input,
    local_moment,
    not_found,
    pages_of,
    pydantic_errors,
    queries_of,
    row_action,
    rows,
    text,
)

router = APIRouter(include_in_schema=False)
PER_PAGE = 50
BLANK_NOMINATION = {"id": "", "title": ""}


@router.get("/organizer")
async def desk(request: Request, organizer: OrganizerPage) -> HTMLResponse:
    summaries = await queries_of(request).desk()
    return pages_of(request).render(
        request, "organizer/desk.html", private=True, summaries=summaries, states=STATES
    )


# A contest's form


def _contest_form_values(contest: Contest | None, pages: Pages) -> dict[str, Any]:
    if contest is None:
        return {
            "id": "",
            "title": "",
            "age_rating": "12+",
            "participant_kinds": [],
            "nominations": [dict(BLANK_NOMINATION), dict(BLANK_NOMINATION)],
            "registration_opens_at": "",
            "registration_closes_at": "",
            "places_per_nomination": "3",
        }
    return {
        "id": contest.id,
        "title": contest.title,
        "age_rating": contest.age_rating,
        "participant_kinds": list(contest.participant_kinds),
        "nominations": [{"id": n.id, "title": n.title} for n in contest.nominations],
        "registration_opens_at": local_input(contest.registration_opens_at, pages),
        "registration_closes_at": local_input(contest.registration_closes_at, pages),
        "places_per_nomination": str(contest.places_per_nomination),
    }


def _typed_contest(form: FormData) -> dict[str, Any]:
    return {
        "id": text(form, "id"),
        "title": text(form, "title"),
        "age_rating": text(form, "age_rating"),
        "participant_kinds": [k for k in form.getlist("participant_kinds") if isinstance(k, str)],
        "nominations": rows(form, "nominations", ("id", "title"), limit=50),
        "registration_opens_at": text(form, "registration_opens_at"),
        "registration_closes_at": text(form, "registration_closes_at"),
        "places_per_nomination": text(form, "places_per_nomination"),
    }


def _contest_fields(
    typed: dict[str, Any], pages: Pages
) -> tuple[dict[str, Any], list[tuple[str, Message | str]]]:
    """The contest's fields from the form, and the problems of reading moments from it."""
    problems: list[tuple[str, Message | str]] = []
    moments = {}
    for name in ("registration_opens_at", "registration_closes_at"):
        moment = local_moment(typed[name], pages)
        if moment is None:
            problems.append((name, MOMENT_REQUIRED))
        moments[name] = moment
    fields = {
        "id": typed["id"],
        "title": typed["title"],
        "age_rating": typed["age_rating"],
        "participant_kinds": typed["participant_kinds"],
        "nominations": [n for n in typed["nominations"] if n["id"] or n["title"]],
        "places_per_nomination": typed["places_per_nomination"] or "0",
    } | moments
    return fields, problems


def _contest_form_page(
    request: Request,
    typed: dict[str, Any],
    *,
    editing: Contest | None,
    problems: Sequence[tuple[str, Message | str]] = (),
    status_code: int = status.HTTP_200_OK,
) -> HTMLResponse:
    return pages_of(request).render(
        request,
        "organizer/contest_form.html",
        status_code,
        private=True,
        form=typed,
        editing=editing,
        errors=FormErrors.of(problems),
        age_ratings=AGE_RATINGS,
        kinds=[(kind, render(KINDS[kind][0])) for kind in PARTICIPANT_KINDS],
    )


@router.get("/organizer/contests/new")
async def new_contest(request: Request, organizer: OrganizerPage) -> HTMLResponse:
    return _contest_form_page(request, _contest_form_values(None, pages_of(request)), editing=None)


@router.post("/organizer/contests/new")
async def create_contest(request: Request, organizer: OrganizerPage) -> Response:
    pages = pages_of(request)
    form = await request.form()
    typed = _typed_contest(form)
    if not pages.verify_csrf(request, form):
        return _contest_form_page(
            request, typed, editing=None, problems=[("form", EXPIRED)], status_code=400
        )
    changed_rows = row_action(text(form, "action"), typed["nominations"], BLANK_NOMINATION, 50)
    if changed_rows is not None:
        return _contest_form_page(request, typed | {"nominations": changed_rows}, editing=None)
    fields, problems = _contest_fields(typed, pages)
    try:
        contest = _checked_contest(fields, problems)
        await commands_of(request).open_contest(
            contest, actor=organizer, correlation_id=correlation_id(request)
        )
    except (_Problems, InvalidContest, ValidationError, ContestExists) as error:
        return _contest_form_page(
            request,
            typed,
            editing=None,
            problems=_problems_of(error),
            status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        )
    return see_other(f"/organizer/contests/{contest.id}")


def _checked_contest(fields: dict[str, Any], problems: list[tuple[str, Message | str]]) -> Contest:
    """The contest, or `_Problems` naming every problem at once: a moment that could not be
    read is its own problem, and stands in as a plausible one while the rest is checked."""
    if not problems:
        return Contest.model_validate(fields)
    stand_in = {
        "registration_opens_at": datetime(2000, 1, 1, tzinfo=UTC),
        "registration_closes_at": datetime(2100, 1, 1, tzinfo=UTC),
    }
    complete = fields | {k: v for k, v in stand_in.items() if fields.get(k) is None}
    try:
        Contest.model_validate(complete)
    except (InvalidContest, ValidationError) as error:
        problems = problems + [p for p in _problems_of(error) if p[0] not in stand_in]
    raise _Problems(problems)


class _Problems(Exception):
    def __init__(self, problems: list[tuple[str, Message | str]]):
        self.problems = problems


def _problems_of(error: Exception) -> list[tuple[str, Message | str]]:
    if isinstance(error, _Problems):
        return error.problems
    if isinstance(error, InvalidContest):
        return list(field_errors(error.errors))
    if isinstance(error, ValidationError):
        return pydantic_errors(error)
    if isinstance(error, ContestExists):
        return [("id", error.message)]
    raise error


@router.get("/organizer/contests/{contest_id}/edit")
async def edit_form(request: Request, contest_id: str, organizer: OrganizerPage) -> HTMLResponse:
    contest = await contest_or_404(request, contest_id)
    if queries_of(request).state_of(contest) != "upcoming":
        return _locked_page(request, contest)
    return _contest_form_page(
        request, _contest_form_values(contest, pages_of(request)), editing=contest
    )


def _locked_page(request: Request, contest: Contest) -> HTMLResponse:
    return pages_of(request).render(
        request, "organizer/locked.html", status.HTTP_409_CONFLICT, private=True, contest=contest
    )


@router.post("/organizer/contests/{contest_id}/edit")
async def edit(request: Request, contest_id: str, organizer: OrganizerPage) -> Response:
    pages = pages_of(request)
    contest = await contest_or_404(request, contest_id)
    form = await request.form()
    typed = _typed_contest(form) | {"id": contest.id}
    if not pages.verify_csrf(request, form):
        return _contest_form_page(
            request, typed, editing=contest, problems=[("form", EXPIRED)], status_code=400
        )
    changed_rows = row_action(text(form, "action"), typed["nominations"], BLANK_NOMINATION, 50)
    if changed_rows is not None:
        return _contest_form_page(request, typed | {"nominations": changed_rows}, editing=contest)
    fields, problems = _contest_fields(typed, pages)
    try:
        _checked_contest(fields | {"id": contest.id}, problems)
        await commands_of(request).edit_contest(
            contest.id, fields, actor=organizer, correlation_id=correlation_id(request)
        )
    except ContestLocked:
        return _locked_page(request, contest)
    except (_Problems, InvalidContest, ValidationError) as error:
        return _contest_form_page(
            request,
            typed,
            editing=contest,
            problems=_problems_of(error),
            status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        )
    return see_other(f"/organizer/contests/{contest.id}?changed=1")


# Closing registration early


@router.get("/organizer/contests/{contest_id}/close")
async def close_confirmation(
    request: Request, contest_id: str, organizer: OrganizerPage
) -> HTMLResponse:
    contest = await contest_or_404(request, contest_id)
    registered = await queries_of(request).count(contest.id, ParticipantFilter(status="registered"))
    return pages_of(request).render(
        request,
        "organizer/close.html",
        private=True,
        contest=contest,
        state=queries_of(request).state_of(contest),
        registered=registered,
    )


@router.post("/organizer/contests/{contest_id}/close")
async def close(request: Request, contest_id: str, organizer: OrganizerPage) -> Response:
    contest = await contest_or_404(request, contest_id)
    form = await request.form()
    if not pages_of(request).verify_csrf(request, form):
        return see_other(f"/organizer/contests/{contest.id}/close")
    try:
        await commands_of(request).close_registration(
            contest.id, actor=organizer, correlation_id=correlation_id(request)
        )
    except ContestLocked:
        return _locked_page(request, contest)
    return see_other(f"/organizer/contests/{contest.id}?closed=1")


# Participants


StatusFilter = Literal["", "registered", "withdrawn"]
Search = Annotated[str, Query(max_length=100)]
NominationParam = Annotated[str, Query(max_length=100)]
StatusParam = Annotated[StatusFilter, Query(alias="status")]
PageParam = Annotated[int, Query(ge=1, le=100_000)]


@dataclass(frozen=True)
class TableFilters:
    """The participants table's filters as the query string gives them: the table and its
    exports select the same participants."""

    q: str
    nomination: str
    status: str

    @property
    def where(self) -> ParticipantFilter:
        return ParticipantFilter(
            search=self.q,
            nomination=self.nomination or None,
            status=self.status if self.status in ("registered", "withdrawn") else None,  # type: ignore[arg-type]
        )

    def query_string(self) -> str:
        query = {"q": self.q, "nomination": self.nomination, "status": self.status}
        return urlencode({k: v for k, v in query.items() if v})


def table_filters(
    q: Search = "", nomination: NominationParam = "", status_: StatusParam = ""
) -> TableFilters:
    return TableFilters(q, nomination, status_)


Filters = Annotated[TableFilters, Depends(table_filters)]


@router.get("/organizer/contests/{contest_id}")
async def participants(
    request: Request,
    contest_id: str,
    organizer: OrganizerPage,
    filters: Filters,
    page: PageParam = 1,
    changed: int = 0,
    closed: int = 0,
) -> HTMLResponse:
    contest = await contest_or_404(request, contest_id)
    table = await queries_of(request).participant_page(contest.id, filters.where, page, PER_PAGE)
    return pages_of(request).render(
        request,
        "organizer/participants.html",
        private=True,
        contest=contest,
        state=queries_of(request).state_of(contest),
        states=STATES,
        statuses=STATUSES,
        kinds=KINDS,
        table=table,
        q=filters.q,
        nomination=filters.nomination,
        status=filters.status,
        filters=filters.query_string(),
        nomination_titles={n.id: n.title for n in contest.nominations},
        short_number=short_number,
        changed=bool(changed),
        closed=bool(closed),
    )


EXPORT_HEADERS = (
    tr("Application no."),
    tr("Submitted"),
    tr("Status"),
    tr("Nomination"),
    tr("Kind"),
    tr("Participant"),
    tr("INN"),
    tr("Project"),
    tr("Contact person"),
    tr("E-mail"),
    tr("Phone"),
    tr("Members (name, birth date)"),
    tr("Consent to processing (version)"),
    tr("Consent to publication"),
    tr("Reason for withdrawal"),
)
YES, NO = tr("yes"), tr("no")


def export_headers() -> list[str]:
    return [render(header) for header in EXPORT_HEADERS]


def export_row(p: ParticipantRecord, contest: Contest, pages: Pages) -> list[str]:
    nomination = contest.nomination(p.nomination)
    return [
        short_number(p.id),
        pages.when(p.registered_at),
        render(STATUSES[p.status]),
        nomination.title if nomination else p.nomination,
        render(KINDS[p.kind][0]) if p.kind in KINDS else p.kind,
        p.name,
        p.inn or "",
        p.project.title,
        p.contact.name,
        p.contact.email,
        p.contact.phone,
        "; ".join(f"{m.name}, {m.birth_date.strftime('%d.%m.%Y')}" for m in p.members),
        p.consent_version,
        render(YES if p.publication_consent else NO),
        p.withdrawal_reason or "",
    ]


async def _export_rows(
    request: Request, contest_id: str, filters: TableFilters, organizer: Actor
) -> tuple[Contest, list[list[str]]]:
    contest = await contest_or_404(request, contest_id)
    records = await queries_of(request).all_participants(
        contest.id, filters.where, actor=organizer, correlation_id=correlation_id(request)
    )
    pages = pages_of(request)
    return contest, [export_row(p, contest, pages) for p in records]


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}


@router.get("/organizer/contests/{contest_id}/participants.csv")
async def export_csv(
    request: Request,
    contest_id: str,
    organizer: OrganizerPage,
    filters: Filters,
) -> Response:
    """UTF-8 with a BOM and `;` between fields: what Excel in a Russian locale opens as is."""
    contest, table = await _export_rows(request, contest_id, filters, organizer)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(export_headers())
    writer.writerows([_safe_cell(cell) for cell in row] for row in table)
    return Response(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers=_attachment(f"{contest.id}-participants.csv"),
    )


@router.get("/organizer/contests/{contest_id}/participants.xlsx")
async def export_xlsx(
    request: Request,
    contest_id: str,
    organizer: OrganizerPage,
    filters: Filters,
) -> Response:
    contest, table = await _export_rows(request, contest_id, filters, organizer)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = render(tr("Participants"))
    sheet.append(export_headers())
    for row in table:
        sheet.append([_safe_cell(cell) for cell in row])
    sheet.freeze_panes = "A2"
    widths = (11, 20, 14, 30, 24, 30, 14, 30, 24, 28, 16, 40, 12, 12, 30)
    for column, width in zip("ABCDEFGHIJKLMNO", widths, strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return Response(
        buffer.getvalue(),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers=_attachment(f"{contest.id}-participants.xlsx"),
    )


def _safe_cell(value: str) -> str:
    """No formula injection: a cell a person typed never starts a formula in Excel."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


# One participant


async def _participant(request: Request, participant_id: str) -> ParticipantRecord:
    try:
        return await queries_of(request).participant(participant_id)
    except ParticipantNotFound as error:
        raise not_found(error) from None


@router.get("/organizer/participants/{participant_id}")
async def participant(
    request: Request,
    participant_id: str,
    organizer: OrganizerPage,
    withdrawn: int = 0,
    erased: int = 0,
) -> HTMLResponse:
    record = await _participant(request, participant_id)
    contest = await contest_or_404(request, record.contest_id)
    nomination = contest.nomination(record.nomination)
    return pages_of(request).render(
        request,
        "organizer/participant.html",
        private=True,
        p=record,
        contest=contest,
        nomination=nomination.title if nomination else record.nomination,
        kinds=KINDS,
        statuses=STATUSES,
        number=short_number(record.id),
        just_withdrawn=bool(withdrawn),
        just_erased=bool(erased),
    )


@router.get("/organizer/participants/{participant_id}/withdraw")
async def withdraw_confirmation(
    request: Request, participant_id: str, organizer: OrganizerPage
) -> HTMLResponse:
    record = await _participant(request, participant_id)
    return _withdraw_page(request, record, "", FormErrors())


def _participant_form(
    request: Request,
    template: str,
    record: ParticipantRecord,
    errors: FormErrors,
    status_code: int = status.HTTP_200_OK,
    **context: Any,
) -> HTMLResponse:
    """A form about one participant (withdrawal, erasure), shown again with its errors."""
    return pages_of(request).render(
        request,
        template,
        status_code,
        private=True,
        p=record,
        number=short_number(record.id),
        errors=errors,
        **context,
    )


def _withdraw_page(
    request: Request,
    record: ParticipantRecord,
    reason: str,
    errors: FormErrors,
    status_code: int = status.HTTP_200_OK,
) -> HTMLResponse:
    return _participant_form(
        request, "organizer/withdraw.html", record, errors, status_code, reason=reason
    )


REASON_REQUIRED = tr("Give the reason: the other organizers will see it.")


@router.post("/organizer/participants/{participant_id}/withdraw")
async def withdraw(request: Request, participant_id: str, organizer: OrganizerPage) -> Response:
    record = await _participant(request, participant_id)
    form = await request.form()
    reason = text(form, "reason")
    if not pages_of(request).verify_csrf(request, form):
        return _withdraw_page(request, record, reason, FormErrors.of([("reason", EXPIRED)]), 400)
    try:
        if withdrawal_reason(reason) is None:
            return _withdraw_page(
                request, record, reason, FormErrors.of([("reason", REASON_REQUIRED)]), 422
            )
        await commands_of(request).withdraw(
            record.id, reason, actor=organizer, correlation_id=correlation_id(request)
        )
    except InvalidField as error:
        return _withdraw_page(
            request, record, reason, FormErrors.of([("reason", error.message)]), 422
        )
    return see_other(f"/organizer/participants/{record.id}?withdrawn=1")


# personal data (152-ФЗ): what is stored, and its erasure


@router.get("/organizer/participants/{participant_id}/personal-data.json")
async def personal_data_export(
    request: Request, participant_id: str, organizer: OrganizerPage
) -> Response:
    """The same JSON as `GET /participants/{id}/personal-data`, as a download."""
    try:
        exported = await queries_of(request).personal_data(
            participant_id, actor=organizer, correlation_id=correlation_id(request)
        )
    except ParticipantNotFound as error:
        raise not_found(error) from None
    return personal_data_download("registration", participant_id, exported)


@router.get("/organizer/participants/{participant_id}/erase")
async def erase_confirmation(
    request: Request, participant_id: str, organizer: OrganizerPage
) -> HTMLResponse:
    record = await _participant(request, participant_id)
    return _erase_page(request, record, FormErrors())


def _erase_page(
    request: Request,
    record: ParticipantRecord,
    errors: FormErrors,
    status_code: int = status.HTTP_200_OK,
) -> HTMLResponse:
    return _participant_form(request, "organizer/erase.html", record, errors, status_code)


CONFIRMATION_REQUIRED = tr(
    "Confirm that you understand: the participant's personal data is erased for good."
)


@router.post("/organizer/participants/{participant_id}/erase")
async def erase(request: Request, participant_id: str, organizer: OrganizerPage) -> Response:
    record = await _participant(request, participant_id)
    form = await request.form()
    if not pages_of(request).verify_csrf(request, form):
        return _erase_page(request, record, FormErrors.of([("confirm", EXPIRED)]), 400)
    if text(form, "confirm") != "yes":
        unconfirmed = FormErrors.of([("confirm", CONFIRMATION_REQUIRED)])
        return _erase_page(request, record, unconfirmed, 422)
    await commands_of(request).erase(
        record.id, actor=organizer, correlation_id=correlation_id(request)
    )
    return see_other(f"/organizer/participants/{record.id}?erased=1")
