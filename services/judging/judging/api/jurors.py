from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import AwareDatetime, BaseModel, Field

from forum_shared.contract import text
from forum_shared.web import (
    CorrelationId,
    CurrentOrganizer,
    IdempotencyKey,
    Organizer,
    answered_as_repeat,
)

from .. import commands, queries
from ..records import DeclaredConflict, JurorEntry
from .deps import JUROR_TOKEN_REFUSALS, CurrentJuror, StoreDep

router = APIRouter(prefix="/contests/{contest_id}", tags=["setup"])

Name = text(200)
Id = text(100)
Reason = text(1000)


class JurorForm(BaseModel):
    name: Name
    nominations: Annotated[
        list[Id] | None, Field(description="The nominations the juror scores; absent: all")
    ] = None
    conflicts_of_interest: Annotated[
        list[Id], Field(description="Participant ids the juror must not score", max_length=500)
    ] = []


class JurorCreated(BaseModel):
    id: str
    token: str | None = Field(
        description="The juror's Bearer token: shown this once, stored hashed "
        "(null in the answer to a repeat with the same Idempotency-Key)"
    )


class ConflictView(BaseModel):
    participant_id: str
    reason: str
    declared_at: AwareDatetime

    @classmethod
    def of(cls, conflict: DeclaredConflict) -> "ConflictView":
        return cls.model_validate(conflict.model_dump())


class JurorView(BaseModel):
    id: str
    name: str
    nominations: list[str] | None
    conflicts_of_interest: list[str] = Field(description="Declared by the organizer")
    declared_conflicts: list[ConflictView] = Field(description="Declared by the juror")
    created_at: AwareDatetime
    revoked_at: AwareDatetime | None
    scorecards_discarded: bool = Field(description="Revoked, and their scorecards no longer count")

    @classmethod
    def of(cls, juror: JurorEntry) -> "JurorView":
        return cls.model_validate(juror.model_dump())


class ConflictForm(BaseModel):
    reason: Reason


@router.post(
    "/jurors",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {
            "model": JurorCreated,
            "description": "A repeat with the same Idempotency-Key: nobody new, no token",
        },
        409: {
            "description": "The winners are announced (or being announced), or the "
            "Idempotency-Key was used with a different body"
        },
    },
)
async def add_juror(
    contest_id: str,
    response: Response,
    form: JurorForm,
    store: StoreDep,
    actor: CurrentOrganizer,
    correlation_id: CorrelationId,
    idempotency_key: IdempotencyKey = None,
) -> JurorCreated:
    new = await commands.add_juror(
        store,
        contest_id,
        form.name,
        form.nominations,
        form.conflicts_of_interest,
        actor=actor,
        idempotency_key=idempotency_key,
        correlation_id=correlation_id,
    )
    if answered_as_repeat(response, new):
        return JurorCreated(id=new.existing, token=None)
    return JurorCreated(id=new.juror.id, token=new.token)


@router.get("/jurors", dependencies=[Organizer])
async def list_jurors(contest_id: str, store: StoreDep) -> list[JurorView]:
    return [JurorView.of(juror) for juror in await queries.contest_jurors(store, contest_id)]


@router.delete(
    "/jurors/{juror_id}",
    responses={
        404: {"description": "No such juror in the contest"},
        409: {"description": "The winners are announced (or being announced)"},
    },
)
async def revoke_juror(
    contest_id: str,
    juror_id: str,
    store: StoreDep,
    actor: CurrentOrganizer,
    correlation_id: CorrelationId,
    discard_scorecards: Annotated[
        bool, Query(description="Their scorecards given so far stop counting too")
    ] = False,
) -> JurorView:
    """Revokes the juror: their token stops working and no more scorecards are expected from
    them. The scorecards they gave still count unless `discard_scorecards`."""
    juror = await commands.revoke_juror(
        store,
        contest_id,
        juror_id,
        discard_scorecards=discard_scorecards,
        actor=actor,
        correlation_id=correlation_id,
    )
    return JurorView.of(juror)


@router.put(
    "/conflicts/{participant_id}",
    tags=["scoring"],
    responses={
        **JUROR_TOKEN_REFUSALS,
        404: {"description": "No such participant in the contest"},
        409: {"description": "The winners are announced (or being announced)"},
    },
)
async def declare_conflict(
    participant_id: str, form: ConflictForm, juror: CurrentJuror, store: StoreDep
) -> ConflictView:
    """The juror declares a conflict of interest with a participant, with the reason: they no
    longer score them, and a scorecard they gave them stops counting."""
    conflict = await commands.declare_conflict(store, juror, participant_id, form.reason)
    return ConflictView.of(conflict)
