"""A delivery's last error in plain words for the organizer.

Channels record short technical reasons without personal data ("SMTP 550 …", "connection
refused", "HTTP 503"); an organizer needs to know what happened and what to do about it.
An unknown reason is shown as it is, after a general sentence.
"""

import re

from forum_shared.i18n import Message, tr

_SMTP = re.compile(r"SMTP (\d{3})\b ?(.*)")
_HTTP = re.compile(r"HTTP (\d{3})$")


def explain_failure(reason: str | None) -> Message | None:
    if not reason:
        return None
    if match := _SMTP.match(reason):
        code, said = int(match[1]), match[2]
        if code in (550, 551, 553) or 510 <= code <= 512:
            return tr(
                "The mail server refused this address (SMTP %(code)s): check the address "
                "for a typo. The server said: %(said)s",
                code=code,
                said=said or "—",
            )
        if 400 <= code < 500:
            return tr(
                "The mail server asked to try later (SMTP %(code)s); the service retries "
                "by itself. The server said: %(said)s",
                code=code,
                said=said or "—",
            )
        return tr(
            "The mail server refused the letter (SMTP %(code)s). The server said: %(said)s",
            code=code,
            said=said or "—",
        )
    if match := _HTTP.match(reason):
        code = int(match[1])
        if code >= 500:
            return tr(
                "The webhook's site answered with an error of its own (HTTP %(code)s): "
                "it is probably down for a while",
                code=code,
            )
        return tr(
            "The webhook's site refused the notification (HTTP %(code)s): check the "
            "address and the signature check on that site",
            code=code,
        )
    known = _KNOWN.get(reason)
    if known is not None:
        return known
    if reason.startswith("network error"):
        return tr(
            "The mail server could not be reached over the network (%(reason)s)", reason=reason
        )
    if reason.startswith("internal error"):
        return tr(
            "The service could not prepare this letter (%(reason)s): tell the platform's "
            "administrators",
            reason=reason,
        )
    return tr("Delivery failed: %(reason)s", reason=reason)


_KNOWN: dict[str, Message] = {
    "connection refused": tr("The mail server refused the connection: it is probably not running"),
    "connection failed": tr(
        "The receiving server could not be reached: check that it is running and reachable"
    ),
    "timeout": tr("The receiving server did not answer in time"),
    "the webhook was removed": tr(
        "The webhook was removed, so there is nowhere to send this notification"
    ),
}
