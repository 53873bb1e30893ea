"""Where an organizer's webhook may point (a server-side request must not reach inside).

With the strict policy (production): https only, no user name or password in the URL, and
every address the host has must be public — not loopback, private, link-local (the cloud
metadata endpoint 169.254.169.254 among them), shared (100.64/10), reserved, multicast or
unspecified, in IPv4 or IPv6 (an IPv4-mapped IPv6 address is judged as its IPv4 one). The
check is made when the webhook is registered and again at every delivery, on the addresses the
host resolves to then; the delivery connects to an address it checked.
"""

import ipaddress
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import SplitResult, urlsplit


class TargetProblem(StrEnum):
    """Why a webhook target is refused; the values are safe to log and store."""

    NOT_A_URL = "not an http(s) URL with a host"
    HTTPS_REQUIRED = "https is required"
    CREDENTIALS_IN_URL = "the URL carries a user name or password"
    ADDRESS_NOT_PUBLIC = "the address is not a public one"
    HOST_UNRESOLVED = "the host does not resolve"


def is_public(address: str) -> bool:
    """A globally routable unicast address (see the module's docstring)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone id is local anyway
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def ip_literal(host: str) -> str | None:
    """The host as an IP address, if it is one."""
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


@dataclass(frozen=True)
class WebhookTargetPolicy:
    https_only: bool
    public_addresses_only: bool

    @classmethod
    def strict(cls) -> "WebhookTargetPolicy":
        return cls(https_only=True, public_addresses_only=True)

    @classmethod
    def open(cls) -> "WebhookTargetPolicy":
        """For local and test runs, whose receivers live on this machine."""
        return cls(https_only=False, public_addresses_only=False)

    def url_problem(self, url: str) -> TargetProblem | None:
        """What is wrong with the URL itself, before any name is resolved."""
        parts = split(url)
        if parts is None:
            return TargetProblem.NOT_A_URL
        if parts.username is not None or parts.password is not None:
            return TargetProblem.CREDENTIALS_IN_URL
        if self.https_only and parts.scheme != "https":
            return TargetProblem.HTTPS_REQUIRED
        literal = ip_literal(parts.hostname or "")
        if literal is not None:
            return self.addresses_problem([literal])
        return None

    def addresses_problem(self, addresses: list[str]) -> TargetProblem | None:
        """What is wrong with the addresses a host has (all of them must pass)."""
        if not addresses:
            return TargetProblem.HOST_UNRESOLVED
        if self.public_addresses_only and not all(is_public(a) for a in addresses):
            return TargetProblem.ADDRESS_NOT_PUBLIC
        return None


def split(url: str) -> SplitResult | None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises on a port out of range)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts
