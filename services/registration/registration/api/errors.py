"""Domain errors as HTTP answers, in the caller's language: 422 for a bad form, 409 for a
conflict with what exists, 404 for what does not."""

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse

from forum_shared.answers import problem, unprocessable

from ..domain import (
    ContestExists,
    ContestLocked,
    ContestNotFound,
    DuplicateRegistration,
    InvalidApplication,
    InvalidContest,
    InvalidField,
    OrganizerNotFound,
    ParticipantNotFound,
    RegistrationClosed,
    RegistrationError,
)

CONFLICTS = (RegistrationClosed, DuplicateRegistration, ContestExists, ContestLocked)


async def _answer(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RegistrationError)
    if isinstance(error, InvalidApplication | InvalidContest):
        return unprocessable(request, error.as_dicts())
    if isinstance(error, InvalidField):
        return unprocessable(request, [error.as_field_error().as_dict()])
    if isinstance(error, CONFLICTS):
        return problem(request, status.HTTP_409_CONFLICT, error.message, error.code)
    if isinstance(error, ContestNotFound | ParticipantNotFound | OrganizerNotFound):
        return problem(request, status.HTTP_404_NOT_FOUND, error.message, error.code)
    return problem(request, status.HTTP_422_UNPROCESSABLE_CONTENT, error.message, error.code)


def install_domain_error_answers(app: FastAPI) -> None:
    app.add_exception_handler(RegistrationError, _answer)
