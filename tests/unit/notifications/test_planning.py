import json

from forum_shared.events import ParticipantRegistered, ScoreSubmitted, WinnersAnnounced
from notifications.domain import (
    PlannedMessage,
    Recipient,
    TemplateName,
    plan_participant_registered,
    plan_score_submitted,
    plan_winners_announced,
)


def _by_participant(messages: list[PlannedMessage]) -> dict[str | None, PlannedMessage]:
    return {m.participant_id: m for m in messages}


def _names(winners: list[dict]) -> list[tuple[int, str]]:
    return [(w["place"], w["display_name"]) for w in winners]


def test_a_registration_is_confirmed_to_the_contact_email(registration: ParticipantRegistered):
    [message] = plan_participant_registered(registration)

    assert message.recipient == "anna@example.org"
    assert message.recipient_kind == "participant"
    assert message.template == TemplateName.REGISTRATION_CONFIRMED
    assert (message.contest_id, message.participant_id) == ("c-tos", "p-1")


def test_the_confirmation_names_the_contest_nomination_and_project(
    registration: ParticipantRegistered,
):
    [message] = plan_participant_registered(registration)

    assert message.context["contact_name"] == "Анна Петровна"
    assert message.context["contest_title"] == "Лучшие практики ТОС"
    assert message.context["nomination_title"] == "Экологическое просвещение детей и молодёжи"
    assert message.context["project_title"] == "Школа юного эколога"
    assert message.context["registered_at"] == "2025-11-20T21:30:00+00:00"


def test_a_submitted_score_tells_participants_nothing():
    score = ScoreSubmitted(
        producer="judging",
        contest_id="c-tos",
        participant_id="p-1",
        nomination="eco",
        juror_id="j-1",
        scores={"impact": 9.0},
        weighted_total=9.0,
        revision=1,
        submitted_at="2025-11-21T10:00:00+00:00",
    )

    assert plan_score_submitted(score) == []


def test_each_winner_is_congratulated_with_their_place_nomination_and_score(
    announcement: WinnersAnnounced, recipients: list[Recipient]
):
    messages = _by_participant(plan_winners_announced(announcement, recipients, None))

    first, second = messages["p-1"], messages["p-2"]
    assert first.template == second.template == TemplateName.WINNER_CONGRATULATION
    assert first.recipient == "p1@example.org"
    assert (first.context["place"], first.context["final_score"]) == (1, 9.25)
    assert (second.context["place"], second.context["final_score"]) == (2, 8.5)
    assert first.context["nomination_title"] == "Экологическое просвещение детей и молодёжи"


def test_everyone_else_is_thanked_with_the_winners_of_their_nomination_and_of_the_contest(
    announcement: WinnersAnnounced, recipients: list[Recipient]
):
    messages = _by_participant(plan_winners_announced(announcement, recipients, None))

    thanks = messages["p-3"]
    assert thanks.template == TemplateName.PARTICIPATION_THANKS
    assert _names(thanks.context["nomination_winners"]) == [
        (1, "ТОС «Участник 1»"),
        (2, "ТОС «Участник 2»"),
    ]
    [other] = thanks.context["other_nominations"]
    assert _names(other["winners"]) == [(1, "ТОС «Участник 9»")]
    assert {messages["p-4"].template, messages["p-5"].template} == {
        TemplateName.PARTICIPATION_THANKS
    }


def test_every_participant_gets_exactly_one_message_and_the_organizers_one_summary(
    announcement: WinnersAnnounced, recipients: list[Recipient]
):
    messages = plan_winners_announced(announcement, recipients, "orgs@example.org")

    assert len(messages) == len(recipients) + 1
    [summary] = [m for m in messages if m.recipient_kind == "organizer"]
    assert summary.recipient == "orgs@example.org"
    assert summary.template == TemplateName.ORGANIZERS_SUMMARY
    assert summary.participant_id is None
    assert (summary.context["winners_notified"], summary.context["thanked"]) == (2, 3)


def test_without_an_organizers_address_no_summary_is_planned(
    announcement: WinnersAnnounced, recipients: list[Recipient]
):
    messages = plan_winners_announced(announcement, recipients, None)

    assert all(m.recipient_kind == "participant" for m in messages)


def test_the_summary_names_the_winners_nobody_could_be_told_about(
    announcement: WinnersAnnounced, recipients: list[Recipient]
):
    *_, summary = plan_winners_announced(announcement, recipients, "orgs@example.org")

    assert summary.context["unreachable_winners"] == ["ТОС «Участник 9»"]


def test_a_redelivered_event_plans_the_same_notification_ids(
    announcement: WinnersAnnounced, recipients: list[Recipient]
):
    first = plan_winners_announced(announcement, recipients, "orgs@example.org")
    again = plan_winners_announced(announcement, recipients, "orgs@example.org")

    def ids(messages: list[PlannedMessage]) -> list[str]:
        return [m.notification_id(announcement.event_id, "email") for m in messages]

    assert ids(first) == ids(again)
    assert len(set(ids(first))) == len(first)


def test_a_notification_id_differs_per_channel_and_holds_no_address(
    registration: ParticipantRegistered,
):
    [message] = plan_participant_registered(registration)

    by_email = message.notification_id(registration.event_id, "email")
    by_webhook = message.notification_id(registration.event_id, "webhook:w-1")

    assert by_email != by_webhook
    assert "anna" not in by_email


def test_planned_messages_are_json_safe_so_they_can_be_stored_and_rendered_again(
    announcement: WinnersAnnounced, recipients: list[Recipient], registration: ParticipantRegistered
):
    messages = [
        *plan_participant_registered(registration),
        *plan_winners_announced(announcement, recipients, "orgs@example.org"),
    ]

    for message in messages:
        stored = json.loads(json.dumps(message.model_dump(mode="json")))
        assert PlannedMessage.model_validate(stored) == message


def test_a_recipient_is_remembered_from_the_registration(registration: ParticipantRegistered):
    recipient = Recipient.from_registration(registration)

    assert recipient.email == "anna@example.org"
    assert recipient.nomination == "eco"
    assert recipient.project_title == "Школа юного эколога"
