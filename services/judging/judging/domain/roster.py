"""Who is judged and who judges, and the rule deciding whether a juror may score a participant."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from judging.domain.errors import ConflictOfInterest, NotAssigned


@dataclass(frozen=True)
class Participant:
    """`registered_at` must be timezone-aware (it is compared in the last tie-breaks)."""

    id: str
    nomination: str
    display_name: str
    registered_at: datetime


@dataclass(frozen=True)
class Juror:
    """`nominations` None means every nomination of the contest."""

    id: str
    nominations: frozenset[str] | None
    conflicts: frozenset[str]

    def __init__(
        self,
        id: str,
        nominations: Iterable[str] | None = None,
        conflicts: Iterable[str] = (),
    ) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(
            self, "nominations", None if nominations is None else frozenset(nominations)
        )
        object.__setattr__(self, "conflicts", frozenset(conflicts))

    def is_assigned_to(self, nomination: str) -> bool:
        return self.nominations is None or nomination in self.nominations

    def may_score(self, participant: Participant) -> bool:
        return self.is_assigned_to(participant.nomination) and participant.id not in self.conflicts


def ensure_may_score(juror: Juror, participant: Participant) -> None:
    """Raise `NotAssigned` or `ConflictOfInterest` (both 403); the nomination is checked first.

    Whether the participant exists, is still registered and belongs to the juror's contest is
    the caller's check (404), not this rule's.
    """
    if not juror.is_assigned_to(participant.nomination):
        raise NotAssigned(
            f"juror {juror.id!r} is not assigned to nomination {participant.nomination!r}"
        )
    if participant.id in juror.conflicts:
        raise ConflictOfInterest(
            f"juror {juror.id!r} declared a conflict of interest with participant "
            f"{participant.id!r}"
        )


def expected_jurors(participant: Participant, jurors: Iterable[Juror]) -> tuple[str, ...]:
    """The ids of the jurors expected to score the participant, sorted."""
    return tuple(sorted(juror.id for juror in jurors if juror.may_score(participant)))
