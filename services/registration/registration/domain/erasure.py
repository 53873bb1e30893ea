"""Erasing a participant's personal data (152-ФЗ, art. 21): what of an application is a natural
person's data and goes, and what stays so that the contest's results remain meaningful.

Goes (replaced by a neutral value):
- the contact person: name, e-mail, phone (empty strings);
- the members: names and birth dates (the list is emptied; how many there were is kept);
- an individual's own name (kind "individual"): «Участник № <short number>», the label public
  pages already use for a person who did not consent to publication;
- a natural person's ИНН (12 digits: an individual's, or one a group gave);
- what is derived from them: the duplicate key (it holds the ИНН or the normalised name) and
  the fingerprint of the request (a hash of the whole application);
- a withdrawal's reason, free text an organizer typed that may name people.

Stays: the organisation's or group's name and an organisation's ИНН (10 digits) — not data of a
natural person —, the project's title and summary, the nomination, the kind, the dates, and the
consents' versions and moments (the proof that processing was lawful while it lasted).
"""

from datetime import datetime
from typing import Any, Literal

from forum_shared.events import ParticipantErased
from forum_shared.personal_data import neutral_label

from .contest import PRODUCER
from .participant import Contact, Participant

ErasureReason = Literal["request", "retention"]
ERASURE_REASONS: tuple[ErasureReason, ...] = ("request", "retention")
PERSON_INN_LENGTH = 12
ERASED = "erased"


def name_is_personal(kind: str) -> bool:
    """An individual's name is a person's; an organisation's, a team's or a group's is not."""
    return kind == "individual"


def anonymised(participant: Participant) -> Participant:
    """The participant as kept after erasure."""
    name = neutral_label(participant.id) if name_is_personal(participant.kind) else participant.name
    inn = participant.inn
    if inn is not None and len(inn) == PERSON_INN_LENGTH:
        inn = None
    return participant.model_copy(
        update={
            "name": name,
            "inn": inn,
            "contact": Contact(name="", email="", phone=""),
            "members": (),
            "duplicate_key": f"{ERASED}:{participant.id}",
        }
    )


def anonymised_registration(event: dict[str, Any], participant: Participant) -> dict[str, Any]:
    """A stored `participant.registered` body (JSON, any version) without the person: the same
    event id, so that the outbox still recognises it, its name and contact replaced as in
    `anonymised`."""
    replacements = {
        "display_name": anonymised(participant).name,
        "contact_name": "",
        "contact_email": "",
    }
    return event | {key: value for key, value in replacements.items() if key in event}


def erased_event(
    participant: Participant,
    reason: ErasureReason,
    now: datetime,
    *,
    correlation_id: str | None = None,
) -> ParticipantErased:
    extra = {"correlation_id": correlation_id} if correlation_id is not None else {}
    return ParticipantErased(
        producer=PRODUCER,
        occurred_at=now,
        participant_id=participant.id,
        contest_id=participant.contest_id,
        erased_at=now,
        reason=reason,
        name_erased=name_is_personal(participant.kind),
        **extra,
    )
