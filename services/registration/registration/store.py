"""Registration's MongoDB collections: contests and participants, each carrying its event."""

from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from forum_shared.events import ContestOpened, ParticipantRegistered
from forum_shared.outbox import carrying

from .domain import Contest, Participant

OUTBOX_COLLECTIONS = ("contests", "participants")


class RegistrationStore:
    def __init__(self, db: AsyncDatabase[dict[str, Any]]):
        self.contests = db["contests"]
        self.participants = db["participants"]

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

    async def participant(self, participant_id: str) -> Participant | None:
        document = await self.participants.find_one({"_id": participant_id})
        return Participant.model_validate(document) if document else None

    async def participant_by_idempotency_key(self, key: str) -> dict[str, Any] | None:
        return await self.participants.find_one({"idempotency_key": key})

    async def contest_participants(
        self, contest_id: str, nomination: str | None, skip: int, limit: int
    ) -> list[Participant]:
        query = {"contest_id": contest_id} | ({"nomination": nomination} if nomination else {})
        cursor = self.participants.find(query).sort("registered_at", ASCENDING).skip(skip)
        return [Participant.model_validate(d) for d in await cursor.limit(limit).to_list()]
