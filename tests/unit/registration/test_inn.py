import pytest

from registration.domain import InvalidField, inn_checksum_ok, validate_inn

SBERBANK = "7707083893"
AVTOVAZ = "6320002223"
YANDEX = "7736207543"
PERSON = "500100732259"


@pytest.mark.parametrize("inn", [SBERBANK, AVTOVAZ, YANDEX])
def test_real_organisation_inns_pass_the_checksum(inn: str) -> None:
    assert inn_checksum_ok(inn)


def test_a_real_personal_inn_passes_both_control_digits() -> None:
    assert inn_checksum_ok(PERSON)


@pytest.mark.parametrize("inn", ["7707083894", "7707083839", "6320002224"])
def test_a_mistyped_organisation_inn_fails_the_checksum(inn: str) -> None:
    assert not inn_checksum_ok(inn)


@pytest.mark.parametrize(
    "inn",
    [
        "500100732258",  # second control digit wrong
        "500100732249",  # first control digit wrong
        "500100723259",  # two digits swapped
    ],
)
def test_a_mistyped_personal_inn_fails_the_checksum(inn: str) -> None:
    assert not inn_checksum_ok(inn)


@pytest.mark.parametrize(
    "inn", ["", "770708389", "77070838931", "770708389a", "７７０７０８３８９３"]
)
def test_anything_but_10_or_12_ascii_digits_is_not_an_inn(inn: str) -> None:
    assert not inn_checksum_ok(inn)


def test_a_sonko_must_give_its_inn() -> None:
    with pytest.raises(InvalidField) as raised:
        validate_inn(None, "sonko")
    assert raised.value.code == "inn_required"
    assert raised.value.field == "inn"


def test_a_sonko_with_a_valid_10_digit_inn_is_accepted() -> None:
    assert validate_inn(SBERBANK, "sonko") == SBERBANK


def test_a_sonko_may_not_give_a_personal_inn() -> None:
    with pytest.raises(InvalidField) as raised:
        validate_inn(PERSON, "sonko")
    assert raised.value.code == "inn_wrong_length_for_kind"
    assert "10-digit" in str(raised.value.message)


@pytest.mark.parametrize("inn", [None, "", "   "])
def test_a_tos_without_legal_entity_may_register_without_inn(inn: str | None) -> None:
    assert validate_inn(inn, "tos") is None


def test_a_tos_that_is_a_legal_entity_gives_its_10_digit_inn() -> None:
    assert validate_inn(AVTOVAZ, "tos") == AVTOVAZ


def test_a_tos_may_not_give_a_personal_inn() -> None:
    with pytest.raises(InvalidField) as raised:
        validate_inn(PERSON, "tos")
    assert raised.value.code == "inn_wrong_length_for_kind"


@pytest.mark.parametrize("kind", ["initiative_group", "team"])
@pytest.mark.parametrize("inn", [None, SBERBANK, PERSON])
def test_groups_and_teams_may_give_no_inn_or_either_kind_of_inn(kind: str, inn: str | None) -> None:
    assert validate_inn(inn, kind) == inn


def test_an_individual_must_give_a_personal_inn() -> None:
    with pytest.raises(InvalidField) as raised:
        validate_inn("", "individual")
    assert raised.value.code == "inn_required"
    assert "12-digit" in str(raised.value.message)


def test_an_individual_may_not_give_an_organisation_inn() -> None:
    with pytest.raises(InvalidField) as raised:
        validate_inn(SBERBANK, "individual")
    assert raised.value.code == "inn_wrong_length_for_kind"


def test_an_individual_with_a_valid_personal_inn_is_accepted() -> None:
    assert validate_inn(PERSON, "individual") == PERSON


@pytest.mark.parametrize("kind", ["sonko", "tos", "team"])
def test_a_wrong_check_digit_is_refused_whatever_the_kind(kind: str) -> None:
    with pytest.raises(InvalidField) as raised:
        validate_inn("7707083894", kind)
    assert raised.value.code == "inn_checksum"


@pytest.mark.parametrize("inn", ["77070838", "77O7083893", "7707-083893", "1234567890123"])
def test_an_inn_that_is_not_10_or_12_digits_is_a_format_error(inn: str) -> None:
    with pytest.raises(InvalidField) as raised:
        validate_inn(inn, "team")
    assert raised.value.code == "inn_format"


def test_spaces_inside_an_inn_are_ignored() -> None:
    assert validate_inn(" 7707 083 893 ", "sonko") == SBERBANK


def test_an_all_zero_inn_is_refused_although_its_checksum_works() -> None:
    assert inn_checksum_ok("0000000000")
    with pytest.raises(InvalidField) as raised:
        validate_inn("0000000000", "sonko")
    assert raised.value.code == "inn_checksum"


def test_without_a_kind_only_the_inn_itself_is_checked() -> None:
    assert validate_inn(None) is None
    assert validate_inn(PERSON) == PERSON
    assert validate_inn(SBERBANK) == SBERBANK


def test_the_error_message_does_not_repeat_the_inn() -> None:
    with pytest.raises(InvalidField) as raised:
        validate_inn("500100732258", "individual")
    assert "500100732258" not in str(raised.value.message)
