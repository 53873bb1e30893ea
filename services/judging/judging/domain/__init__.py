"""The judging domain: criteria, scorecards, rankings, completeness, agreement and winners.

Pure Python, no I/O: the HTTP API and the store call these and map the exceptions
(`CriteriaInvalid`, `ScorecardInvalid` → 422; `NotAssigned`, `ConflictOfInterest` → 403).
"""

from judging.domain.aggregation import final_scores, juror_zscores, median, trimmed_mean
from judging.domain.agreement import (
    Agreement,
    JurorDeviation,
    kendalls_w,
    most_deviating_juror,
    nomination_agreement,
    nomination_kendalls_w,
)
from judging.domain.completeness import (
    NominationProgress,
    ParticipantProgress,
    contest_progress,
    missing_scorecards,
    participant_progress,
    scoring_complete,
)
from judging.domain.criteria import Aggregation, ContestCriteria, Criterion
from judging.domain.errors import (
    ConflictOfInterest,
    CriteriaInvalid,
    JudgingError,
    JurorRevoked,
    NotAssigned,
    ScorecardInvalid,
    ScoringForbidden,
)
from judging.domain.exact import DISPLAY_DECIMALS
from judging.domain.fence import AnnouncerStep, Fence, Phase, TicketOutcomes, next_revision
from judging.domain.ranking import RankedParticipant, rank_contest, rank_nomination
from judging.domain.roster import (
    Juror,
    Participant,
    counted_scorecards,
    ensure_may_score,
    expected_jurors,
)
from judging.domain.scorecards import Scorecard, build_scorecard, validate_scores, weighted_total
from judging.domain.winners import Winner, pick_winners

__all__ = [
    "DISPLAY_DECIMALS",
    "Aggregation",
    "Agreement",
    "AnnouncerStep",
    "ConflictOfInterest",
    "ContestCriteria",
    "CriteriaInvalid",
    "Criterion",
    "Fence",
    "JudgingError",
    "Juror",
    "JurorDeviation",
    "JurorRevoked",
    "NominationProgress",
    "NotAssigned",
    "Participant",
    "ParticipantProgress",
    "Phase",
    "RankedParticipant",
    "Scorecard",
    "ScorecardInvalid",
    "ScoringForbidden",
    "TicketOutcomes",
    "Winner",
    "build_scorecard",
    "contest_progress",
    "counted_scorecards",
    "ensure_may_score",
    "expected_jurors",
    "final_scores",
    "juror_zscores",
    "kendalls_w",
    "median",
    "missing_scorecards",
    "most_deviating_juror",
    "nomination_agreement",
    "next_revision",
    "nomination_kendalls_w",
    "participant_progress",
    "pick_winners",
    "rank_contest",
    "rank_nomination",
    "scoring_complete",
    "trimmed_mean",
    "validate_scores",
    "weighted_total",
]
