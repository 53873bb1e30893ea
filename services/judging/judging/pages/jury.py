"""The juror's pages: the personal link becomes a session, then the list of participants with
progress, a scorecard form per participant, and the juror's own declaration of a conflict of
interest. Mobile first: a juror scores on a phone during the final.

The link's token is exchanged for a signed cookie (`forum_juror`, its own salt) holding the
token's hash, never the token; the browser is then sent on to `/jury`, so the token leaves the
address bar and the history. Every request checks the juror again: a revoked juror is out at
once."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, status
from fastapi.responses import HTMLResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from forum_shared.i18n import Message, tr
from forum_shared.pages import FormErrors, Pages, see_other
from forum_shared.web import correlation_id

from .. import commands, queries
from ..domain import JudgingError
from ..errors import JurorTokenRevoked, JurorTokenUnknown
from ..queries import JurorRoster, RosterLine
from ..records import JurorToken
from .common import PagesDep, StoreDep, get_pages, get_store
from .forms import parse_number, plain, refusal_message

router = APIRouter(include_in_schema=False)
JUROR_COOKIE = "forum_juror"
SESSION_DAYS = 30
COMMENT_LIMIT = 2000
REASON_LIMIT = 500
SMALL_RANGE = 10  # integer ranges up to 0..10 are radios: one tap each on a phone


class NoJurorSession(Exception):
    """No valid juror cookie, or its juror was revoked."""

    def __init__(self, revoked: bool = False) -> None:
        self.revoked = revoked


def _serializer(pages: Pages) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(pages.settings.session_key(), salt="juror-session")


async def current_juror(request: Request) -> JurorToken:
    pages, store = get_pages(request), get_store(request)
    cookie = request.cookies.get(JUROR_COOKIE)
    if not cookie:
        raise NoJurorSession()
    try:
        session = _serializer(pages).loads(cookie, max_age=SESSION_DAYS * 86400)
    except BadSignature:
        raise NoJurorSession() from None
    try:
        return await queries.juror_of_token_hash(store, str(session.get("token_sha256", "")))
    except JurorTokenUnknown:
        raise NoJurorSession() from None


CurrentJuror = Annotated[JurorToken, Depends(current_juror)]


async def roster_of(store: Any, juror: JurorToken) -> JurorRoster:
    try:
        return await queries.juror_roster(store, juror)
    except JurorTokenRevoked:
        raise NoJurorSession(revoked=True) from None


LINK_UNKNOWN = tr("This link does not work")
LINK_UNKNOWN_TEXT = tr(
    "There is no juror with this link. Check that the whole link was copied, or ask the "
    "organizers for a new one."
)
ACCESS_REVOKED = tr("Access revoked")
ACCESS_REVOKED_TEXT = tr("The organizers revoked this juror's access to the contest.")
NO_SESSION = tr("Open your personal link")
NO_SESSION_TEXT = tr(
    "The jurors' pages open through the personal link the organizers gave you. Open it again "
    "on this device."
)


def _problem(request: Request, pages: Pages, status_code: int, title: Message, text: Message):
    return pages.render(
        request,
        "jury_problem.html",
        status_code,
        private=True,
        title=title.render(),
        message=text.render(),
    )


async def no_session_page(request: Request, error: Exception) -> Response:
    assert isinstance(error, NoJurorSession)
    pages = get_pages(request)
    if error.revoked:
        response = _problem(request, pages, 403, ACCESS_REVOKED, ACCESS_REVOKED_TEXT)
    else:
        response = _problem(request, pages, 401, NO_SESSION, NO_SESSION_TEXT)
    response.delete_cookie(JUROR_COOKIE)
    return response


@router.get("/jury/{token}")
async def open_link(token: str, request: Request, pages: PagesDep, store: StoreDep) -> Response:
    """The personal link: its token becomes the session cookie, then off to `/jury`."""
    token_hash = JurorToken.hash(token)
    try:
        juror = await queries.juror_of_token_hash(store, token_hash)
        await queries.juror_roster(store, juror)
    except JurorTokenUnknown:
        response = _problem(request, pages, 404, LINK_UNKNOWN, LINK_UNKNOWN_TEXT)
    except JurorTokenRevoked:
        response = _problem(request, pages, 403, ACCESS_REVOKED, ACCESS_REVOKED_TEXT)
    else:
        response = see_other("/jury")
        response.set_cookie(
            JUROR_COOKIE,
            _serializer(pages).dumps({"token_sha256": token_hash}),
            max_age=SESSION_DAYS * 86400,
            httponly=True,
            samesite="lax",
            secure=pages.settings.environment == "production",
        )
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@dataclass(frozen=True)
class Line:
    participant_id: str
    name: str
    project_title: str
    nomination_title: str
    state: str  # scored, unscored, conflict


def lines_of(roster: JurorRoster) -> list[Line]:
    """Every participant of the juror's nominations: those to score, then those in conflict."""
    lines = [_line(line, "scored" if line.my_scorecard else "unscored") for line in roster.lines]
    lines += [_line(line, "conflict") for line in roster.conflicts]
    return lines


