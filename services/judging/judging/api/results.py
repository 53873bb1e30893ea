from typing import Annotated

from fastapi import APIRouter, Body, Response, status
from pydantic import AwareDatetime, BaseModel, Field

from forum_shared.events import NominationWinners
from forum_shared.web import CorrelationId, CurrentOrganizer, Organizer, RuntimeDep

from .. import queries
from ..commands import announce
from ..records import Announcement
from ..standings import NominationStandings
from .deps import StoreDep

router = APIRouter(prefix="/contests/{contest_id}", tags=["results"])


class RankingLine(BaseModel):
    place: int | None = Field(description="None until the participant has a scorecard")
    participant_id: str
    display_name: str
    final_score: float | None = Field(
        description="By the contest's method (a z-score under zscore)"
    )
    score_on_scale: float | None = Field(
        None,
        description="The final score on the criteria's own scale, for people to read (a z-score "
        "shown as a typical juror's total); never ranked by",
    )
    scorecards: int
    expected_scorecards: int
    spread: float | None = Field(
        None, description="Highest minus lowest of the jurors' weighted totals"
    )
    jurors_disagree: bool = Field(
        False, description="The spread exceeds a quarter of the criteria's scale"
    )


class DeviatingJuror(BaseModel):
    juror_id: str
    juror_name: str
    mean_abs_deviation: float = Field(
        description="Mean distance of the juror's weighted totals from the other jurors' mean"
    )
    participants_compared: int


class AgreementView(BaseModel):
    kendalls_w: float | None = Field(description="1: the jurors rank alike; 0: no agreement")
    jurors_in_w: int
    most_deviating_juror: DeviatingJuror | None


class NominationResults(BaseModel):
    nomination: str
    title: str
    complete: bool
    scorecards_received: int
    scorecards_expected: int
    unjudged: list[str] = Field(description="Participants no juror is expected to score")
    ranking: list[RankingLine]
    agreement: AgreementView

    @classmethod
    def of(cls, standings: NominationStandings, juror_names: dict[str, str]) -> "NominationResults":
        expected = standings.expected_scorecards
        deviating = standings.agreement.most_deviating
        return cls(
            nomination=standings.nomination,
            title=standings.title,
            complete=standings.complete,
            scorecards_received=standings.progress.received,
            scorecards_expected=standings.progress.expected,
            unjudged=list(standings.progress.unjudged),
            ranking=[
                RankingLine(
                    place=line.place,
                    participant_id=line.participant_id,
                    display_name=line.display_name,
                    final_score=line.final_score,
                    score_on_scale=standings.shown_scores.get(line.participant_id),
                    scorecards=line.scorecards,
                    expected_scorecards=expected.get(line.participant_id, 0),
                    spread=spread.width
                    if (spread := standings.spreads.get(line.participant_id))
                    else None,
                    jurors_disagree=bool(spread and spread.disagreement),
                )
                for line in standings.ranking
            ],
            agreement=AgreementView(
                kendalls_w=standings.agreement.kendalls_w,
                jurors_in_w=standings.agreement.jurors_in_w,
                most_deviating_juror=None
                if deviating is None
                else DeviatingJuror(
                    juror_id=deviating.juror_id,
                    juror_name=juror_names.get(deviating.juror_id, ""),
                    mean_abs_deviation=deviating.mean_abs_deviation,
                    participants_compared=deviating.participants_compared,
                ),
            ),
        )


class ContestResults(BaseModel):
    contest_id: str
    aggregation: str
    announced: bool
    complete: bool = Field(description="Every expected scorecard is in, every participant judged")
    missing_scorecards: int
    nominations: list[NominationResults]


class AnnouncementView(BaseModel):
    """Public: names, places and scores of the winners, never anyone's contacts."""

    contest_id: str
    contest_title: str
    announcement_id: str
    announced_at: AwareDatetime
    aggregation: str
    forced: bool
    nominations: tuple[NominationWinners, ...]

    @classmethod
    def of(cls, announcement: Announcement) -> "AnnouncementView":
        return cls.model_validate(announcement.model_dump())


class AnnouncementRequest(BaseModel):
    force: bool = Field(False, description="Announce even though scorecards are missing")


@router.get("/results", dependencies=[Organizer])
async def results(contest_id: str, store: StoreDep) -> ContestResults:
    """The live leaderboard: rankings, completeness and the jurors' agreement."""
    results = await queries.contest_results(store, contest_id)
    standings, names = results.standings, results.juror_names
    return ContestResults(
        contest_id=contest_id,
        aggregation=standings.aggregation,
        announced=results.announced,
        complete=standings.complete,
        missing_scorecards=len(standings.missing),
        nominations=[NominationResults.of(n, names) for n in standings.nominations],
    )


@router.post(
    "/announcement",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"description": "Announced before: the same announcement, nothing published"},
        409: {"description": "Scoring is incomplete (send force), or there are no criteria"},
    },
)
async def post_announcement(
    contest_id: str,
    store: StoreDep,
    runtime: RuntimeDep,
    correlation_id: CorrelationId,
    actor: CurrentOrganizer,
    response: Response,
    request: Annotated[AnnouncementRequest | None, Body()] = None,
) -> AnnouncementView:
    """Freezes the winners and publishes `winners.announced`, once per contest."""
    force = request.force if request else False
    announcement, created = await announce(
        runtime, store, contest_id, force, correlation_id, actor=actor
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return AnnouncementView.of(announcement)


@router.get("/announcement")
async def get_announcement(contest_id: str, store: StoreDep) -> AnnouncementView:
    """Public once the winners are announced."""
    return AnnouncementView.of(await queries.announcement(store, contest_id))
