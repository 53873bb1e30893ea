"""Registration's read models: what the JSON API, the pages and the exports show.

Nothing here changes anything. A missing contest or participant is the domain's
`ContestNotFound` / `ParticipantNotFound` (a 404 on the API, a «not found» page for a browser).
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from forum_shared.i18n import tr
from forum_shared.mongo import now_to_the_millisecond
from forum_shared.organizers import Actor

from .domain import (
    Contest,
    ContestNotFound,
    ContestState,
    OrganizerNotFound,
    ParticipantNotFound,
)
from .store import OrganizerRecord, ParticipantFilter, ParticipantRecord, RegistrationStore

FORUM_ZONE = ZoneInfo("Europe/Samara")
EXPORT_LIMIT = 100_000


@dataclass(frozen=True)
class ContestsOfYear:
    year: int
    open: list[Contest] = field(default_factory=list)
    upcoming: list[Contest] = field(default_factory=list)
    closed: list[Contest] = field(default_factory=list)


@dataclass(frozen=True)
class ContestSummary:
    """A line of the organizers' desk."""

    contest: Contest
    state: ContestState
    registered: int
    withdrawn: int


@dataclass(frozen=True)
class ParticipantPage:
    items: list[ParticipantRecord]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


class RegistrationQueries:
    def __init__(
        self,
        store: RegistrationStore,
        clock: Callable[[], datetime] = now_to_the_millisecond,
        zone: ZoneInfo = FORUM_ZONE,
    ):
        self.store = store
        self.clock = clock
        self.zone = zone

    async def contests(self) -> list[Contest]:
        return await self.store.all_contests()

    async def contests_by_year(self) -> list[ContestsOfYear]:
        """The newest year first (by the opening of registration, in the forum's time zone);
        within a year: open (closing soonest first), upcoming (opening soonest first), closed
        (latest first)."""
        now = self.clock()
        years: dict[int, ContestsOfYear] = {}
        for contest in await self.store.all_contests():
            year = contest.registration_opens_at.astimezone(self.zone).year
            group = years.setdefault(year, ContestsOfYear(year))
            getattr(group, contest.state_at(now)).append(contest)
        for group in years.values():
            group.open.sort(key=lambda c: c.registration_closes_at)
            group.upcoming.sort(key=lambda c: c.registration_opens_at)
            group.closed.sort(key=lambda c: c.registration_closes_at, reverse=True)
        return [years[year] for year in sorted(years, reverse=True)]

    async def contest(self, contest_id: str) -> Contest:
        contest = await self.store.contest(contest_id)
        if contest is None:
            raise ContestNotFound(tr("there is no contest %(contest_id)s", contest_id=contest_id))
        return contest

    def state_of(self, contest: Contest) -> ContestState:
        return contest.state_at(self.clock())

    async def desk(self) -> list[ContestSummary]:
        """Every contest with its numbers, the newest first."""
        now = self.clock()
        summaries = []
        for contest in reversed(await self.store.all_contests()):
            registered = await self.store.count_participants(
                contest.id, ParticipantFilter(status="registered")
            )
            withdrawn = await self.store.count_participants(
                contest.id, ParticipantFilter(status="withdrawn")
            )
            summaries.append(ContestSummary(contest, contest.state_at(now), registered, withdrawn))
        return summaries

    async def count(self, contest_id: str, where: ParticipantFilter) -> int:
        return await self.store.count_participants(contest_id, where)

    async def participants(
        self, contest_id: str, where: ParticipantFilter, offset: int, limit: int
    ) -> list[ParticipantRecord]:
        await self.contest(contest_id)
        return await self.store.contest_participants(contest_id, where, offset, limit)

    async def participant_page(
        self, contest_id: str, where: ParticipantFilter, page: int, per_page: int = 50
    ) -> ParticipantPage:
        await self.contest(contest_id)
        total = await self.store.count_participants(contest_id, where)
        last = max(1, math.ceil(total / per_page))
        page = min(max(page, 1), last)
        items = await self.store.contest_participants(
            contest_id, where, (page - 1) * per_page, per_page
        )
        return ParticipantPage(items, total, page, per_page)

    async def all_participants(
        self, contest_id: str, where: ParticipantFilter, *, actor: Actor, correlation_id: str
    ) -> list[ParticipantRecord]:
        """What an export holds: every participant the table's filters select, in its order.
        An export carries everyone's contacts out of the platform: who took it, and how many
        rows, is recorded in the audit trail."""
        await self.contest(contest_id)
        records = await self.store.contest_participants(contest_id, where, 0, EXPORT_LIMIT)
        await self.store.audit.record(
            actor,
            "participants.exported",
            "contest",
            contest_id,
            {"rows": len(records)},
            correlation_id,
        )
        return records

    async def personal_data(
        self, participant_id: str, *, actor: Actor, correlation_id: str
    ) -> dict[str, Any]:
        """Everything registration stores about the participant (a data subject's request):
        the application as stored, its withdrawal and erasure, and the events its documents
        carry (the outbox's delivery bookkeeping left out). Who read it is recorded in the
        audit trail: a read of one person's everything is itself an act on personal data.
        Raises `ParticipantNotFound`."""
        document = await self.store.participant_document(participant_id)
        if document is None:
            raise ParticipantNotFound(
                tr("there is no participant %(participant_id)s", participant_id=participant_id)
            )
        withdrawal = await self.store.withdrawal(participant_id)
        erasure = await self.store.erasure(participant_id)
        carried = [d for d in (document, withdrawal, erasure) if d and "event" in d]
        await self.store.audit.record(
            actor, "personal_data.exported", "participant", participant_id, None, correlation_id
        )
        return {
            "participant_id": participant_id,
            "application": _without_bookkeeping(document),
            "withdrawal": _without_bookkeeping(withdrawal) if withdrawal else None,
            "erasure": _without_bookkeeping(erasure) if erasure else None,
            "events": [d["event"]["body"] for d in carried],
        }

    async def participant(self, participant_id: str) -> ParticipantRecord:
        participant = await self.store.participant(participant_id)
        if participant is None:
            raise ParticipantNotFound(
                tr("there is no participant %(participant_id)s", participant_id=participant_id)
            )
        return participant

    async def organizers(self) -> list[OrganizerRecord]:
        """The organizers with credentials of their own, revoked ones too, oldest first."""
        return await self.store.all_organizers()

    async def organizer(self, organizer_id: str) -> OrganizerRecord:
        organizer = await self.store.organizer(organizer_id)
        if organizer is None:
            raise OrganizerNotFound(
                tr("there is no organizer %(organizer_id)s", organizer_id=organizer_id)
            )
        return organizer


OUTBOX_FIELDS = ("_id", "event", "event_attempts", "event_delivery")


def _without_bookkeeping(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key not in OUTBOX_FIELDS}
