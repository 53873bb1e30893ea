import secrets
import uuid
from typing import Annotated

from fastapi import APIRouter, status
from fastapi.exceptions import RequestValidationError
from pydantic import AwareDatetime, BaseModel, Field, StringConstraints

from forum_shared.mongo import now_to_the_millisecond
from forum_shared.web import Organizer

from ..records import JurorRecord
from .deps import StoreDep, token_hash

router = APIRouter(prefix="/contests/{contest_id}/jurors", tags=["setup"])

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


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
    token: str = Field(description="The juror's Bearer token: shown this once, stored hashed")


class JurorView(BaseModel):
    id: str
    name: str
    nominations: list[str] | None
    conflicts_of_interest: list[str]
    created_at: AwareDatetime


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=[Organizer])
async def add_juror(contest_id: str, form: JurorForm, store: StoreDep) -> JurorCreated:
    contest = await store.contest(contest_id)
    if problems := nomination_problems(form.nominations, set(contest.nomination_titles)):
        raise RequestValidationError(problems)
    token = secrets.token_urlsafe(32)
    juror = JurorRecord(
        _id=str(uuid.uuid4()),
        contest_id=contest_id,
        name=form.name,
        nominations=None if form.nominations is None else sorted(set(form.nominations)),
        conflicts_of_interest=sorted(set(form.conflicts_of_interest)),
        token_sha256=token_hash(token),
        created_at=now_to_the_millisecond(),
    )
    await store.add_juror(juror)
    return JurorCreated(id=juror.id, token=token)


@router.get("", dependencies=[Organizer])
async def list_jurors(contest_id: str, store: StoreDep) -> list[JurorView]:
    await store.contest(contest_id)
    jurors = await store.contest_jurors(contest_id)
    return [JurorView.model_validate(juror.model_dump()) for juror in jurors]


def nomination_problems(nominations: list[str] | None, known: set[str]) -> list[dict[str, object]]:
    """In the shape of pydantic's errors, so that they are answered like any invalid field."""
    where = ("body", "nominations")
    if nominations is None:
        return []
    if not nominations:
        message = "give at least one nomination, or leave the field out for all of them"
        return [{"loc": where, "msg": message, "type": "no_nomination"}]
    allowed = ", ".join(sorted(known))
    return [
        {
            "loc": where,
            "msg": f"the contest has no nomination {nomination!r} (it has: {allowed})",
            "type": "unknown_nomination",
        }
        for nomination in sorted(set(nominations) - known)
    ]
