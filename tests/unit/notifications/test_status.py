from datetime import UTC, datetime, timedelta

import pytest

from notifications.domain import DeliveryState, InvalidTransition, NotificationStatus, RetryPolicy

NOW = datetime(2025, 11, 22, 9, 0, tzinfo=UTC)
POLICY = RetryPolicy(max_attempts=3, base_seconds=30, max_seconds=3600)


def _failed_times(times: int) -> DeliveryState:
    state = DeliveryState()
    for _ in range(times):
        state = state.delivery_failed("connection refused", NOW, POLICY)
    return state


def test_a_new_notification_is_pending_and_due_at_once():
    state = DeliveryState()

    assert (state.status, state.attempts) == (NotificationStatus.PENDING, 0)
    assert state.is_due(NOW)


def test_a_successful_delivery_marks_it_sent_and_counts_the_attempt():
    state = DeliveryState().delivered()

    assert (state.status, state.attempts) == (NotificationStatus.SENT, 1)
    assert not state.is_due(NOW)


def test_a_failed_delivery_records_the_reason_and_waits_for_the_backoff():
    state = DeliveryState().delivery_failed("SMTP 550 mailbox unavailable", NOW, POLICY)

    assert (state.status, state.attempts) == (NotificationStatus.FAILED, 1)
    assert state.last_error == "SMTP 550 mailbox unavailable"
    assert state.next_attempt_at == NOW + timedelta(seconds=30)
    assert not state.is_due(NOW)
    assert state.is_due(NOW + timedelta(seconds=30))


def test_each_further_failure_counts_an_attempt_and_waits_longer():
    state = _failed_times(2)

    assert state.attempts == 2
    assert state.next_attempt_at == NOW + timedelta(seconds=60)


def test_a_failed_notification_becomes_sent_when_a_retry_succeeds():
    state = _failed_times(1).delivered()

    assert (state.status, state.attempts) == (NotificationStatus.SENT, 2)
    assert state.next_attempt_at is None


def test_after_the_last_allowed_attempt_it_stays_failed_and_is_never_due_again():
    state = _failed_times(3)

    assert state.status is NotificationStatus.FAILED
    assert state.exhausted
    assert not state.is_due(NOW + timedelta(days=365))


def test_a_manual_retry_makes_an_exhausted_notification_due_now():
    state = _failed_times(3).retry_by_hand(NOW)

    assert state.is_due(NOW)
    assert not state.exhausted


def test_a_manual_retry_that_fails_again_leaves_it_exhausted_with_one_more_attempt():
    state = _failed_times(3).retry_by_hand(NOW).delivery_failed("timeout", NOW, POLICY)

    assert state.exhausted
    assert (state.attempts, state.last_error) == (4, "timeout")


def test_a_sent_notification_can_be_neither_sent_nor_failed_nor_retried_again():
    sent = DeliveryState().delivered()

    with pytest.raises(InvalidTransition):
        sent.delivered()
    with pytest.raises(InvalidTransition):
        sent.delivery_failed("timeout", NOW, POLICY)
    with pytest.raises(InvalidTransition):
        sent.retry_by_hand(NOW)


def test_a_pending_notification_cannot_be_retried_by_hand():
    with pytest.raises(InvalidTransition):
        DeliveryState().retry_by_hand(NOW)


def test_a_letter_not_yet_sent_is_cancelled_for_good_and_a_sent_one_stays_sent():
    cancelled = _failed_times(1).cancelled()

    assert (cancelled.status, cancelled.next_attempt_at) == (NotificationStatus.CANCELLED, None)
    assert not cancelled.is_due(NOW + timedelta(days=365))
    assert DeliveryState().cancelled().status is NotificationStatus.CANCELLED
    assert DeliveryState().delivered().cancelled().status is NotificationStatus.SENT
