from datetime import date

import pytest

from registration.domain import Member, age_on, check_member_ages, minimum_age

TODAY = date(2026, 3, 15)


def member(birth_date: date) -> Member:
    return Member(name="Участник", birth_date=birth_date)


@pytest.mark.parametrize(
    ("rating", "age"), [("0+", 0), ("6+", 6), ("12+", 12), ("16+", 16), ("18+", 18)]
)
def test_each_rating_means_its_minimum_age(rating: str, age: int) -> None:
    assert minimum_age(rating) == age


def test_an_unknown_rating_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        minimum_age("21+")


def test_a_person_turns_a_year_older_on_their_birthday() -> None:
    assert age_on(date(2010, 3, 15), TODAY) == 16
    assert age_on(date(2010, 3, 16), TODAY) == 15


def test_someone_born_on_29_february_turns_older_on_1_march_in_a_common_year() -> None:
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_a_member_whose_16th_birthday_is_today_may_enter_a_16_plus_contest() -> None:
    assert check_member_ages([member(date(2010, 3, 15))], "16+", TODAY) == []


def test_a_member_whose_16th_birthday_is_tomorrow_may_not() -> None:
    [error] = check_member_ages([member(date(2010, 3, 16))], "16+", TODAY)
    assert error.code == "member_too_young"
    assert error.field == "members.0.birth_date"
    assert str(error.message) == "member 1 is 15, below the contest's age rating 16+"


def test_the_message_names_the_member_by_position_never_by_name() -> None:
    members = [member(date(1990, 1, 1)), Member(name="Вася Пупкин", birth_date=date(2012, 1, 1))]
    [error] = check_member_ages(members, "16+", TODAY)
    assert str(error.message) == "member 2 is 14, below the contest's age rating 16+"
    assert "Вася" not in str(error.message)


def test_a_zero_plus_contest_admits_a_baby_born_today() -> None:
    assert check_member_ages([member(TODAY)], "0+", TODAY) == []


def test_a_birth_date_in_the_future_is_an_error_even_for_zero_plus() -> None:
    [error] = check_member_ages([member(date(2026, 3, 16))], "0+", TODAY)
    assert error.code == "birth_date_in_future"
    assert "member 1" in str(error.message)


def test_a_birth_date_more_than_120_years_ago_is_not_plausible() -> None:
    [error] = check_member_ages([member(date(1900, 1, 1))], "18+", TODAY)
    assert error.code == "birth_date_implausible"


def test_every_member_too_young_is_reported() -> None:
    members = [member(date(2015, 1, 1)), member(date(1980, 1, 1)), member(date(2016, 1, 1))]
    errors = check_member_ages(members, "12+", TODAY)
    assert [e.field for e in errors] == ["members.0.birth_date", "members.2.birth_date"]
