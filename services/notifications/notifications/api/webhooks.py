import secrets
import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, status
from pydantic import AwareDatetime, BaseModel, Field, HttpUrl

from forum_shared.web import Organizer

from ..records import Webhook
from .deps import StoreDep

router = APIRouter(prefix="/webhooks", tags=["webhooks"], dependencies=[Organizer])

Secret = Annotated[str, Field(min_length=16, max_length=256)]


class WebhookRequest(BaseModel):
    url: HttpUrl
    secret: Secret | None = Field(
        default=None, description="Leave out to have one generated (returned once)"
    )


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
    webhook = Webhook(
        id=str(uuid.uuid4()),
        url=str(request.url),
        secret=request.secret or secrets.token_urlsafe(32),
        created_at=datetime.now(UTC),
    )
    await store.add_webhook(webhook)
    return WebhookCreated.model_validate(webhook.model_dump())


@router.get("")
async def list_webhooks(store: StoreDep) -> list[WebhookView]:
    return [WebhookView.model_validate(w.model_dump()) for w in await store.active_webhooks()]


@router.delete("/{webhook_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_webhook(webhook_id: str, store: StoreDep) -> None:
    """Stops deliveries to it, including the ones still pending."""
    if not await store.remove_webhook(webhook_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"there is no webhook {webhook_id}")
