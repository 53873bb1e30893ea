"""The token buckets behind the registration endpoint's rate limit."""

from forum_shared.throttle import TokenBuckets


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_address_may_spend_its_burst_at_once_and_then_waits_for_a_token() -> None:
    clock = Clock()
    buckets = TokenBuckets(per_minute=30, burst=10, clock=clock)
    assert [buckets.take("198.51.100.7") for _ in range(10)] == [0] * 10
    assert buckets.take("198.51.100.7") == 2  # one token every 2 s at 30 a minute
    clock.now += 2
    assert buckets.take("198.51.100.7") == 0
    assert buckets.take("198.51.100.7") == 2


def test_addresses_have_buckets_of_their_own() -> None:
    buckets = TokenBuckets(per_minute=60, burst=1, clock=Clock())
    assert buckets.take("198.51.100.7") == 0
    assert buckets.take("198.51.100.7") == 1
    assert buckets.take("203.0.113.9") == 0


def test_a_bucket_refills_no_further_than_its_burst() -> None:
    clock = Clock()
    buckets = TokenBuckets(per_minute=60, burst=3, clock=clock)
    buckets.take("198.51.100.7")
    clock.now += 3600
    assert [buckets.take("198.51.100.7") for _ in range(4)] == [0, 0, 0, 1]


def test_the_least_recently_seen_addresses_are_forgotten_past_the_limit() -> None:
    buckets = TokenBuckets(per_minute=60, burst=1, max_addresses=2, clock=Clock())
    buckets.take("198.51.100.1")
    buckets.take("198.51.100.2")
    buckets.take("198.51.100.3")
    assert len(buckets._buckets) == 2
    assert buckets.take("198.51.100.3") == 1  # remembered
    assert buckets.take("198.51.100.1") == 0  # forgotten: a full bucket again
