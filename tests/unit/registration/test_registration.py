from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest

from forum_shared.events import ParticipantRegistered
from registration.domain import (
    Application,
    Contest,
    InvalidApplication,
    Participant,
    RegistrationClosed,
    RegistrationError,
    register,
)

MakeApplication = Callable[..., Application]
MakeContest = Callable[..., Contest]
PERSON_INN = "500100732259"
ADULT = {"name": "Ирина Петрова", "birth_date": "1985-04-12"}


def refusal(contest: Contest, application: Application, now: datetime) -> dict[str, str]:
    with pytest.raises(InvalidApplication) as raised:
        register(contest, application, now)
    return {error.field: error.code for error in raised.value.errors}


def test_a_sonko_with_a_valid_application_is_registered(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    participant, event = register(contest, make_application(), now)
    assert isinstance(participant, Participant)
    assert isinstance(event, ParticipantRegistered)


def test_the_participant_holds_normalised_data(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    application = make_application(
        name="  АНО «Доброе дело» ",
        inn="7707 083 893",
        contact={"name": " Ирина ", "email": "Irina@Example.ORG", "phone": "8 (912) 345-67-89"},
    )
    participant, _ = register(contest, application, now)
    assert UUID(participant.id).version == 4
    assert participant.contest_id == contest.id
    assert participant.nomination == "urban-environment"
    assert participant.kind == "sonko"
    assert participant.name == "АНО «Доброе дело»"
    assert participant.inn == "7707083893"
    assert participant.contact.name == "Ирина"
    assert participant.contact.email == "Irina@example.org"
    assert participant.contact.phone == "+79123456789"
    assert participant.registered_at == now
    assert participant.consented_at == now
    assert participant.duplicate_key == "tos-best-practices-2026:urban-environment:inn:7707083893"


def test_each_registration_gets_a_new_id(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    first, _ = register(contest, make_application(), now)
    second, _ = register(contest, make_application(), now)
    assert first.id != second.id


def test_the_caller_may_choose_the_participant_id(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    participant, event = register(contest, make_application(), now, participant_id="p-1")
    assert participant.id == event.participant_id == "p-1"


def test_the_event_tells_subscribers_what_they_need(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    participant, event = register(contest, make_application(), now, correlation_id="req-42")
    assert event.event_type == "participant.registered"
    assert event.schema_version == 1
    assert event.producer == "registration"
    assert event.correlation_id == "req-42"
    assert event.occurred_at == now
    assert event.participant_id == participant.id
    assert event.contest_id == "tos-best-practices-2026"
    assert event.contest_title == "Лучшие практики ТОС"
    assert event.nomination == "urban-environment"
    assert event.nomination_title == "Комфортная городская среда"
    assert event.participant_kind == "sonko"
    assert event.display_name == 'АНО "Доброе дело"'
    assert event.contact_name == "Ирина Петрова"
    assert event.contact_email == "irina@example.org"
    assert event.project_title == "Двор, где хочется жить"
    assert event.registered_at == now


def test_the_event_carries_no_phone_inn_or_members(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    _, event = register(contest, make_application(kind="team", members=[ADULT]), now)
    payload = event.model_dump_json()
    assert "+79123456789" not in payload
    assert "7707083893" not in payload
    assert "1985-04-12" not in payload


def test_the_participant_survives_a_round_trip_through_a_document(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    participant, _ = register(contest, make_application(kind="team", members=[ADULT]), now)
    assert Participant.model_validate(participant.model_dump()) == participant
    assert Participant.model_validate(participant.model_dump(mode="json")) == participant


def test_personal_data_stays_out_of_repr(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    application = make_application(
        kind="individual", name="Ирина Петрова", inn=PERSON_INN, members=[ADULT]
    )
    participant, _ = register(contest, application, now)
    for text in (repr(participant), repr(application)):
        assert "irina@example.org" not in text
        assert "89123456789" not in text
        assert PERSON_INN not in text
        assert "1985" not in text
        assert "Ирина" not in text


# The registration window


def test_registration_opens_at_the_opening_moment(
    contest: Contest, make_application: MakeApplication
) -> None:
    register(contest, make_application(), contest.registration_opens_at)


def test_a_moment_before_opening_is_refused_with_the_opening_time(
    contest: Contest, make_application: MakeApplication
) -> None:
    with pytest.raises(RegistrationClosed) as raised:
        register(
            contest, make_application(), contest.registration_opens_at - timedelta(microseconds=1)
        )
    assert raised.value.code == "registration_not_open_yet"
    assert (
        str(raised.value.message)
        == "registration for this contest opens at 2026-03-01T09:00:00+00:00"
    )


def test_the_last_moment_before_closing_is_accepted(
    contest: Contest, make_application: MakeApplication
) -> None:
    register(contest, make_application(), contest.registration_closes_at - timedelta(seconds=1))


def test_the_closing_moment_is_refused_with_the_closing_time(
    contest: Contest, make_application: MakeApplication
) -> None:
    with pytest.raises(RegistrationClosed) as raised:
        register(contest, make_application(), contest.registration_closes_at)
    assert raised.value.code == "registration_closed"
    assert (
        str(raised.value.message)
        == "registration for this contest closed at 2026-04-01T09:00:00+00:00"
    )


def test_a_closed_window_is_reported_before_the_form_is_judged(
    contest: Contest, make_application: MakeApplication
) -> None:
    with pytest.raises(RegistrationClosed):
        register(
            contest, make_application(consent_personal_data=False), datetime(2027, 1, 1, tzinfo=UTC)
        )


def test_a_naive_now_is_a_programming_error(
    contest: Contest, make_application: MakeApplication
) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        register(contest, make_application(), datetime(2026, 3, 15))


# Kinds and nominations


def test_a_kind_the_contest_does_not_admit_is_refused(
    make_contest: MakeContest, make_application: MakeApplication, now: datetime
) -> None:
    contest = make_contest(participant_kinds=["tos"])
    with pytest.raises(InvalidApplication) as raised:
        register(contest, make_application(kind="sonko"), now)
    [error] = raised.value.errors
    assert (error.field, error.code) == ("kind", "kind_not_allowed")
    assert "it admits: tos" in str(error.message)


def test_an_unknown_kind_is_refused_with_the_known_ones(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    with pytest.raises(InvalidApplication) as raised:
        register(contest, make_application(kind="company"), now)
    [error] = raised.value.errors
    assert (error.field, error.code) == ("kind", "unknown_kind")
    assert "sonko, tos, initiative_group, team, individual" in str(error.message)


def test_an_unknown_nomination_is_refused_with_the_contest_s_ones(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    with pytest.raises(InvalidApplication) as raised:
        register(contest, make_application(nomination="sport"), now)
    [error] = raised.value.errors
    assert (error.field, error.code) == ("nomination", "unknown_nomination")
    assert "urban-environment, eco-education" in str(error.message)


# ИНН per kind, through the whole rule


def test_a_sonko_without_inn_is_refused(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    assert refusal(contest, make_application(inn=None), now) == {"inn": "inn_required"}


def test_a_tos_without_legal_entity_may_register_without_inn(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    application = make_application(kind="tos", name="ТОС «Рассвет»", inn="")
    participant, _ = register(contest, application, now)
    assert participant.inn is None
    assert participant.duplicate_key == "tos-best-practices-2026:urban-environment:name:рассвет"


def test_a_team_may_register_with_a_member_s_personal_inn(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    application = make_application(kind="team", inn=PERSON_INN, members=[ADULT])
    assert register(contest, application, now)[0].inn == PERSON_INN


def test_an_individual_needs_a_personal_inn(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    application = make_application(kind="individual", inn="7707083893", members=[ADULT])
    assert refusal(contest, application, now) == {"inn": "inn_wrong_length_for_kind"}


def test_an_inn_with_a_typo_is_refused(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    assert refusal(contest, make_application(inn="7707083894"), now) == {"inn": "inn_checksum"}


def test_with_an_unknown_kind_a_given_inn_is_still_checked(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    assert refusal(contest, make_application(kind="company", inn="123"), now) == {
        "kind": "unknown_kind",
        "inn": "inn_format",
    }


# Members and ages


@pytest.mark.parametrize("kind", ["team", "initiative_group", "individual"])
def test_teams_groups_and_individuals_must_list_members(
    contest: Contest, make_application: MakeApplication, now: datetime, kind: str
) -> None:
    inn = PERSON_INN if kind == "individual" else None
    application = make_application(kind=kind, inn=inn, members=[])
    assert refusal(contest, application, now) == {"members": "members_required"}


@pytest.mark.parametrize("kind", ["sonko", "tos"])
def test_an_organisation_may_register_without_members(
    contest: Contest, make_application: MakeApplication, now: datetime, kind: str
) -> None:
    register(contest, make_application(kind=kind, members=[]), now)


def test_an_individual_lists_exactly_one_person(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    application = make_application(kind="individual", inn=PERSON_INN, members=[ADULT, ADULT])
    assert refusal(contest, application, now) == {"members": "too_many_members"}


def test_a_member_below_the_age_rating_is_refused_by_position(
    make_contest: MakeContest, make_application: MakeApplication, now: datetime
) -> None:
    contest = make_contest(age_rating="16+")
    birthday_tomorrow = date(2010, 3, 16)  # now is 2026-03-15
    members = [ADULT, {"name": "Петя", "birth_date": birthday_tomorrow}]
    with pytest.raises(InvalidApplication) as raised:
        register(contest, make_application(kind="team", members=members), now)
    [error] = raised.value.errors
    assert error.field == "members.1.birth_date"
    assert str(error.message) == "member 2 is 15, below the contest's age rating 16+"


def test_a_member_whose_birthday_is_today_reaches_the_rating(
    make_contest: MakeContest, make_application: MakeApplication, now: datetime
) -> None:
    contest = make_contest(age_rating="16+")
    members = [{"name": "Петя", "birth_date": date(2010, 3, 15)}]
    register(contest, make_application(kind="team", members=members), now)


def test_an_organisation_s_listed_members_are_checked_too(
    make_contest: MakeContest, make_application: MakeApplication, now: datetime
) -> None:
    contest = make_contest(age_rating="18+")
    members = [{"name": "Петя", "birth_date": date(2010, 3, 15)}]
    assert refusal(contest, make_application(members=members), now) == {
        "members.0.birth_date": "member_too_young"
    }


def test_a_member_needs_a_name(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    members = [{"name": "  ", "birth_date": "1990-01-01"}]
    assert refusal(contest, make_application(kind="team", members=members), now) == {
        "members.0.name": "required"
    }


# Consent, contact and required text


def test_consent_to_personal_data_processing_is_required(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    with pytest.raises(InvalidApplication) as raised:
        register(contest, make_application(consent_personal_data=False), now)
    [error] = raised.value.errors
    assert (error.field, error.code) == ("consent_personal_data", "consent_required")
    assert "consent" in str(error.message)
    assert "152-ФЗ" in str(error.message)


def test_a_form_that_says_nothing_about_consent_has_not_given_it(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    fields = make_application().model_dump(exclude={"consent_personal_data"})
    assert refusal(contest, Application(**fields), now) == {
        "consent_personal_data": "consent_required"
    }


@pytest.mark.parametrize("email", ["irina", "irina@", "irina@localhost", "ирина@@почта.рф"])
def test_an_invalid_email_is_refused(
    contest: Contest, make_application: MakeApplication, now: datetime, email: str
) -> None:
    contact = {"name": "Ирина", "email": email, "phone": "89123456789"}
    assert refusal(contest, make_application(contact=contact), now) == {
        "contact.email": "email_invalid"
    }


def test_an_invalid_phone_is_refused(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    contact = {"name": "Ирина", "email": "irina@example.org", "phone": "12345"}
    assert refusal(contest, make_application(contact=contact), now) == {
        "contact.phone": "phone_invalid"
    }


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "   "}, "name"),
        (
            {"contact": {"name": "", "email": "a@example.org", "phone": "89123456789"}},
            "contact.name",
        ),
        ({"project": {"title": "", "summary": "Описание"}}, "project.title"),
        ({"project": {"title": "Проект", "summary": " \n "}}, "project.summary"),
    ],
)
def test_blank_required_text_is_refused(
    contest: Contest,
    make_application: MakeApplication,
    now: datetime,
    overrides: dict[str, object],
    field: str,
) -> None:
    assert refusal(contest, make_application(**overrides), now) == {field: "required"}


@pytest.mark.parametrize(
    ("overrides", "field", "limit"),
    [
        ({"name": "я" * 301}, "name", 300),
        ({"project": {"title": "я" * 301, "summary": "Описание"}}, "project.title", 300),
        ({"project": {"title": "Проект", "summary": "я" * 5001}}, "project.summary", 5000),
    ],
)
def test_overlong_text_is_refused_with_its_limit(
    contest: Contest,
    make_application: MakeApplication,
    now: datetime,
    overrides: dict[str, object],
    field: str,
    limit: int,
) -> None:
    with pytest.raises(InvalidApplication) as raised:
        register(contest, make_application(**overrides), now)
    [error] = raised.value.errors
    assert (error.field, error.code) == (field, "too_long")
    assert str(limit) in str(error.message)


def test_text_at_its_limits_is_accepted(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    project = {"title": "я" * 300, "summary": "я" * 5000}
    register(contest, make_application(name="я" * 300, project=project), now)


# All at once


def test_every_problem_of_an_application_is_reported_at_once(
    make_contest: MakeContest, make_application: MakeApplication, now: datetime
) -> None:
    contest = make_contest(participant_kinds=["tos"], age_rating="18+")
    application = make_application(
        kind="team",
        nomination="sport",
        name="",
        inn="7707083894",
        contact={"name": "", "email": "nope", "phone": "12"},
        project={"title": "", "summary": ""},
        members=[{"name": "Петя", "birth_date": "2015-01-01"}],
        consent_personal_data=False,
    )
    with pytest.raises(InvalidApplication) as raised:
        register(contest, application, now)
    assert {error.field: error.code for error in raised.value.errors} == {
        "kind": "kind_not_allowed",
        "nomination": "unknown_nomination",
        "name": "required",
        "inn": "inn_checksum",
        "contact.name": "required",
        "contact.email": "email_invalid",
        "contact.phone": "phone_invalid",
        "project.title": "required",
        "project.summary": "required",
        "members.0.birth_date": "member_too_young",
        "consent_personal_data": "consent_required",
    }
    assert raised.value.code == "invalid_application"
    assert isinstance(raised.value, RegistrationError)


def test_the_error_string_names_fields_but_repeats_nothing_a_person_typed(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    contact = {"name": "Ирина", "email": "secret-address", "phone": "12"}
    with pytest.raises(InvalidApplication) as raised:
        register(contest, make_application(contact=contact), now)
    assert str(raised.value) == (
        "invalid application: contact.email (email_invalid), contact.phone (phone_invalid)"
    )
    phone = raised.value.as_dicts()[1]
    assert (phone["field"], phone["code"]) == ("contact.phone", "phone_invalid")
    assert str(phone["message"]) == "phone must be a Russian number, e.g. +7 912 345-67-89"
    assert (
        phone["message"].render() == "укажите российский номер телефона, например +7 912 345-67-89"
    )
    email = raised.value.as_dicts()[0]
    assert "secret-address" not in str(email["message"])
