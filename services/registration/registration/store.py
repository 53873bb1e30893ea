"""Registration's MongoDB collections: contests, participants, withdrawals, erasures and
organizers, each carrying its event; the contests' announcement times (learnt from judging);
the audit trail."""

import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, computed_field
from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from forum_shared.audit import AuditTrail
from forum_shared.events import (
    ContestChanged,
    ContestOpened,
    OrganizerAdded,
    OrganizerRevoked,
    ParticipantErased,
    ParticipantRegistered,
    ParticipantWithdrawn,
)
from forum_shared.idempotency import KEY_TTL, IdempotencyKeys
from forum_shared.organizers import ORGANIZERS
from forum_shared.outbox import carrying

from .domain import Contest, Participant, anonymised, anonymised_registration

Status = Literal["registered", "withdrawn"]


class ParticipantRecord(Participant):
    """What the organizer sees: the participant, and when and why they withdrew if they did."""

    withdrawn_at: datetime | None = None
    withdrawal_reason: str | None = None
    erased_at: datetime | None = None
    erasure_reason: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def status(self) -> Status:
        return "withdrawn" if self.withdrawn_at else "registered"


def _record(document: dict[str, Any]) -> ParticipantRecord:
    withdrawal = document.get("withdrawal") or {}
    erasure = document.get("erasure") or {}
    return ParticipantRecord.model_validate(
        document
        | {
            "withdrawn_at": withdrawal.get("withdrawn_at"),
            "withdrawal_reason": withdrawal.get("reason"),
            "erased_at": erasure.get("erased_at"),
            "erasure_reason": erasure.get("reason"),
        }
    )


@dataclass(frozen=True)
class ParticipantFilter:
    """The organizers' table: a search in name, ИНН and project title; nomination; status."""

    search: str = ""
    nomination: str | None = None
    status: Status | None = None

    def query(self, contest_id: str) -> dict[str, Any]:
        query: dict[str, Any] = {"contest_id": contest_id}
        if self.nomination:
            query["nomination"] = self.nomination
        if self.status == "withdrawn":
            query["withdrawal"] = {"$exists": True}
        elif self.status == "registered":
            query["withdrawal"] = {"$exists": False}
        words = self.search.strip()[:100]
        if words:
            pattern = {"$regex": re.escape(words), "$options": "i"}
            query["$or"] = [
                {"name": pattern},
                {"inn": pattern},
                {"project.title": pattern},
            ]
        return query


class OrganizerRecord(BaseModel):
    """An organizer with a credential of their own (never the token, only its hash)."""

    id: str
    name: str
    added_at: datetime
    added_by: str
    revoked_at: datetime | None = None
    revoked_by: str | None = None


def _organizer(document: dict[str, Any]) -> OrganizerRecord:
    revocation = document.get("revocation") or {}
    return OrganizerRecord.model_validate(
        document
        | {
            "id": document["_id"],
            "revoked_at": revocation.get("revoked_at"),
            "revoked_by": revocation.get("revoked_by"),
        }
    )


OUTBOX_COLLECTIONS = (
    "contests",
    "participants",
    "withdrawals",
    ORGANIZERS,
    "organizer_revocations",
    "erasures",
)
CONTEST_CACHE_SECONDS = 1.0
CONTEST_CACHE_SIZE = 1000


