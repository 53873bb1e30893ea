"""What the judging tests drive the service with: events published to `forum.events` as
registration publishes them, a contest set up through the API, and patient polling."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import httpx

from forum_shared.events import (
    ContestOpened,
    Nomination,
    ParticipantRegistered,
    ParticipantWithdrawn,
)
from support.apps import ORGANIZER
from support.forms import criteria_form
from support.forum import ForumEvents, eventually

T = TypeVar("T")
URBAN, ECOLOGY = "urban-environment", "ecology"
NOMINATIONS = {URBAN: "Комфортная городская среда", ECOLOGY: "Экологическое просвещение"}
START = datetime(2025, 11, 20, 10, 0, tzinfo=UTC)
# Weighted total = (2 × impact + feasibility) / 3: impact 9, feasibility 6 → 8.
CRITERIA = criteria_form()


def scores(impact: float, feasibility: float) -> dict[str, Any]:
    return {"scores": {"impact": impact, "feasibility": feasibility}}


def contest_opened(contest_id: str, places: int = 1) -> ContestOpened:
    return ContestOpened(
        producer="registration",
        contest_id=contest_id,
        title="Лучшие практики ТОС",
        age_rating="12+",
        participant_kinds=("tos", "sonko"),
        nominations=tuple(Nomination(id=k, title=v) for k, v in NOMINATIONS.items()),
        places_per_nomination=places,
        registration_opens_at=START - timedelta(days=10),
        registration_closes_at=START + timedelta(days=10),
    )


def registered(contest_id: str, number: int, nomination: str = URBAN) -> ParticipantRegistered:
    return ParticipantRegistered(
        producer="registration",
        participant_id=f"{contest_id}-p{number}",
        contest_id=contest_id,
        contest_title="Лучшие практики ТОС",
        nomination=nomination,
        nomination_title=NOMINATIONS[nomination],
        participant_kind="tos",
        display_name=f"ТОС «Квартал {number}»",
        contact_name=f"Контакт {number}",
        contact_email=f"participant{number}@example.org",
        project_title=f"Проект {number}",
        registered_at=START + timedelta(minutes=number),
    )


def withdrawn(event: ParticipantRegistered) -> ParticipantWithdrawn:
    return ParticipantWithdrawn(
        producer="registration",
        participant_id=event.participant_id,
        contest_id=event.contest_id,
        nomination=event.nomination,
        withdrawn_at=START + timedelta(days=1),
    )


class Stage:
    """One contest as judging learns it from real events, set up through the real API."""

    def __init__(self, judging: httpx.AsyncClient, forum: ForumEvents):
        self.judging = judging
        self.forum = forum
        self.contest_id = f"contest-{uuid.uuid4().hex[:8]}"
        self.url = f"/contests/{self.contest_id}"

    async def open(self, places: int = 1) -> None:
        await self.forum.publish(contest_opened(self.contest_id, places))

        async def learnt() -> bool:
            answer = await self.judging.get(f"{self.url}/jurors", headers=ORGANIZER)
            return answer.status_code == 200

        await eventually(learnt)

    async def register(self, *numbers: int, nomination: str = URBAN) -> list[str]:
        events = [registered(self.contest_id, n, nomination) for n in numbers]
        await self.forum.publish(*events)
        return [event.participant_id for event in events]

    async def add_juror(self, name: str, **form: Any) -> dict[str, str]:
        """The juror's Authorization header."""
        answer = await self.judging.post(
            f"{self.url}/jurors", json={"name": name} | form, headers=ORGANIZER
        )
        assert answer.status_code == 201, answer.text
        return {"Authorization": f"Bearer {answer.json()['token']}"}

    async def set_criteria(self, criteria: dict[str, Any] = CRITERIA) -> None:
        answer = await self.judging.put(f"{self.url}/criteria", json=criteria, headers=ORGANIZER)
        assert answer.status_code == 200, answer.text

    async def roster(self, juror: dict[str, str]) -> list[str]:
        answer = await self.judging.get(f"{self.url}/roster", headers=juror)
        assert answer.status_code == 200, answer.text
        return [line["participant_id"] for line in answer.json()["participants"]]

    async def roster_shows(self, juror: dict[str, str], expected: list[str]) -> list[str]:
        async def shown() -> bool:
            return await self.roster(juror) == expected

        await eventually(shown)
        return expected

    async def score(
        self, juror: dict[str, str], participant_id: str, impact: float, feasibility: float
    ) -> httpx.Response:
        return await self.judging.put(
            f"{self.url}/scores/{participant_id}", json=scores(impact, feasibility), headers=juror
        )
