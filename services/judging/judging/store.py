"""Judging's MongoDB collections, and the fence that keeps the announcement exact without a
contest-wide lock and without multi-document transactions.

Collections
-----------
- `contests`, `roster`: learnt from events (upserts by the event's ids).
- `juror_tokens`: a juror's id, contest and the hash of their token (the credential only).
- `judging`: one document per contest (`_id` = contest id): the fence (`phase`, `epoch`,
  `closing`, `tickets`), the criteria (`criteria`, `criteria_version`, `scored`), the jury
  (`jurors`, `jurors_version`: names, nominations, conflicts, revocations) and
  `scorecards_version`, raised whenever a revision lands (its release, or a settle that finds
  it landed): with the other versions, what the leaderboard's cache is keyed by
  (`standings_cache`).
- `scorecard_revisions`: one inserted document per revision of a juror's scorecard for a
  participant, carrying its `score.submitted` (the outbox); unique on (juror_id,
  participant_id, revision). A juror's current scorecard is their latest revision.
- `announcements`: the announcement, carrying `winners.announced`; `_id` = `<contest>:<epoch>`,
  unique on `contest_id`.

Scorecards never conflict with each other
-----------------------------------------
A revision is stored at `latest + 1` by an insert the unique index (juror, participant,
revision) guards: two revisions of one scorecard racing for a number get distinct, gapless
numbers (the loser reads the latest again and takes the next; the first revision is tried at
1 without a read). Scorecards of other jurors or participants touch other index keys, so they
never collide. The only document all of a contest's scorecards write to is the judging
document, and only with `$push`/`$pull` of a ticket and an `$inc` of `scorecards_version`,
which never fail each other.

The fence: what the announcement is computed from
------------------------------------------------
The announcement is computed from the criteria, the jury and the scorecards. Criteria and jury
live in the judging document: changing them is one compare-and-set update of it with
`phase: "open"` in its filter (criteria additionally `scored: 0` and no ticket), so they are
atomic with the fence by construction. A scorecard revision is a document of its own, so its
writer follows this protocol:

1. Admit: `find_one_and_update({_id: contest, phase: "open", criteria_version ≥ 1},
   {$push: {tickets: T}})` with a fresh ticket T, returning the judging document. No match:
   refused (announced, being announced, or no criteria). The returned document is the state
   the write is decided on (criteria, the juror's entry): none of it can change before T is
   released, since criteria changes require no ticket and the fence cannot reopen under it.
2. Decide (validation, the juror's rights). A refusal releases T: `$pull` it.
3. Insert the revision with `_id = T`. A duplicate `_id` means T was voided (below): refused.
4. Release: `$pull: {tickets: T}, $set: {scored: 1}, $inc: {scorecards_version: 1}`; then
   acknowledge.
   If the insert's outcome is unknown (an error, a crash), T is left registered: whoever
   needs the fence resolves it (below); the writer answers an error, not an acknowledgement.

The announcer (`commands.announce`):

a. Close: compare-and-set `phase: "open"` (at the epoch read) to `"closing"` with
   `epoch + 1` and `closing: {epoch, holder, until}` (a lease). From here no ticket can be
   added and no criteria or jury change admitted. The tickets in the returned document are
   all the writes that may still land.
b. Settle (`settle`): wait for those tickets to be released, at most `grace_seconds`. For each
   still registered, insert a tombstone `{_id: T}` into `scorecard_revisions`: if it goes in,
   the writer's insert (step 3) can never succeed and the write is refused; if `_id` T exists
   already as a revision, that revision is in the database before anything is read next.
   Released tickets were inserted (or refused) before their release. So after settling, every
   revision that is or ever will be acknowledged is in the database, and no other can appear.
c. Read criteria, jury, roster and scorecards; compute the standings. The scorecards may be
   known already: standings computed from a read that began after the judging document showed
   `scorecards_version` V and no ticket (the check before closing computes them so, or the
   leaderboard did, `standings_cache`) hold every revision there is if the document still
   shows V now, after settling. No ticket was registered then, so any revision written since
   was admitted later; it landed only if its release raised V (step 4) or, still registered
   here, the settle found it landed and raised V itself. Criteria, jury and roster are read
   here either way and must equal those the standings were computed from.
d. Incomplete and not forced: void the epoch (insert a tombstone `_id = <contest>:<epoch>`
   into `announcements`) and reopen (`phase: "open"` where the holder is still this one);
   answer 409. If the tombstone cannot go in, the epoch's announcement exists: it is returned.
e. Insert the announcement with `_id = <contest>:<epoch>` (it carries `winners.announced`),
   then set `phase: "announced"` (tickets cleared). A duplicate key: another announcer of the
   same epoch stored it first, or the epoch was voided; the announcer reads again.

Why it holds (a scorecard racing the announcement is in it or refused, never acknowledged and
missing): a write acknowledged before the announcement was admitted while the fence was open
(1), before the close (a), so its ticket is in the close's result; settling (b) ends with its
revision in the database, before the read (c). A write admitted after the close is impossible;
a write admitted before it either is in the database before the read or can never be (its
`_id` is taken), and is then refused. A ticket may be resolved twice (two announcers, a
criteria change): a tombstone found where one was inserted means voided, so both agree.
One announcement per contest: an epoch ends either with its announcement stored or with its
tombstone, never both (same `_id`); a new epoch starts only after the previous one was voided;
`contest_id` is unique among announcements besides. It is published once because it is
inserted once.

Crashes
-------
- A writer dies after admit, before or after its insert: its ticket stays until a fence user
  resolves it (b): voided, or found landed. A criteria change meeting a ticket resolves it the
  same way (a landed one locks the criteria).
- An announcer dies while holding the fence: scorecards are refused (409 "being announced")
  until its lease (`lease_seconds`) runs out; the next announcement request takes the epoch
  over (compare-and-set on the holder) and carries on; steps b–e are idempotent. A slow
  announcer that wakes after a take-over cannot store a stale announcement: the epoch is either
  announced already (duplicate key) or was voided before the fence reopened.
- An announcer dies after (e)'s insert, before `phase: "announced"`: the next request finds
  the announcement and finishes the phase.

Reads and writes assume one primary (linearizable single-document operations: the defaults
with `w: "majority"` on a replica set). Tombstones carry `voided_at` and none of the indexed
fields (the unique indexes are sparse), so readers never see them.

For the MongoDB stand-in used in tests: datetimes and booleans are written only in inserted
documents or whole top-level subdocuments; subdocuments are never `$push`ed (it stores them as
strings), so the jury is `$set` whole under a compare-and-set on `jurors_version`; only plain
strings (tickets) are pushed.
"""

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from forum_shared.audit import AuditTrail
from forum_shared.events import ContestChanged as ContestChangedEvent
from forum_shared.events import (
    ContestOpened,
    Event,
    ParticipantErased,
    ParticipantRegistered,
    ParticipantWithdrawn,
)
from forum_shared.idempotency import KEY_TTL, IdempotencyKeys
from forum_shared.outbox import carrying
from forum_shared.personal_data import neutral_label

