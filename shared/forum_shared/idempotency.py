"""One creation per request, however often it is sent: the organizers' forms that create
something with a secret shown once (a webhook, an organizer, a juror) and the same JSON API
operations with an `Idempotency-Key` header.

A key is claimed before anything is created, in one insert into the service's
`idempotency_keys` (its `_id` is the operation, the organizer and the key, so keys never meet
across operations or organizers). The claim fixes two things for the key's lifetime: a
fingerprint of the request, and the id the resource is (or will be) created under. The
creation inserts the resource under that id, so whatever the timing only one insert wins:

- the first request creates the resource and answers with its secret;
- a repeat (a reload, a double click, a retry) finds the resource and answers it without the
  secret (`Repeated`), or — when the first request died between its claim and its insert —
  creates it itself, so a retry after a crash is never refused;
- the same key with a different request is refused (`KeyReused`, 409).

Keys expire after `IDEMPOTENCY_KEY_HOURS` (the setting; `KEY_TTL` unless set; a TTL index on
`expires_at`: MongoDB deletes them); a repeat after that creates anew. The secret is never kept
for a repeat: an organizer's and a juror's secrets are stored hashed only, and a webhook's,
kept for signing, is shown by no page after its creation — a key must not become a second way
to read it.
"""

import hashlib
import json
import secrets
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from .i18n import tr

COLLECTION = "idempotency_keys"
T = TypeVar("T")
R = TypeVar("R")

KEY_TTL = timedelta(hours=24)
FORM_FIELD = "form_token"
MAX_KEY_LENGTH = 200


class KeyReused(Exception):
    """The key was claimed by a request with another body: a 409 for programs."""

    code = "idempotency_key_reused"
    message = tr(
        "this Idempotency-Key was already used for a different request; "
        "send a new key with a new request"
    )


@dataclass(frozen=True)
class Repeated(Generic[R]):
    """A repeat of a request that created `existing` (its secret left out)."""

    existing: R


@dataclass(frozen=True)
class Claim:
    resource_id: str
    first: bool  # False: another request holds the key, and may have created the resource


def new_form_token() -> str:
    """A form's own key, a hidden field of every page rendered (`Pages.render`)."""
    return secrets.token_urlsafe(18)


def form_key(form: Mapping[str, Any]) -> str | None:
    """The key a form carries; None for a form without one (it creates as before)."""
    value = form.get(FORM_FIELD)
    return value[:MAX_KEY_LENGTH] if isinstance(value, str) and value else None


def fingerprint(request: Mapping[str, Any]) -> str:
    canonical = json.dumps(request, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class IdempotencyKeys:
    """The service's claimed keys (collection `idempotency_keys`, expiring after `ttl`)."""

    def __init__(self, db: AsyncDatabase[dict[str, Any]], ttl: timedelta = KEY_TTL):
        self.collection = db[COLLECTION]
        self.ttl = ttl

    async def ensure_indexes(self) -> None:
        await self.collection.create_index("expires_at", expireAfterSeconds=0)

    async def claim(
        self, operation: str, actor_id: str, key: str, request: Mapping[str, Any]
    ) -> Claim:
        """Raises `KeyReused` when the key was claimed for a different `request`."""
        scoped = f"{operation}:{actor_id}:{key}"
        wanted = fingerprint(request)
        for _ in range(2):  # a key expiring between the insert and the read: claim it anew
            resource_id = uuid.uuid4().hex
            now = datetime.now(UTC)
            document = {
                "_id": scoped,
                "fingerprint": wanted,
                "resource_id": resource_id,
                "created_at": now,
                "expires_at": now + self.ttl,
            }
            try:
                await self.collection.insert_one(document)
                return Claim(resource_id, first=True)
            except DuplicateKeyError:
                held = await self.collection.find_one({"_id": scoped})
            if held is not None:
                if held["fingerprint"] != wanted:
                    raise KeyReused()
                return Claim(held["resource_id"], first=False)
        raise KeyReused()


async def create_once(
    keys: IdempotencyKeys,
    operation: str,
    actor_id: str,
    key: str | None,
    request: Mapping[str, Any],
    *,
    create: Callable[[str], Awaitable[T]],
    find: Callable[[str], Awaitable[R | None]],
) -> T | Repeated[R]:
    """`create(id)` inserts the resource under `id` (raising DuplicateKeyError if it is there);
    `find(id)` answers it without its secret, or None. Without a key: `create` with a new id."""
    if key is None:
        return await create(uuid.uuid4().hex)
    claim = await keys.claim(operation, actor_id, key, request)
    if not claim.first and (existing := await find(claim.resource_id)) is not None:
        return Repeated(existing)
    try:
        return await create(claim.resource_id)
    except DuplicateKeyError:
        # the first request's insert won meanwhile (a double click)
        if (existing := await find(claim.resource_id)) is None:
            raise
        return Repeated(existing)
