"""Domain errors. HTTP stays out of the domain: each error has a stable `code` the API maps.

`str()` of an error that gathers several field errors lists only fields and codes, never the
human messages, so that logging an exception cannot leak what a person typed.
"""

from dataclasses import asdict, dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with one field; `field` is a dotted path with 0-based indices."""

    field: str
    message: str
    code: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


class RegistrationError(Exception):
    default_code: ClassVar[str] = "registration_error"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
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

    def __init__(self, errors: list[FieldError] | tuple[FieldError, ...]) -> None:
        if not errors:
            raise ValueError(f"{type(self).__name__} needs at least one field error")
        self.errors: tuple[FieldError, ...] = tuple(errors)
        listing = ", ".join(f"{e.field} ({e.code})" for e in self.errors)
        super().__init__(f"{self.summary}: {listing}")

    def as_dicts(self) -> list[dict[str, str]]:
        return [e.as_dict() for e in self.errors]


class InvalidContest(_ManyFieldErrors):
    default_code = "invalid_contest"
    summary = "invalid contest"


class InvalidApplication(_ManyFieldErrors):
    """Every problem of an application at once, so a person can fix the form in one go."""

    default_code = "invalid_application"
    summary = "invalid application"


class RegistrationClosed(RegistrationError):
    """The contest does not accept registrations now: not open yet, or already closed.

    Codes: "registration_not_open_yet", "registration_closed". It is a conflict with the
    contest's state, not a bad form (the API answers 409).
    """

    default_code = "registration_closed"


DUPLICATE_MESSAGE = "this organisation is already registered in this contest and nomination"


class DuplicateRegistration(RegistrationError):
    """The same organisation already registered in this contest and nomination (the store
    raises it when the participant's `duplicate_key` is taken)."""

    default_code = "duplicate_registration"

    def __init__(self, message: str = DUPLICATE_MESSAGE) -> None:
        super().__init__(message)
