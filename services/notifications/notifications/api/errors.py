"""The service's refusals as JSON answers in the caller's language, with their stable codes."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from forum_shared.answers import problem

from ..errors import NotificationsError


async def _answer(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, NotificationsError)
    return problem(request, error.status_code, error.message, error.code)


def install_error_answers(app: FastAPI) -> None:
    app.add_exception_handler(NotificationsError, _answer)