def _line(line: RosterLine, state: str) -> Line:
    return Line(
        participant_id=line.participant.id,
        name=line.participant.display_name,
        project_title=line.project_title,
        nomination_title=line.nomination_title,
        state=state,
    )


def grouped(lines: list[Line]) -> list[tuple[str, list[Line]]]:
    groups: dict[str, list[Line]] = {}
    for line in lines:
        groups.setdefault(line.nomination_title, []).append(line)
    return list(groups.items())


def next_to_score(roster: JurorRoster, after: str | None = None) -> str | None:
    """The next participant without the juror's scorecard, after `after` in the list, else the
    first one; None when all are scored."""
    ids = [line.participant.id for line in roster.lines if line.my_scorecard is None]
    order = [line.participant.id for line in roster.lines]
    if after in order:
        later = [pid for pid in ids if order.index(pid) > order.index(after)]
        if later:
            return later[0]
    return next((pid for pid in ids if pid != after), None)


SAVED = {
    "score": tr("The scores are saved."),
    "all": tr("The scores are saved. You have scored every participant: thank you!"),
    "conflict": tr("The conflict of interest is recorded: this participant is off your list."),
}


@router.get("/jury")
async def jury_home(
    request: Request, pages: PagesDep, store: StoreDep, juror: CurrentJuror, saved: str = ""
) -> HTMLResponse:
    roster = await roster_of(store, juror)
    notice = SAVED.get(saved)
    return pages.render(
        request,
        "jury_home.html",
        private=True,
        roster=roster,
        groups=grouped(lines_of(roster)),
        next_id=next_to_score(roster),
        saved=notice.render() if notice else "",
    )


@dataclass(frozen=True)
class CriterionField:
    id: str
    title: str
    description: str
    min_score: float
    max_score: float
    small_range: bool
    options: list[tuple[str, str, None]]


def criterion_fields(roster: JurorRoster) -> list[CriterionField]:
    assert roster.criteria is not None
    fields = []
    for c in roster.criteria.criteria:
        small = (
            c.min_score.is_integer()
            and c.max_score.is_integer()
            and c.max_score - c.min_score <= SMALL_RANGE
        )
        options = (
            [(str(n), str(n), None) for n in range(int(c.min_score), int(c.max_score) + 1)]
            if small
            else []
        )
        fields.append(
            CriterionField(c.id, c.title, c.description, c.min_score, c.max_score, small, options)
        )
    return fields


def _find(roster: JurorRoster, participant_id: str) -> tuple[RosterLine, Line] | None:
    for line in roster.lines:
        if line.participant.id == participant_id:
            return line, _line(line, "scored" if line.my_scorecard else "unscored")
    return None


def _score_page(
    request: Request,
    pages: Pages,
    roster: JurorRoster,
    found: tuple[RosterLine, Line],
    status_code: int = status.HTTP_200_OK,
    *,
    values: Mapping[str, str] | None = None,
    comment: str | None = None,
    errors: FormErrors | None = None,
    reason: str = "",
    conflict_errors: FormErrors | None = None,
) -> HTMLResponse:
    line, shown = found
    card = line.my_scorecard
    if values is None:
        values = {cid: plain(score) for cid, score in (card.scores if card else {}).items()}
    if comment is None:
        comment = (card.comment or "") if card else ""
    return pages.render(
        request,
        "jury_score.html",
        status_code,
        private=True,
        roster=roster,
        line=shown,
        criteria=criterion_fields(roster),
        values=values,
        comment=comment,
        errors=errors or FormErrors(),
        reason=reason,
        conflict_errors=conflict_errors or FormErrors(),
    )


