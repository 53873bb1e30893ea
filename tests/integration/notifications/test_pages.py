"""The organizers' pages: the delivery log with its filters and retry button, a notification's
own page, and the webhooks (added with the secret shown once, listed, removed)."""

import asyncio

import httpx
import pytest

from notifications.pages import delivery_log as delivery_log_pages
from notifications.settings import Settings
from support.apps import ORGANIZER

from .events import address, announcement, registration
from .harness import DeliveryLog, ForumEvents, SmtpServer, all_sent, only
from .pages import BROWSER, csrf_in, sign_in, text_of


@pytest.fixture
def notifications_settings(notifications_settings: Settings) -> Settings:
    """One automatic attempt only: a failure waits for the organizer."""
    return notifications_settings.model_copy(update={"delivery_max_attempts": 1})


@pytest.fixture
async def organizer(notifications: httpx.AsyncClient) -> httpx.AsyncClient:
    await sign_in(notifications)
    return notifications


async def test_a_stranger_is_sent_to_sign_in_first(notifications: httpx.AsyncClient) -> None:
    for path in ("/organizer/notifications", "/organizer/webhooks"):
        page = await notifications.get(path, headers=BROWSER)
        assert page.status_code == 303
        assert page.headers["location"].startswith("/organizer/sign-in?next=")


async def test_the_log_shows_each_letter_in_russian_with_a_masked_address(
    organizer: httpx.AsyncClient, delivery_log: DeliveryLog, forum: ForumEvents
) -> None:
    await forum.publish(registration(1))
    await delivery_log.when(all_sent(1))

    page = await organizer.get("/organizer/notifications", headers=BROWSER)

    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    words = text_of(page.text)
    assert "Журнал доставки уведомлений" in words
    assert "Участник: ТОС «Квартал 1»" in words
    assert "Подтверждение регистрации" in words
    assert "отправлено" in words
    assert "p***@example.org" in words
    assert address(1) not in page.text  # in full only on the notification's own page


async def test_the_log_is_filtered_by_status_contest_letter_and_recipient(
    organizer: httpx.AsyncClient, delivery_log: DeliveryLog, forum: ForumEvents
) -> None:
    await forum.publish(registration(1))
    await forum.publish(registration(2, contest_id="sonko-practices-2025"))
    await delivery_log.when(all_sent(2))
    await forum.publish(announcement({"urban-environment": [(1, 1, 9.5)]}))
    await delivery_log.when(all_sent(4))  # a congratulation and the organizers' summary

    async def rows(query: str) -> int:
        page = await organizer.get(f"/organizer/notifications?{query}", headers=BROWSER)
        assert page.status_code == 200, page.text
        return page.text.count("data-notification=")

    assert await rows("") == 4
    assert await rows("contest=sonko-practices-2025") == 1
    assert await rows("template=winner_congratulation") == 1
    assert await rows("recipient=organizer") == 1
    assert await rows("status=sent") == 4
    assert await rows("status=failed") == 0
    assert await rows("status=retrying&contest=tos-practices-2025") == 0
    assert await rows("status=nonsense") == 4  # an unknown value is no filter


