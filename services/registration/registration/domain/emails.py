"""E-mail syntax check and normalisation (no DNS lookups: registration must not depend on it)."""

from email_validator import EmailNotValidError, validate_email

from .errors import InvalidField


def normalise_email(raw: str) -> str:
    """The normalised address (domain lowercased); raises `InvalidField` ("email_invalid")."""
    if not raw.strip():
        raise InvalidField("contact email is required", field="contact.email", code="required")
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise InvalidField(
            f"email is not a valid e-mail address: {error}",
            field="contact.email",
            code="email_invalid",
        ) from None
