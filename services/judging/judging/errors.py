"""Refusals that depend on what judging knows and on the contest's state, not on the maths.

`Unauthenticated` answers 401, `Forbidden` 403, `NotFound` 404, `Conflict` 409 and
`Unprocessable` 422 (naming its field); the domain's own errors are in `domain.errors`. Each
refusal carries its message as `tr` Messages (Russian by default, English on request; the
Russian texts are in `locale/ru.po`) and its own explicit `code`.
"""

from forum_shared.i18n import tr
from judging.domain import JudgingError


class Unauthenticated(JudgingError):
    code = "unauthenticated"


class Forbidden(JudgingError):
    code = "forbidden"


class NotFound(JudgingError):
    code = "not_found"


class Conflict(JudgingError):
    code = "conflict"


class Unprocessable(JudgingError):
    """A request field judging cannot use, with one message per problem (422)."""

    code = "unprocessable"
    field = ""


class NominationsInvalid(Unprocessable):
    code = "nominations_invalid"
    field = "nominations"


class JurorTokenUnknown(Unauthenticated):
    code = "juror_token_unknown"

    def __init__(self) -> None:
        super().__init__(tr("this juror token is not known: use the token the organizer gave you"))


class JurorTokenRevoked(Unauthenticated):
    code = "juror_token_revoked"

    def __init__(self) -> None:
        super().__init__(
            tr(
                "this juror token was revoked by the organizer: it no longer gives access to "
                "the contest"
            )
        )


class JurorOfAnotherContest(Forbidden):
    code = "juror_of_another_contest"

    def __init__(self, juror_contest_id: str, contest_id: str) -> None:
        super().__init__(
            tr(
                "your juror token is for contest '%(juror_contest)s', not '%(contest)s'",
                juror_contest=juror_contest_id,
                contest=contest_id,
            )
        )


class JurorUnknown(NotFound):
    code = "juror_unknown"

    def __init__(self, juror_id: str, contest_id: str) -> None:
        super().__init__(
            tr(
                "contest '%(contest)s' has no juror '%(juror)s'",
                contest=contest_id,
                juror=juror_id,
            )
        )


class ContestUnknown(NotFound):
    code = "contest_unknown"

    def __init__(self, contest_id: str) -> None:
        super().__init__(
            tr(
                "judging has not received contest '%(contest)s' yet: it learns contests from "
                "the contest.opened events of registration; if the contest was just created, "
                "try again in a moment",
                contest=contest_id,
            )
        )


class ParticipantUnknown(NotFound):
    code = "participant_unknown"

    def __init__(self, participant_id: str, contest_id: str) -> None:
        super().__init__(
            tr(
                "participant '%(participant)s' is not (or no longer) registered in contest "
                "'%(contest)s'",
                participant=participant_id,
                contest=contest_id,
            )
        )


class ParticipantNotKnown(NotFound):
    code = "participant_not_known"

    def __init__(self, participant_id: str) -> None:
        super().__init__(
            tr("judging knows nothing of participant '%(participant)s'", participant=participant_id)
        )


class NotAnnounced(NotFound):
    code = "not_announced"

    def __init__(self, contest_id: str) -> None:
        super().__init__(
            tr("the winners of contest '%(contest)s' are not announced yet", contest=contest_id)
        )


class CriteriaMissing(Conflict):
    code = "criteria_missing"

    def __init__(self, contest_id: str) -> None:
        super().__init__(
            tr(
                "the organizer has not set the criteria of contest '%(contest)s' yet: "
                "scoring and results start once they are set",
                contest=contest_id,
            )
        )


class CriteriaLocked(Conflict):
    code = "criteria_locked"

    def __init__(self, contest_id: str) -> None:
        super().__init__(
            tr(
                "the criteria of contest '%(contest)s' are locked: jurors have already scored "
                "with them, and changing them would make their scorecards meaningless",
                contest=contest_id,
            )
        )


class AlreadyAnnounced(Conflict):
    code = "already_announced"

    def __init__(self, contest_id: str) -> None:
        super().__init__(
            tr(
                "the winners of contest '%(contest)s' are announced: its results are frozen "
                "and no scorecard or criterion can change any more",
                contest=contest_id,
            )
        )


class AnnouncementUnderway(Conflict):
    code = "announcement_underway"

    def __init__(self, contest_id: str) -> None:
        super().__init__(
            tr(
                "the winners of contest '%(contest)s' are being announced right now: nothing "
                "can change meanwhile. If the announcement is refused, send this again in a "
                "moment",
                contest=contest_id,
            )
        )


class ScoringIncomplete(Conflict):
    code = "scoring_incomplete"

    def __init__(self, contest_id: str, missing: int, expected: int, unjudged: int) -> None:
        reasons = []
        if missing:
            reasons.append(
                tr(
                    "%(missing)s of %(expected)s expected scorecards are missing",
                    missing=missing,
                    expected=expected,
                )
            )
        if unjudged:
            reasons.append(
                tr(
                    "no juror is assigned to score %(unjudged)s of the participants",
                    unjudged=unjudged,
                )
            )
        if not reasons:
            reasons.append(tr("scorecards are missing"))
        joined = (
            reasons[0]
            if len(reasons) == 1
            else tr("%(first)s; %(second)s", first=reasons[0], second=reasons[1])
        )
        super().__init__(
            tr(
                "scoring of contest '%(contest)s' is not complete: %(reasons)s. Wait for the "
                'jurors, or send {"force": true} to announce the winners anyway',
                contest=contest_id,
                reasons=joined,
            )
        )
        self.missing, self.expected, self.unjudged = missing, expected, unjudged


class ContestChanged(Conflict):
    """Another request changed the contest while this one was being saved (see `store`)."""

    code = "contest_changed"

    def __init__(self) -> None:
        super().__init__(
            tr(
                "the contest's judging changed while this request was being saved, and it was "
                "not saved; send it again"
            )
        )
