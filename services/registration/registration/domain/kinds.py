"""The kinds of participant a contest may admit."""

from typing import Literal

from forum_shared.i18n import Message, tr

ParticipantKind = Literal["sonko", "tos", "initiative_group", "team", "individual"]

PARTICIPANT_KINDS: tuple[ParticipantKind, ...] = (
    "sonko",
    "tos",
    "initiative_group",
    "team",
    "individual",
)

KIND_LABELS: dict[str, Message] = {
    "sonko": tr("a socially oriented nonprofit (СОНКО)"),
    "tos": tr("a territorial public self-government body (ТОС)"),
    "initiative_group": tr("an initiative group"),
    "team": tr("a team"),
    "individual": tr("an individual"),
}

# Short names, as a list of whom a contest admits reads them.
KIND_NAMES: dict[str, Message] = {
    "sonko": tr("СОНКО"),
    "tos": tr("ТОС"),
    "initiative_group": tr("initiative group"),
    "team": tr("team"),
    "individual": tr("individual"),
}
