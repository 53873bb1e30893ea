"""Refusals that depend on what judging knows and on the contest's state, not on the maths.

`NotFound` answers 404 and `Conflict` 409; the domain's own errors are in `domain.errors`.
"""

from judging.domain import JudgingError


class NotFound(JudgingError):
    pass


class Conflict(JudgingError):
    pass


class ContestUnknown(NotFound):
    def __init__(self, contest_id: str) -> None:
        super().__init__(
            f"judging has not received contest {contest_id!r} yet: it learns contests from "
            "the contest.opened events of registration; if the contest was just created, "
            "try again in a moment"
        )


class ParticipantUnknown(NotFound):
    def __init__(self, participant_id: str, contest_id: str) -> None:
        super().__init__(
            f"participant {participant_id!r} is not (or no longer) registered in contest "
            f"{contest_id!r}"
        )


class NotAnnounced(NotFound):
    def __init__(self, contest_id: str) -> None:
        super().__init__(f"the winners of contest {contest_id!r} are not announced yet")


class CriteriaMissing(Conflict):
    def __init__(self, contest_id: str) -> None:
        super().__init__(
            f"the organizer has not set the criteria of contest {contest_id!r} yet: "
            "scoring and results start once they are set"
        )


class CriteriaLocked(Conflict):
    def __init__(self, contest_id: str) -> None:
        super().__init__(
            f"the criteria of contest {contest_id!r} are locked: jurors have already scored "
            "with them, and changing them would make their scorecards meaningless"
        )


class AlreadyAnnounced(Conflict):
    def __init__(self, contest_id: str) -> None:
        super().__init__(
            f"the winners of contest {contest_id!r} are announced: its results are frozen "
            "and no scorecard or criterion can change any more"
        )


class ScoringIncomplete(Conflict):
    def __init__(self, contest_id: str, missing: int, expected: int, unjudged: int) -> None:
        reasons = []
        if missing:
            reasons.append(f"{missing} of {expected} expected scorecards are missing")
        if unjudged:
            reasons.append(f"no juror is assigned to score {unjudged} of the participants")
        super().__init__(
            f"scoring of contest {contest_id!r} is not complete: {'; '.join(reasons)}. "
            'Wait for the jurors, or send {"force": true} to announce the winners anyway'
        )


class ContestChanged(Conflict):
    """Another request changed the contest between this one's read and its write."""

    def __init__(self) -> None:
        super().__init__(
            "the contest's judging changed while this request was being saved; send it again"
        )
