"""Registration's HTTP API for participants: routes only translate between HTTP and the use
cases in `commands` and `queries`."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Header, Query, status
from pydantic import AwareDatetime, BaseModel, Field

from forum_shared.idempotency import MAX_KEY_LENGTH
from forum_shared.web import CorrelationId, CurrentOrganizer, Limit, Offset, Organizer

from ..domain import Application
from ..store import ParticipantFilter, ParticipantRecord
from .deps import Commands, Queries
from .limits import TOO_MANY

router = APIRouter(tags=["participants"])

# Not `forum_shared.web.IdempotencyKey`: an applicant's key is kept on the participant (no
# expiry, per contest, no organizer) and a retry answers 201 like the first request; only the
# key's length is the shared one.
IdempotencyKey = Annotated[
    str | None,
    Header(
        max_length=MAX_KEY_LENGTH,
        description="Send the same key when retrying: the first answer is returned again",
    ),
]
PARTICIPANT_FIELDS_HIDDEN = {"duplicate_key"}


class RegistrationAccepted(BaseModel):
    """The public answer: no personal data, only what the applicant needs to refer to it."""

    id: str
    contest_id: str
    nomination: str
    status: str = "registered"
    registered_at: AwareDatetime


@router.post(
    "/contests/{contest_id}/participants",
    status_code=status.HTTP_201_CREATED,
    responses={
        404: {"description": "No such contest"},
        409: {"description": "Already registered, or registration is not open"},
        **TOO_MANY,
    },
)
async def register_participant(
    contest_id: str,
    application: Application,
    commands: Commands,
    correlation_id: CorrelationId,
    idempotency_key: IdempotencyKey = None,
) -> RegistrationAccepted:
    """The public registration form; one `participant.registered` per accepted application."""
    registered = await commands.register(
        contest_id, application, idempotency_key=idempotency_key, correlation_id=correlation_id
    )
    return RegistrationAccepted(
        id=registered.participant_id,
        contest_id=registered.contest_id,
        nomination=registered.nomination,
        registered_at=registered.registered_at,
    )


@router.get(
    "/contests/{contest_id}/participants",
    dependencies=[Organizer],
    response_model_exclude=PARTICIPANT_FIELDS_HIDDEN,
    responses={404: {"description": "No such contest"}},
)
async def list_participants(
    contest_id: str,
    queries: Queries,
    nomination: str | None = None,
    search: Annotated[
        str, Query(max_length=100, description="Part of the name, the ИНН or the project title")
    ] = "",
    status: Literal["registered", "withdrawn"] | None = None,
    offset: Offset = 0,
    limit: Limit = 100,
) -> list[ParticipantRecord]:
    """The contest's participants with their contacts (organizers only)."""
    where = ParticipantFilter(search=search, nomination=nomination, status=status)
    return await queries.participants(contest_id, where, offset, limit)


@router.get(
    "/participants/{participant_id}",
    dependencies=[Organizer],
    response_model_exclude=PARTICIPANT_FIELDS_HIDDEN,
    responses={404: {"description": "No such participant"}},
)
async def get_participant(participant_id: str, queries: Queries) -> ParticipantRecord:
    return await queries.participant(participant_id)


class WithdrawalRequest(BaseModel):
    reason: str | None = Field(default=None, description="Why; kept with the withdrawal")


class Withdrawal(BaseModel):
    participant_id: str
    withdrawn_at: AwareDatetime
    reason: str | None = None


@router.post(
    "/participants/{participant_id}/withdrawal",
    responses={404: {"description": "No such participant"}},
)
async def withdraw_participant(
    participant_id: str,
    commands: Commands,
    actor: CurrentOrganizer,
    correlation_id: CorrelationId,
    request: Annotated[WithdrawalRequest | None, Body()] = None,
) -> Withdrawal:
    """Withdraws a participant (organizers only) and publishes `participant.withdrawn` once;
    asking again answers the same (the first time and reason) and publishes nothing new."""
    withdrawn = await commands.withdraw(
        participant_id,
        request.reason if request else None,
        actor=actor,
        correlation_id=correlation_id,
    )
    return Withdrawal(
        participant_id=withdrawn.participant_id,
        withdrawn_at=withdrawn.withdrawn_at,
        reason=withdrawn.reason,
    )


class Erasure(BaseModel):
    participant_id: str
    erased_at: AwareDatetime
    reason: Literal["request", "retention"]


@router.post(
    "/participants/{participant_id}/erasure",
    responses={404: {"description": "No such participant"}},
)
async def erase_participant(
    participant_id: str,
    commands: Commands,
    actor: CurrentOrganizer,
    correlation_id: CorrelationId,
) -> Erasure:
    """Erases the participant's personal data here (organizers only) and publishes
    `participant.erased` once, so that judging and notifications erase their copies; asking
    again answers the first erasure and publishes nothing new."""
    erased = await commands.erase(participant_id, actor=actor, correlation_id=correlation_id)
    return Erasure(
        participant_id=erased.participant_id, erased_at=erased.erased_at, reason=erased.reason
    )


class PersonalData(BaseModel):
    """Everything registration stores about one participant."""

    service: Literal["registration"] = "registration"
    participant_id: str
    application: dict[str, Any]
    withdrawal: dict[str, Any] | None = None
    erasure: dict[str, Any] | None = None
    events: list[dict[str, Any]] = Field(
        description="The events the participant's documents carry, as published"
    )


@router.get(
    "/participants/{participant_id}/personal-data",
    responses={404: {"description": "No such participant"}},
)
async def participant_personal_data(
    participant_id: str, queries: Queries, actor: CurrentOrganizer, correlation_id: CorrelationId
) -> PersonalData:
    """A data subject's request: everything registration stores about the participant
    (organizers only; recorded in the audit trail as `personal_data.exported`); judging and
    notifications answer the same path for their copies."""
    exported = await queries.personal_data(
        participant_id, actor=actor, correlation_id=correlation_id
    )
    return PersonalData.model_validate(exported)
