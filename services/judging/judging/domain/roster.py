"""Who is judged and who judges, and the rule deciding whether a juror may score a participant."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from forum_shared.i18n import tr
from judging.domain.errors import ConflictOfInterest, JurorRevoked, NotAssigned
from judging.domain.scorecards import Scorecard


@dataclass(frozen=True)
class Participant:
    """`registered_at` must be timezone-aware (it is compared in the last tie-breaks)."""

    id: str
    nomination: str
    display_name: str
    registered_at: datetime


@dataclass(frozen=True)
class Juror:
    """`nominations` None means every nomination of the contest. `conflicts` holds every
    participant the juror must not judge, whoever declared the conflict (the organizer when
    adding the juror, or the juror later).

    A `revoked` juror is no longer expected to score anyone; the scorecards they gave before
    still count unless `scorecards_discarded`. A scorecard for a participant the juror is in
    conflict with never counts, even one given before the conflict was declared.
    """

    id: str
    nominations: frozenset[str] | None
    conflicts: frozenset[str]
    revoked: bool
    scorecards_discarded: bool

    def __init__(
        self,
        id: str,
        nominations: Iterable[str] | None = None,
        conflicts: Iterable[str] = (),
        *,
        revoked: bool = False,
        scorecards_discarded: bool = False,
    ) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(
            self, "nominations", None if nominations is None else frozenset(nominations)
        )
        object.__setattr__(self, "conflicts", frozenset(conflicts))
        object.__setattr__(self, "revoked", revoked)
        object.__setattr__(self, "scorecards_discarded", scorecards_discarded)

    def is_assigned_to(self, nomination: str) -> bool:
        return self.nominations is None or nomination in self.nominations

    def may_score(self, participant: Participant) -> bool:
        return (
            not self.revoked
            and self.is_assigned_to(participant.nomination)
            and participant.id not in self.conflicts
        )

    def counts_scorecard_for(self, participant_id: str) -> bool:
        return not self.scorecards_discarded and participant_id not in self.conflicts


def ensure_may_score(juror: Juror, participant: Participant) -> None:
    """Raise `JurorRevoked`, `NotAssigned` or `ConflictOfInterest` (all 403), in that order.

    Whether the participant exists, is still registered and belongs to the juror's contest is
    the caller's check (404), not this rule's.
    """
    if juror.revoked:
        raise JurorRevoked(tr("juror '%(juror)s' was revoked by the organizer", juror=juror.id))
    if not juror.is_assigned_to(participant.nomination):
        raise NotAssigned(
            tr(
                "juror '%(juror)s' is not assigned to nomination '%(nomination)s'",
                juror=juror.id,
                nomination=participant.nomination,
            )
        )
    if participant.id in juror.conflicts:
        raise ConflictOfInterest(
            tr(
                "juror '%(juror)s' declared a conflict of interest with participant "
                "'%(participant)s'",
                juror=juror.id,
                participant=participant.id,
            )
        )


def expected_jurors(participant: Participant, jurors: Iterable[Juror]) -> tuple[str, ...]:
    """The ids of the jurors expected to score the participant, sorted."""
    return tuple(sorted(juror.id for juror in jurors if juror.may_score(participant)))


def counted_scorecards(jurors: Iterable[Juror], scorecards: Iterable[Scorecard]) -> list[Scorecard]:
    """The scorecards that weigh in the results: not those of a juror for a participant they
    are in conflict with, nor those of a revoked juror whose scorecards were discarded. A
    scorecard of a juror not among `jurors` is kept."""
    by_id = {juror.id: juror for juror in jurors}

    def counts(card: Scorecard) -> bool:
        juror = by_id.get(card.juror_id)
        return juror is None or juror.counts_scorecard_for(card.participant_id)

    return [card for card in scorecards if counts(card)]
