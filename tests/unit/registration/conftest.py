from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import registration
from forum_shared.i18n import use_catalogue
from registration.domain import Application, Contest

use_catalogue(Path(registration.__file__).parent / "locale")

OPENS = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
CLOSES = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)


def contest_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "id": "tos-best-practices-2026",
        "title": "Лучшие практики ТОС",
        "age_rating": "12+",
        "participant_kinds": ["sonko", "tos", "initiative_group", "team", "individual"],
        "nominations": [
            {"id": "urban-environment", "title": "Комфортная городская среда"},
            {"id": "eco-education", "title": "Экологическое просвещение"},
        ],
        "registration_opens_at": OPENS,
        "registration_closes_at": CLOSES,
        "places_per_nomination": 3,
    }
    return fields | overrides


def application_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "kind": "sonko",
        "nomination": "urban-environment",
        "name": 'АНО "Доброе дело"',
        "inn": "7707083893",
        "contact": {"name": "Ирина Петрова", "email": "irina@example.org", "phone": "89123456789"},
        "project": {"title": "Двор, где хочется жить", "summary": "Благоустройство двора"},
        "members": [],
        "consent_personal_data": True,
    }
    return fields | overrides


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def make_contest() -> Callable[..., Contest]:
    return lambda **overrides: Contest(**contest_fields(**overrides))


@pytest.fixture
def contest(make_contest: Callable[..., Contest]) -> Contest:
    return make_contest()


@pytest.fixture
def make_application() -> Callable[..., Application]:
    return lambda **overrides: Application(**application_fields(**overrides))
