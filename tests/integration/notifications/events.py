"""Events as the registration and judging services publish them; tests change what they test."""

from datetime import UTC, datetime
from typing import Any

from forum_shared.events import NominationWinners, ParticipantRegistered, Winner, WinnersAnnounced

MAIL_FROM = "Форум СОНКО и ТОС <forum@tlt.example>"
ORGANIZERS_EMAIL = "organizers@tlt.example"
CONTEST_ID = "tos-practices-2025"
CONTEST_TITLE = "Лучшие практики ТОС"
NOMINATIONS = {
    "urban-environment": "Комфортная городская среда",
    "ecology": "Экологическое просвещение детей и молодёжи",
}


def registration(number: int, nomination: str = "urban-environment", **changes: Any):
    fields = {
        "producer": "registration",
        "participant_id": f"p-{number}",
        "contest_id": CONTEST_ID,
        "contest_title": CONTEST_TITLE,
        "nomination": nomination,
        "nomination_title": NOMINATIONS[nomination],
        "participant_kind": "tos",
        "display_name": f"ТОС «Квартал {number}»",
        "contact_name": f"Контакт {number}",
        "contact_email": address(number),
        "project_title": f"Проект {number}",
        "registered_at": datetime(2025, 11, 20, 10, 0, tzinfo=UTC),
    }
    return ParticipantRegistered(**fields | changes)


def address(number: int) -> str:
    return f"participant{number}@example.org"


def announcement(winners: dict[str, list[tuple[int, int, float]]]) -> WinnersAnnounced:
    """`winners`: per nomination id, (place, participant number, final score)."""
    return WinnersAnnounced(
        producer="judging",
        contest_id=CONTEST_ID,
        contest_title=CONTEST_TITLE,
        announcement_id="a-1",
        announced_at=datetime(2025, 11, 22, 7, 30, tzinfo=UTC),
        aggregation="trimmed_mean",
        nominations=tuple(
            NominationWinners(
                nomination=nomination,
                nomination_title=NOMINATIONS[nomination],
                winners=tuple(
                    Winner(
                        place=place,
                        participant_id=f"p-{number}",
                        display_name=f"ТОС «Квартал {number}»",
                        final_score=score,
                    )
                    for place, number, score in ranked
                ),
            )
            for nomination, ranked in winners.items()
        ),
    )
