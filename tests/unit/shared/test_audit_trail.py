"""The audit trail's entries: known actions only, filters as queries, Russian words."""

from datetime import UTC, datetime
from typing import Any

import pytest

from forum_shared.audit import ACTIONS, AuditFilter, AuditTrail, action_words
from forum_shared.organizers import Actor


class Collection:
    def __init__(self) -> None:
        self.inserted: list[dict[str, Any]] = []

    async def insert_one(self, document: dict[str, Any]) -> None:
        self.inserted.append(document)


class Database(dict[str, Collection]):
    def __missing__(self, name: str) -> Collection:
        self[name] = Collection()
        return self[name]


async def test_an_entry_holds_who_when_what_on_what_and_the_correlation_id() -> None:
    db = Database()
    trail = AuditTrail(db)  # type: ignore[arg-type]
    actor = Actor("a1", "Анна Смирнова")
    await trail.record(actor, "juror.added", "juror", "j1", {"contest_id": "c1"}, "req-1")
    [entry] = db["audit"].inserted
    assert entry["actor"] == {"id": "a1", "name": "Анна Смирнова"}
    assert (entry["action"], entry["target"]) == ("juror.added", {"kind": "juror", "id": "j1"})
    assert (entry["details"], entry["correlation_id"]) == ({"contest_id": "c1"}, "req-1")
    assert entry["at"].tzinfo is not None


async def test_an_unknown_action_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown audit action"):
        await AuditTrail(Database()).record(Actor("a", "A"), "juror.hired", "juror", "j")  # type: ignore[arg-type]


def test_the_filters_become_one_query() -> None:
    since, until = datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
    where = AuditFilter(action="winners.announced", actor_id="a1", since=since, until=until)
    assert where.query() == {
        "action": "winners.announced",
        "actor.id": "a1",
        "at": {"$gte": since, "$lt": until},
    }
    assert AuditFilter().query() == {}


def test_every_action_reads_in_russian() -> None:
    assert action_words("winners.announced") == "объявил(а) победителей"
    assert all(action_words(code) != code for code in ACTIONS)
