"""The organizer's pages: the contests judging knows, and per contest the live results, the
criteria form, the jury (add with a link shown once and its QR code, revoke), the announcement
with its confirmation, and the jury's protocol as XLSX. Signed-in organizers only; personal
data, so never cached."""

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import segno
from fastapi import APIRouter, Request, status
from fastapi.responses import HTMLResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from forum_shared.i18n import Message, render, tr
from forum_shared.idempotency import KeyReused, Repeated, form_key
from forum_shared.pages import FormErrors, Link, Pages, see_other
from forum_shared.sign_in import OrganizerPage
from forum_shared.web import correlation_id, personal_data_download

from .. import commands, queries
from ..domain import Aggregation, ContestCriteria, CriteriaInvalid, Criterion, JudgingError
from ..domain.explanations import (
    AGREEMENT_EXPLANATION,
    METHOD_EXPLANATIONS,
    METHOD_TITLES,
    method_explanation,
    method_title,
)
from ..errors import CriteriaMissing, ScoringIncomplete
from .board import board_of, juror_progress, missing_by_juror
from .common import PagesDep, StoreDep
from .forms import parse_number, plain, refusal_message
from .protocol import protocol_workbook

router = APIRouter(include_in_schema=False)
NEW_JUROR_COOKIE = "judging_new_juror"
NEW_JUROR_SECONDS = 600
MAX_CRITERIA = 50


@router.get("/organizer")
async def desk(
    request: Request, pages: PagesDep, store: StoreDep, organizer: OrganizerPage
) -> HTMLResponse:
    contests = await queries.known_contests(store)
    return pages.render(request, "organizer_desk.html", private=True, contests=contests)


async def _results(store: Any, contest_id: str) -> queries.ContestResults | None:
    try:
        return await queries.contest_results(store, contest_id)
    except CriteriaMissing:
        return None


@router.get("/organizer/contest/{contest_id}")
async def results_page(
    contest_id: str, request: Request, pages: PagesDep, store: StoreDep, organizer: OrganizerPage
) -> HTMLResponse:
    """The live leaderboard; `Server-Timing` tells how long reading and rendering it took."""
    started = time.perf_counter()
    contest = await store.contest(contest_id)
    results = await _results(store, contest_id)
    page = pages.render(
        request,
        "organizer_results.html",
        private=True,
        contest=contest,
        board=board_of(results) if results else None,
        announced=results.announced if results else False,
        method_title=method_title(results.standings.aggregation) if results else "",
        method_explanation=method_explanation(results.standings.aggregation) if results else "",
        agreement_explanation=AGREEMENT_EXPLANATION,
    )
    page.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
    return page


# the criteria form


@dataclass
class CriterionRow:
    id: str
    title: str
    description: str
    weight: str
    min_score: str
    max_score: str


def rows_of(criteria: ContestCriteria | None) -> list[CriterionRow]:
    if criteria is None:
        return [CriterionRow("c1", "", "", "1", "0", "10")]
    return [
        CriterionRow(
            c.id, c.title, c.description, plain(c.weight), plain(c.min_score), plain(c.max_score)
        )
        for c in criteria.criteria
    ]


def methods() -> list[tuple[str, str, str]]:
    return [
        (m.value, render(METHOD_TITLES[m]), render(METHOD_EXPLANATIONS[m])) for m in Aggregation
    ]


def _criteria_page(
    request: Request,
    pages: Pages,
    view: queries.CriteriaView,
    rows: list[CriterionRow],
    aggregation: str,
    status_code: int = status.HTTP_200_OK,
    errors: FormErrors | None = None,
    saved: bool = False,
) -> HTMLResponse:
    locked = ""
    if view.announced:
        locked = render(tr("The winners are announced: the criteria are final."))
    elif view.locked:
        locked = render(
            tr("Jurors have already scored with these criteria, so they can no longer change.")
        )
    return pages.render(
        request,
        "organizer_criteria.html",
        status_code,
        private=True,
        contest=view.contest,
        rows=rows,
        aggregation=aggregation,
        methods=methods(),
        method_titles={m.value: METHOD_TITLES[m] for m in Aggregation},
        method_explanations={m.value: METHOD_EXPLANATIONS[m] for m in Aggregation},
        locked=locked,
        errors=errors or FormErrors(),
        saved=saved,
    )


@router.get("/organizer/contest/{contest_id}/criteria")
async def criteria_form(
    contest_id: str,
    request: Request,
    pages: PagesDep,
    store: StoreDep,
    organizer: OrganizerPage,
    saved: str = "",
) -> HTMLResponse:
    view = await queries.criteria_view(store, contest_id)
    aggregation = view.criteria.aggregation.value if view.criteria else Aggregation.MEAN.value
    return _criteria_page(
        request, pages, view, rows_of(view.criteria), aggregation, saved=bool(saved)
    )


