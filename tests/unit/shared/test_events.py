from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from forum_shared.events import ALL_EVENTS, ParticipantRegistered, ScoreSubmitted


def registered(**changes: object) -> ParticipantRegistered:
    fields = dict(
        producer="registration",
        participant_id="p-1",
        contest_id="best-tos-2026",
        contest_title="Лучшие практики ТОС",
        nomination="ecology",
        nomination_title="Экологическое просвещение",
        participant_kind="tos",
        display_name="ТОС «Солнечный»",
        contact_name="Анна",
        contact_email="anna@example.ru",
        project_title="Зелёный двор",
        registered_at=datetime(2026, 11, 1, tzinfo=UTC),
    )
    return ParticipantRegistered(**(fields | changes))


def test_every_event_carries_the_envelope_of_the_contract() -> None:
    body = registered().model_dump(mode="json")
    for field in (
        "event_id",
        "event_type",
        "schema_version",
        "occurred_at",
        "producer",
        "correlation_id",
    ):
        assert body[field]
    assert body["event_type"] == "participant.registered"
    assert body["schema_version"] == 1
    assert body["occurred_at"].endswith("Z")


def test_the_routing_key_is_the_event_type() -> None:
    assert ParticipantRegistered.routing_key == "participant.registered"
    routing_keys = {event.routing_key for event in ALL_EVENTS}
    assert routing_keys >= {"participant.registered", "score.submitted", "winners.announced"}


def test_consumers_ignore_fields_they_do_not_know() -> None:
    event = registered()
    body = event.model_dump(mode="json") | {"added_in_a_later_release": 42}
    assert ParticipantRegistered.model_validate(body) == event


def test_events_are_frozen() -> None:
    with pytest.raises(ValidationError):
        registered().participant_id = "other"  # type: ignore[misc]


def test_an_event_of_another_type_does_not_parse_as_this_one() -> None:
    body = registered().model_dump(mode="json") | {"event_type": "score.submitted"}
    with pytest.raises(ValidationError):
        ParticipantRegistered.model_validate(body)


def test_a_naive_timestamp_is_refused() -> None:
    with pytest.raises(ValidationError):
        registered(registered_at=datetime(2026, 11, 1))


def test_a_revision_starts_at_one() -> None:
    with pytest.raises(ValidationError):
        ScoreSubmitted(
            producer="judging",
            contest_id="c",
            participant_id="p",
            nomination="n",
            juror_id="j",
            scores={"impact": 5},
            weighted_total=5,
            revision=0,
            submitted_at=datetime.now(UTC),
        )
