import logging
from datetime import timedelta

import pytest
from pydantic import ValidationError

from forum_shared.idempotency import KEY_TTL
from forum_shared.logs import JsonFormatter, redact
from forum_shared.settings import LOCAL_ORGANIZER_TOKEN, ServiceSettings


class Settings(ServiceSettings):
    mongodb_database: str = "test"
    http_port: int = 8000


def test_a_local_run_gets_the_documented_organizer_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ORGANIZER_TOKEN", raising=False)
    settings = Settings(environment="local")
    assert settings.organizer_token is not None
    assert settings.organizer_token.get_secret_value() == LOCAL_ORGANIZER_TOKEN


def test_production_refuses_to_start_without_a_secret_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ORGANIZER_TOKEN", raising=False)
    with pytest.raises(ValidationError, match="ORGANIZER_TOKEN"):
        Settings(environment="production")
    with pytest.raises(ValidationError, match="ORGANIZER_TOKEN"):
        Settings(environment="production", organizer_token=LOCAL_ORGANIZER_TOKEN)


def test_production_refuses_to_start_without_a_session_secret_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SESSION_SECRET", raising=False)
    token = "o" * 40
    broker = "amqp://forum:secret@rabbit:5672/"
    with pytest.raises(ValidationError, match="SESSION_SECRET"):
        Settings(environment="production", organizer_token=token, rabbitmq_url=broker)
    with pytest.raises(ValidationError, match="SESSION_SECRET"):
        Settings(
            environment="production",
            organizer_token=token,
            rabbitmq_url=broker,
            session_secret="short",
        )
    settings = Settings(
        environment="production",
        organizer_token=token,
        rabbitmq_url=broker,
        session_secret="s" * 32,
    )
    assert settings.session_key() == b"s" * 32


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RABBITMQ_URL", "amqp://forum:secret@rabbit:5672/")
    monkeypatch.setenv("HTTP_PORT", "9001")
    settings = Settings()
    assert settings.rabbitmq_url == "amqp://forum:secret@rabbit:5672/"
    assert settings.http_port == 9001


def test_logs_mask_email_addresses_and_phone_numbers() -> None:
    text = redact("sent to ivan.petrov@mail.ru, phone +7 (912) 345-67-89, participant 42")
    assert "ivan.petrov" not in text
    assert "345-67-89" not in text
    assert "participant 42" in text


def test_a_log_line_is_json_with_the_personal_data_masked() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "mail %s", ("a@b.ru",), None)
    line = JsonFormatter("registration").format(record)
    assert '"service": "registration"' in line
    assert "a@b.ru" not in line


LONG_TOKEN = "t" * 32


@pytest.mark.parametrize("token", ["short-secret", "t" * 31])
def test_production_refuses_an_organizer_token_shorter_than_32_characters(token: str) -> None:
    with pytest.raises(ValidationError, match="at least 32 characters"):
        Settings(
            environment="production",
            organizer_token=token,
            rabbitmq_url="amqp://forum:secret@rabbit:5672/",
        )


@pytest.mark.parametrize(
    "url",
    [
        "amqp://guest:guest@127.0.0.1:5672/",
        "amqp://rabbit:5672/",  # no credentials: the client logs in as guest:guest
        "amqps://guest:guest@rabbit/forum",
    ],
)
def test_production_refuses_the_brokers_guest_account(url: str) -> None:
    with pytest.raises(ValidationError, match="guest"):
        Settings(environment="production", organizer_token=LONG_TOKEN, rabbitmq_url=url)


def test_production_starts_with_a_long_token_and_a_broker_user_of_its_own() -> None:
    settings = Settings(
        environment="production",
        organizer_token=LONG_TOKEN,
        rabbitmq_url="amqp://registration:s3cret@rabbit:5672/",
        session_secret="s" * 32,
    )
    assert settings.docs_access == "off"
    assert settings.metrics_access == "organizer"
    assert settings.asyncapi_access == "organizer"


@pytest.mark.parametrize("environment", ["local", "test"])
def test_docs_metrics_and_asyncapi_are_public_outside_production(environment: str) -> None:
    settings = Settings(environment=environment)
    assert (settings.docs_access, settings.metrics_access, settings.asyncapi_access) == (
        "public",
        "public",
        "public",
    )


def test_idempotency_keys_last_a_day_unless_set_and_never_zero(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings().idempotency_key_ttl == KEY_TTL == timedelta(hours=24)
    monkeypatch.setenv("IDEMPOTENCY_KEY_HOURS", "1.5")
    assert Settings().idempotency_key_ttl == timedelta(minutes=90)
    with pytest.raises(ValidationError, match="idempotency_key_hours"):
        Settings(idempotency_key_hours=0)
