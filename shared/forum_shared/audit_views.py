"""The audit trail for the organizers, in every service: `GET /audit` (JSON) and the page
`/organizer/audit`, both over the service's own trail (`Runtime.audit`), newest first."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import AwareDatetime, BaseModel, Field

from .audit import ACTIONS, AuditFilter, AuditTrail, action_words, target_words
from .moments import AwareMoment
from .pages import Pages
from .sign_in import OrganizerPage
from .web import Limit, Offset, Organizer

PAGE_SIZE = 50


class AuditActor(BaseModel):
    id: str = Field(description='The organizer\'s id; "bootstrap" for the shared key')
    name: str


class AuditTarget(BaseModel):
    kind: str = Field(description="contest, participant, juror, notification, webhook, organizer")
    id: str


class AuditEntry(BaseModel):
    id: str
    at: AwareDatetime
    actor: AuditActor
    action: str = Field(description="A stable code: " + ", ".join(ACTIONS))
    target: AuditTarget
    details: dict[str, Any] = Field(description="Ids, counts and flags; never personal data")
    correlation_id: str | None = Field(description="The request's X-Correlation-ID")

    @classmethod
    def of(cls, document: dict[str, Any]) -> "AuditEntry":
        return cls.model_validate(document | {"id": document["_id"]})


class AuditEntries(BaseModel):
    entries: list[AuditEntry] = Field(description="Newest first")
    total: int = Field(description="How many entries match the filters")
    offset: int
    limit: int


def audit_of(request: Request) -> AuditTrail:
    return request.app.state.runtime.audit


# The action codes, as a type: the schema lists them and pydantic refuses any other (a 422).
ActionCode = Literal[tuple(ACTIONS)]  # type: ignore[valid-type]


router = APIRouter(tags=["audit"])


@router.get("/audit", dependencies=[Organizer])
async def audit(
    request: Request,
    offset: Offset = 0,
    limit: Limit = PAGE_SIZE,
    action: Annotated[ActionCode | None, Query(description="Only this action code")] = None,
    actor_id: Annotated[str | None, Query(max_length=100, description="Only this actor")] = None,
    since: Annotated[AwareMoment | None, Query(description="From this moment on")] = None,
    until: Annotated[AwareMoment | None, Query(description="Before this moment")] = None,
) -> AuditEntries:
    """Every organizer action this service performed: who, when, what, on what, and the
    request's correlation id; newest first."""
    where = AuditFilter(action, actor_id or None, since, until)
    trail = audit_of(request)
    documents = await trail.entries(where, offset, limit)
    return AuditEntries(
        entries=[AuditEntry.of(document) for document in documents],
        total=await trail.count(where),
        offset=offset,
        limit=limit,
    )


page_router = APIRouter(include_in_schema=False)


@page_router.get("/organizer/audit")
async def audit_page(
    request: Request,
    organizer: OrganizerPage,
    action: str = "",
    page: Annotated[int, Query(ge=1, le=2000)] = 1,
) -> HTMLResponse:
    pages: Pages = request.app.state.pages
    chosen = action if action in ACTIONS else ""
    where = AuditFilter(action=chosen or None)
    trail = audit_of(request)
    documents = await trail.entries(where, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    total = await trail.count(where)
    return pages.render(
        request,
        "audit.html",
        private=True,
        entries=[AuditEntry.of(document) for document in documents],
        actions=[(code, action_words(code)) for code in ACTIONS],
        action=chosen,
        action_words=action_words,
        target_words=target_words,
        page=page,
        pages_count=max(1, -(-total // PAGE_SIZE)),
        total=total,
    )