async def test_the_log_is_paged(
    organizer: httpx.AsyncClient,
    delivery_log: DeliveryLog,
    forum: ForumEvents,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(delivery_log_pages, "PAGE_SIZE", 2)
    for number in (1, 2, 3):
        await forum.publish(registration(number))
    await delivery_log.when(all_sent(3))

    first = await organizer.get("/organizer/notifications?status=sent", headers=BROWSER)
    second = await organizer.get("/organizer/notifications?status=sent&page=2", headers=BROWSER)

    assert first.text.count("data-notification=") == 2
    assert "Показаны 1–2 из 3" in text_of(first.text)
    assert 'href="/organizer/notifications?status=sent&amp;page=2"' in first.text
    assert second.text.count("data-notification=") == 1
    assert "Страница 2 из 2" in text_of(second.text)


async def test_a_failed_letter_is_explained_and_retried_by_hand_back_to_the_filtered_log(
    organizer: httpx.AsyncClient,
    delivery_log: DeliveryLog,
    forum: ForumEvents,
    smtp: SmtpServer,
) -> None:
    smtp.refuse = "recipient"
    await forum.publish(registration(1))
    [failed] = await delivery_log.when(only("failed"))
    filtered = "/organizer/notifications?status=failed"
    log = await organizer.get(filtered, headers=BROWSER)
    smtp.refuse = None

    retried = await organizer.post(
        f"/organizer/notifications/{failed['id']}/retry",
        data={"csrf_token": csrf_in(log.text), "back": filtered},
    )
    after = await organizer.get(retried.headers["location"], headers=BROWSER)

    assert "ошибка" in text_of(log.text)
    assert "Почтовый сервер отказался принять письмо на этот адрес (SMTP 550)" in text_of(log.text)
    assert "Повторить" in log.text
    assert retried.status_code == 303
    assert retried.headers["location"] == f"{filtered}&retried={failed['id']}"
    assert "Отправлено: Подтверждение регистрации" in text_of(after.text)
    assert after.text.count("data-notification=") == 0  # no failed one is left
    assert len(smtp.to(address(1))) == 1


async def test_a_retry_without_the_pages_form_token_is_refused(
    organizer: httpx.AsyncClient, delivery_log: DeliveryLog, forum: ForumEvents, smtp: SmtpServer
) -> None:
    smtp.refuse = "recipient"
    await forum.publish(registration(1))
    [failed] = await delivery_log.when(only("failed"))
    smtp.refuse = None

    forged = await organizer.post(
        f"/organizer/notifications/{failed['id']}/retry", data={"csrf_token": "forged"}
    )
    await asyncio.sleep(0.3)

    assert forged.status_code == 400
    assert "Страница устарела" in forged.text
    assert smtp.to(address(1)) == []


async def test_a_notifications_page_shows_the_full_address_and_what_happened(
    organizer: httpx.AsyncClient, delivery_log: DeliveryLog, forum: ForumEvents, smtp: SmtpServer
) -> None:
    smtp.stop()
    await forum.publish(registration(1))
    [failed] = await delivery_log.when(only("failed"))

    page = await organizer.get(f"/organizer/notifications/{failed['id']}", headers=BROWSER)
    missing = await organizer.get("/organizer/notifications/n-unknown", headers=BROWSER)

    words = text_of(page.text)
    assert page.status_code == 200
    assert address(1) in words
    assert "Почтовый сервер не принимает соединения" in words
    assert "connection refused" in words  # the server's own words, for whoever fixes it
    assert "Повторить отправку сейчас" in words
    assert missing.status_code == 404
    assert "Уведомление не найдено" in missing.text


async def test_an_organizer_adds_a_webhook_sees_its_secret_once_and_removes_it(
    organizer: httpx.AsyncClient,
) -> None:
    empty = await organizer.get("/organizer/webhooks", headers=BROWSER)
    token = csrf_in(empty.text)

    wrong = await organizer.post(
        "/organizer/webhooks", data={"csrf_token": token, "url": "portal hooks"}
    )
    added = await organizer.post(
        "/organizer/webhooks",
        data={"csrf_token": token, "url": "https://portal.example.org/hooks/forum"},
    )
    [webhook] = (await organizer.get("/webhooks", headers=ORGANIZER)).json()
    listed = await organizer.get("/organizer/webhooks", headers=BROWSER)
    secret = added.text.split('id="secret">')[1].split("<")[0]

    assert "Вебхуков пока нет" in empty.text
    assert wrong.status_code == 422
    assert 'id="url-error"' in wrong.text
    assert 'value="portal hooks"' in wrong.text  # the input is kept
    assert "должно быть веб-адресом" in wrong.text or "веб-адрес" in wrong.text
    assert added.status_code == 201
    assert added.headers["cache-control"] == "no-store"
    assert "Секрет показан один раз" in text_of(added.text)
    assert len(secret) >= 32
    assert webhook["url"] == "https://portal.example.org/hooks/forum"
    assert "https://portal.example.org/hooks/forum" in listed.text
    assert secret not in listed.text

    confirm = await organizer.get(f"/organizer/webhooks/{webhook['id']}/remove", headers=BROWSER)
    removed = await organizer.post(
        f"/organizer/webhooks/{webhook['id']}/remove", data={"csrf_token": csrf_in(confirm.text)}
    )
    after = await organizer.get(removed.headers["location"], headers=BROWSER)

    assert "Удалить вебхук?" in confirm.text
    assert removed.status_code == 303
    assert "Вебхук удалён" in after.text
    assert "Вебхуков пока нет" in after.text
    assert (await organizer.get("/webhooks", headers=ORGANIZER)).json() == []


async def test_removing_a_webhook_twice_says_it_is_gone(organizer: httpx.AsyncClient) -> None:
    created = await organizer.post(
        "/webhooks", json={"url": "https://portal.example.org/h"}, headers=ORGANIZER
    )
    webhook_id = created.json()["id"]
    confirm = await organizer.get(f"/organizer/webhooks/{webhook_id}/remove", headers=BROWSER)
    token = csrf_in(confirm.text)
    path = f"/organizer/webhooks/{webhook_id}/remove"

    first = await organizer.post(path, data={"csrf_token": token})
    second = await organizer.post(path, data={"csrf_token": token})

    assert first.status_code == 303
    assert second.status_code == 404
    assert "Вебхук не найден" in second.text


async def test_a_webhook_gets_contact_names_only_when_the_organizer_ticks_the_box(
    organizer: httpx.AsyncClient,
) -> None:
    token = csrf_in((await organizer.get("/organizer/webhooks", headers=BROWSER)).text)

    await organizer.post(
        "/organizer/webhooks",
        data={"csrf_token": token, "url": "https://portal.example.org/without"},
    )
    await organizer.post(
        "/organizer/webhooks",
        data={
            "csrf_token": token,
            "url": "https://portal.example.org/with",
            "include_contact_name": "yes",
        },
    )
    webhooks = (await organizer.get("/webhooks", headers=ORGANIZER)).json()
    listed = text_of((await organizer.get("/organizer/webhooks", headers=BROWSER)).text)

    assert {w["url"]: w["include_contact_name"] for w in webhooks} == {
        "https://portal.example.org/without": False,
        "https://portal.example.org/with": True,
    }
    assert "https://portal.example.org/with передаётся" in listed
    assert "https://portal.example.org/without не передаётся" in listed
