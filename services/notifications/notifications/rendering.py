from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES_DIR = Path(__file__).parent / "templates"

# Tolyatti keeps UTC+4 all year (no DST since 2011); a fixed offset needs no tzdata in the image.
_FORUM_TZ = timezone(timedelta(hours=4))

_MONTHS = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


@dataclass(frozen=True, slots=True)
class RenderedMessage:
    subject: str
    text: str
    html: str


class Renderer:
    """Renders `<template>/subject.txt`, `body.txt` and `body.html` from the templates folder."""

    def __init__(self, templates_dir: Path = TEMPLATES_DIR) -> None:
        self._env = Environment(
            loader=FileSystemLoader(templates_dir),
            autoescape=select_autoescape(enabled_extensions=("html",)),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._env.filters.update(ru_date=ru_date, ru_datetime=ru_datetime, score=format_score)

    def render(self, template: str, context: Mapping[str, Any]) -> RenderedMessage:
        # One line: a newline in a subject would be a header injection.
        subject = " ".join(self._render(f"{template}/subject.txt", context).split())
        body_context = {**context, "subject": subject}
        return RenderedMessage(
            subject=subject,
            text=self._render(f"{template}/body.txt", body_context).strip() + "\n",
            html=self._render(f"{template}/body.html", body_context),
        )

    def _render(self, name: str, context: Mapping[str, Any]) -> str:
        return self._env.get_template(name).render(context)


def ru_date(value: str | datetime) -> str:
    moment = _local(value)
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year} г."


def ru_datetime(value: str | datetime) -> str:
    moment = _local(value)
    return f"{ru_date(moment)}, {moment:%H:%M}"


def format_score(value: float) -> str:
    """9.25 → "9,25", 8.5 → "8,5", 10.0 → "10": the Russian decimal comma, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text.replace(".", ",")


def _local(value: str | datetime) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(_FORUM_TZ)
