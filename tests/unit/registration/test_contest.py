from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest

from forum_shared.events import ContestOpened
from registration.domain import Contest, InvalidContest

MakeContest = Callable[..., Contest]


def problems(make_contest: MakeContest, **overrides: object) -> dict[str, str]:
    with pytest.raises(InvalidContest) as raised:
        make_contest(**overrides)
    return {error.field: error.code for error in raised.value.errors}


def test_a_valid_contest_keeps_its_data(contest: Contest) -> None:
    assert contest.id == "tos-best-practices-2026"
    assert contest.age_rating == "12+"
    assert [n.id for n in contest.nominations] == ["urban-environment", "eco-education"]


def test_a_contest_is_frozen(contest: Contest) -> None:
    with pytest.raises(ValueError):
        contest.title = "другое"  # type: ignore[misc]


def test_titles_are_stripped(make_contest: MakeContest) -> None:
    assert make_contest(title="  Лучшие практики СОНКО ").title == "Лучшие практики СОНКО"


@pytest.mark.parametrize("slug", ["abc", "prolog-2026", "a1-b2-c3", "x" * 64])
def test_slugs_of_lowercase_latin_digits_and_hyphens_are_ids(
    make_contest: MakeContest, slug: str
) -> None:
    assert make_contest(id=slug).id == slug


@pytest.mark.parametrize(
    "slug", ["ab", "x" * 65, "Prolog", "пролог", "pro log", "pro_log", "-prolog", "prolog-", ""]
)
def test_anything_else_is_not_an_id(make_contest: MakeContest, slug: str) -> None:
    assert problems(make_contest, id=slug) == {"id": "invalid_slug"}


def test_a_slug_with_a_newline_inside_is_not_an_id(make_contest: MakeContest) -> None:
    assert problems(make_contest, id="prolog\n-x") == {"id": "invalid_slug"}


@pytest.mark.parametrize("rating", ["0+", "6+", "12+", "16+", "18+"])
def test_the_five_age_ratings_are_accepted(make_contest: MakeContest, rating: str) -> None:
    assert make_contest(age_rating=rating).age_rating == rating


@pytest.mark.parametrize("rating", ["14+", "12", "", "18"])
def test_other_age_ratings_are_refused(make_contest: MakeContest, rating: str) -> None:
    assert problems(make_contest, age_rating=rating) == {"age_rating": "invalid_age_rating"}


def test_a_contest_must_admit_some_kind(make_contest: MakeContest) -> None:
    assert problems(make_contest, participant_kinds=[]) == {"participant_kinds": "required"}


def test_unknown_kinds_are_refused_by_name(make_contest: MakeContest) -> None:
    with pytest.raises(InvalidContest) as raised:
        make_contest(participant_kinds=["tos", "company"])
    [error] = raised.value.errors
    assert error.code == "unknown_kind"
    assert "company" in str(error.message)


def test_a_kind_listed_twice_is_kept_once(make_contest: MakeContest) -> None:
    assert make_contest(participant_kinds=["tos", "sonko", "tos"]).participant_kinds == (
        "tos",
        "sonko",
    )


def test_a_contest_needs_a_nomination(make_contest: MakeContest) -> None:
    assert problems(make_contest, nominations=[]) == {"nominations": "required"}


def test_nomination_ids_must_be_unique(make_contest: MakeContest) -> None:
    nominations = [{"id": "eco", "title": "Экология"}, {"id": "eco", "title": "Ещё экология"}]
    assert problems(make_contest, nominations=nominations) == {
        "nominations.1.id": "duplicate_nomination"
    }


def test_nomination_ids_are_slugs_and_titles_are_required(make_contest: MakeContest) -> None:
    nominations = [{"id": "Эко", "title": "Экология"}, {"id": "urban", "title": "  "}]
    assert problems(make_contest, nominations=nominations) == {
        "nominations.0.id": "invalid_slug",
        "nominations.1.title": "required",
    }


