"""A form sent again as a browser sends it after a reload ("resend the form") or a double
click: the very same fields, the page's hidden tokens included."""

import re

HIDDEN_TOKENS = ("csrf_token", "form_token")


def hidden_tokens(page: str) -> dict[str, str]:
    """The hidden CSRF token and form token (forum_shared.idempotency) of the page's form."""
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    assert "csrf_token" in fields, "the page has no form with a CSRF token"
    return {name: fields[name] for name in HIDDEN_TOKENS if name in fields}
