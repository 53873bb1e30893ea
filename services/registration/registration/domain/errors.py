"""Domain errors. HTTP stays out of the domain: each error has a stable `code` the API maps.

Messages are `Message`s (`forum_shared.i18n.tr`): English in the code, Russian in
`registration/locale/ru.po`, translated where they leave the service (the API by
`Accept-Language`, the pages always in Russian). Codes never change with the language.

`str()` of an error that gathers several field errors lists only fields and codes, never the
human messages, so that logging an exception cannot leak what a person typed.
"""

from dataclasses import dataclass
from typing import Any, ClassVar

from forum_shared.i18n import Message, tr


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with one field; `field` is a dotted path with 0-based indices."""

    field: str
    message: Message
    code: str

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "message": self.message, "code": self.code}


class RegistrationError(Exception):
    default_code: ClassVar[str] = "registration_error"

    def __init__(
        self, message: Message, *, field: str | None = None, code: str | None = None
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code: str = code or self.default_code


class InvalidField(RegistrationError):
    """One bad value, raised by the single-value validators (ИНН, phone, e-mail)."""

    default_code = "invalid_field"

    def as_field_error(self, field: str | None = None) -> FieldError:
        return FieldError(field or self.field or "", self.message, self.code)


class _ManyFieldErrors(RegistrationError):
    summary: ClassVar[str]
    headline: ClassVar[Message]

    def __init__(self, errors: list[FieldError] | tuple[FieldError, ...]) -> None:
        if not errors:
            raise ValueError(f"{type(self).__name__} needs at least one field error")
        self.errors: tuple[FieldError, ...] = tuple(errors)
        listing = ", ".join(f"{e.field} ({e.code})" for e in self.errors)
        Exception.__init__(self, f"{self.summary}: {listing}")
        self.message = self.headline
        self.field = None
        self.code = self.default_code

    def as_dicts(self) -> list[dict[str, Any]]:
        return [e.as_dict() for e in self.errors]


class InvalidContest(_ManyFieldErrors):
    default_code = "invalid_contest"
    summary = "invalid contest"
    headline = tr("the contest has problems")


class InvalidApplication(_ManyFieldErrors):
    """Every problem of an application at once, so a person can fix the form in one go."""

    default_code = "invalid_application"
    summary = "invalid application"
    headline = tr("the application has problems")


class RegistrationClosed(RegistrationError):
    """The contest does not accept registrations now: not open yet, or already closed.

    Codes: "registration_not_open_yet", "registration_closed". It is a conflict with the
    contest's state, not a bad form (the API answers 409).
    """

    default_code = "registration_closed"


DUPLICATE_MESSAGE = tr("this organisation is already registered in this contest and nomination")


class DuplicateRegistration(RegistrationError):
    """The same organisation already registered in this contest and nomination (the store
    raises it when the participant's `duplicate_key` is taken)."""

    default_code = "duplicate_registration"

    def __init__(self, message: Message = DUPLICATE_MESSAGE) -> None:
        super().__init__(message)


class ContestLocked(RegistrationError):
    """A change the contest's state no longer allows: editing once registration has opened
    ("contest_already_open"), closing one that has not opened ("registration_not_open_yet").
    A conflict with the contest's state (409)."""

    default_code = "contest_locked"


class ContestExists(RegistrationError):
    default_code = "contest_exists"


class ContestNotFound(RegistrationError):
    default_code = "not_found"


class ParticipantNotFound(RegistrationError):
    default_code = "not_found"


class OrganizerNotFound(RegistrationError):
    default_code = "not_found"


class IdempotencyKeyReused(RegistrationError):
    """The key was used for a different application; `participant_id` is the first one's."""

    default_code = "idempotency_key_reused"

    def __init__(self, participant_id: str) -> None:
        super().__init__(
            tr(
                "this Idempotency-Key was already used for a different application; "
                "use a new key for a new application"
            )
        )
        self.participant_id = participant_id
