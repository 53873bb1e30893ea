"""What becomes of the stored letters when a participant's personal data is erased
(`participant.erased`).

A letter's record stays — that it was sent, when, its status, through which channel — but
keeps no contact: the address becomes a neutral marker, the greeting's name goes, and where
the participant's name was a person's (`name_erased`) it becomes «Участник № <number>» in their
own letters and in every letter to others that names them (the other participants' thanks list
the winners, the organizers' summary lists them and the winners who could not be told). A
letter not yet sent is cancelled: it is never sent after the erasure.
"""

import re
from typing import Any

from forum_shared.personal_data import ERASED_MARKER, neutral_label

Context = dict[str, Any]


def anonymised_context(
    context: Context, participant_id: str, *, own: bool, name_erased: bool
) -> Context:
    """`context` without the participant: every mapping that is about them (it carries their
    `participant_id`) loses their name if it was a person's, and then every other copy of that
    name (a list of names, say) goes too. `own`: the letter was to them: the greeting's name
    goes whatever their kind."""
    label = neutral_label(participant_id)
    names: set[str] = set()

    def about_them(value: Any) -> Any:
        if isinstance(value, dict):
            value = {key: about_them(item) for key, item in value.items()}
            name = value.get("display_name")
            about = name_erased and value.get("participant_id") == participant_id
            if about and isinstance(name, str) and name != label:
                names.add(name)
                value["display_name"] = label
            return value
        if isinstance(value, list):
            return [about_them(item) for item in value]
        return value

    result = about_them(context)
    if own:
        if result.get("contact_name"):
            result["contact_name"] = ""
        if name_erased and isinstance(name := result.get("display_name"), str) and name != label:
            names.add(name)
            result["display_name"] = label
    return _replaced(result, {name for name in names if name}, label)


def scrubbed(text: str | None, *secrets: str) -> str | None:
    """`text` (a server's answer, say) with every given string (an address) replaced by the
    marker, whatever its case."""
    if not text:
        return text
    for secret in filter(None, secrets):
        text = re.sub(re.escape(secret), ERASED_MARKER, text, flags=re.IGNORECASE)
    return text


def _replaced(value: Any, names: set[str], label: str) -> Any:
    if not names:
        return value
    if isinstance(value, str):
        for name in names:
            value = value.replace(name, label)
        return value
    if isinstance(value, dict):
        return {key: _replaced(item, names, label) for key, item in value.items()}
    if isinstance(value, list):
        return [_replaced(item, names, label) for item in value]
    return value
