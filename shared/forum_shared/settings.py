"""The settings every service reads from its environment (pydantic-settings)."""

from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LOCAL_ORGANIZER_TOKEN = "dev-organizer-token"


class ServiceSettings(BaseSettings):
    """Safe defaults for a local run; production must bring its own secrets."""

    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    environment: Literal["local", "test", "production"] = "local"
    rabbitmq_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    mongodb_url: str = "mongodb://127.0.0.1:27017/"
    mongodb_database: str
    organizer_token: SecretStr | None = None
    http_host: str = "127.0.0.1"
    http_port: int
    log_level: str = "INFO"
    max_body_bytes: int = 64 * 1024
    outbox_poll_seconds: float = 1.0
    outbox_max_backoff_seconds: float = 30.0
    consumer_prefetch: int = 16
    consumer_delivery_limit: int = 5

    @model_validator(mode="after")
    def _organizer_token_is_set_outside_local_runs(self) -> "ServiceSettings":
        token = self.organizer_token.get_secret_value() if self.organizer_token else None
        if self.environment == "production" and token in (None, LOCAL_ORGANIZER_TOKEN):
            raise ValueError("ORGANIZER_TOKEN must be set to a secret of its own in production")
        if token is None:
            self.organizer_token = SecretStr(LOCAL_ORGANIZER_TOKEN)
        return self
