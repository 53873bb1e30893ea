"""Domain errors as HTTP answers: 422 for a bad form, 409 for a conflict with what exists."""

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse

from forum_shared.answers import unprocessable

from ..domain import (
    DuplicateRegistration,
    InvalidApplication,
    InvalidContest,
    InvalidField,
    RegistrationClosed,
    RegistrationError,
)


class ContestExists(RegistrationError):
    default_code = "contest_exists"


async def _answer(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RegistrationError)
    if isinstance(error, InvalidApplication | InvalidContest):
        return unprocessable(request, error.as_dicts())
    if isinstance(error, InvalidField):
        return unprocessable(request, [error.as_field_error().as_dict()])
    if isinstance(error, RegistrationClosed | DuplicateRegistration | ContestExists):
        return JSONResponse(
            {"detail": error.message, "code": error.code}, status_code=status.HTTP_409_CONFLICT
        )
    return JSONResponse(
        {"detail": error.message, "code": error.code},
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
    )


def install_domain_error_answers(app: FastAPI) -> None:
    app.add_exception_handler(RegistrationError, _answer)
