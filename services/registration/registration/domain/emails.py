"""E-mail syntax check and normalisation (no DNS lookups: registration must not depend on it)."""

from email_validator import EmailNotValidError, validate_email

from forum_shared.i18n import tr

from .errors import InvalidField


def normalise_email(raw: str) -> str:
    """The normalised address (domain lowercased); raises `InvalidField` ("email_invalid")."""
    if not raw.strip():
        raise InvalidField(
            tr("enter the contact person's e-mail address"), field="contact.email", code="required"
        )
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise InvalidField(
            tr("email is not a valid e-mail address; it should look like name@example.ru"),
            field="contact.email",
            code="email_invalid",
        ) from None
