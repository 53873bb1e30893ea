from fastapi import APIRouter, status
from pydantic import AwareDatetime, BaseModel, Field

from forum_shared.web import Organizer

from .. import commands, queries
from ..commands import NewWebhook as WebhookRequest
from .deps import StoreDep

router = APIRouter(prefix="/webhooks", tags=["webhooks"], dependencies=[Organizer])


class WebhookView(BaseModel):
    id: str
    url: str
    created_at: AwareDatetime


class WebhookCreated(WebhookView):
    secret: str = Field(
        description="Verifies the X-Forum-Signature header; shown now and never again"
    )


@router.post("", status_code=status.HTTP_201_CREATED)
async def register_webhook(request: WebhookRequest, store: StoreDep) -> WebhookCreated:
    """Every notification recorded from now on is also POSTed to `url` as JSON, with
    `X-Forum-Signature: sha256=<hex HMAC-SHA256 of the body with the secret>`."""
    webhook = await commands.add_webhook(store, request)
    return WebhookCreated.model_validate(webhook.model_dump())


@router.get("")
async def list_webhooks(store: StoreDep) -> list[WebhookView]:
    return [WebhookView.model_validate(w.model_dump()) for w in await queries.webhooks(store)]


@router.delete(
    "/{webhook_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={404: {"description": "No such webhook"}},
)
async def remove_webhook(webhook_id: str, store: StoreDep) -> None:
    """Stops deliveries to it, including the ones still pending."""
    await commands.remove_webhook(store, webhook_id)
