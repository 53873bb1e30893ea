from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import AwareDatetime, BaseModel, Field

from forum_shared.web import CorrelationId, RuntimeDep

from .. import queries
from ..commands import submit_scorecard
from ..records import ScorecardRevision
from .criteria import CriterionForm
from .deps import JUROR_TOKEN_REFUSALS, CurrentJuror, StoreDep
from .jurors import ConflictView

router = APIRouter(prefix="/contests/{contest_id}", tags=["scoring"])


class ScorecardForm(BaseModel):
    scores: Annotated[
        dict[str, Any],
        Field(
            description="A score for every criterion id, within its range (a criterion's "
            "range lies within ±1 000 000)"
        ),
    ]
    comment: Annotated[str | None, Field(max_length=2000)] = None


class ScorecardView(BaseModel):
    revision: int
    scores: dict[str, float]
    weighted_total: float
    comment: str | None
    submitted_at: AwareDatetime

    @classmethod
    def of(cls, card: ScorecardRevision) -> "ScorecardView":
        return cls.model_validate(card.model_dump())


class RosterLine(BaseModel):
    participant_id: str
    display_name: str
    nomination: str
    nomination_title: str
    my_scorecard: ScorecardView | None


class Progress(BaseModel):
    scored: int
    expected: int


class JurorRoster(BaseModel):
    contest_id: str
    contest_title: str
    juror_id: str
    juror_name: str
    announced: bool
    criteria: list[CriterionForm] | None = Field(description="None until the organizer sets them")
    progress: Progress = Field(description="Scorecards given of those expected from the juror")
    participants: list[RosterLine]
    declared_conflicts: list[ConflictView]


@router.get("/roster", responses=JUROR_TOKEN_REFUSALS)
async def roster(juror: CurrentJuror, store: StoreDep) -> JurorRoster:
    """The participants the juror is expected to score, with the juror's own latest scorecards
    only, and the conflicts of interest the juror declared."""
    view = await queries.juror_roster(store, juror)
    return JurorRoster(
        contest_id=view.contest.id,
        contest_title=view.contest.title,
        juror_id=view.juror.id,
        juror_name=view.juror.name,
        announced=view.announced,
        criteria=[CriterionForm.model_validate(asdict(c)) for c in view.criteria.criteria]
        if view.criteria
        else None,
        progress=Progress(scored=view.scored, expected=view.expected),
        participants=[
            RosterLine(
                participant_id=line.participant.id,
                display_name=line.participant.display_name,
                nomination=line.participant.nomination,
                nomination_title=line.nomination_title,
                my_scorecard=ScorecardView.of(line.my_scorecard) if line.my_scorecard else None,
            )
            for line in view.lines
        ],
        declared_conflicts=[ConflictView.of(c) for c in view.declared_conflicts],
    )


@router.put(
    "/scores/{participant_id}",
    responses={
        **JUROR_TOKEN_REFUSALS,
        403: {"description": "Not the juror's contest or nomination, or a conflict of interest"},
        404: {"description": "No such participant in the contest"},
        409: {"description": "No criteria yet, or the winners are (being) announced"},
    },
)
async def put_scorecard(
    participant_id: str,
    form: ScorecardForm,
    juror: CurrentJuror,
    store: StoreDep,
    runtime: RuntimeDep,
    correlation_id: CorrelationId,
) -> ScorecardView:
    """Stores a new revision of the juror's scorecard and publishes `score.submitted`."""
    card = await submit_scorecard(
        runtime, store, juror, participant_id, form.scores, form.comment, correlation_id
    )
    return ScorecardView.of(card)