def rows_from(form: Any) -> list[CriterionRow]:
    rows = []
    for i in range(MAX_CRITERIA):
        if f"criteria.{i}.title" not in form:
            break
        rows.append(
            CriterionRow(
                *(
                    str(form.get(f"criteria.{i}.{key}") or "").strip()
                    for key in ("id", "title", "description", "weight", "min_score", "max_score")
                )
            )
        )
    return rows


def unique_id(rows: list[CriterionRow]) -> str:
    taken = {row.id for row in rows}
    number = len(rows) + 1
    while f"c{number}" in taken:
        number += 1
    return f"c{number}"


def criteria_from(
    rows: list[CriterionRow], aggregation: str
) -> tuple[ContestCriteria | None, list[tuple[str, Message]]]:
    problems: list[tuple[str, Message]] = []
    criteria: list[Criterion] = []
    for i, row in enumerate(rows):
        name = f"criteria.{i}"
        weight, low, high = (parse_number(v) for v in (row.weight, row.min_score, row.max_score))
        if not row.title:
            problems.append((f"{name}.title", tr("Enter the criterion's title")))
        if weight is None or weight <= 0:
            problems.append((f"{name}.weight", tr("The weight must be a number above zero")))
        if low is None:
            problems.append((f"{name}.min_score", tr("Enter the lowest score, a number")))
        if high is None:
            problems.append((f"{name}.max_score", tr("Enter the highest score, a number")))
        elif low is not None and low >= high:
            problems.append((f"{name}.max_score", tr("The highest score must be above the lowest")))
        if len(row.title) > 300:
            problems.append((f"{name}.title", tr("The title is too long: at most 300 characters")))
        if len(row.description) > 2000:
            problems.append(
                (f"{name}.description", tr("The description is too long: at most 2000 characters"))
            )
        if problems:
            continue
        assert weight is not None and low is not None and high is not None
        criteria.append(Criterion(row.id, row.title, weight, low, high, row.description))
    if aggregation not in {m.value for m in Aggregation}:
        problems.append(("aggregation", tr("Choose how the jurors' scores are combined")))
    if problems:
        return None, problems
    try:
        return ContestCriteria(criteria, aggregation), []
    except CriteriaInvalid:
        return None, [("form", tr("These criteria cannot be used: check every row"))]


@router.post("/organizer/contest/{contest_id}/criteria")
async def save_criteria(
    contest_id: str, request: Request, pages: PagesDep, store: StoreDep, organizer: OrganizerPage
) -> Response:
    view = await queries.criteria_view(store, contest_id)
    form = await request.form()
    rows = rows_from(form)
    for row in rows:
        row.id = row.id if row.id.replace("-", "").replace("_", "").isalnum() else ""
    for row in rows:
        if not row.id or [r.id for r in rows].count(row.id) > 1:
            row.id = unique_id(rows)
    aggregation = str(form.get("aggregation") or "")
    action = str(form.get("action") or "save")
    if not pages.verify_csrf(request, form):
        errors = FormErrors.of([("form", tr("The page has expired: send the form again"))])
        return _criteria_page(request, pages, view, rows, aggregation, 400, errors)
    if action == "add" and len(rows) < MAX_CRITERIA:
        rows.append(CriterionRow(unique_id(rows), "", "", "1", "0", "10"))
        return _criteria_page(request, pages, view, rows, aggregation)
    if action.startswith("remove-") and len(rows) > 1:
        index = action.removeprefix("remove-")
        if index.isdigit() and int(index) < len(rows):
            rows.pop(int(index))
        return _criteria_page(request, pages, view, rows, aggregation)
    criteria, problems = criteria_from(rows, aggregation)
    if criteria is not None:
        try:
            await commands.set_criteria(
                store,
                contest_id,
                criteria,
                actor=organizer,
                correlation_id=correlation_id(request),
            )
        except JudgingError as refused:
            problems = [("form", refusal_message(refused))]
    if problems:
        errors = FormErrors.of(problems)
        return _criteria_page(request, pages, view, rows, aggregation, 422, errors)
    return see_other(f"/organizer/contest/{contest_id}/criteria?saved=1")


# the jury


@dataclass(frozen=True)
class JurorLine:
    id: str
    name: str
    nominations: str
    progress: str
    conflicts: list[str]
    revoked: bool


def _new_juror_serializer(pages: Pages) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(pages.settings.session_key(), salt="new-juror-link")


