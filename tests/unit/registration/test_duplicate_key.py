import pytest

from registration.domain import duplicate_key, normalise_name


@pytest.mark.parametrize(
    "name",
    [
        'АНО "Доброе дело"',
        "ано доброе   дело",
        "АНО «Доброе дело»",
        "Автономная некоммерческая организация «Доброе дело»",
        "«Доброе дело», АНО",
        "  Доброе  Дело. ",
        "НКО „Доброе дело“",
    ],
)
def test_legal_forms_quotes_case_and_spacing_do_not_make_a_new_organisation(name: str) -> None:
    assert normalise_name(name) == "доброе дело"


def test_yo_and_ye_are_the_same_letter() -> None:
    assert normalise_name("ТОС «Зелёный двор»") == normalise_name("тос зеленый двор")


def test_a_tos_number_sign_is_punctuation() -> None:
    assert normalise_name("ТОС № 5") == normalise_name("ТОС 5") == "5"


def test_a_longer_legal_form_phrase_goes_as_a_whole() -> None:
    assert normalise_name("Региональная общественная организация «Память»") == "память"
    assert normalise_name("Территориальное общественное самоуправление «Рассвет»") == "рассвет"


def test_a_name_made_only_of_a_legal_form_is_kept() -> None:
    assert normalise_name("ТОС") == "тос"


def test_legal_form_letters_inside_a_word_are_kept() -> None:
    assert normalise_name("Тосненский клуб") == "тосненский клуб"


def test_different_names_stay_different() -> None:
    assert normalise_name("АНО «Доброе дело»") != normalise_name("АНО «Доброе слово»")


def test_the_key_uses_the_inn_where_there_is_one() -> None:
    assert (
        duplicate_key("prolog-2026", "eco", "7707083893", "АНО «Доброе дело»")
        == "prolog-2026:eco:inn:7707083893"
    )


def test_with_an_inn_the_name_does_not_matter() -> None:
    assert duplicate_key("prolog-2026", "eco", "7707083893", "Доброе дело") == duplicate_key(
        "prolog-2026", "eco", "7707083893", "Совсем другое имя"
    )


def test_without_an_inn_the_key_uses_the_normalised_name() -> None:
    assert (
        duplicate_key("prolog-2026", "eco", None, 'АНО "Доброе дело"')
        == "prolog-2026:eco:name:доброе дело"
    )
    assert duplicate_key("prolog-2026", "eco", None, 'АНО "Доброе дело"') == duplicate_key(
        "prolog-2026", "eco", None, "ано доброе   дело"
    )


def test_the_same_organisation_may_enter_another_nomination_or_contest() -> None:
    keys = {
        duplicate_key("prolog-2026", "eco", "7707083893", "x"),
        duplicate_key("prolog-2026", "urban", "7707083893", "x"),
        duplicate_key("sonko-2026", "eco", "7707083893", "x"),
    }
    assert len(keys) == 3
