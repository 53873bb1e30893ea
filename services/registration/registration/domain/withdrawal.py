"""A participant leaves the contest: judging drops them from the roster, notifications from the
recipients of the results. The registration stays on record (and still counts as a duplicate)."""

from datetime import datetime

from forum_shared.events import ParticipantWithdrawn

from .contest import PRODUCER
from .participant import Participant


def withdrawn_event(
    participant: Participant, now: datetime, *, correlation_id: str | None = None
) -> ParticipantWithdrawn:
    extra = {"correlation_id": correlation_id} if correlation_id is not None else {}
    return ParticipantWithdrawn(
        producer=PRODUCER,
        occurred_at=now,
        participant_id=participant.id,
        contest_id=participant.contest_id,
        nomination=participant.nomination,
        withdrawn_at=now,
        **extra,
    )
