from fastapi import APIRouter, Request, status
from pydantic import AwareDatetime, BaseModel, Field

from forum_shared.web import CorrelationId, CurrentOrganizer, Organizer

from .. import commands, queries
from ..commands import NewWebhook as WebhookRequest
from .deps import StoreDep

router = APIRouter(prefix="/webhooks", tags=["webhooks"], dependencies=[Organizer])


class WebhookView(BaseModel):
    id: str
    url: str
    include_contact_name: bool
    created_at: AwareDatetime


class WebhookCreated(WebhookView):
    secret: str = Field(
        description="Verifies the X-Forum-Signature header; shown now and never again"
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={422: {"description": "An invalid body, or an address webhooks may not use"}},
)
async def register_webhook(
    request: Request,
    form: WebhookRequest,
    store: StoreDep,
    actor: CurrentOrganizer,
    correlation_id: CorrelationId,
) -> WebhookCreated:
    """Every notification recorded from now on is also POSTed to `url` as JSON, signed:
    `X-Forum-Signature: sha256=<hex HMAC-SHA256 under the secret of "<X-Forum-Timestamp>.<body>">`
    (the README shows how to verify it). The address is checked again at every delivery."""
    webhook = await commands.add_webhook(
        store,
        request.app.state.webhook_targets,
        form,
        actor=actor,
        correlation_id=correlation_id,
    )
    return WebhookCreated.model_validate(webhook.model_dump())


@router.get("")
async def list_webhooks(store: StoreDep) -> list[WebhookView]:
    return [WebhookView.model_validate(w.model_dump()) for w in await queries.webhooks(store)]


@router.delete(
    "/{webhook_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={404: {"description": "No such webhook"}},
)
async def remove_webhook(
    webhook_id: str, store: StoreDep, actor: CurrentOrganizer, correlation_id: CorrelationId
) -> None:
    """Stops deliveries to it, including the ones still pending."""
    await commands.remove_webhook(store, webhook_id, actor=actor, correlation_id=correlation_id)
