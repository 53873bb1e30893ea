import pytest

from registration.domain import InvalidField, normalise_phone


@pytest.mark.parametrize(
    "raw",
    [
        "+7 (912) 345-67-89",
        "+79123456789",
        "8 912 345 67 89",
        "89123456789",
        "9123456789",
        "7 912 345 67 89",
        "79123456789",
        "8(912)345.67.89",
        "  +7 912 345-67-89  ",
        "+7\u00a0912\u00a0345\u00a067\u00a089",
    ],
)
def test_usual_ways_of_writing_a_russian_mobile_number_normalise_to_plus_7(raw: str) -> None:
    assert normalise_phone(raw) == "+79123456789"


def test_a_tolyatti_landline_with_its_area_code_is_accepted() -> None:
    assert normalise_phone("8 (8482) 54-32-10") == "+78482543210"


@pytest.mark.parametrize(
    "raw",
    [
        "912345678",  # 9 digits
        "+7 912 345 67 890",  # 11 national digits
        "+8 912 345 67 89",  # +8 is not a country code we take
        "+1 212 555 0100",
        "+44 20 7946 0958",
        "+7 701 234 56 78",  # Kazakhstan
        "8 800 555 35 3x",
        "phone: 89123456789",
        "+7 912 345 67 89 доб. 12",
        "1234567890",
    ],
)
def test_anything_else_is_refused_with_an_example(raw: str) -> None:
    with pytest.raises(InvalidField) as raised:
        normalise_phone(raw)
    assert raised.value.code == "phone_invalid"
    assert raised.value.field == "contact.phone"
    assert str(raised.value.message) == "phone must be a Russian number, e.g. +7 912 345-67-89"


def test_an_empty_phone_is_reported_as_missing() -> None:
    with pytest.raises(InvalidField) as raised:
        normalise_phone("  ")
    assert raised.value.code == "required"
