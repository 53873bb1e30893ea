"""Organizers' webhooks: every notification as signed JSON to each registered URL."""

import json
from collections.abc import Callable

import httpx

from notifications.channels.webhook import (
    NOTIFICATION_ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    verify,
)
from support.apps import ORGANIZER

from .events import address, registration
from .harness import (
    DeliveryLog,
    Entries,
    ForumEvents,
    WebhookReceiver,
    all_sent,
    eventually,
)


async def register(notifications: httpx.AsyncClient, **body: object) -> dict:
    response = await notifications.post("/webhooks", json=body, headers=ORGANIZER)
    assert response.status_code == 201, response.text
    return response.json()


def has(channel: str, status: str) -> Callable[[Entries], bool]:
    return lambda entries: any(e["channel"] == channel and e["status"] == status for e in entries)


async def test_a_webhook_receives_each_notification_signed_with_its_own_secret(
    notifications: httpx.AsyncClient,
    delivery_log: DeliveryLog,
    forum: ForumEvents,
    receiver: WebhookReceiver,
) -> None:
    webhook = await register(notifications, url=receiver.url)

    await forum.publish(registration(1))

    [(headers, body)] = await eventually(lambda: receiver.requests)
    signature, timestamp = headers[SIGNATURE_HEADER.lower()], headers[TIMESTAMP_HEADER.lower()]
    assert verify(body, webhook["secret"], signature, timestamp)
    assert not verify(body, "another-secret-of-some-length", signature, timestamp)
    payload = json.loads(body)
    assert payload["template"] == "registration_confirmed"
    assert payload["participant_id"] == "p-1"
    assert payload["subject"] == "Заявка на конкурс «Лучшие практики ТОС» принята"
    assert "Здравствуйте!" in payload["text"]  # no contact name unless the organizer asks
    assert address(1) not in body.decode()
    log = await delivery_log.by_channel(all_sent(2))
    assert set(log) == {"email", f"webhook:{webhook['id']}"}
    assert log[f"webhook:{webhook['id']}"]["recipient"] == receiver.url
    assert headers[NOTIFICATION_ID_HEADER.lower()] == log[f"webhook:{webhook['id']}"]["id"]


async def test_the_secret_is_shown_once_and_a_chosen_one_is_kept(
    notifications: httpx.AsyncClient, receiver: WebhookReceiver
) -> None:
    generated = await register(notifications, url=receiver.url)
    chosen = await register(notifications, url=receiver.url, secret="our-own-secret-1234")

    listed = (await notifications.get("/webhooks", headers=ORGANIZER)).json()

    assert len(generated["secret"]) >= 32
    assert chosen["secret"] == "our-own-secret-1234"
    assert [hook["id"] for hook in listed] == [generated["id"], chosen["id"]]
    assert all("secret" not in hook for hook in listed)


async def test_a_removed_webhook_receives_nothing_more(
    notifications: httpx.AsyncClient,
    delivery_log: DeliveryLog,
    forum: ForumEvents,
    receiver: WebhookReceiver,
) -> None:
    webhook = await register(notifications, url=receiver.url)

    removed = await notifications.delete(f"/webhooks/{webhook['id']}", headers=ORGANIZER)
    again = await notifications.delete(f"/webhooks/{webhook['id']}", headers=ORGANIZER)
    await forum.publish(registration(1))
    log = await delivery_log.by_channel(all_sent(1))

    assert (removed.status_code, again.status_code) == (204, 404)
    assert (await notifications.get("/webhooks", headers=ORGANIZER)).json() == []
    assert set(log) == {"email"}
    assert receiver.requests == []


async def test_a_webhook_answering_with_an_error_is_retried_until_it_accepts(
    notifications: httpx.AsyncClient,
    delivery_log: DeliveryLog,
    forum: ForumEvents,
    receiver: WebhookReceiver,
) -> None:
    webhook = await register(notifications, url=receiver.url)
    channel = f"webhook:{webhook['id']}"
    receiver.reply_status = 503

    def webhook_is(status: str):
        return lambda entries: any(
            e["channel"] == channel and e["status"] == status for e in entries
        )

    await forum.publish(registration(1))
    failed = await delivery_log.by_channel(webhook_is("failed"))
    receiver.reply_status = 204
    sent = await delivery_log.by_channel(webhook_is("sent"))

    assert failed[channel]["last_error"] == "HTTP 503"
    assert sent[channel]["attempts"] > 1
    assert len(receiver.requests) == sent[channel]["attempts"]


async def test_a_webhook_url_must_be_an_http_url(notifications: httpx.AsyncClient) -> None:
    response = await notifications.post(
        "/webhooks", json={"url": "ftp://files.example.org/"}, headers=ORGANIZER
    )
    short_secret = await notifications.post(
        "/webhooks",
        json={"url": "https://hooks.example.org/", "secret": "short"},
        headers=ORGANIZER,
    )

    assert (response.status_code, short_secret.status_code) == (422, 422)


async def test_the_contact_persons_name_goes_only_to_a_webhook_that_asked_for_it(
    notifications: httpx.AsyncClient,
    delivery_log: DeliveryLog,
    forum: ForumEvents,
    receiver: WebhookReceiver,
) -> None:
    plain = await register(notifications, url=receiver.url)
    named = await register(notifications, url=receiver.url, include_contact_name=True)

    await forum.publish(registration(1))

    requests = await eventually(lambda: len(receiver.requests) == 2 and receiver.requests)
    texts = {json.loads(body)["notification_id"]: json.loads(body)["text"] for _, body in requests}
    log = await delivery_log.by_channel(all_sent(3))
    assert "Контакт 1" not in texts[log[f"webhook:{plain['id']}"]["id"]]
    assert "Здравствуйте, Контакт 1!" in texts[log[f"webhook:{named['id']}"]["id"]]
    listed = (await notifications.get("/webhooks", headers=ORGANIZER)).json()
    assert [hook["include_contact_name"] for hook in listed] == [False, True]
