"""What of an application erasure takes (a natural person's data) and what it keeps (the
organisation, the project, the dates), and the event it publishes, which carries no person."""

from collections.abc import Callable
from datetime import datetime

from registration.domain import (
    Application,
    Contest,
    Participant,
    anonymised,
    anonymised_registration,
    erased_event,
    register,
)

PERSON_INN = "500100732259"
PERSON = {"name": "Евлампий Снегирёв", "birth_date": "1990-01-01"}

Make = Callable[..., Application]


def accepted(contest: Contest, application: Application, now: datetime) -> Participant:
    return register(
        contest, application, now, participant_id="1a2b3c4d-0000-4000-8000-000000000000"
    )[0]


def test_an_individual_keeps_neither_name_nor_inn_nor_contact_nor_members(
    contest: Contest, make_application: Make, now: datetime
) -> None:
    person = make_application(
        kind="individual", name=PERSON["name"], inn=PERSON_INN, members=[PERSON]
    )
    erased = anonymised(accepted(contest, person, now))

    assert erased.name == "Участник № 1A2B3C4D"
    assert erased.inn is None
    assert erased.contact.model_dump() == {"name": "", "email": "", "phone": ""}
    assert erased.members == ()
    assert PERSON_INN not in erased.duplicate_key and "снегир" not in erased.duplicate_key


def test_an_organisation_keeps_its_name_inn_and_project_but_not_its_people(
    contest: Contest, make_application: Make, now: datetime
) -> None:
    organisation = accepted(contest, make_application(members=[PERSON]), now)
    erased = anonymised(organisation)

    assert (erased.name, erased.inn) == (organisation.name, "7707083893")
    assert erased.project == organisation.project
    assert erased.registered_at == organisation.registered_at
    assert erased.consented_at == organisation.consented_at
    assert erased.contact.email == "" and erased.members == ()


def test_a_team_keeps_its_name_but_not_a_persons_inn(
    contest: Contest, make_application: Make, now: datetime
) -> None:
    team = accepted(
        contest,
        make_application(kind="team", name="Команда «Рассвет»", inn=PERSON_INN, members=[PERSON]),
        now,
    )
    erased = anonymised(team)

    assert (erased.name, erased.inn) == ("Команда «Рассвет»", None)


def test_the_stored_registration_event_loses_the_person_but_keeps_its_id(
    contest: Contest, make_application: Make, now: datetime
) -> None:
    person = make_application(
        kind="individual", name=PERSON["name"], inn=PERSON_INN, members=[PERSON]
    )
    participant, registered = register(contest, person, now)
    body = anonymised_registration(registered.model_dump(mode="json"), participant)

    assert body["event_id"] == str(registered.event_id)
    assert (body["contact_name"], body["contact_email"]) == ("", "")
    assert body["display_name"].startswith("Участник № ")
    assert "Снегирёв" not in str(body) and "irina@example.org" not in str(body)


def test_the_erasure_event_says_whether_the_name_was_a_persons_and_nothing_more(
    contest: Contest, make_application: Make, now: datetime
) -> None:
    person = accepted(
        contest,
        make_application(kind="individual", name=PERSON["name"], inn=PERSON_INN, members=[PERSON]),
        now,
    )
    organisation = accepted(contest, make_application(), now)

    event = erased_event(person, "retention", now)

    assert (event.event_type, event.schema_version, event.reason) == (
        "participant.erased",
        1,
        "retention",
    )
    assert event.name_erased is True
    assert erased_event(organisation, "request", now).name_erased is False
    assert set(event.model_dump()) >= {"participant_id", "contest_id", "erased_at"}
    assert "Снегирёв" not in event.model_dump_json() and "irina" not in event.model_dump_json()
