"""Registration's MongoDB collections: contests, participants and remembered responses."""

from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from forum_shared.mongo import Session

from .domain import Contest, Participant


class RegistrationStore:
    def __init__(self, db: AsyncDatabase[dict[str, Any]]):
        self.contests = db["contests"]
        self.participants = db["participants"]
        self.idempotency = db["idempotency_keys"]

    async def ensure_indexes(self, idempotency_ttl: timedelta) -> None:
        await self.contests.create_index("created_at")
        await self.participants.create_index("duplicate_key", unique=True)
        await self.participants.create_index(
            [("contest_id", ASCENDING), ("registered_at", ASCENDING)]
        )
        await self.idempotency.create_index(
            "created_at", expireAfterSeconds=int(idempotency_ttl.total_seconds())
        )

    async def add_contest(self, contest: Contest, session: Session) -> None:
        document = contest.model_dump() | {"_id": contest.id, "created_at": datetime.now(UTC)}
        await self.contests.insert_one(document, session=session)

    async def contest(self, contest_id: str) -> Contest | None:
        document = await self.contests.find_one({"_id": contest_id})
        return Contest.model_validate(document) if document else None

    async def all_contests(self) -> list[Contest]:
        documents = await self.contests.find().sort("created_at", ASCENDING).to_list()
        return [Contest.model_validate(document) for document in documents]

    async def add_participant(self, participant: Participant, session: Session) -> None:
        document = participant.model_dump(mode="json") | {
            "_id": participant.id,
            "registered_at": participant.registered_at,
            "consented_at": participant.consented_at,
        }
        await self.participants.insert_one(document, session=session)

    async def participant(self, participant_id: str) -> Participant | None:
        document = await self.participants.find_one({"_id": participant_id})
        return Participant.model_validate(document) if document else None

    async def contest_participants(
        self, contest_id: str, nomination: str | None, skip: int, limit: int
    ) -> list[Participant]:
        query = {"contest_id": contest_id} | ({"nomination": nomination} if nomination else {})
        cursor = self.participants.find(query).sort("registered_at", ASCENDING).skip(skip)
        return [Participant.model_validate(d) for d in await cursor.limit(limit).to_list()]

    async def remembered_response(self, key: str) -> dict[str, Any] | None:
        return await self.idempotency.find_one({"_id": key})

    async def remember_response(
        self, key: str, fingerprint: str, body: dict[str, Any], session: Session
    ) -> None:
        await self.idempotency.insert_one(
            {"_id": key, "fingerprint": fingerprint, "body": body, "created_at": datetime.now(UTC)},
            session=session,
        )