async def _jurors_page(
    request: Request,
    pages: Pages,
    store: Any,
    contest_id: str,
    status_code: int = status.HTTP_200_OK,
    errors: FormErrors | None = None,
    form: dict[str, Any] | None = None,
    notice: str = "",
) -> HTMLResponse:
    view = await queries.jury_view(store, contest_id)
    contest = view.contest
    titles = contest.nomination_titles
    progress = juror_progress(view.results) if view.results else {}
    names = view.participant_names
    lines = []
    for juror in view.jurors:
        done, expected = progress.get(juror.id, (0, 0))
        conflicts = [names.get(pid, pid) for pid in juror.conflicts_of_interest]
        conflicts += [
            f"{names.get(c.participant_id, c.participant_id)}: {c.reason}"
            for c in juror.declared_conflicts
        ]
        lines.append(
            JurorLine(
                id=juror.id,
                name=juror.name,
                nominations="все"
                if juror.nominations is None
                else ", ".join(titles.get(n, n) for n in juror.nominations),
                progress=f"{done} из {expected}" if view.results else "—",
                conflicts=conflicts,
                revoked=juror.revoked,
            )
        )
    return pages.render(
        request,
        "organizer_jurors.html",
        status_code,
        private=True,
        contest=contest,
        jurors=lines,
        announced=view.announced,
        nomination_options=list(titles.items()),
        form=form or {"name": "", "nominations": []},
        errors=errors or FormErrors(),
        notice=notice,
    )


ALREADY_ADDED = tr("The juror is already added")
TO_THE_JURY = tr("To the list of jurors")
FORM_SENT_WITH_OTHER_VALUES = tr(
    "This form was already sent with other values: check the list of jurors and fill the "
    "form in again"
)
JURY_NOTICES = {"revoked": tr("The juror's access is revoked: their link no longer works.")}


@router.get("/organizer/contest/{contest_id}/jurors")
async def jurors_page(
    contest_id: str,
    request: Request,
    pages: PagesDep,
    store: StoreDep,
    organizer: OrganizerPage,
    done: str = "",
) -> HTMLResponse:
    notice = JURY_NOTICES.get(done)
    return await _jurors_page(
        request, pages, store, contest_id, notice=render(notice) if notice else ""
    )


@router.post("/organizer/contest/{contest_id}/jurors")
async def add_juror(
    contest_id: str, request: Request, pages: PagesDep, store: StoreDep, organizer: OrganizerPage
) -> Response:
    form = await request.form()
    name = str(form.get("name") or "").strip()
    nominations = [str(n) for n in form.getlist("nominations")]
    kept = {"name": name, "nominations": nominations}
    problems: list[tuple[str, Message]] = []
    if not pages.verify_csrf(request, form):
        problems.append(("name", tr("The page has expired: send the form again")))
    elif not name:
        problems.append(("name", tr("Enter the juror's name")))
    elif len(name) > 200:
        problems.append(("name", tr("The name is too long: at most 200 characters")))
    if not problems:
        try:
            added = await commands.add_juror(
                store,
                contest_id,
                name,
                nominations or None,
                actor=organizer,
                idempotency_key=form_key(form),
                correlation_id=correlation_id(request),
            )
        except JudgingError as refused:
            problems.append(("name", refusal_message(refused)))
        except KeyReused:
            problems.append(("name", FORM_SENT_WITH_OTHER_VALUES))
    if problems:
        errors = FormErrors.of(problems)
        return await _jurors_page(request, pages, store, contest_id, 422, errors, kept)
    if isinstance(added, Repeated):
        # The first answer carried the link in a cookie that a double click may have lost;
        # it is not made again: only the token's hash is kept.
        message = tr(
            "This form was already sent: %(name)s was added to the jury then, and nobody new "
            "was added now. If their link was not saved, revoke their access and add them "
            "again.",
            name=name,
        )
        back = Link(render(TO_THE_JURY), f"/organizer/contest/{contest_id}/jurors")
        return pages.already_created(request, ALREADY_ADDED, message, back)
    response = see_other(f"/organizer/contest/{contest_id}/jurors/{added.juror.id}/link")
    response.set_cookie(
        NEW_JUROR_COOKIE,
        _new_juror_serializer(pages).dumps({"juror": added.juror.id, "token": added.token}),
        max_age=NEW_JUROR_SECONDS,
        path=f"/organizer/contest/{contest_id}/jurors/{added.juror.id}/link",
        httponly=True,
        samesite="strict",
        secure=pages.settings.environment == "production",
    )
    return response


def qr_svg(link: str) -> str:
    """The link as an inline SVG QR code, dark on light, for a phone's camera."""
    code = segno.make(link, error="m")
    return code.svg_inline(scale=6, dark="#0b0c0c", light="#ffffff", border=2)


