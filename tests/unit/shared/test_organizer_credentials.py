"""The one credential check of the organizers: the shared key, or a personal token
`<organizer id>.<secret>` whose secret's SHA-256 the service holds, while not revoked."""

import hashlib
import re
from typing import Any

import pytest
from pydantic import SecretStr

from forum_shared.broker_access import subscriber_grant
from forum_shared.organizers import (
    BOOTSTRAP_ID,
    Actor,
    OrganizerCredentials,
    issue_token,
    parse_token,
)
from forum_shared.settings import ServiceSettings

SHARED_KEY = "the-shared-organizer-key"


class Collection:
    """What the check reads of the `organizers` collection: one document by id."""

    def __init__(self, *documents: dict[str, Any]):
        self.documents = {document["_id"]: document for document in documents}

    async def find_one(self, query: dict[str, Any]) -> dict[str, Any] | None:
        return self.documents.get(query["_id"])


def credentials(*documents: dict[str, Any]) -> OrganizerCredentials:
    settings = ServiceSettings(
        environment="test",
        mongodb_database="test",
        http_port=0,
        organizer_token=SecretStr(SHARED_KEY),
    )
    return OrganizerCredentials(settings, Collection(*documents))  # type: ignore[arg-type]


def organizer(token_hash: str, organizer_id: str, **more: Any) -> dict[str, Any]:
    return {"_id": organizer_id, "name": "Анна Смирнова", "token_hash": token_hash} | more


def test_a_token_names_its_organizer_and_only_the_secrets_hash_is_kept() -> None:
    issued = issue_token()
    organizer_id, secret = issued.token.split(".", 1)
    assert organizer_id == issued.organizer_id
    assert len(secret) >= 43  # 32 random bytes, URL-safe
    assert issued.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in issued.token_hash
    assert issue_token().token != issued.token


@pytest.mark.parametrize("token", ["", "no-separator", ".secret", "id.", "x" * 65 + ".secret"])
def test_something_that_is_not_a_personal_token_is_not_read_as_one(token: str) -> None:
    assert parse_token(token) is None


async def test_the_shared_key_acts_as_the_shared_key() -> None:
    actor = await credentials().actor_for(SHARED_KEY)
    assert actor == Actor(BOOTSTRAP_ID, "Общий ключ организаторов")
    assert actor is not None and not actor.personal


async def test_a_personal_token_acts_as_its_organizer() -> None:
    issued = issue_token()
    check = credentials(organizer(issued.token_hash, issued.organizer_id))
    assert await check.actor_for(issued.token) == Actor(issued.organizer_id, "Анна Смирнова")


async def test_a_revoked_or_unknown_organizers_token_or_a_wrong_secret_opens_nothing() -> None:
    revoked, other, unknown = issue_token(), issue_token(), issue_token()
    check = credentials(
        organizer(revoked.token_hash, revoked.organizer_id, revocation={"revoked_at": "…"}),
        organizer(other.token_hash, other.organizer_id),
    )
    forged = f"{other.organizer_id}.{revoked.token.split('.', 1)[1]}"
    for token in (revoked.token, unknown.token, forged, SHARED_KEY + "x", ""):
        assert await check.actor_for(token) is None, token


async def test_a_page_session_lasts_while_its_organizer_is_not_revoked() -> None:
    active, revoked = issue_token(), issue_token()
    check = credentials(
        organizer(active.token_hash, active.organizer_id),
        organizer(revoked.token_hash, revoked.organizer_id, revocation={"revoked_at": "…"}),
    )
    assert await check.still_active(Actor(BOOTSTRAP_ID, "Общий ключ организаторов"))
    assert await check.still_active(Actor(active.organizer_id, "Анна"))
    assert not await check.still_active(Actor(revoked.organizer_id, "Борис"))
    assert not await check.still_active(Actor("nobody", "Никто"))


def test_another_teams_subscriber_may_bind_the_public_events_but_no_organizer_event() -> None:
    """RabbitMQ checks the binding key: a wildcard must not slip the private events through."""
    may_bind = subscriber_grant("city-portal").topic_read
    for key in ("winners.announced", "winners.announced.v2", "participant.registered"):
        assert re.search(may_bind, key), key
    for key in ("organizer.added", "organizer.revoked", "organizer.*", "#", "*.*", "*.added"):
        assert not re.search(may_bind, key), key
