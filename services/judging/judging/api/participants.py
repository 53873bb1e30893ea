"""What judging stores about one participant, for a data subject's request (organizers)."""

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel

from forum_shared.web import CorrelationId, CurrentOrganizer

from .. import queries
from .deps import StoreDep

router = APIRouter(tags=["participants"])


class PersonalData(BaseModel):
    """Judging's copy: the roster entry (never a contact), the scorecards given for the
    participant (scores and jurors' comments about the project) and the announcements naming
    them."""

    service: Literal["judging"] = "judging"
    participant_id: str
    roster: dict[str, Any]
    scorecards: list[dict[str, Any]]
    announcements: list[dict[str, Any]]


@router.get(
    "/participants/{participant_id}/personal-data",
    responses={404: {"description": "Judging knows no such participant"}},
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
