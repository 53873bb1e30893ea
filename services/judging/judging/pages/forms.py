"""Reading what people type into judging's forms: numbers with a decimal comma, and the
refusals of the use cases as Russian messages beside the form."""

import math

from forum_shared.i18n import Message, tr

from ..domain import ConflictOfInterest, JudgingError, NotAssigned, ScoringForbidden
from ..errors import (
    AlreadyAnnounced,
    AnnouncementUnderway,
    ContestChanged,
    CriteriaLocked,
    CriteriaMissing,
    JurorTokenRevoked,
    ParticipantUnknown,
)


def parse_number(text: str) -> float | None:
    """«7,5», «7.5», « 7 » → a finite number; anything else → None."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def plain(value: float) -> str:
    """A number as a person writes it: 10, 7,5."""
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


REFUSALS: tuple[tuple[type[Exception], Message], ...] = (
    (AlreadyAnnounced, tr("The winners are announced: the scores can no longer change")),
    (
        AnnouncementUnderway,
        tr("The winners are being announced right now: try again in a moment"),
    ),
    (ContestChanged, tr("Someone changed the contest at the same moment: send the form again")),
    (CriteriaMissing, tr("The organizers have not set the criteria yet")),
    (CriteriaLocked, tr("Jurors have already scored with these criteria: they cannot change")),
    (ConflictOfInterest, tr("You declared a conflict of interest with this participant")),
    (NotAssigned, tr("This participant's nomination is not among yours")),
    (JurorTokenRevoked, tr("The organizers revoked your access to the contest")),
    (ScoringForbidden, tr("You may not score this participant")),
    (ParticipantUnknown, tr("This participant is no longer in the contest")),
)


def refusal_message(error: JudgingError) -> Message:
    for kind, message in REFUSALS:
        if isinstance(error, kind):
            return message
    return tr("This cannot be done now")