async def _scoring(store: Any, juror: JurorToken, participant_id: str):
    roster = await roster_of(store, juror)
    found = _find(roster, participant_id)
    return roster, found


@router.get("/jury/score/{participant_id}")
async def score_form(
    participant_id: str, request: Request, pages: PagesDep, store: StoreDep, juror: CurrentJuror
) -> Response:
    roster, found = await _scoring(store, juror, participant_id)
    if found is None or roster.criteria is None or roster.announced:
        return see_other("/jury")
    return _score_page(request, pages, roster, found)


EXPIRED = tr("The page has expired: send the form again")


@router.post("/jury/score/{participant_id}")
async def score(
    participant_id: str, request: Request, pages: PagesDep, store: StoreDep, juror: CurrentJuror
) -> Response:
    roster, found = await _scoring(store, juror, participant_id)
    if found is None or roster.criteria is None:
        return see_other("/jury")
    form = await request.form()
    values = {c.id: str(form.get(f"scores.{c.id}") or "") for c in roster.criteria.criteria}
    comment = str(form.get("comment") or "").strip()
    problems: list[tuple[str, Message]] = []
    if not pages.verify_csrf(request, form):
        problems.append(("form", EXPIRED))
    scores: dict[str, float] = {}
    for criterion in roster.criteria.criteria:
        span = {"low": plain(criterion.min_score), "high": plain(criterion.max_score)}
        text = values[criterion.id]
        number = parse_number(text)
        if not text.strip():
            problems.append(
                (f"scores.{criterion.id}", tr("Give a score from %(low)s to %(high)s", **span))
            )
        elif number is None:
            problems.append(
                (f"scores.{criterion.id}", tr("Enter a number from %(low)s to %(high)s", **span))
            )
        elif not criterion.admits(number):
            problems.append(
                (f"scores.{criterion.id}", tr("The score must be from %(low)s to %(high)s", **span))
            )
        else:
            scores[criterion.id] = number
    if len(comment) > COMMENT_LIMIT:
        problems.append(
            (
                "comment",
                tr("The comment is too long: at most %(limit)s characters", limit=COMMENT_LIMIT),
            )
        )
    if not problems:
        runtime = request.app.state.runtime
        try:
            await commands.submit_scorecard(
                runtime,
                store,
                juror,
                participant_id,
                scores,
                comment or None,
                correlation_id(request),
            )
        except JurorTokenRevoked:
            raise NoJurorSession(revoked=True) from None
        except JudgingError as refused:
            problems.append(("form", refusal_message(refused)))
    if problems:
        return _score_page(
            request,
            pages,
            roster,
            found,
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            values=values,
            comment=comment,
            errors=FormErrors.of(problems),
        )
    after = await roster_of(store, juror)
    following = next_to_score(after, participant_id)
    if following is None:
        return see_other("/jury?saved=all")
    return see_other(f"/jury/score/{following}")


@router.post("/jury/conflict/{participant_id}")
async def declare_conflict(
    participant_id: str, request: Request, pages: PagesDep, store: StoreDep, juror: CurrentJuror
) -> Response:
    roster, found = await _scoring(store, juror, participant_id)
    if found is None:
        return see_other("/jury")
    form = await request.form()
    reason = str(form.get("reason") or "").strip()
    problems: list[tuple[str, Message]] = []
    if not pages.verify_csrf(request, form):
        problems.append(("reason", EXPIRED))
    elif not reason:
        problems.append(("reason", tr("Say briefly what connects you with the participant")))
    elif len(reason) > REASON_LIMIT:
        problems.append(
            (
                "reason",
                tr("The reason is too long: at most %(limit)s characters", limit=REASON_LIMIT),
            )
        )
    if not problems:
        try:
            await commands.declare_conflict(store, juror, participant_id, reason)
        except JurorTokenRevoked:
            raise NoJurorSession(revoked=True) from None
        except JudgingError as refused:
            problems.append(("reason", refusal_message(refused)))
    if problems:
        return _score_page(
            request,
            pages,
            roster,
            found,
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            reason=reason,
            conflict_errors=FormErrors.of(problems),
        )
    return see_other("/jury?saved=conflict")
