"""The kinds of participant a contest may admit."""

from typing import Literal

ParticipantKind = Literal["sonko", "tos", "initiative_group", "team", "individual"]

PARTICIPANT_KINDS: tuple[ParticipantKind, ...] = (
    "sonko",
    "tos",
    "initiative_group",
    "team",
    "individual",
)

KIND_LABELS: dict[str, str] = {
    "sonko": "a socially oriented nonprofit (СОНКО)",
    "tos": "a territorial public self-government body (ТОС)",
    "initiative_group": "an initiative group",
    "team": "a team",
    "individual": "an individual",
}
