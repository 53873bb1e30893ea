"""Request bodies a real organizer and a real applicant would send; tests change what they test."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

VALID_ORG_INN = "7707083893"


def contest_form(**changes: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    form = {
        "id": f"tos-practices-{uuid.uuid4().hex[:8]}",
        "title": "Лучшие практики ТОС",
        "age_rating": "12+",
        "participant_kinds": ["tos", "sonko", "team", "initiative_group", "individual"],
        "nominations": [
            {"id": "urban-environment", "title": "Комфортная городская среда"},
            {"id": "ecology", "title": "Экологическое просвещение детей и молодёжи"},
        ],
        "registration_opens_at": (now - timedelta(days=1)).isoformat(),
        "registration_closes_at": (now + timedelta(days=30)).isoformat(),
        "places_per_nomination": 3,
    }
    return form | changes


def application_form(**changes: Any) -> dict[str, Any]:
    form = {
        "kind": "sonko",
        "nomination": "urban-environment",
        "name": "АНО «Доброе дело»",
        "inn": VALID_ORG_INN,
        "contact": {
            "name": "Ирина Петрова",
            "email": "irina.petrova@example.org",
            "phone": "8 (912) 345-67-89",
        },
        "project": {"title": "Двор, где хочется жить", "summary": "Благоустройство двора"},
        "members": [{"name": "Ирина Петрова", "birth_date": "1985-04-12"}],
        "consent_personal_data": True,
    }
    return form | changes


def criteria_form(aggregation: str = "mean") -> dict[str, Any]:
    """Two criteria, 0 to 10: weighted total = (2 × impact + feasibility) / 3."""
    return {
        "criteria": [
            {
                "id": "impact",
                "title": "Социальный эффект",
                "description": "Сколько жителей почувствуют перемены и насколько",
                "weight": 2,
                "min_score": 0,
                "max_score": 10,
            },
            {
                "id": "feasibility",
                "title": "Реализуемость",
                "description": "Хватит ли команды, денег и времени",
                "weight": 1,
                "min_score": 0,
                "max_score": 10,
            },
        ],
        "aggregation": aggregation,
    }
