"""Organizers with credentials of their own: a name people recognise in the audit trail, and
the facts the other services must hear of (they check the credentials too)."""

from datetime import datetime

from forum_shared.events import OrganizerAdded, OrganizerRevoked
from forum_shared.i18n import tr

from .contest import PRODUCER
from .errors import InvalidField

MAX_NAME_LENGTH = 200


def organizer_name(raw: str | None) -> str:
    """The name as stored: stripped, inner spaces collapsed; raises `InvalidField`."""
    name = " ".join((raw or "").split())
    if not name:
        raise InvalidField(tr("enter the organizer's name"), field="name", code="required")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidField(
            tr("the name must be at most %(limit)s characters", limit=MAX_NAME_LENGTH),
            field="name",
            code="too_long",
        )
    return name


def organizer_added_event(
    organizer_id: str,
    name: str,
    token_hash: str,
    now: datetime,
    *,
    correlation_id: str | None = None,
) -> OrganizerAdded:
    extra = {"correlation_id": correlation_id} if correlation_id is not None else {}
    return OrganizerAdded(
        producer=PRODUCER,
        occurred_at=now,
        organizer_id=organizer_id,
        name=name,
        token_hash=token_hash,
        added_at=now,
        **extra,
    )


def organizer_revoked_event(
    organizer_id: str, now: datetime, *, correlation_id: str | None = None
) -> OrganizerRevoked:
    extra = {"correlation_id": correlation_id} if correlation_id is not None else {}
    return OrganizerRevoked(
        producer=PRODUCER,
        occurred_at=now,
        organizer_id=organizer_id,
        revoked_at=now,
        **extra,
    )
