"""Error answers of the JSON APIs, in the caller's language (Russian unless English is asked for).

Every error answer has the same shape: `{"detail": "<one sentence>", "code": "<stable code>"}`,
and for an invalid request also `"errors": [{"field", "message", "code"}, ...]`, every problem
at once. Codes never change with the language; messages do.
"""

import logging
from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, HTTPException, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pymongo.errors import ConnectionFailure
from starlette.exceptions import HTTPException as StarletteHTTPException

from .i18n import Language, Message, negotiate, render, tr
from .idempotency import KeyReused

log = logging.getLogger(__name__)


def language_of(request: Request) -> Language:
    return negotiate(request.headers.get("accept-language"))


class ApiError(HTTPException):
    """An HTTP refusal with a stable `code` and a message translated on the way out."""

    def __init__(
        self,
        status_code: int,
        message: Message,
        code: str,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(status_code, message, dict(headers) if headers else None)
        self.code = code


def problem(
    request: Request,
    status_code: int,
    message: Message | str,
    code: str,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    content = {"detail": render(message, language_of(request)), "code": code}
    return JSONResponse(content, status_code=status_code, headers=headers)


def unprocessable(request: Request, problems: Iterable[Mapping[str, Any]]) -> JSONResponse:
    """422 listing every problem; each is `{"field", "message" (Message or str), "code"}`."""
    language = language_of(request)
    errors = [
        {"field": p["field"], "message": render(p["message"], language), "code": p["code"]}
        for p in problems
    ]
    summary = "; ".join(
        f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors
    )
    detail = render(tr("The request is invalid. %(problems)s", problems=summary), language)
    return JSONResponse(
        {"detail": detail, "code": "invalid_request", "errors": errors},
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
    )


def field_path(location: Iterable[Any]) -> str:
    return ".".join(str(part) for part in location if part not in ("body", "query", "path"))


GENERAL = "this value is not valid"

# At least one character that is not whitespace, neither to JSON Schema's `\s` nor to Python's
# `str.strip` (which also strips \x1c-\x1f and \x85): a text that is not blank once stripped
# (`forum_shared.contract.text`).
NOT_BLANK = r"[^\s\x1c-\x1f\x85]"
BLANK = "must not be blank"

# pydantic's error types, in words a person understands; the rest fall back to a general one.
PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": "this field is required",
    "extra_forbidden": "this field is not expected here",
    "string_type": "must be text",
    "string_too_short": "must be at least %(min_length)s characters long",
    "string_too_long": "must be at most %(max_length)s characters long",
    "string_pattern_mismatch": "has characters that are not allowed here",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "finite_number": "must be a finite number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "greater_than": "must be greater than %(gt)s",
    "greater_than_equal": "must be at least %(ge)s",
    "less_than": "must be less than %(lt)s",
    "less_than_equal": "must be at most %(le)s",
    "date_type": "must be a date, like 2026-11-21",
    "date_parsing": "must be a date, like 2026-11-21",
    "date_from_datetime_parsing": "must be a date, like 2026-11-21",
    "datetime_type": "must be a date and time, like 2026-11-21T10:00:00+04:00",
    "datetime_parsing": "must be a date and time, like 2026-11-21T10:00:00+04:00",
    "datetime_from_date_parsing": "must be a date and time, like 2026-11-21T10:00:00+04:00",
    "timezone_aware": "must include a time zone, like +04:00",
    "list_type": "must be a list",
    "tuple_type": "must be a list",
    "too_short": "must list at least %(min_length)s",
    "too_long": "must list at most %(max_length)s",
    "dict_type": "must be an object",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "enum": "must be one of: %(expected)s",
    "literal_error": "must be one of: %(expected)s",
    "json_invalid": "the request body is not valid JSON",
    "json_type": "the request body is not valid JSON",
    "uuid_parsing": "must be an identifier (UUID)",
    "uuid_type": "must be an identifier (UUID)",
    "url_parsing": "must be a web address, like https://example.org/hook",
    "url_scheme": "must be a web address starting with http:// or https://",
    "url_type": "must be a web address, like https://example.org/hook",
    "value_error": GENERAL,
    "assertion_error": GENERAL,
    "missing_argument": "this field is required",
    "unexpected_keyword_argument": "this field is not expected here",
    "bytes_type": "must be text",
    "none_required": "must be empty",
    "set_type": "must be a list",
    "frozen_set_type": "must be a list",
    "decimal_parsing": "must be a number",
    "decimal_type": "must be a number",
    "date_future": "must be a date in the future",
    "date_past": "must be a date in the past",
    "time_parsing": "must be a time, like 10:00",
    "time_type": "must be a time, like 10:00",
    "timezone_naive": "must not include a time zone",
    "multiple_of": "must be a multiple of %(multiple_of)s",
}


def pydantic_message(error: Mapping[str, Any]) -> Message | str:
    """A known pydantic error in plain words; a raised one keeps its own message."""
    text = PYDANTIC_MESSAGES.get(error["type"])
    if error["type"] == "string_pattern_mismatch" and _context(error).get("pattern") == NOT_BLANK:
        return tr(BLANK)
    if text is None:
        message = error.get("msg")
        return message if isinstance(message, Message | str) and message else tr(GENERAL)
    context = _context(error)
    return tr(text, **{key: context.get(key, "") for key in _placeholders(text)})


def _context(error: Mapping[str, Any]) -> dict[str, Any]:
    return dict(error.get("ctx") or {})


def _placeholders(text: str) -> list[str]:
    names = []
    for chunk in text.split("%(")[1:]:
        names.append(chunk.split(")", 1)[0])
    return names


async def _invalid_request(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return unprocessable(
        request,
        (
            {"field": field_path(e["loc"]), "message": pydantic_message(e), "code": e["type"]}
            for e in error.errors()
        ),
    )


# FastAPI's 400 for a body it cannot decode (not UTF-8, say): to the caller, a body that is not
# JSON, answered as the 422 any other body that is not JSON gets.
UNDECODABLE_BODY = "There was an error parsing the body"


async def http_error_answer(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    if error.status_code == status.HTTP_400_BAD_REQUEST and error.detail == UNDECODABLE_BODY:
        message = pydantic_message({"type": "json_invalid"})
        return unprocessable(request, [{"field": "", "message": message, "code": "json_invalid"}])
    code = getattr(error, "code", None) or _STATUS_CODES.get(error.status_code, "error")
    message = error.detail
    if message == HTTPStatus(error.status_code).phrase:  # Starlette's own: "Not Found", say
        message = _STATUS_MESSAGES.get(error.status_code, message)
    return problem(request, error.status_code, message, code, error.headers)


_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "content_too_large",
    503: "unavailable",
}


_STATUS_MESSAGES = {
    404: tr("there is nothing at this address"),
    405: tr("this address does not accept this method"),
}


DATABASE_RETRY_AFTER_SECONDS = 5
DATABASE_UNAVAILABLE = tr(
    "the service cannot reach its database at the moment; please try again in a few seconds "
    "(send the same Idempotency-Key again if you sent one)"
)


async def _database_unavailable(request: Request, error: Exception) -> JSONResponse:
    """503 while the database is out of reach (stopped, restarting, no primary).

    Nothing is half-written: every change is one atomic document write. A write whose reply
    was lost may have been recorded, which is why the answer asks for the same Idempotency-Key
    on the retry (registration replays the first answer for it).
    """
    log.warning(
        "the database is unavailable (%s) for %s %s",
        type(error).__name__,
        request.method,
        getattr(request.scope.get("route"), "path", "unmatched"),
    )
    headers = {"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)}
    return problem(
        request, status.HTTP_503_SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, "unavailable", headers
    )


async def _key_reused(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, KeyReused)
    return problem(request, status.HTTP_409_CONFLICT, error.message, error.code)


def install_error_answers(app: FastAPI) -> None:
    app.add_exception_handler(KeyReused, _key_reused)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(StarletteHTTPException, http_error_answer)
    app.add_exception_handler(ConnectionFailure, _database_unavailable)