def test_a_title_is_required_and_at_most_300_characters(make_contest: MakeContest) -> None:
    assert problems(make_contest, title=" ") == {"title": "required"}
    assert problems(make_contest, title="я" * 301) == {"title": "too_long"}
    assert make_contest(title="я" * 300).title == "я" * 300


@pytest.mark.parametrize("places", [0, 101, -1])
def test_places_per_nomination_are_1_to_100(make_contest: MakeContest, places: int) -> None:
    assert problems(make_contest, places_per_nomination=places) == {
        "places_per_nomination": "invalid_places"
    }


@pytest.mark.parametrize("places", [1, 100])
def test_places_at_the_bounds_are_accepted(make_contest: MakeContest, places: int) -> None:
    assert make_contest(places_per_nomination=places).places_per_nomination == places


def test_the_window_must_open_before_it_closes(make_contest: MakeContest) -> None:
    moment = datetime(2026, 3, 1, tzinfo=UTC)
    assert problems(make_contest, registration_opens_at=moment, registration_closes_at=moment) == {
        "registration_closes_at": "invalid_window"
    }


def test_the_window_bounds_must_carry_a_timezone(make_contest: MakeContest) -> None:
    assert problems(make_contest, registration_opens_at=datetime(2026, 3, 1)) == {
        "registration_opens_at": "naive_datetime"
    }


def test_window_bounds_in_different_timezones_compare_as_instants(
    make_contest: MakeContest,
) -> None:
    samara = timezone(timedelta(hours=4))
    contest = make_contest(
        registration_opens_at=datetime(2026, 3, 1, 12, 0, tzinfo=samara),
        registration_closes_at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC),  # 13:00 in Samara
    )
    assert contest.is_open_at(datetime(2026, 3, 1, 8, 30, tzinfo=UTC))


def test_every_problem_is_reported_at_once_and_names_its_field(make_contest: MakeContest) -> None:
    with pytest.raises(InvalidContest) as raised:
        make_contest(
            id="X",
            title="",
            age_rating="21+",
            participant_kinds=[],
            nominations=[],
            places_per_nomination=0,
        )
    fields = [error.field for error in raised.value.errors]
    assert fields == [
        "id",
        "title",
        "age_rating",
        "participant_kinds",
        "nominations",
        "places_per_nomination",
    ]
    for error in raised.value.errors:
        assert str(error.message).startswith(error.field)


def test_a_contest_error_string_lists_fields_and_codes(make_contest: MakeContest) -> None:
    with pytest.raises(InvalidContest) as raised:
        make_contest(places_per_nomination=0)
    assert str(raised.value) == "invalid contest: places_per_nomination (invalid_places)"
    assert raised.value.code == "invalid_contest"


def test_a_contest_survives_a_round_trip_through_a_document(contest: Contest) -> None:
    assert Contest.model_validate(contest.model_dump()) == contest
    assert Contest.model_validate_json(contest.model_dump_json()) == contest


def test_the_opened_event_describes_the_contest(contest: Contest) -> None:
    occurred_at = datetime(2026, 2, 1, tzinfo=UTC)
    event = contest.opened_event(occurred_at=occurred_at, correlation_id="req-1")
    assert isinstance(event, ContestOpened)
    assert event.event_type == "contest.opened"
    assert event.producer == "registration"
    assert event.occurred_at == occurred_at
    assert event.correlation_id == "req-1"
    assert event.contest_id == contest.id
    assert event.title == contest.title
    assert event.age_rating == "12+"
    assert event.participant_kinds == contest.participant_kinds
    assert [(n.id, n.title) for n in event.nominations] == [
        ("urban-environment", "Комфортная городская среда"),
        ("eco-education", "Экологическое просвещение"),
    ]
    assert event.places_per_nomination == 3
    assert event.registration_opens_at == contest.registration_opens_at
    assert event.registration_closes_at == contest.registration_closes_at


def test_each_opened_event_has_its_own_id(contest: Contest) -> None:
    assert contest.opened_event().event_id != contest.opened_event().event_id
