"""Russian phone numbers, normalised to +7XXXXXXXXXX.

Accepted: "+7 …", "7 …", "8 …" (11 digits) and a bare 10-digit national number, with spaces,
hyphens, dots and parentheses anywhere. The national number must start with 3, 4, 8 or 9 (the
Russian geographic, toll-free and mobile ranges); +7 6xx / 7xx belong to Kazakhstan.
"""

from forum_shared.i18n import tr

from .errors import InvalidField

PHONE_MESSAGE = tr("phone must be a Russian number, e.g. +7 912 345-67-89")
_SEPARATORS = frozenset(" ()-.")
_RUSSIAN_FIRST_DIGITS = frozenset("3489")
_NATIONAL_LENGTH = 10


def normalise_phone(raw: str) -> str:
    """Turn "+7 (912) 345-67-89" into "+79123456789"; raises `InvalidField` ("phone_invalid")."""
    text = raw.strip()
    if not text:
        raise InvalidField(
            tr("enter the contact person's phone number"), field="contact.phone", code="required"
        )
    plus = text.startswith("+")
    if plus:
        text = text[1:]
    digits = []
    for char in text:
        if "0" <= char <= "9":
            digits.append(char)
        elif not (char in _SEPARATORS or char.isspace()):
            raise _invalid()
    number = "".join(digits)
    if len(number) == _NATIONAL_LENGTH + 1 and (
        number[0] == "7" or (number[0] == "8" and not plus)
    ):
        national = number[1:]
    elif len(number) == _NATIONAL_LENGTH and not plus:
        national = number
    else:
        raise _invalid()
    if national[0] not in _RUSSIAN_FIRST_DIGITS:
        raise _invalid()
    return "+7" + national


def _invalid() -> InvalidField:
    return InvalidField(PHONE_MESSAGE, field="contact.phone", code="phone_invalid")
