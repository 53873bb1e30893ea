import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, status
from pydantic import AwareDatetime, BaseModel
from pymongo.errors import DuplicateKeyError

from forum_shared.mongo import now_to_the_millisecond
from forum_shared.web import CorrelationId, Limit, Offset, Organizer, RuntimeDep

from ..domain import Application, DuplicateRegistration, register, withdrawn_event
from ..store import ParticipantRecord
from .contests import existing_contest
from .deps import StoreDep

router = APIRouter(tags=["participants"])

IdempotencyKey = Annotated[
    str | None,
    Header(
        max_length=200,
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
    responses={409: {"description": "Already registered, or registration is not open"}},
)
async def register_participant(
    contest_id: str,
    application: Application,
    store: StoreDep,
    runtime: RuntimeDep,
    correlation_id: CorrelationId,
    idempotency_key: IdempotencyKey = None,
) -> RegistrationAccepted:
    """The public registration form; one `participant.registered` per accepted application."""
    fingerprint = hashlib.sha256(
        f"{contest_id}\n{application.model_dump_json()}".encode()
    ).hexdigest()
    key = f"{contest_id}:{idempotency_key}" if idempotency_key else None
    if key and (previous := await store.participant_by_idempotency_key(key)):
        return replay(previous, fingerprint)

    contest = await existing_contest(store, contest_id)
    participant, event = register(
        contest, application, now_to_the_millisecond(), correlation_id=correlation_id
    )
    idempotency = {"idempotency_key": key, "request_fingerprint": fingerprint} if key else None
    try:
        await store.add_participant(participant, event, idempotency)
    except DuplicateKeyError:
        if key and (previous := await store.participant_by_idempotency_key(key)):
            return replay(previous, fingerprint)  # the same request, raced by its own retry
        raise DuplicateRegistration() from None
    runtime.relay.wake()
    return RegistrationAccepted.model_validate(participant.model_dump())


def replay(previous: dict[str, Any], fingerprint: str) -> RegistrationAccepted:
    if previous["request_fingerprint"] != fingerprint:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "this Idempotency-Key was already used for a different application; "
            "use a new key for a new application",
        )
    return RegistrationAccepted.model_validate(previous)


@router.get(
    "/contests/{contest_id}/participants",
    dependencies=[Organizer],
    response_model_exclude=PARTICIPANT_FIELDS_HIDDEN,
)
async def list_participants(
    contest_id: str,
    store: StoreDep,
    nomination: str | None = None,
    offset: Offset = 0,
    limit: Limit = 100,
) -> list[ParticipantRecord]:
    """The contest's participants with their contacts (organizers only)."""
    await existing_contest(store, contest_id)
    return await store.contest_participants(contest_id, nomination, offset, limit)


@router.get(
    "/participants/{participant_id}",
    dependencies=[Organizer],
    response_model_exclude=PARTICIPANT_FIELDS_HIDDEN,
)
async def get_participant(participant_id: str, store: StoreDep) -> ParticipantRecord:
    return await existing_participant(store, participant_id)


class Withdrawal(BaseModel):
    participant_id: str
    withdrawn_at: AwareDatetime


@router.post("/participants/{participant_id}/withdrawal", dependencies=[Organizer])
async def withdraw_participant(
    participant_id: str, store: StoreDep, runtime: RuntimeDep, correlation_id: CorrelationId
) -> Withdrawal:
    """Withdraws a participant (organizers only) and publishes `participant.withdrawn` once;
    asking again answers the same and publishes nothing new."""
    participant = await existing_participant(store, participant_id)
    event = withdrawn_event(participant, now_to_the_millisecond(), correlation_id=correlation_id)
    withdrawal = await store.add_withdrawal(event)
    runtime.relay.wake()
    return Withdrawal(participant_id=participant_id, withdrawn_at=withdrawal["withdrawn_at"])


async def existing_participant(store: StoreDep, participant_id: str) -> ParticipantRecord:
    participant = await store.participant(participant_id)
    if participant is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"there is no participant {participant_id}")
    return participant
