"""Structured (JSON) logs with a last line of defence against personal data.

Code logs ids, never names, e-mails or phones; the filter below also masks anything that
looks like an e-mail address or a phone number, in case a message or a library slips one in.
Every logger goes through the one formatter: uvicorn's and FastStream's are made to propagate
to the root handler, and the broker logs through `BrokerLog`, which names a failed message's
problem briefly. A pydantic `ValidationError` is always described by where and what kind its
errors are, never by the input it refused (an event's contact, for one).

Redaction runs on every log line, access lines included, so it must stay cheap whatever a
client sends: a message is cut to `MAX_MESSAGE_CHARS` (a traceback to `MAX_ERROR_CHARS`)
before it is redacted, and the patterns are linear in the text they scan.
"""

import json
import logging
import re
import sys
import traceback
from collections.abc import Mapping
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from pydantic import ValidationError

MAX_MESSAGE_CHARS = 2_000
MAX_ERROR_CHARS = 8_000

# Linear: a match may only start where a run of local-part characters starts (the
# lookbehind), and the possessive runs never backtrack.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+")
PHONE = re.compile(r"(?<![\w-])\+?\d[\d ()-]{8,}\d(?![\w-])")
# A phone number lies inside a maximal run of these characters; each run is scanned on its
# own (with one character of context either side), so PHONE's backtracking stays within a
# run, and a run longer than any phone number is masked whole.
PHONE_RUN = re.compile(r"[\d ()+-]{10,}+")
MAX_PHONE_RUN = 64


def _phones_in_run(text: str, match: re.Match[str]) -> str:
    run = match.group()
    if len(run) > MAX_PHONE_RUN:
        return "[phone]" if sum(ch.isdigit() for ch in run) >= 2 else run
    start, end = match.span()
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    masked = PHONE.sub("[phone]", before + run + after)
    return masked[len(before) : len(masked) - len(after)]


def truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}…[{len(text) - limit} more characters]"


def redact(text: str) -> str:
    text = EMAIL.sub("[email]", text)
    return PHONE_RUN.sub(lambda match: _phones_in_run(text, match), text)


def describe(error: BaseException) -> str:
    """One line about an error; a validation error names its fields and kinds, not its input."""
    if isinstance(error, ValidationError):
        problems = ", ".join(
            f"{'.'.join(str(part) for part in problem['loc']) or '(whole)'} ({problem['type']})"
            for problem in error.errors(
                include_url=False, include_context=False, include_input=False
            )
        )
        return f"ValidationError: {error.error_count()} invalid in {error.title}: {problems}"
    return f"{type(error).__name__}: {error}"


ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def format_error(exc_info: ExcInfo | tuple[None, None, None]) -> str:
    """Where it happened (the frames) and what (`describe`); a validation error, being about the
    data rather than the code, gets no frames."""
    _, error, trace = exc_info
    if error is None:
        return ""
    if isinstance(error, ValidationError):
        return describe(error)
    frames = "".join(traceback.format_tb(trace)) if trace is not None else ""
    return f"Traceback (most recent call last):\n{frames}{describe(error)}"


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str):
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "service": self.service,
            "logger": record.name,
            "message": redact(truncate(record.getMessage(), MAX_MESSAGE_CHARS)),
        }
        if record.exc_info:
            error = truncate(format_error(record.exc_info), MAX_ERROR_CHARS)
            entry["error"] = redact(error)
        return json.dumps(entry, ensure_ascii=False)


class BrokerLog:
    """The logger FastStream is given (its `LoggerProto`): a consumer's failure becomes one
    line naming the queue, the message id and what was wrong, with no message content."""

    def __init__(self, logger: logging.Logger):
        self.logger = logger

    def log(
        self,
        level: int,
        msg: Any,
        /,
        *,
        exc_info: Any = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        context = dict(extra or {})
        where = " ".join(
            f"{key}={context[key]}" for key in ("queue", "message_id") if context.get(key)
        )
        if isinstance(exc_info, BaseException):
            brief = isinstance(exc_info, ValidationError)
            self.logger.log(
                level,
                "%s%s",
                f"{where}: " if where else "",
                describe(exc_info),
                exc_info=None if brief else exc_info,
            )
        else:
            self.logger.log(level, "%s%s", f"{where}: " if where else "", msg)

    def setLevel(self, level: int) -> None:  # noqa: N802 (FastStream calls it so)
        self.logger.setLevel(level)


# Libraries that log whole commands or messages (documents, bodies) at DEBUG.
VERBATIM_LOGGERS = ("pymongo", "aiormq", "aio_pika", "httpx", "httpcore")
# Libraries that bring handlers of their own (plain text, stderr): theirs are removed so that
# their records reach the root's JSON handler.
OWN_HANDLER_LOGGERS = (
    "faststream",
    "faststream.access",
    "uvicorn",
    "uvicorn.error",
    "uvicorn.access",
)


def configure_logging(service: str, level: str) -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in VERBATIM_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in OWN_HANDLER_LOGGERS:
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
