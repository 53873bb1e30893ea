"""Structured (JSON) logs with a last line of defence against personal data.

Code logs ids, never names, e-mails or phones; the filter below also masks anything that
looks like an e-mail address or a phone number, in case a message or a library slips one in.
"""

import json
import logging
import re
import sys
from datetime import UTC, datetime

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w-])\+?\d[\d ()-]{8,}\d(?![\w-])")


def redact(text: str) -> str:
    return PHONE.sub("[phone]", EMAIL.sub("[email]", text))


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
            "message": redact(record.getMessage()),
        }
        if record.exc_info:
            entry["error"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


# Libraries that log whole commands or messages (documents, bodies) at DEBUG.
VERBATIM_LOGGERS = ("pymongo", "aiormq", "aio_pika", "httpx", "httpcore")


def configure_logging(service: str, level: str) -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in VERBATIM_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
