"""What an erasure leaves of a stored letter's context: nothing that names or reaches the
person, in their own letters and in letters to others that list them."""

from notifications.domain import anonymised_context, scrubbed

PERSON = "1a2b3c4d-0000-4000-8000-000000000000"
LABEL = "Участник № 1A2B3C4D"
OTHER = "99999999-0000-4000-8000-000000000000"


def winners() -> list[dict]:
    return [
        {"place": 1, "participant_id": PERSON, "display_name": "Евлампий Снегирёв"},
        {"place": 2, "participant_id": OTHER, "display_name": "ТОС «Остаётся»"},
    ]


def test_their_own_letter_loses_the_greeting_and_a_persons_name() -> None:
    context = {
        "contact_name": "Евлампий",
        "display_name": "Евлампий Снегирёв",
        "participant_id": PERSON,
        "project_title": "Сад",
    }

    erased = anonymised_context(context, PERSON, own=True, name_erased=True)

    assert erased == context | {"contact_name": "", "display_name": LABEL}


def test_an_organisations_name_stays_but_the_greeting_goes() -> None:
    context = {"contact_name": "Анна", "display_name": "ТОС «Рассвет»", "participant_id": PERSON}

    erased = anonymised_context(context, PERSON, own=True, name_erased=False)

    assert erased == context | {"contact_name": ""}


def test_letters_to_others_lose_the_persons_name_wherever_it_is_listed() -> None:
    summary = {
        "nominations": [{"nomination": "eco", "winners": winners()}],
        "unreachable_winners": ["Евлампий Снегирёв", "ТОС «Остаётся»"],
    }

    erased = anonymised_context(summary, PERSON, own=False, name_erased=True)

    assert [w["display_name"] for w in erased["nominations"][0]["winners"]] == [
        LABEL,
        "ТОС «Остаётся»",
    ]
    assert erased["unreachable_winners"] == [LABEL, "ТОС «Остаётся»"]


def test_letters_to_others_are_left_alone_when_the_name_is_not_a_persons() -> None:
    thanks = {"nomination_winners": winners(), "contact_name": "Анна"}

    assert anonymised_context(thanks, PERSON, own=False, name_erased=False) == thanks


def test_a_servers_answer_loses_the_address_whatever_its_case() -> None:
    answer = "550 5.1.1 <Evlampiy@Example.net>: mailbox unavailable"

    assert scrubbed(answer, "evlampiy@example.net") == "550 5.1.1 <[удалено]>: mailbox unavailable"
    assert scrubbed(None, "evlampiy@example.net") is None
