"""The two consents (152-ФЗ): the version of the consent to processing, and whether an
individual's name may be published."""

from collections.abc import Callable
from datetime import datetime

import pytest

from registration.domain import (
    Application,
    Contest,
    InvalidApplication,
    InvalidField,
    check_consent_version,
    register,
    short_number,
)

MakeApplication = Callable[..., Application]
PERSON = {
    "kind": "individual",
    "inn": "500100732259",
    "name": "Иван Иванов",
    "members": [{"name": "Иван Иванов", "birth_date": "1990-05-01"}],
}


def test_no_version_named_means_the_current_one() -> None:
    assert check_consent_version("personal-data", None) == "1"
    assert check_consent_version("personal-data", "1") == "1"


def test_an_outdated_version_and_an_unknown_one_are_refused_with_their_own_codes() -> None:
    versions = {"personal-data": ("2", "1")}
    with pytest.raises(InvalidField) as outdated:
        check_consent_version("personal-data", "1", versions)
    assert (outdated.value.field, outdated.value.code) == (
        "consent_version",
        "consent_version_outdated",
    )
    with pytest.raises(InvalidField) as unknown:
        check_consent_version("personal-data", "3", versions)
    assert unknown.value.code == "consent_version_unknown"


def test_the_version_and_moment_of_consent_are_kept_with_the_participant(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    participant, _ = register(contest, make_application(consent_version="1"), now)
    assert (participant.consent_version, participant.consented_at) == ("1", now)
    assert participant.publication_consent is None


def test_an_unknown_version_is_a_problem_of_the_application(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    with pytest.raises(InvalidApplication) as raised:
        register(contest, make_application(consent_version="0"), now)
    assert [(e.field, e.code) for e in raised.value.errors] == [
        ("consent_version", "consent_version_unknown")
    ]


def test_an_individual_s_name_is_public_only_with_the_consent_to_publication(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    private, private_event = register(contest, make_application(**PERSON), now)
    public, public_event = register(
        contest, make_application(**PERSON, consent_publication=True), now
    )
    assert (private.name_public, private_event.name_public) == (False, False)
    assert (public.name_public, public_event.name_public) == (True, True)
    assert public.publication_consent is not None
    assert public.publication_consent.given_at == now


def test_an_organisation_s_name_is_always_public(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    _, event = register(contest, make_application(), now)
    assert event.name_public is True


def test_a_missing_kind_and_nomination_are_asked_for(
    contest: Contest, make_application: MakeApplication, now: datetime
) -> None:
    with pytest.raises(InvalidApplication) as raised:
        register(contest, make_application(kind="", nomination=""), now)
    codes = {(e.field, e.code) for e in raised.value.errors}
    assert {("kind", "required"), ("nomination", "required")} <= codes


def test_the_application_number_is_the_id_s_first_eight_characters() -> None:
    assert short_number("3f2a91bc-0d4e-4f5a-9b8c-7d6e5f4a3b2c") == "3F2A91BC"
