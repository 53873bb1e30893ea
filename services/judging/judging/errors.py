"""Refusals that depend on what judging knows and on the contest's state, not on the maths.

`Unauthenticated` answers 401, `Forbidden` 403, `NotFound` 404, `Conflict` 409 and
`Unprocessable` 422 (naming its field); the
domain's own errors are in `domain.errors`.
"""

from judging.domain import JudgingError


class Unauthenticated(JudgingError):
    pass


class Forbidden(JudgingError):
    pass


class NotFound(JudgingError):
    pass


class Conflict(JudgingError):
    pass


class Unprocessable(JudgingError):
    """A request field judging cannot use, with one message per problem (422)."""

    field = ""


class NominationsInvalid(Unprocessable):
    field = "nominations"


class JurorTokenUnknown(Unauthenticated):
    def __init__(self) -> None:
        super().__init__("this juror token is not known: use the token the organizer gave you")


class JurorTokenRevoked(Unauthenticated):
    def __init__(self) -> None:
        super().__init__(
            "this juror token was revoked by the organizer: it no longer gives access to the "
            "contest"
        )


class JurorOfAnotherContest(Forbidden):
    def __init__(self, juror_contest_id: str, contest_id: str) -> None:
        super().__init__(
            f"your juror token is for contest {juror_contest_id!r}, not {contest_id!r}"
        )


class JurorUnknown(NotFound):
    def __init__(self, juror_id: str, contest_id: str) -> None:
        super().__init__(f"contest {contest_id!r} has no juror {juror_id!r}")


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


class AnnouncementUnderway(Conflict):
    def __init__(self, contest_id: str) -> None:
        super().__init__(
            f"the winners of contest {contest_id!r} are being announced right now: nothing can "
            "change meanwhile. If the announcement is refused, send this again in a moment"
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
    """Another request changed the contest while this one was being saved (see `store`)."""

    def __init__(self) -> None:
        super().__init__(
            "the contest's judging changed while this request was being saved, and it was "
            "not saved; send it again"
        )
