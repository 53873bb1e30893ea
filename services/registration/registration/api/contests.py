"""Registration's HTTP API for contests: routes only translate between HTTP and the use cases."""

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from forum_shared.moments import Moment
from forum_shared.web import CorrelationId, CurrentOrganizer

from ..domain import Contest, Nomination
from ..domain.contest import (
    AGE_RATING_SCHEMA,
    KINDS_SCHEMA,
    NOMINATIONS_RULE,
    NOMINATIONS_SCHEMA,
    PLACES_SCHEMA,
    TITLE_SCHEMA,
    WINDOW_RULE,
)
from .deps import Commands, Queries

router = APIRouter(prefix="/contests", tags=["contests"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={409: {"description": "A contest with this id exists"}},
)
async def create_contest(
    contest: Contest, commands: Commands, actor: CurrentOrganizer, correlation_id: CorrelationId
) -> Contest:
    """Opens a contest and publishes `contest.opened` (organizers only)."""
    return await commands.open_contest(contest, actor=actor, correlation_id=correlation_id)


@router.get("")
async def list_contests(queries: Queries) -> list[Contest]:
    return await queries.contests()


@router.get("/{contest_id}", responses={404: {"description": "No such contest"}})
async def get_contest(contest_id: str, queries: Queries) -> Contest:
    return await queries.contest(contest_id)


class ContestChanges(BaseModel):
    """The fields to change; those left out (or null) stay as they are. The id cannot change.
    The bounds are the contest's (checked by the domain, stated here)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str | None = Field(default=None, json_schema_extra=TITLE_SCHEMA)
    age_rating: str | None = Field(default=None, json_schema_extra=AGE_RATING_SCHEMA)
    participant_kinds: tuple[str, ...] | None = Field(default=None, json_schema_extra=KINDS_SCHEMA)
    nominations: tuple[Nomination, ...] | None = Field(
        default=None, description=NOMINATIONS_RULE, json_schema_extra=NOMINATIONS_SCHEMA
    )
    registration_opens_at: Moment | None = Field(default=None, description=WINDOW_RULE)
    registration_closes_at: Moment | None = Field(default=None, description=WINDOW_RULE)
    places_per_nomination: int | None = Field(default=None, json_schema_extra=PLACES_SCHEMA)


@router.patch(
    "/{contest_id}",
    responses={
        404: {"description": "No such contest"},
        409: {"description": "Registration has opened: the contest can no longer change"},
    },
)
async def edit_contest(
    contest_id: str,
    changes: ContestChanges,
    commands: Commands,
    actor: CurrentOrganizer,
    correlation_id: CorrelationId,
) -> Contest:
    """Changes a contest before its registration opens and publishes `contest.changed` with
    the whole contest and its new `revision` (organizers only)."""
    return await commands.edit_contest(
        contest_id,
        changes.model_dump(exclude_unset=True, exclude_none=True),
        actor=actor,
        correlation_id=correlation_id,
    )


@router.post(
    "/{contest_id}/closure",
    responses={
        404: {"description": "No such contest"},
        409: {"description": "Registration has not opened yet"},
    },
)
async def close_registration(
    contest_id: str, commands: Commands, actor: CurrentOrganizer, correlation_id: CorrelationId
) -> Contest:
    """Closes an open registration now (organizers only) and publishes `contest.changed`;
    asking again answers the same and publishes nothing new."""
    return await commands.close_registration(contest_id, actor=actor, correlation_id=correlation_id)
