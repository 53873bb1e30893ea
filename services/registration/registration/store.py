"""Registration's MongoDB collections: contests and participants, each carrying its event."""

from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from forum_shared.events import ContestOpened, ParticipantRegistered, ParticipantWithdrawn
from forum_shared.outbox import carrying

from .domain import Contest, Participant


class ParticipantRecord(Participant):
    """What the organizer sees: the participant, and when they withdrew if they did."""

    withdrawn_at: datetime | None = None


def _record(document: dict[str, Any]) -> ParticipantRecord:
    withdrawal = document.get("withdrawal") or {}
    return ParticipantRecord.model_validate(
        document | {"withdrawn_at": withdrawal.get("withdrawn_at")}
    )


OUTBOX_COLLECTIONS = ("contests", "participants", "withdrawals")


class RegistrationStore:
    def __init__(self, db: AsyncDatabase[dict[str, Any]]):
        self.contests = db["contests"]
        self.participants = db["participants"]
        self.withdrawals = db["withdrawals"]

    async def ensure_indexes(self) -> None:
        await self.contests.create_index("created_at")
        await self.participants.create_index("duplicate_key", unique=True)
        await self.participants.create_index("idempotency_key", unique=True, sparse=True)
        await self.participants.create_index(
            [("contest_id", ASCENDING), ("registered_at", ASCENDING)]
        )

    async def add_contest(self, contest: Contest, opened: ContestOpened) -> None:
        """Raises DuplicateKeyError when the id is taken."""
        document = contest.model_dump() | {"_id": contest.id, "created_at": datetime.now(UTC)}
        await self.contests.insert_one(document | carrying(opened))

    async def contest(self, contest_id: str) -> Contest | None:
        document = await self.contests.find_one({"_id": contest_id})
        return Contest.model_validate(document) if document else None

    async def all_contests(self) -> list[Contest]:
        documents = await self.contests.find().sort("created_at", ASCENDING).to_list()
        return [Contest.model_validate(document) for document in documents]

    async def add_participant(
        self,
        participant: Participant,
        registered: ParticipantRegistered,
        idempotency: dict[str, str] | None,
    ) -> None:
        """Raises DuplicateKeyError for a duplicate organisation or a reused Idempotency-Key.

        `idempotency` ({"idempotency_key", "request_fingerprint"}) stays with the participant,
        so that a retried request finds the answer it was given.
        """
        document = participant.model_dump(mode="json") | {
            "_id": participant.id,
            "registered_at": participant.registered_at,
            "consented_at": participant.consented_at,
        }
        await self.participants.insert_one(document | (idempotency or {}) | carrying(registered))

    async def participant(self, participant_id: str) -> ParticipantRecord | None:
        document = await self.participants.find_one({"_id": participant_id})
        return _record(document) if document else None

    async def participant_by_idempotency_key(self, key: str) -> dict[str, Any] | None:
        return await self.participants.find_one({"idempotency_key": key})

    async def contest_participants(
        self, contest_id: str, nomination: str | None, skip: int, limit: int
    ) -> list[ParticipantRecord]:
        query = {"contest_id": contest_id} | ({"nomination": nomination} if nomination else {})
        cursor = self.participants.find(query).sort("registered_at", ASCENDING).skip(skip)
        return [_record(d) for d in await cursor.limit(limit).to_list()]

    async def add_withdrawal(self, withdrawn: ParticipantWithdrawn) -> dict[str, Any]:
        """The withdrawal (one per participant, carrying its event), then the participant's mark.

        A retry after a crash between the two finds the withdrawal and repairs the mark.
        """
        document = {"_id": withdrawn.participant_id, "withdrawn_at": withdrawn.withdrawn_at}
        try:
            await self.withdrawals.insert_one(document | carrying(withdrawn))
        except DuplicateKeyError:
            document = await self.withdrawals.find_one({"_id": withdrawn.participant_id}) or {}
        await self.participants.update_one(
            {"_id": withdrawn.participant_id},
            {"$set": {"withdrawal": {"withdrawn_at": document["withdrawn_at"]}}},
        )
        return document
