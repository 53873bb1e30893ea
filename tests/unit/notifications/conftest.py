from datetime import UTC, datetime

import pytest

from forum_shared.events import (
    NominationWinners,
    ParticipantRegistered,
    Winner,
    WinnersAnnounced,
)
from notifications.domain import Recipient

ECO = "Экологическое просвещение детей и молодёжи"
SPACES = "Комфортная городская среда и новые общественные пространства"


@pytest.fixture
def registration() -> ParticipantRegistered:
    return ParticipantRegistered(
        producer="registration",
        participant_id="p-1",
        contest_id="c-tos",
        contest_title="Лучшие практики ТОС",
        nomination="eco",
        nomination_title=ECO,
        participant_kind="tos",
        display_name="ТОС «Зелёный квартал»",
        contact_name="Анна Петровна",
        contact_email="anna@example.org",
        project_title="Школа юного эколога",
        registered_at=datetime(2025, 11, 20, 21, 30, tzinfo=UTC),
    )


def _recipient(number: int, nomination: str, nomination_title: str) -> Recipient:
    return Recipient(
        participant_id=f"p-{number}",
        display_name=f"ТОС «Участник {number}»",
        contact_name=f"Контакт {number}",
        email=f"p{number}@example.org",
        nomination=nomination,
        nomination_title=nomination_title,
        project_title=f"Проект {number}",
    )


@pytest.fixture
def recipients() -> list[Recipient]:
    return [
        _recipient(1, "eco", ECO),
        _recipient(2, "eco", ECO),
        _recipient(3, "eco", ECO),
        _recipient(4, "spaces", SPACES),
        _recipient(5, "spaces", SPACES),
    ]


def _winner(place: int, *, number: int, score: float) -> Winner:
    return Winner(
        place=place,
        participant_id=f"p-{number}",
        display_name=f"ТОС «Участник {number}»",
        final_score=score,
    )


@pytest.fixture
def announcement() -> WinnersAnnounced:
    """p-1 and p-2 win «eco»; p-9 wins «spaces» but is not among the known recipients."""
    return WinnersAnnounced(
        producer="judging",
        contest_id="c-tos",
        contest_title="Лучшие практики ТОС",
        announcement_id="a-1",
        announced_at=datetime(2025, 11, 22, 7, 30, tzinfo=UTC),
        aggregation="trimmed_mean",
        nominations=(
            NominationWinners(
                nomination="eco",
                nomination_title=ECO,
                winners=(_winner(2, number=2, score=8.5), _winner(1, number=1, score=9.25)),
            ),
            NominationWinners(
                nomination="spaces",
                nomination_title=SPACES,
                winners=(_winner(1, number=9, score=10.0),),
            ),
        ),
    )
