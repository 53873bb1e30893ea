"""What the services put where a participant's personal data was erased (152-ФЗ, art. 21).

The values are data, stored in place of what was erased, the same in every service and
language: the label «Участник № <number>» public pages already show for a person who did not
consent to publication, and a marker for an erased address or name.
"""

ERASED_MARKER = "[удалено]"


def short_number(participant_id: str) -> str:
    """The application's number as a person reads and says it: the id's first 8 characters."""
    return participant_id.replace("-", "")[:8].upper()


def neutral_label(participant_id: str) -> str:
    """A participant whose name was a person's, after erasure: «Участник № 1A2B3C4D»."""
    return f"Участник № {short_number(participant_id)}"
