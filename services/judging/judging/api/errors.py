"""Judging's refusals as HTTP answers: 422 for bad criteria, scores or fields, 401 for a juror
token that is unknown or revoked, 403 for a juror who may not do this, 404 for what judging
does not know, 409 for a conflict with the contest's state.

Each refusal's messages are rendered in the caller's language (Russian unless English is asked
for, `forum_shared.answers`); its `code` is the refusal's own, spelled out with its class."""

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse

from forum_shared.answers import language_of, problem, unprocessable
from forum_shared.i18n import render

from ..domain import CriteriaInvalid, JudgingError, ScorecardInvalid, ScoringForbidden
from ..errors import Conflict, Forbidden, NotFound, Unauthenticated, Unprocessable

STATUSES: tuple[tuple[type[JudgingError], int], ...] = (
    (Unauthenticated, status.HTTP_401_UNAUTHORIZED),
    (ScoringForbidden, status.HTTP_403_FORBIDDEN),
    (Forbidden, status.HTTP_403_FORBIDDEN),
    (NotFound, status.HTTP_404_NOT_FOUND),
    (Conflict, status.HTTP_409_CONFLICT),
)


def status_of(error: JudgingError) -> int:
    answer = next((s for kind, s in STATUSES if isinstance(error, kind)), None)
    return answer or status.HTTP_422_UNPROCESSABLE_CONTENT


async def _answer(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, JudgingError)
    if isinstance(error, CriteriaInvalid | ScorecardInvalid | Unprocessable):
        field = (
            error.field
            if isinstance(error, Unprocessable)
            else "criteria"
            if isinstance(error, CriteriaInvalid)
            else "scores"
        )
        return unprocessable(
            request,
            [{"field": field, "message": p, "code": error.code} for p in error.problems],
        )
    language = language_of(request)
    detail = "; ".join(render(p, language) for p in error.problems)
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(error, Unauthenticated) else None
    return problem(request, status_of(error), detail, error.code, headers)


def install_judging_error_answers(app: FastAPI) -> None:
    app.add_exception_handler(JudgingError, _answer)
