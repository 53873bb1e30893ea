"""Who an organizer is: the one credential check the API, `OrganizerFirst` and the pages'
sign-in share, and the replica of the organizers the services that do not own them keep.

Two kinds of credential open the organizers' doors:

- `ORGANIZER_TOKEN`, the bootstrap key everyone shares: its actor is `BOOTSTRAP`.
- A personal token `<organizer_id>.<secret>`, issued by registration (which owns the
  organizers) and shown once. Only the SHA-256 of the secret is stored: the secret is 32
  random bytes, so a fast hash is enough (no slow KDF needed against guessing), and it is
  compared in constant time. The token names its organizer, so the check is one read by id.

Every service reads its own `organizers` collection: registration's is the source, judging
and notifications keep a replica from the events `organizer.added` and `organizer.revoked`
(`OrganizerReplica`). A revocation therefore takes effect in registration at once and in the
other services when its event arrives (milliseconds, while the broker is up).
"""

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection

from .events import OrganizerAdded, OrganizerRevoked
from .i18n import render, tr
from .settings import ServiceSettings

ORGANIZERS = "organizers"
BOOTSTRAP_ID = "bootstrap"
BOOTSTRAP_NAME = tr("Organizers' shared key")
# What acts when nobody does: registration's sweep erasing contacts after their retention period.
RETENTION_ID = "retention"
RETENTION_NAME = tr("Retention period (automatic erasure)")
SEPARATOR = "."
MAX_ID_LENGTH = 64


@dataclass(frozen=True)
class Actor:
    """Who did something: an organizer's id and name (`BOOTSTRAP_ID` for the shared key)."""

    id: str
    name: str

    @property
    def personal(self) -> bool:
        return self.id != BOOTSTRAP_ID

    def as_document(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name}


def bootstrap_actor() -> Actor:
    return Actor(BOOTSTRAP_ID, render(BOOTSTRAP_NAME))


def retention_actor() -> Actor:
    return Actor(RETENTION_ID, render(RETENTION_NAME))


@dataclass(frozen=True)
class IssuedToken:
    """A new organizer's id, their token (shown once) and what is stored of it."""

    organizer_id: str
    token: str
    token_hash: str


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(organizer_id: str | None = None) -> IssuedToken:
    """A new organizer's token; `organizer_id` chosen beforehand (an idempotency key's claim)
    or a new one."""
    organizer_id = organizer_id or uuid.uuid4().hex
    secret = secrets.token_urlsafe(32)
    return IssuedToken(organizer_id, f"{organizer_id}{SEPARATOR}{secret}", secret_hash(secret))


def parse_token(token: str) -> tuple[str, str] | None:
    """(organizer id, secret) of a personal token; None for anything else."""
    organizer_id, separator, secret = token.partition(SEPARATOR)
    if not separator or not organizer_id or not secret or len(organizer_id) > MAX_ID_LENGTH:
        return None
    return organizer_id, secret


def is_active(document: dict[str, Any] | None) -> bool:
    return bool(document and document.get("token_hash") and not document.get("revocation"))


class OrganizerCredentials:
    """Checks a credential against the bootstrap key and the service's `organizers`;
    `collection` None (an app without a database) knows the bootstrap key only."""

    def __init__(
        self, settings: ServiceSettings, collection: AsyncCollection[dict[str, Any]] | None
    ):
        self.settings = settings
        self.collection = collection

    async def actor_for(self, token: str) -> Actor | None:
        if not token:
            return None
        bootstrap = self.settings.organizer_token
        if bootstrap is not None and secrets.compare_digest(
            token.encode(), bootstrap.get_secret_value().encode()
        ):
            return bootstrap_actor()
        parsed = parse_token(token)
        if parsed is None or self.collection is None:
            return None
        organizer_id, secret = parsed
        document = await self.collection.find_one({"_id": organizer_id})
        if not is_active(document):
            return None
        assert document is not None
        if not secrets.compare_digest(secret_hash(secret), str(document["token_hash"])):
            return None
        return Actor(organizer_id, str(document["name"]))

    async def still_active(self, actor: Actor) -> bool:
        """A page session's organizer may still act: the shared key always, a personal
        organizer while not revoked."""
        if not actor.personal:
            return True
        if self.collection is None:
            return False
        return is_active(await self.collection.find_one({"_id": actor.id}))


def organizer_credentials(app_state: Any, settings: ServiceSettings) -> OrganizerCredentials:
    """The app's credential check (`service_app` sets it); the bootstrap key alone in an app
    without a database."""
    credentials = getattr(app_state, "organizer_credentials", None)
    return credentials if credentials is not None else OrganizerCredentials(settings, None)


class OrganizerReplica:
    """Judging's and notifications' copy of the organizers, from registration's events.

    Both writes are idempotent upserts of their own fields, so the two events may arrive in
    either order (their queues are separate) and any number of times."""

    def __init__(self, collection: AsyncCollection[dict[str, Any]]):
        self.collection = collection

    async def learn_added(self, event: OrganizerAdded) -> None:
        known = {"name": event.name, "token_hash": event.token_hash, "added_at": event.added_at}
        await self.collection.update_one({"_id": event.organizer_id}, {"$set": known}, upsert=True)

    async def learn_revoked(self, event: OrganizerRevoked) -> None:
        await self.collection.update_one(
            {"_id": event.organizer_id},
            {"$set": {"revocation": {"revoked_at": event.revoked_at}}},
            upsert=True,
        )
