from datetime import UTC, datetime, timedelta

from forum_shared.events import ParticipantRegistered
from notifications.domain import (
    DeliveryState,
    NotificationStatus,
    RetryPolicy,
    plan_participant_registered,
)
from notifications.records import Delivery, Webhook, notifications_for, webhook_id

NOW = datetime(2025, 11, 20, 10, 0, tzinfo=UTC)


def _webhook(number: int) -> Webhook:
    return Webhook(
        id=f"w-{number}",
        url=f"https://hooks.example.org/{number}",
        secret="s" * 32,
        created_at=NOW,
    )


def test_each_planned_message_goes_by_email_and_to_every_webhook(
    registration: ParticipantRegistered,
):
    planned = plan_participant_registered(registration)

    records = notifications_for(registration, planned, [_webhook(1), _webhook(2)], NOW)

    assert [(r.channel, r.recipient) for r in records] == [
        ("email", "anna@example.org"),
        ("webhook:w-1", "https://hooks.example.org/1"),
        ("webhook:w-2", "https://hooks.example.org/2"),
    ]
    assert len({r.id for r in records}) == 3
    assert all(r.delivery.status == NotificationStatus.PENDING for r in records)
    assert all(r.delivery.next_attempt_at == NOW for r in records)


def test_the_same_event_recorded_again_gets_the_same_ids(registration: ParticipantRegistered):
    planned = plan_participant_registered(registration)

    first = notifications_for(registration, planned, [_webhook(1)], NOW)
    again = notifications_for(registration, planned, [_webhook(1)], NOW + timedelta(hours=1))

    assert [r.id for r in first] == [r.id for r in again]


def test_a_stored_record_keeps_the_plan_and_the_event_it_came_from(
    registration: ParticipantRegistered,
):
    [record] = notifications_for(registration, plan_participant_registered(registration), [], NOW)

    document = record.document()

    assert document["_id"] == record.id
    assert document["source_event_id"] == str(registration.event_id)
    assert document["source_event_type"] == "participant.registered"
    assert document["template"] == "registration_confirmed"
    assert document["context"]["project_title"] == "Школа юного эколога"


def test_a_delivery_is_stamped_sent_only_when_it_was_sent():
    policy = RetryPolicy(max_attempts=3, base_seconds=10, max_seconds=60)
    failed = DeliveryState().delivery_failed("SMTP 451", NOW, policy)

    as_failed = Delivery.of(failed, NOW)
    as_sent = Delivery.of(failed.delivered(), NOW + timedelta(seconds=10))

    assert (as_failed.status, as_failed.sent_at) == ("failed", None)
    assert as_failed.next_attempt_at == NOW + timedelta(seconds=10)
    assert as_failed.state == failed
    assert (as_sent.status, as_sent.attempts) == ("sent", 2)
    assert as_sent.sent_at == NOW + timedelta(seconds=10)


def test_a_webhook_channel_names_its_webhook():
    assert webhook_id(_webhook(7).channel) == "w-7"
    assert webhook_id("email") is None
