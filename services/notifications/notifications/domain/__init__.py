"""Pure decisions of the notifications service: what to send, when to retry, where it stands."""

from .erasure import anonymised_context, scrubbed
from .planning import (
    PlannedMessage,
    Recipient,
    RecipientKind,
    TemplateName,
    plan_participant_registered,
    plan_score_submitted,
    plan_winners_announced,
)
from .retry import RetryPolicy, next_attempt_delay, should_retry
from .status import DeliveryState, InvalidTransition, NotificationStatus
from .webhook_targets import TargetProblem, WebhookTargetPolicy, is_public

__all__ = [
    "anonymised_context",
    "scrubbed",
    "DeliveryState",
    "InvalidTransition",
    "NotificationStatus",
    "PlannedMessage",
    "Recipient",
    "RecipientKind",
    "RetryPolicy",
    "TargetProblem",
    "TemplateName",
    "WebhookTargetPolicy",
    "is_public",
    "next_attempt_delay",
    "plan_participant_registered",
    "plan_score_submitted",
    "plan_winners_announced",
    "should_retry",
]
