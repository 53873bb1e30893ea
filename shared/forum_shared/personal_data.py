"""What the services put where a participant's personal data was erased (152-ФЗ, art. 21).

The values are data, stored in place of what was erased, the same in every service and
language: the label «Участник № <number>» public pages already show for a person who did not
consent to publication, and a marker for an erased address or name.
"""

from typing import Any

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

ERASED_MARKER = "[удалено]"


def short_number(participant_id: str) -> str:
    """The application's number as a person reads and says it: the id's first 8 characters."""
    return participant_id.replace("-", "")[:8].upper()


def neutral_label(participant_id: str) -> str:
    """A participant whose name was a person's, after erasure: «Участник № 1A2B3C4D»."""
    return f"Участник № {short_number(participant_id)}"


def download(service: str, participant_id: str, exported: dict[str, Any]) -> JSONResponse:
    """What a service stores about a participant (its `personal-data` export) as a JSON file
    for an organizer's browser to save, never cached."""
    name = f"personal-data-{service}-{short_number(participant_id)}.json"
    return JSONResponse(
        {"service": service} | jsonable_encoder(exported),
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
