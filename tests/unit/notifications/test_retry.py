import pytest

from notifications.domain import RetryPolicy, next_attempt_delay, should_retry


def test_the_delay_doubles_with_each_failed_attempt_starting_from_the_base():
    delays = [next_attempt_delay(n, base_seconds=30, max_seconds=3600) for n in range(1, 6)]

    assert delays == [30, 60, 120, 240, 480]


def test_the_delay_never_exceeds_the_cap_even_after_very_many_attempts():
    assert next_attempt_delay(8, base_seconds=30, max_seconds=3600) == 3600
    assert next_attempt_delay(10_000, base_seconds=30, max_seconds=3600) == 3600


def test_a_delay_before_any_attempt_is_refused():
    with pytest.raises(ValueError):
        next_attempt_delay(0, base_seconds=30, max_seconds=3600)


def test_retries_stop_once_the_attempts_reach_the_limit():
    assert [should_retry(n, max_attempts=3) for n in range(1, 5)] == [True, True, False, False]


def test_a_policy_applies_its_own_numbers():
    policy = RetryPolicy(max_attempts=2, base_seconds=5, max_seconds=8)

    assert [policy.delay(n) for n in (1, 2, 3)] == [5, 8, 8]
    assert (policy.should_retry(1), policy.should_retry(2)) == (True, False)
