from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from .retry import RetryPolicy


class NotificationStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    # Never to be sent: its recipient's personal data was erased before it went.
    CANCELLED = "cancelled"


class InvalidTransition(Exception):
    pass


@dataclass(frozen=True, slots=True)
class DeliveryState:
    """Where one notification stands. Transitions return a new state; the old one is untouched.

    pending → sent | failed | cancelled;  failed → sent | failed (attempts + 1) | cancelled;
    sent and cancelled are final.
    A failed state with `next_attempt_at=None` has exhausted its automatic attempts and waits
    for `retry_by_hand`.
    """

    status: NotificationStatus = NotificationStatus.PENDING
    attempts: int = 0
    last_error: str | None = None
    next_attempt_at: datetime | None = None

    @property
    def exhausted(self) -> bool:
        return self.status is NotificationStatus.FAILED and self.next_attempt_at is None

    def is_due(self, now: datetime) -> bool:
        if self.status is NotificationStatus.PENDING:
            return True
        return self.next_attempt_at is not None and self.next_attempt_at <= now

    def delivered(self) -> "DeliveryState":
        self._require_not_sent()
        return replace(
            self, status=NotificationStatus.SENT, attempts=self.attempts + 1, next_attempt_at=None
        )

    def delivery_failed(self, reason: str, now: datetime, policy: RetryPolicy) -> "DeliveryState":
        self._require_not_sent()
        attempts = self.attempts + 1
        next_attempt_at = (
            now + timedelta(seconds=policy.delay(attempts))
            if policy.should_retry(attempts)
            else None
        )
        return DeliveryState(NotificationStatus.FAILED, attempts, reason, next_attempt_at)

    def cancelled(self) -> "DeliveryState":
        """Never to be sent (its recipient was erased); a sent one stays as it is."""
        if self.status in (NotificationStatus.SENT, NotificationStatus.CANCELLED):
            return self
        return replace(self, status=NotificationStatus.CANCELLED, next_attempt_at=None)

    def retry_by_hand(self, now: datetime) -> "DeliveryState":
        """Make a failed notification due now, even when its automatic attempts are exhausted."""
        if self.status is not NotificationStatus.FAILED:
            raise InvalidTransition(f"only a failed notification can be retried, not {self.status}")
        return replace(self, next_attempt_at=now)

    def _require_not_sent(self) -> None:
        if self.status is NotificationStatus.SENT:
            raise InvalidTransition("the notification has already been sent")
