"""What the notifications API's document says is what it answers."""

import httpx

from support.apps import ORGANIZER


async def test_a_webhooks_flag_is_true_or_false_not_a_number(
    notifications: httpx.AsyncClient,
) -> None:
    answer = await notifications.post(
        "/webhooks",
        json={"url": "https://hooks.example.org/in", "include_contact_name": 0},
        headers=ORGANIZER,
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["include_contact_name"]
