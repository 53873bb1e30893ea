"""How far scoring has come: expected and received scorecards, and which ones are missing.

A scorecard is expected from every juror assigned to the participant's nomination who has not
declared a conflict of interest with the participant. Only expected scorecards count as
received, so `received <= expected` even if a juror's assignment changed after scoring.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from judging.domain.roster import Juror, Participant, expected_jurors
from judging.domain.scorecards import Scorecard


@dataclass(frozen=True)
class ParticipantProgress:
    participant_id: str
    expected_jurors: tuple[str, ...]
    missing_jurors: tuple[str, ...]

    @property
    def expected(self) -> int:
        return len(self.expected_jurors)

    @property
    def received(self) -> int:
        return self.expected - len(self.missing_jurors)

    @property
    def complete(self) -> bool:
        return not self.missing_jurors


@dataclass(frozen=True)
class NominationProgress:
    nomination: str
    participants: tuple[ParticipantProgress, ...]

    @property
    def expected(self) -> int:
        return sum(p.expected for p in self.participants)

    @property
    def received(self) -> int:
        return sum(p.received for p in self.participants)

    @property
    def complete(self) -> bool:
        """Every expected scorecard is in (vacuously true when none is expected)."""
        return all(p.complete for p in self.participants)

    @property
    def unjudged(self) -> tuple[str, ...]:
        """Participants no juror is expected to score: worth a warning before announcing."""
        return tuple(p.participant_id for p in self.participants if not p.expected)


def participant_progress(
    participant: Participant, jurors: Iterable[Juror], scorecards: Iterable[Scorecard]
) -> ParticipantProgress:
    scored = {c.juror_id for c in scorecards if c.participant_id == participant.id}
    return _progress(participant, jurors, scored)


def contest_progress(
    jurors: Iterable[Juror], participants: Iterable[Participant], scorecards: Iterable[Scorecard]
) -> dict[str, NominationProgress]:
    """nomination → its progress, for every nomination that has participants, in input order."""
    juror_list = list(jurors)
    scored_by: dict[str, set[str]] = defaultdict(set)
    for card in scorecards:
        scored_by[card.participant_id].add(card.juror_id)
    grouped: dict[str, list[ParticipantProgress]] = {}
    for participant in participants:
        progress = _progress(participant, juror_list, scored_by[participant.id])
        grouped.setdefault(participant.nomination, []).append(progress)
    return {nom: NominationProgress(nom, tuple(items)) for nom, items in grouped.items()}


def missing_scorecards(
    jurors: Iterable[Juror], participants: Iterable[Participant], scorecards: Iterable[Scorecard]
) -> tuple[tuple[str, str], ...]:
    """The expected (juror_id, participant_id) pairs with no scorecard yet, sorted."""
    juror_list = list(jurors)
    done = {(c.juror_id, c.participant_id) for c in scorecards}
    return tuple(
        sorted(
            (juror_id, p.id)
            for p in participants
            for juror_id in expected_jurors(p, juror_list)
            if (juror_id, p.id) not in done
        )
    )


def scoring_complete(
    jurors: Iterable[Juror], participants: Iterable[Participant], scorecards: Iterable[Scorecard]
) -> bool:
    return not missing_scorecards(jurors, participants, scorecards)


def _progress(
    participant: Participant, jurors: Iterable[Juror], scored: set[str]
) -> ParticipantProgress:
    expected = expected_jurors(participant, jurors)
    missing = tuple(juror_id for juror_id in expected if juror_id not in scored)
    return ParticipantProgress(participant.id, expected, missing)
