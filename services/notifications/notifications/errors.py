"""The notifications service's refusals, in the words a person reads, each with a stable code.

The JSON API answers them in the caller's language (`forum_shared.answers`), the pages in
Russian; the codes never change with the language.
"""

from forum_shared.i18n import Message, tr


class NotificationsError(Exception):
    """A refusal: `status_code` for HTTP, `code` for programs, `message` for people."""

    status_code = 409
    code = "conflict"

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


class NotificationNotFound(NotificationsError):
    status_code = 404
    code = "notification_not_found"

    def __init__(self, notification_id: str) -> None:
        super().__init__(
            tr("there is no notification %(notification_id)s", notification_id=notification_id)
        )


class AlreadySent(NotificationsError):
    status_code = 409
    code = "notification_already_sent"

    def __init__(self) -> None:
        super().__init__(tr("this notification was already sent"))


class Cancelled(NotificationsError):
    status_code = 409
    code = "notification_cancelled"

    def __init__(self) -> None:
        super().__init__(
            tr("this notification was cancelled: its recipient's personal data was erased")
        )


class ParticipantNeverLearnt(NotificationsError):
    status_code = 404
    code = "participant_unknown"

    def __init__(self, participant_id: str) -> None:
        super().__init__(
            tr(
                "notifications know nothing of participant '%(participant)s'",
                participant=participant_id,
            )
        )


class WebhookNotFound(NotificationsError):
    status_code = 404
    code = "webhook_not_found"

    def __init__(self, webhook_id: str) -> None:
        super().__init__(tr("there is no webhook %(webhook_id)s", webhook_id=webhook_id))


class WebhookRefused(NotificationsError):
    """A webhook address the target policy refuses (see `domain.webhook_targets`)."""

    status_code = 422
    code = "webhook_refused"
