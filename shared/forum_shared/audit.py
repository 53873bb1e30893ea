"""The audit trail: every organizer action a service performed, who did it, when, what, and the
request's correlation id — in the service's own `audit` collection.

The use cases record an entry right after the change they made succeeded (`AuditTrail.record`);
`GET /audit` and the page `/organizer/audit` list them, newest first. An entry holds no personal
data: the actor (an organizer's id and name), the action's code, the target's kind and id, and
small details (ids, counts, flags) — never an e-mail or a participant's name.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase

from .i18n import Message, render, tr
from .organizers import Actor

AUDIT = "audit"

ACTIONS: dict[str, Message] = {
    "contest.opened": tr("opened a contest"),
    "contest.changed": tr("changed a contest"),
    "contest.registration_closed": tr("closed a contest's registration early"),
    "participant.withdrawn": tr("withdrew a participant"),
    "participant.erased": tr("erased a participant's personal data"),
    "personal_data.exported": tr("downloaded a participant's personal data"),
    "participants.exported": tr("downloaded a contest's participants with their contacts"),
    "criteria.set": tr("set the criteria"),
    "juror.added": tr("added a juror"),
    "juror.revoked": tr("revoked a juror"),
    "winners.announced": tr("announced the winners"),
    "announcement.forced": tr("announced the winners with scorecards missing"),
    "notification.retried": tr("retried a notification"),
    "webhook.added": tr("added a webhook"),
    "webhook.removed": tr("removed a webhook"),
    "organizer.added": tr("added an organizer"),
    "organizer.revoked": tr("revoked an organizer"),
}
"""Every action code an entry may carry, with its Russian words (for the page)."""

TARGETS: dict[str, Message] = {
    "contest": tr("contest"),
    "participant": tr("participant"),
    "juror": tr("juror"),
    "notification": tr("notification"),
    "webhook": tr("webhook"),
    "organizer": tr("organizer"),
}


def action_words(action: str) -> str:
    return render(ACTIONS[action]) if action in ACTIONS else action


def target_words(kind: str) -> str:
    return render(TARGETS[kind]) if kind in TARGETS else kind


Details = dict[str, str | int | float | bool | None]


@dataclass(frozen=True)
class AuditFilter:
    action: str | None = None
    actor_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def query(self) -> dict[str, Any]:
        query: dict[str, Any] = {}
        if self.action:
            query["action"] = self.action
        if self.actor_id:
            query["actor.id"] = self.actor_id
        moments: dict[str, datetime] = {}
        if self.since:
            moments["$gte"] = self.since
        if self.until:
            moments["$lt"] = self.until
        if moments:
            query["at"] = moments
        return query


class AuditTrail:
    def __init__(self, db: AsyncDatabase[dict[str, Any]]):
        self.collection = db[AUDIT]

    async def ensure_indexes(self) -> None:
        await self.collection.create_index([("at", DESCENDING)])
        await self.collection.create_index([("action", DESCENDING), ("at", DESCENDING)])
        await self.collection.create_index([("actor.id", DESCENDING), ("at", DESCENDING)])

    async def record(
        self,
        actor: Actor,
        action: str,
        target_kind: str,
        target_id: str,
        details: Details | None = None,
        correlation_id: str | None = None,
    ) -> dict[str, Any]:
        """One entry, now. `action` is one of `ACTIONS`; `details` no personal data."""
        if action not in ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        entry = {
            "_id": uuid.uuid4().hex,
            "at": datetime.now(UTC),
            "actor": actor.as_document(),
            "action": action,
            "target": {"kind": target_kind, "id": target_id},
            "details": dict(details or {}),
            "correlation_id": correlation_id,
        }
        await self.collection.insert_one(entry)
        return entry

    async def entries(self, where: AuditFilter, skip: int, limit: int) -> list[dict[str, Any]]:
        cursor = self.collection.find(where.query())
        cursor = cursor.sort([("at", DESCENDING), ("_id", DESCENDING)]).skip(skip).limit(limit)
        return await cursor.to_list()

    async def count(self, where: AuditFilter) -> int:
        return await self.collection.count_documents(where.query())
