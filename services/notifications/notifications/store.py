"""The notifications service's MongoDB collections: recipients, the delivery log, webhooks,
and each contest's announcement (for participants whose registration is consumed after it).

Datetimes that change after insertion live in subdocuments written whole (`delivery`, `lease`):
the MongoDB stand-in used in tests turns a datetime `$set` at a field path into a string, a
whole subdocument keeps its types, and real MongoDB treats both alike.
"""

import uuid
from datetime import datetime, timedelta
from typing import Any

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from forum_shared.audit import AuditTrail
from forum_shared.events import WinnersAnnounced
from forum_shared.idempotency import KEY_TTL, IdempotencyKeys
from forum_shared.personal_data import ERASED_MARKER, neutral_label

from .domain import NotificationStatus, Recipient, anonymised_context, scrubbed
from .records import EMAIL_CHANNEL, Delivery, Notification, Webhook

RETRYABLE = [NotificationStatus.PENDING, NotificationStatus.FAILED]
DUPLICATE_KEY = 11000


class NotificationStore:
    def __init__(self, db: AsyncDatabase[dict[str, Any]], idempotency_ttl: timedelta = KEY_TTL):
        self.recipients = db["recipients"]
        self.notifications = db["notifications"]
        self.webhooks = db["webhooks"]
        self.announcements = db["announcements"]
        self.audit = AuditTrail(db)
        self.idempotency = IdempotencyKeys(db, idempotency_ttl)
        self._unread: list[tuple[NotificationStatus, list[str], str]] = []

    async def ensure_indexes(self) -> None:
        await self.recipients.create_index("contest_id")
        await self.notifications.create_index(
            [("delivery.status", ASCENDING), ("delivery.next_attempt_at", ASCENDING)]
        )
        for field in ("contest_id", "participant_id"):
            await self.notifications.create_index([(field, ASCENDING), ("created_at", DESCENDING)])
        await self.notifications.create_index("created_at")
        await self.webhooks.create_index("active")

    async def save_recipient(self, contest_id: str, recipient: Recipient) -> None:
        # $set, not a replacement: a withdrawal that arrived first keeps its mark.
        await self.recipients.update_one(
            {"_id": recipient.participant_id},
            {"$set": recipient.model_dump() | {"contest_id": contest_id}},
            upsert=True,
        )

    async def mark_withdrawn(self, contest_id: str, participant_id: str) -> None:
        await self.recipients.update_one(
            {"_id": participant_id},
            {"$set": {"contest_id": contest_id, "withdrawn": True}},
            upsert=True,
        )

    async def current_recipient(self, contest_id: str, participant_id: str) -> Recipient | None:
        """The participant, unless they withdrew or were erased (or only their withdrawal is
        known)."""
        query = {"_id": participant_id, "contest_id": contest_id, "withdrawn": {"$ne": True}}
        query |= {"email": {"$exists": True}, "erased": {"$exists": False}}
        document = await self.recipients.find_one(query)
        return Recipient.model_validate(document) if document else None

    # erasure (participant.erased): every copy of the participant's contact made neutral

    async def erase_recipient(
        self, contest_id: str, participant_id: str, erased_at: datetime, name_erased: bool
    ) -> None:
        """The recipient keeps no contact, only the mark that they were erased: no letter is
        planned for them again (a recipient without an address gets none)."""
        mark = {"erased_at": erased_at, "name_erased": name_erased}
        named = {"display_name": neutral_label(participant_id)} if name_erased else {}
        await self.recipients.update_one(
            {"_id": participant_id},
            {
                "$set": {"contest_id": contest_id, "erased": mark} | named,
                "$unset": {"email": "", "contact_name": ""},
            },
            upsert=True,
        )

    async def forget_contact(self, participant_id: str) -> None:
        await self.recipients.update_one(
            {"_id": participant_id}, {"$unset": {"email": "", "contact_name": ""}}
        )

    async def erased_among(self, participant_ids: list[str]) -> dict[str, bool]:
        """Of these participants, the erased ones, each with whether their name was erased."""
        if not participant_ids:
            return {}
        cursor = self.recipients.find(
            {"_id": {"$in": participant_ids}, "erased": {"$exists": True}},
            projection={"erased": 1},
        )
        return {d["_id"]: bool(d["erased"].get("name_erased")) async for d in cursor}

    async def anonymise_letters(
        self, contest_id: str, participant_id: str, name_erased: bool
    ) -> None:
        """Their letters keep that they were sent, when and how, but not to whom nor what they
        said about them; those not sent yet are cancelled. Letters to others that name them
        (a person's name only) lose the name."""
        async for document in self.notifications.find({"participant_id": participant_id}):
            notification = Notification.model_validate(document)
            address = notification.recipient if notification.channel == EMAIL_CHANNEL else None
            delivery = notification.delivery
            state = delivery.state.cancelled()
            changes = {
                "recipient": ERASED_MARKER if address else notification.recipient,
                "context": anonymised_context(
                    notification.context, participant_id, own=True, name_erased=name_erased
                ),
                "delivery": delivery.model_copy(
                    update={
                        "status": str(state.status),
                        "next_attempt_at": state.next_attempt_at,
                        "last_error": scrubbed(delivery.last_error, address or ""),
                    }
                ).model_dump(),
            }
            await self.notifications.update_one({"_id": notification.id}, {"$set": changes})
        if not name_erased:
            return
        others = {"contest_id": contest_id, "participant_id": {"$ne": participant_id}}
        async for document in self.notifications.find(others, projection={"context": 1}):
            context = anonymised_context(
                document["context"], participant_id, own=False, name_erased=True
            )
            if context != document["context"]:
                await self.notifications.update_one(
                    {"_id": document["_id"]}, {"$set": {"context": context}}
                )
        announcement = await self.announcements.find_one({"_id": contest_id})
        if announcement is not None:
            event = anonymised_context(
                announcement["event"], participant_id, own=False, name_erased=True
            )
            await self.announcements.update_one({"_id": contest_id}, {"$set": {"event": event}})

    async def participant_documents(self, participant_id: str) -> dict[str, Any] | None:
        """What the service keeps about one participant, as stored (a data subject's request):
        the recipient and every letter to them (with its template's context)."""
        recipient = await self.recipients.find_one({"_id": participant_id})
        letters = await self.notifications.find(
            {"participant_id": participant_id}, projection={"lease": 0}
        ).to_list()
        if recipient is None and not letters:
            return None
        return {"recipient": recipient, "notifications": letters}

    async def save_announcement(self, event: WinnersAnnounced) -> None:
        """Kept whole (its JSON form, one top-level field), one per contest."""
        await self.announcements.update_one(
            {"_id": event.contest_id},
            {"$set": {"event": event.model_dump(mode="json")}},
            upsert=True,
        )

    async def announcement(self, contest_id: str) -> WinnersAnnounced | None:
        document = await self.announcements.find_one({"_id": contest_id})
        return WinnersAnnounced.model_validate(document["event"]) if document else None

    async def contest_recipients(self, contest_id: str) -> list[Recipient]:
        """The contest's participants still in it (a withdrawal or an erasure seen alone has no
        address)."""
        query = {
            "contest_id": contest_id,
            "withdrawn": {"$ne": True},
            "email": {"$exists": True},
            "erased": {"$exists": False},
        }
        cursor = self.recipients.find(query).sort("_id", ASCENDING)
        return [Recipient.model_validate(document) async for document in cursor]

    async def add_notifications(self, notifications: list[Notification]) -> None:
        """Inserts those not recorded yet: an event applied again (a redelivery that found no
        inbox marker) leaves the records it made the first time, sent or not, as they are."""
        if not notifications:
            return
        documents = [n.document() | {"lease": {"until": n.created_at}} for n in notifications]
        try:
            await self.notifications.insert_many(documents, ordered=False)
        except BulkWriteError as error:
            if any(e["code"] != DUPLICATE_KEY for e in error.details["writeErrors"]):
                raise

    async def claim_due(
        self, status: NotificationStatus, now: datetime, lease: timedelta, limit: int
    ) -> list[Notification]:
        """Lease up to `limit` notifications in `status` (a lane: first attempts are `pending`,
        retries `failed`) that are due, the longest waiting first.

        One range on the (status, next_attempt_at) index finds them; one `update_many` leases
        them under a token of this claim, its filter repeating the due condition, so that of
        two dispatchers racing for one notification only one takes it; the leased ones are
        read back by that token.
        """
        for unread in [claim for claim in self._unread if claim[0] == status]:
            self._unread.remove(unread)
            if owned := await self._read_back(*unread):
                return owned
        due = {
            "delivery.status": status,
            "delivery.next_attempt_at": {"$lte": now},
            "lease.until": {"$lte": now},
        }
        while True:
            candidates = (
                await self.notifications.find(due, projection={"_id": 1})
                .sort("delivery.next_attempt_at", ASCENDING)
                .limit(limit)
                .to_list()
            )
            if not candidates:
                return []
            ids = [candidate["_id"] for candidate in candidates]
            token = uuid.uuid4().hex
            unread = (status, ids, token)
            try:
                await self.notifications.update_many(
                    {"_id": {"$in": ids}} | due,
                    {"$set": {"lease": {"until": now + lease, "token": token}}},
                )
            except BaseException:  # the lease may be written all the same: read it later
                self._unread.append(unread)
                raise
            if owned := await self._read_back(*unread):
                return owned
            # Another dispatcher leased all of them between our read and our lease: read again.

    async def _read_back(
        self, status: NotificationStatus, ids: list[str], token: str
    ) -> list[Notification]:
        """The letters leased under a claim's token, in the claim's order. A claim is remembered
        until it is read: if the database goes away between the lease and its reading, the next
        claim reads them, rather than leaving them to wait out their lease."""
        try:
            owned = await self.notifications.find(
                {"_id": {"$in": ids}, "lease.token": token}
            ).to_list()
        except BaseException:
            self._unread.append((status, ids, token))
            raise
        order = {notification_id: n for n, notification_id in enumerate(ids)}
        owned.sort(key=lambda document: order[document["_id"]])
        return [Notification.model_validate(document) for document in owned]

    async def claim(
        self, notification_id: str, now: datetime, lease: timedelta
    ) -> Notification | None:
        """Take one notification not yet sent, due or not (an organizer's retry)."""
        document = await self.notifications.find_one_and_update(
            {
                "_id": notification_id,
                "delivery.status": {"$in": RETRYABLE},
                "lease.until": {"$lte": now},
            },
            {"$set": {"lease": {"until": now + lease}}},
            return_document=ReturnDocument.AFTER,
        )
        return Notification.model_validate(document) if document else None

    async def record_delivery(self, notification_id: str, delivery: Delivery) -> None:
        """Store the outcome of an attempt and release the lease."""
        await self.notifications.update_one(
            # A letter cancelled meanwhile (its recipient erased) stays cancelled.
            {"_id": notification_id, "delivery.status": {"$ne": NotificationStatus.CANCELLED}},
            {"$set": {"delivery": delivery.model_dump(), "lease": {"until": delivery.updated_at}}},
        )

    async def notification(self, notification_id: str) -> Notification | None:
        document = await self.notifications.find_one({"_id": notification_id})
        return Notification.model_validate(document) if document else None

    async def find_notifications(
        self, filters: dict[str, Any], skip: int, limit: int
    ) -> list[Notification]:
        """Newest first; `filters` maps a stored field (e.g. ``delivery.status``) to a value."""
        cursor = self.notifications.find(filters).sort(
            [("created_at", DESCENDING), ("_id", ASCENDING)]
        )
        documents = await cursor.skip(skip).limit(limit).to_list()
        return [Notification.model_validate(document) for document in documents]

    async def count_notifications(self, filters: dict[str, Any]) -> int:
        return await self.notifications.count_documents(filters)

    async def contests_in_log(self) -> dict[str, str]:
        """Every contest the log has notifications of: its id and title (from the letters)."""
        cursor = await self.notifications.aggregate(
            [{"$group": {"_id": "$contest_id", "title": {"$first": "$context.contest_title"}}}]
        )
        return {
            document["_id"]: document.get("title") or document["_id"] async for document in cursor
        }

    async def add_webhook(self, webhook: Webhook) -> None:
        await self.webhooks.insert_one(webhook.document())

    async def webhook(self, webhook_id: str) -> Webhook | None:
        document = await self.webhooks.find_one({"_id": webhook_id, "active": True})
        return Webhook.model_validate(document) if document else None

    async def any_webhook(self, webhook_id: str) -> Webhook | None:
        """The webhook, removed or not (a removed one's secret is blank)."""
        document = await self.webhooks.find_one({"_id": webhook_id})
        return Webhook.model_validate(document) if document else None

    async def active_webhooks(self) -> list[Webhook]:
        cursor = self.webhooks.find({"active": True}).sort("created_at")
        return [Webhook.model_validate(document) async for document in cursor]

    async def remove_webhook(self, webhook_id: str) -> bool:
        """Deactivate it and forget its secret; its id stays meaningful in the delivery log."""
        result = await self.webhooks.update_one(
            {"_id": webhook_id, "active": True}, {"$set": {"active": False, "secret": ""}}
        )
        return result.modified_count == 1
