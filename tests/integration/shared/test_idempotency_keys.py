"""The claimed keys on a real database server: they expire by a TTL index, a repeat finishes a
creation the first request left undone, and a key is its operation's and its organizer's own."""

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from forum_shared.idempotency import KEY_TTL, IdempotencyKeys, Repeated, create_once


@pytest.fixture
async def db(mongo: AsyncMongoClient, database_name: str) -> AsyncIterator[AsyncDatabase]:
    yield mongo[database_name]
    await mongo.drop_database(database_name)


class Things:
    """A stand-in resource: one document per id, its secret answered on creation only."""

    def __init__(self, db: AsyncDatabase):
        self.collection = db["things"]

    async def create(self, thing_id: str) -> dict:
        await self.collection.insert_one({"_id": thing_id})
        return {"id": thing_id, "secret": "s3cret"}

    async def find(self, thing_id: str) -> dict | None:
        found = await self.collection.find_one({"_id": thing_id})
        return {"id": thing_id} if found else None


async def test_keys_expire_by_a_ttl_index_a_day_after_their_claim(db: AsyncDatabase) -> None:
    keys = IdempotencyKeys(db)
    await keys.ensure_indexes()
    await keys.claim("thing.add", "anna", "k", {"name": "x"})

    indexes = await db["idempotency_keys"].index_information()
    [claimed] = await db["idempotency_keys"].find().to_list()

    [ttl] = [i for i in indexes.values() if i["key"] == [("expires_at", 1)]]
    assert ttl["expireAfterSeconds"] == 0
    assert claimed["expires_at"] - claimed["created_at"] == KEY_TTL == timedelta(hours=24)


async def test_a_repeat_creates_what_the_first_request_claimed_but_never_created(
    db: AsyncDatabase,
) -> None:
    keys, things = IdempotencyKeys(db), Things(db)
    claim = await keys.claim("thing.add", "anna", "k", {"name": "x"})  # then the process died

    repeat = await create_once(
        keys, "thing.add", "anna", "k", {"name": "x"}, create=things.create, find=things.find
    )
    another = await create_once(
        keys, "thing.add", "anna", "k", {"name": "x"}, create=things.create, find=things.find
    )

    assert repeat == {"id": claim.resource_id, "secret": "s3cret"}
    assert another == Repeated({"id": claim.resource_id})
    assert await things.collection.count_documents({}) == 1


async def test_a_key_is_its_operations_and_its_organizers_own(db: AsyncDatabase) -> None:
    keys = IdempotencyKeys(db)
    claims = [
        await keys.claim(operation, actor, "k", {"name": "x"})
        for operation, actor in [("thing.add", "anna"), ("other.add", "anna"), ("thing.add", "bo")]
    ]
    assert all(claim.first for claim in claims)
    assert len({claim.resource_id for claim in claims}) == 3


async def test_a_duplicate_that_is_not_the_claimed_resource_is_not_taken_for_a_repeat(
    db: AsyncDatabase,
) -> None:
    keys, things = IdempotencyKeys(db), Things(db)

    async def clashing(thing_id: str) -> dict:
        raise DuplicateKeyError("another unique index")

    with pytest.raises(DuplicateKeyError):
        await create_once(keys, "thing.add", "anna", "k", {}, create=clashing, find=things.find)
