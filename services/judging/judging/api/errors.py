"""Judging's refusals as HTTP answers: 422 for bad criteria, scores or fields, 401 for a juror
token that is unknown or revoked, 403 for a juror who may not do this, 404 for what judging
does not know, 409 for a conflict with the contest's state."""

import re

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse

from forum_shared.answers import unprocessable

from ..domain import CriteriaInvalid, JudgingError, ScorecardInvalid, ScoringForbidden
from ..errors import Conflict, Forbidden, NotFound, Unauthenticated, Unprocessable

STATUSES: tuple[tuple[type[JudgingError], int], ...] = (
    (Unauthenticated, status.HTTP_401_UNAUTHORIZED),
    (ScoringForbidden, status.HTTP_403_FORBIDDEN),
    (Forbidden, status.HTTP_403_FORBIDDEN),
    (NotFound, status.HTTP_404_NOT_FOUND),
    (Conflict, status.HTTP_409_CONFLICT),
)


def error_code(error: Exception) -> str:
    """`ConflictOfInterest` → `conflict_of_interest`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(error).__name__).lower()


async def _answer(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, JudgingError)
    code = error_code(error)
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
            [{"field": field, "message": problem, "code": code} for problem in error.problems],
        )
    answer = next((s for kind, s in STATUSES if isinstance(error, kind)), None)
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(error, Unauthenticated) else None
    return JSONResponse(
        {"detail": error.message, "code": code},
        status_code=answer or status.HTTP_422_UNPROCESSABLE_CONTENT,
        headers=headers,
    )


def install_judging_error_answers(app: FastAPI) -> None:
    app.add_exception_handler(JudgingError, _answer)
