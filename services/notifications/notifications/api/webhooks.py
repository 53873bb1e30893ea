from fastapi import APIRouter, Request, Response, status
from pydantic import AwareDatetime, BaseModel, Field

from forum_shared.web import (
    CorrelationId,
    CurrentOrganizer,
    IdempotencyKey,
    Organizer,
    answered_as_repeat,
)

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
    secret: str | None = Field(
        description="Verifies the X-Forum-Signature header; shown now and never again "
        "(null in the answer to a repeat with the same Idempotency-Key)"
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {
            "model": WebhookCreated,
            "description": "A repeat with the same Idempotency-Key: nothing new, no secret",
        },
        409: {"description": "The Idempotency-Key was used with a different body"},
        422: {"description": "An invalid body, or an address webhooks may not use"},
    },
)
async def register_webhook(
    request: Request,
    response: Response,
    form: WebhookRequest,
    store: StoreDep,
    actor: CurrentOrganizer,
    correlation_id: CorrelationId,
    idempotency_key: IdempotencyKey = None,
) -> WebhookCreated:
    """Every notification recorded from now on is also POSTed to `url` as JSON, signed:
    `X-Forum-Signature: sha256=<hex HMAC-SHA256 under the secret of "<X-Forum-Timestamp>.<body>">`
    (the README shows how to verify it). The address is checked again at every delivery."""
    added = await commands.add_webhook(
        store,
        request.app.state.webhook_targets,
        form,
        actor=actor,
        idempotency_key=idempotency_key,
        correlation_id=correlation_id,
    )
    if answered_as_repeat(response, added):
        return WebhookCreated.model_validate(added.existing.model_dump() | {"secret": None})
    return WebhookCreated.model_validate(added.model_dump())


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
