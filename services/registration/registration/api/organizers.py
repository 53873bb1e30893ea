"""Organizers with credentials of their own (organizers only): list, add (the token is in the
answer, once), revoke."""

from typing import Annotated

from fastapi import APIRouter, Response, status
from pydantic import AwareDatetime, BaseModel, Field

from forum_shared.web import (
    CorrelationId,
    CurrentOrganizer,
    IdempotencyKey,
    Organizer,
    answered_as_repeat,
)

from ..domain import MAX_NAME_LENGTH
from ..store import OrganizerRecord
from .deps import Commands, Queries

router = APIRouter(prefix="/organizers", tags=["organizers"])


class OrganizerView(BaseModel):
    id: str
    name: str
    added_at: AwareDatetime
    added_by: str = Field(description='Who added them: an organizer\'s id, "bootstrap" or "cli"')
    revoked_at: AwareDatetime | None
    revoked_by: str | None

    @classmethod
    def of(cls, organizer: OrganizerRecord) -> "OrganizerView":
        return cls.model_validate(organizer.model_dump())


class NewOrganizerForm(BaseModel):
    # checked (stripped, not empty, at most MAX_NAME_LENGTH) by the use case, in Russian
    name: Annotated[str, Field(max_length=4 * MAX_NAME_LENGTH, description="Имя и фамилия")]


class OrganizerCreated(OrganizerView):
    token: str | None = Field(
        description="Their Bearer token and key for the pages: shown this once, stored hashed "
        "(null in the answer to a repeat with the same Idempotency-Key)"
    )


@router.get("", dependencies=[Organizer])
async def list_organizers(queries: Queries) -> list[OrganizerView]:
    return [OrganizerView.of(organizer) for organizer in await queries.organizers()]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {
            "model": OrganizerCreated,
            "description": "A repeat with the same Idempotency-Key: nobody new, no token",
        },
        409: {"description": "The Idempotency-Key was used with a different name"},
        422: {"description": "No name, or a name too long"},
    },
)
async def add_organizer(
    response: Response,
    form: NewOrganizerForm,
    commands: Commands,
    actor: CurrentOrganizer,
    correlation_id: CorrelationId,
    idempotency_key: IdempotencyKey = None,
) -> OrganizerCreated:
    """A personal credential for a named organizer: every service accepts it once
    `organizer.added` reaches it (milliseconds), and every action is recorded under the name."""
    new = await commands.add_organizer(
        form.name, actor=actor, idempotency_key=idempotency_key, correlation_id=correlation_id
    )
    if answered_as_repeat(response, new):
        return OrganizerCreated.model_validate(new.existing.model_dump() | {"token": None})
    return OrganizerCreated.model_validate(new.organizer.model_dump() | {"token": new.token})


@router.delete("/{organizer_id}", responses={404: {"description": "No such organizer"}})
async def revoke_organizer(
    organizer_id: str, commands: Commands, actor: CurrentOrganizer, correlation_id: CorrelationId
) -> OrganizerView:
    """The credential stops working here at once, and in judging and notifications when
    `organizer.revoked` reaches them; the organizer's page sessions end with it. Revoking again
    answers the same."""
    organizer = await commands.revoke_organizer(
        organizer_id, actor=actor, correlation_id=correlation_id
    )
    return OrganizerView.of(organizer)