@router.get("/organizer/contest/{contest_id}/jurors/{juror_id}/link")
async def juror_link(
    contest_id: str,
    juror_id: str,
    request: Request,
    pages: PagesDep,
    store: StoreDep,
    organizer: OrganizerPage,
) -> Response:
    """The juror's personal link, this once: the cookie that carried it is cleared."""
    contest = await store.contest(contest_id)
    cookie = request.cookies.get(NEW_JUROR_COOKIE, "")
    try:
        carried = _new_juror_serializer(pages).loads(cookie, max_age=NEW_JUROR_SECONDS)
    except BadSignature:
        carried = None
    if not carried or carried.get("juror") != juror_id:
        return see_other(f"/organizer/contest/{contest_id}/jurors")
    view = await queries.jury_view(store, contest_id)
    juror = next((j for j in view.jurors if j.id == juror_id), None)
    base = str(pages.settings.judging_url).rstrip("/")
    link = f"{base}/jury/{quote(carried['token'], safe='')}"
    response = pages.render(
        request,
        "organizer_juror_link.html",
        private=True,
        contest=contest,
        name=juror.name if juror else "",
        link=link,
        qr_svg=qr_svg(link),
    )
    response.delete_cookie(
        NEW_JUROR_COOKIE, path=f"/organizer/contest/{contest_id}/jurors/{juror_id}/link"
    )
    return response


@router.post("/organizer/contest/{contest_id}/jurors/{juror_id}/revoke")
async def revoke_juror(
    contest_id: str,
    juror_id: str,
    request: Request,
    pages: PagesDep,
    store: StoreDep,
    organizer: OrganizerPage,
) -> Response:
    form = await request.form()
    if not pages.verify_csrf(request, form):
        errors = FormErrors.of([("form", tr("The page has expired: send the form again"))])
        return await _jurors_page(request, pages, store, contest_id, 400, errors)
    try:
        await commands.revoke_juror(
            store, contest_id, juror_id, actor=organizer, correlation_id=correlation_id(request)
        )
    except JudgingError as refused:
        errors = FormErrors.of([("form", refusal_message(refused))])
        return await _jurors_page(request, pages, store, contest_id, 409, errors)
    return see_other(f"/organizer/contest/{contest_id}/jurors?done=revoked")


# the announcement


async def _announcement_page(
    request: Request,
    pages: Pages,
    store: Any,
    contest_id: str,
    status_code: int = status.HTTP_200_OK,
    errors: FormErrors | None = None,
) -> HTMLResponse:
    contest = await store.contest(contest_id)
    results = await _results(store, contest_id)
    announced = await queries.announcement_if_any(store, contest_id)
    return pages.render(
        request,
        "organizer_announcement.html",
        status_code,
        private=True,
        contest=contest,
        board=board_of(results) if results else None,
        announced=announced,
        missing_by_juror=missing_by_juror(results) if results else [],
        errors=errors or FormErrors(),
    )


@router.get("/organizer/contest/{contest_id}/announcement")
async def announcement_page(
    contest_id: str, request: Request, pages: PagesDep, store: StoreDep, organizer: OrganizerPage
) -> HTMLResponse:
    return await _announcement_page(request, pages, store, contest_id)


@router.post("/organizer/contest/{contest_id}/announcement")
async def announce(
    contest_id: str, request: Request, pages: PagesDep, store: StoreDep, organizer: OrganizerPage
) -> Response:
    form = await request.form()
    if not pages.verify_csrf(request, form):
        errors = FormErrors.of([("form", tr("The page has expired: send the form again"))])
        return await _announcement_page(request, pages, store, contest_id, 400, errors)
    force = form.get("force") == "yes"
    runtime = request.app.state.runtime
    try:
        await commands.announce(
            runtime, store, contest_id, force, correlation_id(request), actor=organizer
        )
    except ScoringIncomplete:
        message = tr(
            "Scorecards are missing since this page was opened: check what is missing and "
            "confirm again"
        )
        errors = FormErrors.of([("missing", message)])
        return await _announcement_page(request, pages, store, contest_id, 409, errors)
    except JudgingError as refused:
        errors = FormErrors.of([("form", refusal_message(refused))])
        return await _announcement_page(request, pages, store, contest_id, 409, errors)
    return see_other(f"/organizer/contest/{contest_id}/announcement")


# the protocol


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/organizer/contest/{contest_id}/protocol.xlsx")
async def protocol(
    contest_id: str, request: Request, pages: PagesDep, store: StoreDep, organizer: OrganizerPage
) -> Response:
    protocol = await queries.jury_protocol(store, contest_id)
    body = protocol_workbook(protocol, pages.zone)
    filename = f"protocol-{contest_id}.xlsx"
    return Response(
        body,
        media_type=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="{quote(filename)}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/organizer/participants/{participant_id}/personal-data.json")
async def participant_data_file(
    request: Request, participant_id: str, store: StoreDep, organizer: OrganizerPage
) -> Response:
    """What judging stores about the participant, as a file (152-ФЗ: a data subject's request);
    the same as the API's `GET /participants/{id}/personal-data`."""
    exported = await queries.personal_data(
        store, participant_id, actor=organizer, correlation_id=correlation_id(request)
    )
    return personal_data_download("judging", participant_id, exported)
