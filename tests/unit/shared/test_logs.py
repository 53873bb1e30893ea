import logging
import sys
import time
from collections.abc import Callable, Iterator

import pytest
from pydantic import BaseModel, ValidationError

from forum_shared.logs import (
    MAX_MESSAGE_CHARS,
    OWN_HANDLER_LOGGERS,
    BrokerLog,
    JsonFormatter,
    configure_logging,
    redact,
)

# Texts that made the old patterns backtrack quadratically, by length.
HOSTILE: dict[str, Callable[[int], str]] = {
    "a run of letters": lambda n: "a" * n,
    "an at-sign then letters": lambda n: "a@" + "a" * n,
    "digits between separators": lambda n: " 1-" * (n // 3),
    "digits and spaces ending in a word": lambda n: "1 " * (n // 2) + "x",
}


def cpu_time(work: Callable[[], object]) -> float:
    """The least CPU time of this process over several runs: time other processes take on
    this shared machine is not counted, and the least of several drops the rest of the noise."""
    times = []
    for _ in range(9):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return min(times)


@pytest.mark.parametrize("kind", HOSTILE)
def test_redaction_grows_linearly_with_the_text_even_for_hostile_input(kind: str) -> None:
    """One text ten times longer must cost about what ten short ones cost, not ten times that
    (CPU times, each long enough to measure well, so that a busy machine does not decide)."""
    make = HOSTILE[kind]
    small, large = make(6_000), make(60_000)

    def ten_small() -> None:
        for _ in range(10):
            redact(small)

    ratio = cpu_time(lambda: redact(large)) / cpu_time(ten_small)
    assert ratio < 4, ratio


def test_redaction_still_masks_what_it_masked() -> None:
    text = redact(
        "to ivan.petrov@mail.ru and a+b@x.co.uk, phone +7 (912) 345-67-89, tel (912) 345-67-89."
        " call 89123456789 or 8 912 345 67 89, participant 42, id-12345678901"
    )
    assert text == (
        "to [email] and [email], phone [phone], tel ([phone]."
        " call [phone] or [phone], participant 42, id-12345678901"
    )


def test_a_run_of_digits_too_long_for_a_phone_is_masked_whole() -> None:
    assert redact("x " + "1 " * 100 + "y") == "x[phone]y"


def test_a_huge_message_is_cut_short_before_it_is_redacted() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '"GET /nope/%s HTTP/1.1" 404',
        ("a" * 60_000,),
        None,
    )
    line = JsonFormatter("registration").format(record)
    assert len(line) < MAX_MESSAGE_CHARS + 500
    assert "more characters" in line


class Contact(BaseModel):
    participant_id: str
    contact_email: str


def refused() -> ValidationError:
    try:
        Contact.model_validate({"contact_email": "anna@example.org", "contact_name": "Анна"})
    except ValidationError as error:
        return error
    raise AssertionError("validated")


def test_a_validation_error_is_logged_by_field_and_kind_never_by_its_input() -> None:
    try:
        raise refused()
    except ValidationError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "refused", (), exc_info=sys.exc_info()
        )
    line = JsonFormatter("judging").format(record)
    assert "anna" not in line
    assert "Анна" not in line
    assert "participant_id (missing)" in line


def test_the_broker_logs_a_failed_message_once_briefly(caplog: pytest.LogCaptureFixture) -> None:
    log = BrokerLog(logging.getLogger("judging.broker"))
    with caplog.at_level(logging.DEBUG, logger="judging.broker"):
        log.log(
            logging.ERROR,
            f"ValidationError: {refused()}",
            exc_info=refused(),
            extra={"queue": "judging.participant.registered", "message_id": "m-1"},
        )
    [record] = caplog.records
    assert record.exc_info is None
    assert "anna" not in record.getMessage()
    assert record.getMessage().startswith("queue=judging.participant.registered message_id=m-1:")


@pytest.fixture
def logging_restored() -> Iterator[None]:
    root = logging.getLogger()
    saved = {
        name: (logger.handlers[:], logger.propagate, logger.level)
        for name in ("", *OWN_HANDLER_LOGGERS)
        for logger in [logging.getLogger(name) if name else root]
    }
    yield
    for name, (handlers, propagate, level) in saved.items():
        logger = logging.getLogger(name) if name else root
        logger.handlers[:] = handlers
        logger.propagate = propagate
        logger.setLevel(level)


@pytest.mark.usefixtures("logging_restored")
def test_uvicorn_and_faststream_log_through_the_json_handler() -> None:
    logging.getLogger("faststream").addHandler(logging.StreamHandler())
    logging.getLogger("faststream").propagate = False
    configure_logging("judging", "INFO")
    for name in OWN_HANDLER_LOGGERS:
        logger = logging.getLogger(name)
        assert logger.handlers == []
        assert logger.propagate
    [handler] = logging.getLogger().handlers
    assert isinstance(handler.formatter, JsonFormatter)
