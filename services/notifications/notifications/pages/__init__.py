"""The organizers' pages of the notifications service: the delivery log and the webhooks.

Handlers only translate: they read the form or the query string, call `queries` or `commands`
(the same the JSON API calls) and render a template in Russian.
"""

from pathlib import Path

from forum_shared.pages import Pages

from ..settings import Settings

TEMPLATES = Path(__file__).parent / "templates"


def notifications_pages(settings: Settings) -> Pages:
    pages = Pages(TEMPLATES, settings, "Уведомления")
    pages.env.filters["masked"] = masked_address
    return pages


def masked_address(address: str) -> str:
    """«i***@example.org»: enough to tell letters apart on a list shown on a screen in a busy
    room, not enough to read someone's address over an organizer's shoulder; the full address
    is on the notification's own page."""
    local, at, domain = address.partition("@")
    if not at:
        return address
    return f"{local[:1]}***@{domain}"
