"""Delivery fails, is recorded as failed with its reason, and is retried with backoff until the
mail server takes it."""

from .events import address, registration
from .harness import DeliveryLog, ForumEvents, SmtpServer, only


async def test_a_refused_email_is_failed_then_sent_once_the_server_accepts_it(
    delivery_log: DeliveryLog, forum: ForumEvents, smtp: SmtpServer
) -> None:
    smtp.refuse = "recipient"
    await forum.publish(registration(1))

    [failed] = await delivery_log.when(only("failed"))
    smtp.refuse = None
    [sent] = await delivery_log.when(only("sent"))

    assert failed["attempts"] >= 1
    assert failed["last_error"] == "SMTP 550 5.1.1 <***>: mailbox unavailable"
    assert failed["next_attempt_at"] is not None
    assert sent["attempts"] > failed["attempts"]
    assert (sent["last_error"], sent["next_attempt_at"]) == (failed["last_error"], None)
    assert len(smtp.to(address(1))) == 1


async def test_an_email_that_found_the_server_down_goes_out_once_it_is_back(
    delivery_log: DeliveryLog, forum: ForumEvents, smtp: SmtpServer
) -> None:
    smtp.stop()
    await forum.publish(registration(1))

    [failed] = await delivery_log.when(only("failed"))
    smtp.start()
    await delivery_log.when(only("sent"))

    assert failed["last_error"] == "connection refused"
    assert len(smtp.to(address(1))) == 1


async def test_a_message_rejected_after_its_data_is_retried_like_any_other(
    delivery_log: DeliveryLog, forum: ForumEvents, smtp: SmtpServer
) -> None:
    smtp.refuse = "data"
    await forum.publish(registration(1))

    [failed] = await delivery_log.when(only("failed"))
    smtp.refuse = None
    await delivery_log.when(only("sent"))

    assert failed["last_error"] == "SMTP 554 5.7.1 Message rejected"
    assert len(smtp.to(address(1))) == 1
