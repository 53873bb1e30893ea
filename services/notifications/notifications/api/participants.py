"""What notifications stores about one participant, for a data subject's request
(organizers)."""

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel

from forum_shared.web import CorrelationId, CurrentOrganizer, Organizer

from .. import queries
from .deps import StoreDep

router = APIRouter(tags=["participants"], dependencies=[Organizer])


class PersonalData(BaseModel):
    """The recipient as remembered (address, contact person, names) and every letter to the
    participant with its template's context and its delivery."""

    service: Literal["notifications"] = "notifications"
    participant_id: str
    recipient: dict[str, Any] | None
    notifications: list[dict[str, Any]]


@router.get(
    "/participants/{participant_id}/personal-data",
    responses={404: {"description": "The service knows no such participant"}},
)
async def participant_personal_data(
    participant_id: str, store: StoreDep, actor: CurrentOrganizer, correlation_id: CorrelationId
) -> PersonalData:
    """Everything this service stores about the participant (organizers only; recorded in the
    audit trail as `personal_data.exported`)."""
    exported = await queries.personal_data(
        store, participant_id, actor=actor, correlation_id=correlation_id
    )
    return PersonalData.model_validate(exported)
