"""How the delivery log reads to an organizer: failures in plain words, addresses masked on
lists, filters as stored-field queries, and the way back to the filtered log."""

from pathlib import Path

import pytest

import notifications
from forum_shared.i18n import use_catalogue
from notifications.domain.failures import explain_failure
from notifications.pages import masked_address
from notifications.pages.delivery_log import back_to_log
from notifications.queries import LogFilter


@pytest.fixture(autouse=True)
def notifications_catalogue() -> None:
    use_catalogue(Path(notifications.__file__).parent / "locale")


@pytest.mark.parametrize(
    ("reason", "russian"),
    [
        ("SMTP 550 5.1.1 <***>: mailbox unavailable", "проверьте, нет ли в адресе опечатки"),
        ("SMTP 451 4.3.0 try again later", "сервис повторит сам"),
        ("SMTP 554 5.7.1 Message rejected", "Почтовый сервер не принял письмо (SMTP 554)"),
        ("connection refused", "Почтовый сервер не принимает соединения"),
        ("timeout", "не ответил вовремя"),
        ("HTTP 503", "временно не работает"),
        ("HTTP 401", "проверьте адрес и проверку подписи"),
        ("the webhook was removed", "Вебхук удалён"),
        ("internal error (KeyError)", "сообщите администраторам"),
        ("something new", "Доставить не удалось: something new"),
    ],
)
def test_a_failure_is_explained_in_plain_russian(reason: str, russian: str) -> None:
    explained = explain_failure(reason)
    assert explained is not None
    assert russian in explained.render()


def test_no_failure_needs_no_explanation() -> None:
    assert explain_failure(None) is None


def test_an_address_on_a_list_shows_its_first_letter_and_domain_only() -> None:
    assert masked_address("irina.petrova@example.org") == "i***@example.org"
    assert masked_address("https://portal.example.org/hook") == "https://portal.example.org/hook"


def test_a_standing_becomes_a_query_of_the_stored_fields() -> None:
    assert LogFilter(standing="sent").query() == {"delivery.status": "sent"}
    assert LogFilter(standing="failed", contest_id="c").query() == {
        "contest_id": "c",
        "delivery.status": "failed",
        "delivery.next_attempt_at": {"$in": [None]},
    }
    assert LogFilter(standing="retrying").query()["delivery.next_attempt_at"] == {"$ne": None}
    assert LogFilter(recipient_kind="organizer").query() == {"recipient_kind": "organizer"}


@pytest.mark.parametrize(
    ("back", "target"),
    [
        ("/organizer/notifications?status=failed", "/organizer/notifications?status=failed"),
        (
            "/organizer/notifications?status=failed&retried=n-1&busy=1",
            "/organizer/notifications?status=failed",
        ),
        ("//evil.example/", "/organizer/notifications"),
        ("https://evil.example/organizer/notifications", "/organizer/notifications"),
        ("/organizer/webhooks", "/organizer/notifications"),
        (None, "/organizer/notifications"),
    ],
)
def test_a_retry_leads_back_to_the_filtered_log_and_nowhere_else(
    back: str | None, target: str
) -> None:
    assert back_to_log(back) == target