class RegistrationStore:
    def __init__(self, db: AsyncDatabase[dict[str, Any]], idempotency_ttl: timedelta = KEY_TTL):
        self.contests = db["contests"]
        self.participants = db["participants"]
        self.withdrawals = db["withdrawals"]
        self.organizers = db[ORGANIZERS]
        self.organizer_revocations = db["organizer_revocations"]
        self.audit = AuditTrail(db)
        self.idempotency = IdempotencyKeys(db, idempotency_ttl)
        self.erasures = db["erasures"]
        self.announcements = db["announcements"]
        self._contest_cache: dict[str, tuple[float, Contest]] = {}

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

    async def replace_contest(self, contest: Contest, changed: ContestChanged) -> bool:
        """The contest's next revision, carrying its event; False if another change came first.

        The document carries one event at a time: a change not yet published is replaced by the
        next (which holds the whole contest, so nothing is lost), and the outbox marks as
        published only the event it actually sent. The whole document is replaced (the
        MongoDB stand-in turns a `$set` datetime or boolean into a string or an integer)."""
        previous = contest.revision - 1
        current = await self.contests.find_one({"_id": contest.id}, projection={"created_at": 1})
        if current is None:
            return False
        same_revision: dict[str, Any] = (
            {"$or": [{"revision": previous}, {"revision": {"$exists": False}}]}
            if previous == 1
            else {"revision": previous}
        )
        document = contest.model_dump() | {"_id": contest.id, "created_at": current["created_at"]}
        self._contest_cache.pop(contest.id, None)
        result = await self.contests.replace_one(
            {"_id": contest.id} | same_revision, document | carrying(changed)
        )
        return result.modified_count == 1

    async def contest(self, contest_id: str) -> Contest | None:
        document = await self.contests.find_one({"_id": contest_id})
        contest = Contest.model_validate(document) if document else None
        if contest is not None:
            self._remember(contest)
        return contest

    async def recent_contest(self, contest_id: str) -> Contest | None:
        """The contest as read at most `CONTEST_CACHE_SECONDS` ago: a rush of registrations
        reads it about once a second instead of once per application.

        For registering only. A contest changes rarely (edited before its registration opens,
        or closed early) and this process forgets its copy when it changes it; another process
        may answer from the previous revision for up to `CONTEST_CACHE_SECONDS` — an application
        accepted up to a second after an organizer closed the registration early elsewhere
        (without the cache, the same race exists for one database round trip). The window
        itself is checked against the clock on every application, so a cached contest still
        closes on time. A missing contest is not remembered: it may be opened a moment later.
        Edits read with `contest()`, always fresh, since they compare-and-set the revision."""
        now = time.monotonic()
        if (cached := self._contest_cache.get(contest_id)) and cached[0] > now:
            return cached[1]
        return await self.contest(contest_id)

    def _remember(self, contest: Contest) -> None:
        self._contest_cache.pop(contest.id, None)
        if len(self._contest_cache) >= CONTEST_CACHE_SIZE:
            self._contest_cache.pop(next(iter(self._contest_cache)))  # the oldest entry
        self._contest_cache[contest.id] = (time.monotonic() + CONTEST_CACHE_SECONDS, contest)

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
        if participant.publication_consent is not None:
            document["publication_consent"] = participant.publication_consent.model_dump()
        await self.participants.insert_one(document | (idempotency or {}) | carrying(registered))

    async def participant(self, participant_id: str) -> ParticipantRecord | None:
        document = await self.participants.find_one({"_id": participant_id})
        return _record(document) if document else None

    async def participant_by_idempotency_key(self, key: str) -> dict[str, Any] | None:
        return await self.participants.find_one({"idempotency_key": key})

    async def contest_participants(
        self, contest_id: str, where: ParticipantFilter, skip: int, limit: int
    ) -> list[ParticipantRecord]:
        cursor = self.participants.find(where.query(contest_id))
        cursor = cursor.sort([("registered_at", ASCENDING), ("_id", ASCENDING)]).skip(skip)
        return [_record(d) for d in await cursor.limit(limit).to_list()]

    async def count_participants(self, contest_id: str, where: ParticipantFilter) -> int:
        return await self.participants.count_documents(where.query(contest_id))

    async def add_withdrawal(
        self, withdrawn: ParticipantWithdrawn, reason: str | None = None
    ) -> tuple[dict[str, Any], bool]:
        """The withdrawal (one per participant, carrying its event), then the participant's mark;
        and whether this call withdrew them (False: an earlier withdrawal stands).

        A retry after a crash between the two finds the withdrawal and repairs the mark; the
        first withdrawal's time and reason stand.
        """
        document = {
            "_id": withdrawn.participant_id,
            "withdrawn_at": withdrawn.withdrawn_at,
            "reason": reason,
        }
        inserted = True
        try:
            await self.withdrawals.insert_one(document | carrying(withdrawn))
        except DuplicateKeyError:
            inserted = False
            document = await self.withdrawals.find_one({"_id": withdrawn.participant_id}) or {}
        mark = {"withdrawn_at": document["withdrawn_at"], "reason": document.get("reason")}
        await self.participants.update_one(
            {"_id": withdrawn.participant_id}, {"$set": {"withdrawal": mark}}
        )
        return document, inserted

    async def add_organizer(self, added: OrganizerAdded, added_by: str) -> OrganizerRecord:
        """The organizer, carrying `organizer.added` (with the token's hash)."""
        document = {
            "_id": added.organizer_id,
            "name": added.name,
            "token_hash": added.token_hash,
            "added_at": added.added_at,
            "added_by": added_by,
        }
        await self.organizers.insert_one(document | carrying(added))
        return _organizer(document)

    async def organizer(self, organizer_id: str) -> OrganizerRecord | None:
        document = await self.organizers.find_one({"_id": organizer_id})
        return _organizer(document) if document else None

    async def all_organizers(self) -> list[OrganizerRecord]:
        cursor = self.organizers.find(projection={"event": 0, "token_hash": 0})
        documents = await cursor.sort("added_at", ASCENDING).to_list()
        return [_organizer(document) for document in documents]

    async def add_revocation(self, revoked: OrganizerRevoked, revoked_by: str) -> dict[str, Any]:
        """The revocation (one per organizer, carrying its event), then the organizer's mark,
        as a withdrawal: a retry after a crash between the two repairs the mark, the first
        revocation's time stands."""
        document = {
            "_id": revoked.organizer_id,
            "revoked_at": revoked.revoked_at,
            "revoked_by": revoked_by,
        }
        try:
            await self.organizer_revocations.insert_one(document | carrying(revoked))
        except DuplicateKeyError:
            found = await self.organizer_revocations.find_one({"_id": revoked.organizer_id})
            document = found or document
        mark = {"revoked_at": document["revoked_at"], "revoked_by": document["revoked_by"]}
        await self.organizers.update_one(
            {"_id": revoked.organizer_id}, {"$set": {"revocation": mark}}
        )
        return document

    async def add_erasure(
        self, erased: ParticipantErased, actor_id: str
    ) -> tuple[dict[str, Any], bool]:
        """The erasure (one per participant, carrying its `participant.erased`), and whether it
        is new; a second one finds the first, which stands (its time, reason and actor), and
        publishes nothing."""
        document = {
            "_id": erased.participant_id,
            "contest_id": erased.contest_id,
            "erased_at": erased.erased_at,
            "reason": erased.reason,
            "erased_by": actor_id,
        }
        try:
            await self.erasures.insert_one(document | carrying(erased))
        except DuplicateKeyError:
            return await self.erasures.find_one({"_id": erased.participant_id}) or document, False
        return document, True

    async def anonymise_participant(self, participant_id: str, erasure: dict[str, Any]) -> None:
        """Every copy registration keeps of the person, made neutral (`domain.erasure`): the
        participant's fields, the `participant.registered` its document carries (published or
        not: an unpublished one goes out without the person), the withdrawal's reason. Each
        write is idempotent, and the erasure is marked `finished` last: a crash in between
        leaves it to `unfinished_erasures`, which the retention sweep repairs."""
        document = await self.participants.find_one({"_id": participant_id})
        if document is None:
            await self.erasures.update_one({"_id": participant_id}, {"$set": {"finished": True}})
            return
        participant = Participant.model_validate(document)
        erased = anonymised(participant)
        changes: dict[str, Any] = {
            "name": erased.name,
            "inn": erased.inn,
            "contact": erased.contact.model_dump(),
            "members": [],
            "members_erased": len(participant.members) or document.get("members_erased", 0),
            "duplicate_key": erased.duplicate_key,
            "erasure": {"erased_at": erasure["erased_at"], "reason": erasure["reason"]},
        }
        if "request_fingerprint" in document:
            changes["request_fingerprint"] = "erased"
        if "event" in document:
            carried = document["event"]
            body = anonymised_registration(carried["body"], participant)
            others = [
                anonymised_registration(other, participant)
                for other in carried.get("other_versions", ())
            ]
            changes["event"] = (
                carried | {"body": body} | ({"other_versions": others} if others else {})
            )
        await self.withdrawals.update_one(
            {"_id": participant_id, "reason": {"$ne": None}}, {"$set": {"reason": None}}
        )
        await self.participants.update_one({"_id": participant_id}, {"$set": changes})
        await self.erasures.update_one({"_id": participant_id}, {"$set": {"finished": True}})

    async def unfinished_erasures(self) -> list[dict[str, Any]]:
        """Erasures whose copies are not all made neutral yet (a crash between the writes)."""
        return await self.erasures.find(
            {"finished": {"$exists": False}}, projection={"event": 0}
        ).to_list()

    async def erasure(self, participant_id: str) -> dict[str, Any] | None:
        return await self.erasures.find_one({"_id": participant_id})

    async def participant_document(self, participant_id: str) -> dict[str, Any] | None:
        return await self.participants.find_one({"_id": participant_id})

    async def withdrawal(self, participant_id: str) -> dict[str, Any] | None:
        return await self.withdrawals.find_one({"_id": participant_id})

    # contests' announcements, learnt from judging's `winners.announced`

    async def learn_announcement(self, contest_id: str, announced_at: datetime) -> None:
        """The first announcement of a contest stands (a contest is announced once)."""
        await self.announcements.update_one(
            {"_id": contest_id}, {"$setOnInsert": {"announced_at": announced_at}}, upsert=True
        )

    async def announced_before(self, moment: datetime) -> list[str]:
        """The contests announced at or before `moment`."""
        query = {"announced_at": {"$lte": moment}}
        return [d["_id"] async for d in self.announcements.find(query, projection={"_id": 1})]

    async def unerased_participants(self, contest_id: str) -> list[str]:
        query = {"contest_id": contest_id, "erasure": {"$exists": False}}
        return [d["_id"] async for d in self.participants.find(query, projection={"_id": 1})]
