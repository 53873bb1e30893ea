from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import AwareDatetime, BaseModel, Field

from forum_shared.web import CorrelationId, RuntimeDep

from ..commands import submit_scorecard
from ..records import ScorecardRevision
from .criteria import CriterionForm
from .deps import CurrentJuror, StoreDep

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


class JurorRoster(BaseModel):
    contest_id: str
    contest_title: str
    juror_id: str
    juror_name: str
    announced: bool
    criteria: list[CriterionForm] | None = Field(description="None until the organizer sets them")
    participants: list[RosterLine]


@router.get("/roster")
async def roster(juror: CurrentJuror, store: StoreDep) -> JurorRoster:
    """The participants the juror may score, with the juror's own latest scorecards only."""
    state = await store.state(juror.contest_id)
    titles = state.contest.nomination_titles
    may_score = juror.juror().may_score
    mine = {c.participant_id: c for c in await store.latest_scorecards(state.contest.id, juror.id)}
    return JurorRoster(
        contest_id=state.contest.id,
        contest_title=state.contest.title,
        juror_id=juror.id,
        juror_name=juror.name,
        announced=state.announcement is not None,
        criteria=[CriterionForm.model_validate(asdict(c)) for c in state.criteria.criteria]
        if state.criteria
        else None,
        participants=[
            RosterLine(
                participant_id=entry.id,
                display_name=entry.participant().display_name,
                nomination=entry.nomination,
                nomination_title=titles.get(entry.nomination, entry.nomination),
                my_scorecard=ScorecardView.of(mine[entry.id]) if entry.id in mine else None,
            )
            for entry in await store.participants(state.contest.id)
            if may_score(entry.participant())
        ],
    )


@router.put(
    "/scores/{participant_id}",
    responses={
        403: {"description": "Not the juror's contest or nomination, or a conflict of interest"},
        404: {"description": "No such participant in the contest"},
        409: {"description": "No criteria yet, or the winners are announced"},
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
