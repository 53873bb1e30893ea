"""Domain exceptions. Each carries messages a person understands, one per problem found.

Suggested HTTP mapping: `CriteriaInvalid` and `ScorecardInvalid` → 422, `ScoringForbidden`
(`NotAssigned`, `ConflictOfInterest`, `JurorRevoked`) → 403.
"""


class JudgingError(Exception):
    def __init__(self, *problems: str) -> None:
        if not problems:
            raise ValueError("a judging error needs at least one problem")
        super().__init__("; ".join(problems))
        self.problems: tuple[str, ...] = problems

    @property
    def message(self) -> str:
        return str(self)


class CriteriaInvalid(JudgingError):
    """The organizer's criteria or aggregation method cannot be used."""


class ScorecardInvalid(JudgingError):
    """A scorecard misses criteria, names unknown ones or has scores outside their range."""


class ScoringForbidden(JudgingError):
    """The juror may not score this participant at all."""


class NotAssigned(ScoringForbidden):
    """The participant's nomination is not among the juror's nominations."""


class ConflictOfInterest(ScoringForbidden):
    """The juror declared a conflict of interest with the participant."""


class JurorRevoked(ScoringForbidden):
    """The organizer revoked the juror: they score no one any more."""