from .domain import Phase, Scorecard, TicketOutcomes, next_revision
from .errors import ContestUnknown
from .records import (
    Announcement,
    Closing,
    Contest,
    CriteriaRecord,
    Erasure,
    JudgingRecord,
    JurorEntry,
    JurorToken,
    Registration,
    RosterEntry,
    ScorecardRevision,
    Withdrawal,
    latest_revisions,
)

REVISIONS = "scorecard_revisions"
ANNOUNCEMENTS = "announcements"
OUTBOX_COLLECTIONS = (REVISIONS, ANNOUNCEMENTS)
SCORECARD_FIELDS = {
    field: 1
    for field in (
        "contest_id",
        "juror_id",
        "participant_id",
        "nomination",
        "revision",
        "scores",
        "weighted_total",
        "comment",
        "submitted_at",
    )
}
SCORE_FIELDS = {
    field: 1 for field in ("juror_id", "participant_id", "revision", "scores", "weighted_total")
}
Collection = AsyncCollection[dict[str, Any]]


class JudgingStore:
    def __init__(
        self,
        db: AsyncDatabase[dict[str, Any]],
        *,
        grace_seconds: float = 2.0,
        lease_seconds: float = 30.0,
        poll_seconds: float = 0.01,
        idempotency_ttl: timedelta = KEY_TTL,
    ):
        """`grace_seconds`: how long a closing fence waits for writes in flight before voiding
        them; `lease_seconds`: how long an announcer holds the fence before another may take
        it over."""
        self.contests = db["contests"]
        self.roster = db["roster"]
        self.tokens = db["juror_tokens"]
        self.judging_documents = db["judging"]
        self.revisions = db[REVISIONS]
        self.announcements = db[ANNOUNCEMENTS]
        self.audit = AuditTrail(db)
        self.idempotency = IdempotencyKeys(db, idempotency_ttl)
        self.grace_seconds = grace_seconds
        self.lease = timedelta(seconds=lease_seconds)
        self.poll_seconds = poll_seconds

    async def ensure_indexes(self) -> None:
        await self.roster.create_index("contest_id")
        await self.tokens.create_index("token_sha256", unique=True)
        await self.revisions.create_index(
            [("juror_id", ASCENDING), ("participant_id", ASCENDING), ("revision", ASCENDING)],
            unique=True,
            sparse=True,
        )
        await self.revisions.create_index([("contest_id", ASCENDING), ("juror_id", ASCENDING)])
        await self.announcements.create_index("contest_id", unique=True, sparse=True)

    # learnt from events: each write is an upsert by the event's ids, so applying it twice
    # changes nothing

    async def learn_contest(self, event: ContestOpened | ContestChangedEvent) -> None:
        """A newer revision replaces an older one, never the reverse (`contest.opened` is
        revision 1; the queues are per event type, so a change may arrive before it)."""
        revision = event.revision if isinstance(event, ContestChangedEvent) else 1
        contest = Contest(
            _id=event.contest_id,
            title=event.title,
            nominations=event.nominations,
            places_per_nomination=event.places_per_nomination,
            revision=revision,
        )
        older = {"$or": [{"revision": {"$exists": False}}, {"revision": {"$lt": revision}}]}
        with contextlib.suppress(DuplicateKeyError):  # a newer revision is known already
            await self.contests.replace_one(
                {"_id": contest.id} | older, contest.document(), upsert=True
            )

    async def register(self, event: ParticipantRegistered) -> None:
        registration = Registration(
            display_name=event.display_name,
            registered_at=event.registered_at,
            project_title=event.project_title,
            name_public=event.name_public,
        )
        await self._learn_participant(event, {"registration": registration.model_dump()})
        await self._keep_erased(event.participant_id)

    async def erase(self, event: ParticipantErased) -> None:
        """The roster keeps no contact; a person's name becomes the neutral label, here and in
        the announcement that names them as a winner (and the event it carries). Scores and
        jurors' comments stay: they are about the project, and the results stand. A
        registration consumed after the erasure is anonymised as it arrives (`register`)."""
        erasure = Erasure(erased_at=event.erased_at, name_erased=event.name_erased)
        await self.roster.update_one(
            {"_id": event.participant_id},
            {"$set": {"contest_id": event.contest_id, "erasure": erasure.model_dump()}},
            upsert=True,
        )
        await self._keep_erased(event.participant_id)
        if event.name_erased:
            await self._unname_winner(event.contest_id, event.participant_id)

    async def _keep_erased(self, participant_id: str) -> None:
        """After either write (registration or erasure), whichever came second sees the other:
        an erased person's name never stays in the roster."""
        entry = await self.roster_entry(participant_id)
        if entry is None or entry.erasure is None or not entry.erasure.name_erased:
            return
        if entry.registration is None:
            return
        label = neutral_label(participant_id)
        if entry.registration.display_name != label:
            registration = entry.registration.model_copy(update={"display_name": label})
            await self.roster.update_one(
                {"_id": participant_id}, {"$set": {"registration": registration.model_dump()}}
            )

    async def unname_erased_winners(self, announcement: Announcement) -> None:
        """An announcement computed from a roster read before an erasure was applied, and
        stored after its handler looked: the erased person's name goes from it too."""
        winners = [w.participant_id for n in announcement.nominations for w in n.winners]
        query = {"_id": {"$in": winners}, "erasure": {"$exists": True}}
        async for document in self.roster.find(query, projection={"erasure": 1}):
            if document["erasure"].get("name_erased"):
                await self._unname_winner(announcement.contest_id, document["_id"])

    async def _unname_winner(self, contest_id: str, participant_id: str) -> None:
        query = {"contest_id": contest_id, "announcement_id": {"$exists": True}}
        async for document in self.announcements.find(query):
            changes = {"nominations": _unnamed(document.get("nominations", []), participant_id)}
            if "event" in document:
                event = document["event"]
                body = event["body"] | {
                    "nominations": _unnamed(event["body"].get("nominations", []), participant_id)
                }
                others = [
                    other | {"nominations": _unnamed(other.get("nominations", []), participant_id)}
                    for other in event.get("other_versions", [])
                ]
                changes["event"] = (
                    event | {"body": body} | ({"other_versions": others} if others else {})
                )
            await self.announcements.update_one({"_id": document["_id"]}, {"$set": changes})

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

    async def all_contests(self) -> list[Contest]:
        return [Contest.model_validate(d) async for d in self.contests.find().sort("_id", 1)]

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

    # the judging document: criteria and jury change by compare-and-set, only while open

    async def judging(self, contest_id: str) -> JudgingRecord:
        """As stored, or the state of a contest nobody set up yet (open, no criteria, no jury)."""
        document = await self.judging_documents.find_one({"_id": contest_id})
        return JudgingRecord.model_validate(document or {"_id": contest_id})

    async def ensure_judging(self, contest_id: str) -> None:
        initial = JudgingRecord(_id=contest_id).document()
        del initial["_id"]
        with contextlib.suppress(DuplicateKeyError):  # a concurrent upsert created it
            await self.judging_documents.update_one(
                {"_id": contest_id}, {"$setOnInsert": initial}, upsert=True
            )

    async def replace_criteria(
        self, contest_id: str, criteria: CriteriaRecord, seen_version: int
    ) -> bool:
        """Only while open, before any scorecard, with no scorecard write in flight."""
        changed = await self.judging_documents.update_one(
            {
                "_id": contest_id,
                "phase": Phase.OPEN,
                "scored": 0,
                "tickets": {"$size": 0},
                "criteria_version": seen_version,
            },
            {"$set": {"criteria": criteria.model_dump(), "criteria_version": seen_version + 1}},
        )
        return changed.modified_count == 1

    async def mark_scored(self, contest_id: str) -> None:
        """Scorecards landed without their writer's release (or were written around it)."""
        await self.judging_documents.update_one(
            {"_id": contest_id}, {"$set": {"scored": 1}, "$inc": {"scorecards_version": 1}}
        )

    async def replace_jurors(
        self, contest_id: str, jurors: list[JurorEntry], seen_version: int
    ) -> bool:
        """Only while open, and only if nobody changed the jury since `seen_version`."""
        changed = await self.judging_documents.update_one(
            {"_id": contest_id, "phase": Phase.OPEN, "jurors_version": seen_version},
            {
                "$set": {
                    "jurors": [juror.model_dump() for juror in jurors],
                    "jurors_version": seen_version + 1,
                }
            },
        )
        return changed.modified_count == 1

    # jurors' credentials

    async def add_token(self, token: JurorToken) -> None:
        await self.tokens.insert_one(token.document())

    async def remove_token(self, juror_id: str) -> None:
        await self.tokens.delete_one({"_id": juror_id})

    async def juror_token(self, token_sha256: str) -> JurorToken | None:
        document = await self.tokens.find_one({"token_sha256": token_sha256})
        return JurorToken.model_validate(document) if document else None

    # scorecards: admitted through the fence

    async def admit(self, contest_id: str, ticket: str) -> JudgingRecord | None:
        """Register a scorecard write; None if the fence is not open or there are no criteria."""
        document = await self.judging_documents.find_one_and_update(
            {"_id": contest_id, "phase": Phase.OPEN, "criteria_version": {"$gte": 1}},
            {"$push": {"tickets": ticket}},
            return_document=ReturnDocument.AFTER,
        )
        return JudgingRecord.model_validate(document) if document else None

    async def release(self, contest_id: str, ticket: str, *, stored: bool) -> None:
        change: dict[str, Any] = {"$pull": {"tickets": ticket}}
        if stored:
            change["$set"] = {"scored": 1}
            change["$inc"] = {"scorecards_version": 1}
        await self.judging_documents.update_one({"_id": contest_id}, change)

    async def add_revision(
        self,
        ticket: str,
        juror_id: str,
        participant_id: str,
        build: Callable[[int], tuple[ScorecardRevision, Event]],
    ) -> ScorecardRevision | None:
        """Insert the next revision (`build(number)`) under `_id` = the ticket; None if the
        ticket was voided."""
        number = next_revision(None)
        while True:
            revision, event = build(number)
            assert revision.id == ticket, "a revision is stored under its writer's ticket"
            try:
                await self.revisions.insert_one(revision.document() | carrying(event))
                return revision
            except DuplicateKeyError:
                holder = await self.revisions.find_one(
                    {"_id": ticket}, projection=SCORECARD_FIELDS | {"voided_at": 1}
                )
                if holder is not None and "voided_at" in holder:
                    return None
                if holder is not None:  # this very insert landed, and was retried
                    return ScorecardRevision.model_validate(holder)
                number = next_revision(await self.latest_revision(juror_id, participant_id))

    async def latest_revision(self, juror_id: str, participant_id: str) -> int | None:
        latest = await self.revisions.find_one(
            {"juror_id": juror_id, "participant_id": participant_id},
            sort=[("revision", DESCENDING)],
            projection={"revision": 1},
        )
        return latest["revision"] if latest else None

    async def latest_scorecards(
        self, contest_id: str, juror_id: str | None = None
    ) -> list[ScorecardRevision]:
        query = {"contest_id": contest_id} | ({"juror_id": juror_id} if juror_id else {})
        cursor = self.revisions.find(query, projection=SCORECARD_FIELDS)
        return latest_revisions([ScorecardRevision.model_validate(d) async for d in cursor])

    async def participant_documents(self, participant_id: str) -> dict[str, Any] | None:
        """Every document about one participant, as stored (a data subject's request): the
        roster entry, the scorecard revisions for them, and the announcements naming them."""
        entry = await self.roster.find_one({"_id": participant_id})
        if entry is None:
            return None
        revisions = await self.revisions.find(
            {"participant_id": participant_id}, projection=SCORECARD_FIELDS
        ).to_list()
        announced = self.announcements.find(
            {"contest_id": entry.get("contest_id"), "announcement_id": {"$exists": True}},
            projection={"event": 0, "event_delivery": 0, "event_attempts": 0},
        )
        announcements = [
            document
            async for document in announced
            if any(
                winner.get("participant_id") == participant_id
                for nomination in document.get("nominations", [])
                for winner in nomination.get("winners", [])
            )
        ]
        return {"roster": entry, "scorecards": revisions, "announcements": announcements}

    async def latest_scores(self, contest_id: str) -> list[Scorecard]:
        """Each juror's latest scorecard for each participant, as the domain ranks them: only
        the fields it needs are read, and no record is built per revision (they were
        validated when written)."""
        latest: dict[tuple[str, str], dict[str, Any]] = {}
        cursor = self.revisions.find({"contest_id": contest_id}, projection=SCORE_FIELDS)
        async for document in cursor:
            key = (document["juror_id"], document["participant_id"])
            seen = latest.get(key)
            if seen is None or document["revision"] > seen["revision"]:
                latest[key] = document
        return [
            Scorecard(juror_id, participant_id, float(d["weighted_total"]), _floats(d["scores"]))
            for (juror_id, participant_id), d in latest.items()
        ]

    # the announcement: close, settle, read, then store or reopen

    async def close(self, contest_id: str, seen_epoch: int, holder: str) -> JudgingRecord | None:
        """Open → closing, as epoch `seen_epoch + 1`; None if the fence was not open there."""
        epoch = seen_epoch + 1
        closing = Closing(epoch=epoch, holder=holder, until=self._lease_end())
        document = await self.judging_documents.find_one_and_update(
            {"_id": contest_id, "phase": Phase.OPEN, "epoch": seen_epoch},
            {"$set": {"phase": Phase.CLOSING, "epoch": epoch, "closing": closing.model_dump()}},
            return_document=ReturnDocument.AFTER,
        )
        return JudgingRecord.model_validate(document) if document else None

    async def take_over(self, contest_id: str, seen: Closing, holder: str) -> JudgingRecord | None:
        """Hold the fence of an announcer whose lease ran out, in its epoch."""
        closing = Closing(epoch=seen.epoch, holder=holder, until=self._lease_end())
        document = await self.judging_documents.find_one_and_update(
            {
                "_id": contest_id,
                "phase": Phase.CLOSING,
                "epoch": seen.epoch,
                "closing.holder": seen.holder,
            },
            {"$set": {"closing": closing.model_dump()}},
            return_document=ReturnDocument.AFTER,
        )
        return JudgingRecord.model_validate(document) if document else None

    async def settle(self, contest_id: str, tickets: Iterable[str]) -> TicketOutcomes:
        """Wait up to the grace period for these writes to finish, then resolve the rest: each
        is voided, or found in the database. Afterwards no other revision can appear."""
        registered = set(tickets)
        still = set(registered)
        deadline = time.monotonic() + self.grace_seconds
        while still and time.monotonic() < deadline:
            await asyncio.sleep(self.poll_seconds)
            document = await self.judging_documents.find_one(
                {"_id": contest_id}, projection={"tickets": 1}
            )
            still &= set((document or {}).get("tickets", []))
        tombstoned = {ticket for ticket in still if await self._void(self.revisions, ticket)}
        if still:
            change: dict[str, Any] = {"$pullAll": {"tickets": sorted(still)}}
            if still - tombstoned:  # landed without their writer's release
                change["$inc"] = {"scorecards_version": 1}
            await self.judging_documents.update_one({"_id": contest_id}, change)
        return TicketOutcomes.resolve(registered, still, tombstoned)

    async def store_announcement(self, announcement: Announcement, event: Event) -> bool:
        """False: its epoch was voided, or another announcer stored the announcement first."""
        try:
            await self.announcements.insert_one(announcement.document() | carrying(event))
        except DuplicateKeyError:
            return False
        return True

    async def void_epoch(self, contest_id: str, epoch: int) -> bool:
        """Make sure no announcement is ever stored in this epoch; False if one is."""
        return await self._void(self.announcements, announcement_key(contest_id, epoch))

    async def reopen(self, contest_id: str, holder: str) -> bool:
        changed = await self.judging_documents.update_one(
            {"_id": contest_id, "phase": Phase.CLOSING, "closing.holder": holder},
            {"$set": {"phase": Phase.OPEN}, "$unset": {"closing": ""}},
        )
        return changed.modified_count == 1

    async def mark_announced(self, contest_id: str) -> None:
        await self.judging_documents.update_one(
            {"_id": contest_id},
            {"$set": {"phase": Phase.ANNOUNCED, "tickets": []}, "$unset": {"closing": ""}},
        )

    async def announcement(self, contest_id: str) -> Announcement | None:
        document = await self.announcements.find_one({"contest_id": contest_id})
        return Announcement.model_validate(document) if document else None

    async def all_announcements(self) -> list[Announcement]:
        """Every contest's announcement, the latest first (not the voided epochs' tombstones)."""
        cursor = self.announcements.find({"announcement_id": {"$exists": True}}).sort(
            "announced_at", DESCENDING
        )
        return [Announcement.model_validate(document) async for document in cursor]

    async def _void(self, collection: Collection, document_id: str) -> bool:
        """Take `document_id` with a tombstone; False if a real document holds it."""
        try:
            await collection.insert_one({"_id": document_id, "voided_at": datetime.now(UTC)})
        except DuplicateKeyError:
            holder = await collection.find_one({"_id": document_id}, projection={"voided_at": 1})
            return holder is not None and "voided_at" in holder
        return True

    def _lease_end(self) -> datetime:
        return datetime.now(UTC) + self.lease


def _unnamed(nominations: list[dict[str, Any]], participant_id: str) -> list[dict[str, Any]]:
    """Stored winners (JSON) with the participant's name replaced by the neutral label."""
    label = neutral_label(participant_id)
    return [
        nomination
        | {
            "winners": [
                winner | {"display_name": label}
                if winner.get("participant_id") == participant_id
                else winner
                for winner in nomination.get("winners", [])
            ]
        }
        for nomination in nominations
    ]


def _floats(scores: dict[str, Any]) -> dict[str, float]:
    return {criterion: float(score) for criterion, score in scores.items()}


def announcement_key(contest_id: str, epoch: int) -> str:
    return f"{contest_id}:{epoch}"
