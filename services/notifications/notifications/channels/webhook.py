import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

import httpx

from .base import DeliveryFailed, OutgoingMessage

SIGNATURE_HEADER = "X-Forum-Signature"
NOTIFICATION_ID_HEADER = "X-Forum-Notification-Id"


def encode_payload(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def sign(body: bytes, secret: str) -> str:
    """The `X-Forum-Signature` value: ``sha256=<hex HMAC-SHA256 of the exact body bytes>``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(body: bytes, secret: str, header: str | None) -> bool:
    if header is None:
        return False
    return hmac.compare_digest(sign(body, secret).encode(), header.strip().encode(errors="replace"))


class WebhookChannel:
    """Posts every notification as signed JSON to one URL an organizer registered.

    `name` tells webhooks apart in the delivery log (e.g. ``webhook:<id>``).
    """

    def __init__(
        self, url: str, secret: str, *, name: str = "webhook", timeout: float = 10.0
    ) -> None:
        self.name = name
        self._url = url
        self._secret = secret
        self._timeout = timeout

    async def deliver(self, message: OutgoingMessage) -> None:
        body = encode_payload(message.payload)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            SIGNATURE_HEADER: sign(body, self._secret),
            NOTIFICATION_ID_HEADER: message.notification_id,
        }
        try:
            async with httpx.AsyncClient(timeout=self._timeout) as client:
                response = await client.post(self._url, content=body, headers=headers)
        except httpx.TimeoutException:
            raise DeliveryFailed("timeout") from None
        except httpx.ConnectError:
            raise DeliveryFailed("connection failed") from None
        except httpx.HTTPError as exc:
            raise DeliveryFailed(f"HTTP transport error ({type(exc).__name__})") from None
        if not response.is_success:
            raise DeliveryFailed(f"HTTP {response.status_code}")
