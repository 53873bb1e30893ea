"""A rate limit per client address: a token bucket for each address, in this process's memory.

Each address may spend `burst` requests at once and gets `per_minute / 60` back every second.
The buckets live in the memory of one process: with N replicas behind a balancer an address
may make up to N times as many requests, and a restart forgets them all. At most
`max_addresses` are remembered; past that, the least recently seen address is forgotten (it
starts again with a full bucket), so an attacker with many addresses cannot exhaust memory.

The address is the one the connection comes from (`scope["client"]`). Behind a reverse proxy
that is the proxy's: list the proxy's addresses in `TRUSTED_PROXIES` (see `forum_shared.web`),
and the proxy must pass the client's address in `X-Forwarded-For`; the header is believed only
when the connection comes from a listed proxy.
"""

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    """`take(address)`: 0 when the request may go on, else the whole seconds to wait."""

    def __init__(
        self,
        per_minute: float,
        burst: int,
        max_addresses: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ):
        if per_minute <= 0 or burst < 1:
            raise ValueError("a rate limit needs a positive rate and a burst of at least 1")
        self.per_second = per_minute / 60
        self.burst = burst
        self.max_addresses = max_addresses
        self.clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def take(self, address: str) -> int:
        now = self.clock()
        bucket = self._buckets.pop(address, None)
        if bucket is None:
            bucket = _Bucket(float(self.burst), now)
        else:
            refilled = bucket.tokens + (now - bucket.updated) * self.per_second
            bucket = _Bucket(min(float(self.burst), refilled), now)
        self._buckets[address] = bucket  # the most recently seen last
        while len(self._buckets) > self.max_addresses:
            self._buckets.popitem(last=False)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0
        return max(1, math.ceil((1 - bucket.tokens) / self.per_second))
