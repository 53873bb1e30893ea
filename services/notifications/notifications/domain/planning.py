"""What to send for each event, decided from the event and what the service already knows.

Contexts hold JSON-safe data only (dates as ISO 8601 strings, scores as floats) so a plan can be
stored with its notification and rendered again for a retry; presentation is the templates' job.
"""

from collections.abc import Iterable
from enum import StrEnum
from operator import attrgetter
from typing import Any, Literal
from uuid import UUID, uuid5

from pydantic import BaseModel, ConfigDict

from forum_shared.events import (
    NominationWinners,
    ParticipantRegistered,
    ScoreSubmitted,
    Winner,
    WinnersAnnounced,
)

RecipientKind = Literal["participant", "organizer"]

_NOTIFICATION_NAMESPACE = UUID("6f1c2a43-5b8e-4d0a-9a51-2f7c0e9d4b18")


class TemplateName(StrEnum):
    REGISTRATION_CONFIRMED = "registration_confirmed"
    WINNER_CONGRATULATION = "winner_congratulation"
    PARTICIPATION_THANKS = "participation_thanks"
    ORGANIZERS_SUMMARY = "organizers_summary"


class Recipient(BaseModel):
    """A contest participant as the notifications service remembers them."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    participant_id: str
    display_name: str
    contact_name: str
    email: str
    nomination: str
    nomination_title: str
    project_title: str | None = None

    @classmethod
    def from_registration(cls, event: ParticipantRegistered) -> "Recipient":
        return cls(
            participant_id=event.participant_id,
            display_name=event.display_name,
            contact_name=event.contact_name,
            email=event.contact_email,
            nomination=event.nomination,
            nomination_title=event.nomination_title,
            project_title=event.project_title,
        )


class PlannedMessage(BaseModel):
    model_config = ConfigDict(frozen=True)

    recipient: str
    recipient_kind: RecipientKind
    template: TemplateName
    context: dict[str, Any]
    contest_id: str
    participant_id: str | None

    def notification_id(self, event_id: UUID, channel: str) -> str:
        """The same event planned again (a redelivery) yields the same id, hence one message.

        Keyed on the participant rather than the address, so no personal data goes into it.
        """
        who = self.participant_id or self.recipient_kind
        return str(uuid5(_NOTIFICATION_NAMESPACE, f"{event_id}/{channel}/{self.template}/{who}"))


def plan_participant_registered(event: ParticipantRegistered) -> list[PlannedMessage]:
    return [
        PlannedMessage(
            recipient=event.contact_email,
            recipient_kind="participant",
            template=TemplateName.REGISTRATION_CONFIRMED,
            context={
                "contact_name": event.contact_name,
                "display_name": event.display_name,
                "contest_title": event.contest_title,
                "nomination_title": event.nomination_title,
                "project_title": event.project_title,
                "participant_id": event.participant_id,
                "registered_at": event.registered_at.isoformat(),
            },
            contest_id=event.contest_id,
            participant_id=event.participant_id,
        )
    ]


def plan_score_submitted(event: ScoreSubmitted) -> list[PlannedMessage]:
    # Judging is blind: a participant learns nothing until the announcement.
    return []


def plan_winners_announced(
    event: WinnersAnnounced, recipients: Iterable[Recipient], organizers_email: str | None
) -> list[PlannedMessage]:
    """Congratulate each winner, thank everyone else, and sum it up for the organizers.

    `recipients` are the contest's current participants (withdrawn ones left out by the caller).
    """
    nominations = [_nomination_context(n) for n in event.nominations]
    wins = {w.participant_id: (n, w) for n in event.nominations for w in n.winners}
    common = {"contest_title": event.contest_title, "announced_at": event.announced_at.isoformat()}

    messages: list[PlannedMessage] = []
    for recipient in recipients:
        personal = {
            **common,
            "contact_name": recipient.contact_name,
            "display_name": recipient.display_name,
            "project_title": recipient.project_title,
        }
        if recipient.participant_id in wins:
            nomination, winner = wins[recipient.participant_id]
            template = TemplateName.WINNER_CONGRATULATION
            context = {
                **personal,
                "nomination_title": nomination.nomination_title,
                "place": winner.place,
                "final_score": winner.final_score,
            }
        else:
            own = next((n for n in nominations if n["nomination"] == recipient.nomination), None)
            template = TemplateName.PARTICIPATION_THANKS
            context = {
                **personal,
                "nomination_title": recipient.nomination_title,
                "nomination_winners": own["winners"] if own else [],
                "other_nominations": [n for n in nominations if n is not own],
            }
        messages.append(
            PlannedMessage(
                recipient=recipient.email,
                recipient_kind="participant",
                template=template,
                context=context,
                contest_id=event.contest_id,
                participant_id=recipient.participant_id,
            )
        )

    if organizers_email:
        messages.append(_organizers_summary(event, nominations, messages, organizers_email))
    return messages


def _organizers_summary(
    event: WinnersAnnounced,
    nominations: list[dict[str, Any]],
    to_participants: list[PlannedMessage],
    organizers_email: str,
) -> PlannedMessage:
    congratulated = {
        m.participant_id
        for m in to_participants
        if m.template == TemplateName.WINNER_CONGRATULATION
    }
    return PlannedMessage(
        recipient=organizers_email,
        recipient_kind="organizer",
        template=TemplateName.ORGANIZERS_SUMMARY,
        context={
            "contest_title": event.contest_title,
            "announced_at": event.announced_at.isoformat(),
            "aggregation": event.aggregation,
            "forced": event.forced,
            "nominations": nominations,
            "winners_notified": len(congratulated),
            "thanked": len(to_participants) - len(congratulated),
            "unreachable_winners": [
                w["display_name"]
                for n in nominations
                for w in n["winners"]
                if w["participant_id"] not in congratulated
            ],
        },
        contest_id=event.contest_id,
        participant_id=None,
    )


def _nomination_context(nomination: NominationWinners) -> dict[str, Any]:
    ranked = sorted(nomination.winners, key=attrgetter("place"))
    return {
        "nomination": nomination.nomination,
        "nomination_title": nomination.nomination_title,
        "winners": [_winner_context(w) for w in ranked],
    }


def _winner_context(winner: Winner) -> dict[str, Any]:
    return {
        "place": winner.place,
        "participant_id": winner.participant_id,
        "display_name": winner.display_name,
        "final_score": winner.final_score,
    }
