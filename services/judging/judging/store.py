"""Judging's MongoDB collections: contests and the roster (learnt from events), jurors, and the
ledger of each contest's judging.

The ledger holds every change of a contest's judging as one document numbered `seq`, unique
per contest: criteria set, scorecard revisions (each carrying its `score.submitted`) and the
announcement (carrying `winners.announced`). A change read at position `head` is inserted at
`head + 1`, so two changes decided on the same state collide on the unique index and the loser
reads again (`retrying`): no scorecard slips in beside an announcement computed without it, and
criteria cannot change under a juror's first scorecard, whichever replica serves which request.
Every change is one insert, atomic on any MongoDB deployment, with its event inside.

For the MongoDB stand-in used in tests: datetimes and booleans are written only in inserted
documents or whole subdocuments (`$set` at a field path turns them into strings and integers).
"""

import contextlib
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from forum_shared.events import ContestOpened, Event, ParticipantRegistered, ParticipantWithdrawn
from forum_shared.outbox import carrying

from .errors import ContestChanged, ContestUnknown
from .records import (
    Announcement,
    Contest,
    CriteriaSet,
    JudgingState,
    JurorRecord,
    LedgerEntry,
    Registration,
    RosterEntry,
    ScorecardRevision,
    Withdrawal,
    latest_revisions,
)

LEDGER = "ledger"
OUTBOX_COLLECTIONS = (LEDGER,)
ATTEMPTS = 5
T = TypeVar("T")


async def retrying(attempt: Callable[[], Awaitable[T]]) -> T:
    """Run `attempt` again while it meets a concurrent change; the last one answers 409."""
    for _ in range(ATTEMPTS - 1):
        with contextlib.suppress(ContestChanged):
            return await attempt()
    return await attempt()


class JudgingStore:
    def __init__(self, db: AsyncDatabase[dict[str, Any]]):
        self.contests = db["contests"]
        self.roster = db["roster"]
        self.jurors = db["jurors"]
        self.ledger = db[LEDGER]

    async def ensure_indexes(self) -> None:
        await self.roster.create_index("contest_id")
        await self.jurors.create_index("token_sha256", unique=True)
        await self.jurors.create_index([("contest_id", ASCENDING), ("created_at", ASCENDING)])
        await self.ledger.create_index([("contest_id", ASCENDING), ("seq", ASCENDING)], unique=True)
        await self.ledger.create_index(
            [("contest_id", ASCENDING), ("kind", ASCENDING), ("seq", ASCENDING)]
        )
        await self.ledger.create_index(
            [("juror_id", ASCENDING), ("participant_id", ASCENDING), ("revision", ASCENDING)],
            unique=True,
            sparse=True,
        )

    # learnt from events: each write is an upsert by the event's ids, so applying it twice
    # changes nothing

    async def learn_contest(self, event: ContestOpened) -> None:
        contest = Contest(
            _id=event.contest_id,
            title=event.title,
            nominations=event.nominations,
            places_per_nomination=event.places_per_nomination,
        )
        await self.contests.replace_one({"_id": contest.id}, contest.document(), upsert=True)

    async def register(self, event: ParticipantRegistered) -> None:
        registration = Registration(
            display_name=event.display_name, registered_at=event.registered_at
        )
        await self._learn_participant(event, {"registration": registration.model_dump()})

    async def withdraw(self, event: ParticipantWithdrawn) -> None:
        withdrawal = Withdrawal(withdrawn_at=event.withdrawn_at)
        await self._learn_participant(event, {"withdrawal": withdrawal.model_dump()})

    async def _learn_participant(
        self, event: ParticipantRegistered | ParticipantWithdrawn, learnt: dict[str, Any]
    ) -> None:
        known = {"contest_id": event.contest_id, "nomination": event.nomination}
        await self.roster.update_one(
            {"_id": event.participant_id}, {"$set": known | learnt}, upsert=True
        )

    # contests and their participants

    async def contest(self, contest_id: str) -> Contest:
        document = await self.contests.find_one({"_id": contest_id})
        if document is None:
            raise ContestUnknown(contest_id)
        return Contest.model_validate(document)

    async def roster_entry(self, participant_id: str) -> RosterEntry | None:
        document = await self.roster.find_one({"_id": participant_id})
        return RosterEntry.model_validate(document) if document else None

    async def participants(self, contest_id: str) -> list[RosterEntry]:
        """The contest's participants still in it, in registration order."""
        entries = [
            RosterEntry.model_validate(document)
            async for document in self.roster.find({"contest_id": contest_id})
        ]
        active = [entry for entry in entries if entry.active]
        return sorted(active, key=lambda e: (e.participant().registered_at, e.id))

    # jurors

    async def add_juror(self, juror: JurorRecord) -> None:
        await self.jurors.insert_one(juror.document())

    async def juror_by_token(self, token_sha256: str) -> JurorRecord | None:
        document = await self.jurors.find_one({"token_sha256": token_sha256})
        return JurorRecord.model_validate(document) if document else None

    async def contest_jurors(self, contest_id: str) -> list[JurorRecord]:
        cursor = self.jurors.find({"contest_id": contest_id}).sort(
            [("created_at", ASCENDING), ("_id", ASCENDING)]
        )
        return [JurorRecord.model_validate(document) async for document in cursor]

    # the ledger

    async def state(self, contest_id: str) -> JudgingState:
        """The head is read first: whatever the later reads see beyond it, a change based on
        this state collides at `head + 1`."""
        contest = await self.contest(contest_id)
        head = await self._last(contest_id)
        criteria = await self._last(contest_id, "criteria")
        return JudgingState(
            contest=contest,
            head=head["seq"] if head else 0,
            criteria=CriteriaSet.model_validate(criteria).contest_criteria() if criteria else None,
            scored=await self._last(contest_id, "scorecard") is not None,
            announcement=await self.announcement(contest_id),
        )

    async def append(self, entry: LedgerEntry, event: Event | None = None) -> None:
        """Store the change with the event it implies, unless anything was stored at its `seq`
        (or, for an announcement, the contest was announced) since its state was read."""
        document = entry.document() | (carrying(event) if event else {})
        try:
            await self.ledger.insert_one(document)
        except DuplicateKeyError:
            raise ContestChanged() from None

    async def latest_revision(self, juror_id: str, participant_id: str) -> int:
        latest = await self.ledger.find_one(
            {"juror_id": juror_id, "participant_id": participant_id},
            sort=[("revision", DESCENDING)],
            projection={"revision": 1},
        )
        return latest["revision"] if latest else 0

    async def latest_scorecards(
        self, contest_id: str, juror_id: str | None = None
    ) -> list[ScorecardRevision]:
        query = {"contest_id": contest_id, "kind": "scorecard"}
        cursor = self.ledger.find(query | ({"juror_id": juror_id} if juror_id else {}))
        return latest_revisions([ScorecardRevision.model_validate(d) async for d in cursor])

    async def announcement(self, contest_id: str) -> Announcement | None:
        document = await self.ledger.find_one({"_id": contest_id, "kind": "announcement"})
        return Announcement.model_validate(document) if document else None

    async def _last(self, contest_id: str, kind: str | None = None) -> dict[str, Any] | None:
        query = {"contest_id": contest_id} | ({"kind": kind} if kind else {})
        return await self.ledger.find_one(query, sort=[("seq", DESCENDING)])
