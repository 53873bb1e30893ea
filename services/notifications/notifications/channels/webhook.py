"""Signed webhooks, delivered only where the target policy allows.

Signature: ``X-Forum-Signature: sha256=<hex HMAC-SHA256 under the webhook's secret of
"<X-Forum-Timestamp>.<body>">``, where `X-Forum-Timestamp` is the Unix time of the attempt in
whole seconds. A receiver recomputes it over the exact bytes and refuses a timestamp older than
a few minutes, so that a captured delivery cannot be replayed later.
"""

import asyncio
import hashlib
import hmac
import json
import socket
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import urlunsplit

import httpx

from ..domain import TargetProblem, WebhookTargetPolicy
from ..domain.webhook_targets import ip_literal, split
from .base import DeliveryFailed, OutgoingMessage

SIGNATURE_HEADER = "X-Forum-Signature"
TIMESTAMP_HEADER = "X-Forum-Timestamp"
NOTIFICATION_ID_HEADER = "X-Forum-Notification-Id"
REPLAY_TOLERANCE_SECONDS = 300

Resolver = Callable[[str, int], Awaitable[list[str]]]


def encode_payload(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def sign(body: bytes, secret: str, timestamp: int | str) -> str:
    """The `X-Forum-Signature` value for a body sent at `timestamp` (the `X-Forum-Timestamp`)."""
    signed = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def verify(
    body: bytes,
    secret: str,
    signature: str | None,
    timestamp: str | None,
    *,
    now: float | None = None,
    tolerance: int = REPLAY_TOLERANCE_SECONDS,
) -> bool:
    """What a receiver does: the signature matches and the timestamp is recent."""
    if signature is None or timestamp is None or not timestamp.strip().isdigit():
        return False
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > tolerance:
        return False
    expected = sign(body, secret, timestamp.strip()).encode()
    return hmac.compare_digest(expected, signature.strip().encode(errors="replace"))


async def resolve(host: str, port: int) -> list[str]:
    """The addresses `host` has now, in the resolver's order, without repeats."""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return []
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class WebhookTargets:
    """The target policy with the resolver: checks a URL, and gives the addresses to use."""

    def __init__(self, policy: WebhookTargetPolicy, resolver: Resolver = resolve):
        self.policy = policy
        self.resolver = resolver

    async def check(self, url: str) -> None:
        """At registration: raises `TargetRefused`. The host's addresses are looked up only
        where they matter (public addresses only), so a local run may name a host it cannot
        resolve yet."""
        if self.policy.public_addresses_only:
            await self.addresses(url)
        elif (problem := self.policy.url_problem(url)) is not None:
            raise TargetRefused(problem)

    async def addresses(self, url: str) -> list[str]:
        """At delivery: the checked addresses to connect to; raises `TargetRefused`."""
        problem = self.policy.url_problem(url)
        if problem is not None:
            raise TargetRefused(problem)
        parts = split(url)
        assert parts is not None and parts.hostname is not None
        literal = ip_literal(parts.hostname)
        if literal is not None:
            return [literal]
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = await self.resolver(parts.hostname, port)
        problem = self.policy.addresses_problem(found)
        if problem is not None:
            raise TargetRefused(problem)
        return found


class TargetRefused(Exception):
    def __init__(self, problem: TargetProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def pinned(url: str, address: str) -> tuple[str, str, str]:
    """(the URL with its host replaced by `address`, the Host header, the TLS server name)."""
    parts = split(url)
    assert parts is not None and parts.hostname is not None
    host = f"[{address}]" if ":" in address else address
    netloc = f"{host}:{parts.port}" if parts.port else host
    target = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    host_header = parts.netloc.rpartition("@")[2]
    return target, host_header, parts.hostname


class WebhookChannel:
    """Posts every notification as signed JSON to one URL an organizer registered.

    `name` tells webhooks apart in the delivery log (e.g. ``webhook:<id>``). The host is
    resolved at each delivery and checked by `targets`; the request goes to a checked address
    (the Host header and the TLS server name stay the URL's host), so a name that resolves
    elsewhere between the check and the connection changes nothing.
    """

    def __init__(
        self,
        url: str,
        secret: str,
        *,
        name: str = "webhook",
        timeout: float = 10.0,
        targets: WebhookTargets | None = None,
    ) -> None:
        self.name = name
        self._url = url
        self._secret = secret
        self._timeout = timeout
        self._targets = targets or WebhookTargets(WebhookTargetPolicy.open())

    async def deliver(self, message: OutgoingMessage) -> None:
        try:
            addresses = await self._targets.addresses(self._url)
        except TargetRefused as refused:
            raise DeliveryFailed(f"webhook target refused: {refused.problem.value}") from None
        body = encode_payload(message.payload)
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(body, self._secret, timestamp),
            NOTIFICATION_ID_HEADER: message.notification_id,
        }
        response = None
        for position, address in enumerate(addresses):
            target, host_header, server_name = pinned(self._url, address)
            try:
                async with httpx.AsyncClient(timeout=self._timeout) as client:
                    response = await client.post(
                        target,
                        content=body,
                        headers=headers | {"Host": host_header},
                        extensions={"sni_hostname": server_name},
                    )
                break
            except httpx.ConnectError:
                if position == len(addresses) - 1:
                    raise DeliveryFailed("connection failed") from None
            except httpx.TimeoutException:
                raise DeliveryFailed("timeout") from None
            except httpx.HTTPError as exc:
                raise DeliveryFailed(f"HTTP transport error ({type(exc).__name__})") from None
        assert response is not None
        if not response.is_success:
            raise DeliveryFailed(f"HTTP {response.status_code}")
