"""ИНН (taxpayer number) validation and which kinds of participant need which ИНН.

Organisations have a 10-digit ИНН, persons (and individual entrepreneurs) a 12-digit one; the
last one or two digits are check digits (weights from the Federal Tax Service's algorithm).

Per kind:
- "sonko": an organisation, so a 10-digit ИНН is required;
- "tos": a ТОС that is not a legal entity has none; one that is gives its 10-digit ИНН;
- "initiative_group", "team": none required; if given, 10 digits (an organisation behind them)
  or 12 (a person's) are both accepted;
- "individual": a 12-digit personal ИНН is required. An individual is a person, and their ИНН is
  the only identifier that enforces "cannot register twice" better than a name, which two
  different people may share.
The first two digits are the region code, never "00" (this also refuses all-zero numbers, which
pass the checksum).
"""

from forum_shared.i18n import Message, tr

from .errors import InvalidField

_WEIGHTS_10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_WEIGHTS_12_FIRST = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_WEIGHTS_12_SECOND = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)

ORGANISATION_INN_LENGTH = 10
PERSON_INN_LENGTH = 12

# Which ИНН lengths each kind accepts, and whether the ИНН is required.
INN_LENGTHS_BY_KIND: dict[str, tuple[int, ...]] = {
    "sonko": (10,),
    "tos": (10,),
    "initiative_group": (10, 12),
    "team": (10, 12),
    "individual": (12,),
}
INN_REQUIRED_KINDS: frozenset[str] = frozenset({"sonko", "individual"})


def _check_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_checksum_ok(inn: str) -> bool:
    """True if `inn` is 10 or 12 ASCII digits whose check digits are right."""
    if not (inn.isascii() and inn.isdigit()):
        return False
    if len(inn) == ORGANISATION_INN_LENGTH:
        return _check_digit(inn, _WEIGHTS_10) == int(inn[9])
    if len(inn) == PERSON_INN_LENGTH:
        return _check_digit(inn, _WEIGHTS_12_FIRST) == int(inn[10]) and _check_digit(
            inn, _WEIGHTS_12_SECOND
        ) == int(inn[11])
    return False


def normalise_inn(raw: str | None) -> str | None:
    """Strip whitespace (also inside: "7707 083 893"); an empty value means no ИНН."""
    if raw is None:
        return None
    value = "".join(raw.split())
    return value or None


def validate_inn(raw: str | None, kind: str | None = None) -> str | None:
    """The normalised ИНН, or None where there is none and `kind` allows that.

    With `kind` None (or unknown) only the ИНН itself is checked: optional, 10 or 12 digits.
    Raises `InvalidField` (field "inn") with codes "inn_required", "inn_format",
    "inn_wrong_length_for_kind" or "inn_checksum".
    """
    inn = normalise_inn(raw)
    lengths = INN_LENGTHS_BY_KIND.get(kind or "", (10, 12))
    if inn is None:
        if kind in INN_REQUIRED_KINDS:
            raise InvalidField(
                tr(
                    "inn is required for this kind of participant: %(lengths)s",
                    lengths=_describe(lengths),
                ),
                field="inn",
                code="inn_required",
            )
        return None
    if not (inn.isascii() and inn.isdigit()) or len(inn) not in (10, 12):
        raise InvalidField(
            tr("inn must be 10 digits (an organisation's) or 12 digits (a person's)"),
            field="inn",
            code="inn_format",
        )
    if len(inn) not in lengths:
        raise InvalidField(
            tr(
                "inn has %(digits)s digits, but this kind of participant needs %(lengths)s",
                digits=len(inn),
                lengths=_describe(lengths),
            ),
            field="inn",
            code="inn_wrong_length_for_kind",
        )
    if inn.startswith("00") or not inn_checksum_ok(inn):
        raise InvalidField(
            tr(
                "inn is not a valid INN (wrong check digits or region code); please look for a typo"
            ),
            field="inn",
            code="inn_checksum",
        )
    return inn


def _describe(lengths: tuple[int, ...]) -> Message:
    if lengths == (10,):
        return tr("an organisation's 10-digit INN")
    if lengths == (12,):
        return tr("a person's 12-digit INN")
    return tr("an organisation's 10-digit INN or a person's 12-digit INN")
