"""Domain exceptions. Each carries messages a person understands (`tr` Messages, translated
where they leave the service), one per problem found, and a stable `code` for programs: the
codes are spelled out here, never derived from the class names, and never change with the
language.

Suggested HTTP mapping: `CriteriaInvalid` and `ScorecardInvalid` → 422, `ScoringForbidden`
(`NotAssigned`, `ConflictOfInterest`, `JurorRevoked`) → 403.
"""

from forum_shared.i18n import Message


class JudgingError(Exception):
    code = "judging_error"

    def __init__(self, *problems: Message) -> None:
        if not problems:
            raise ValueError("a judging error needs at least one problem")
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems: tuple[Message, ...] = problems

    @property
    def message(self) -> str:
        """In English, for logs and tests; people get `problems` rendered in their language."""
        return str(self)


class CriteriaInvalid(JudgingError):
    """The organizer's criteria or aggregation method cannot be used."""

    code = "criteria_invalid"


class ScorecardInvalid(JudgingError):
    """A scorecard misses criteria, names unknown ones or has scores outside their range."""

    code = "scorecard_invalid"


class ScoringForbidden(JudgingError):
    """The juror may not score this participant at all."""

    code = "scoring_forbidden"


class NotAssigned(ScoringForbidden):
    """The participant's nomination is not among the juror's nominations."""

    code = "not_assigned"


class ConflictOfInterest(ScoringForbidden):
    """The juror declared a conflict of interest with the participant."""

    code = "conflict_of_interest"


class JurorRevoked(ScoringForbidden):
    """The organizer revoked the juror: they score no one any more."""

    code = "juror_revoked"
