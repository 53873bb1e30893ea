"""The settings every service reads from its environment (pydantic-settings)."""

from datetime import timedelta
from typing import Literal
from urllib.parse import unquote, urlsplit

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LOCAL_ORGANIZER_TOKEN = "dev-organizer-token"
LOCAL_SESSION_SECRET = "dev-session-secret"
MIN_PRODUCTION_TOKEN_CHARS = 32

# Who may read an operational endpoint: anyone, the organizers (their Bearer token), or no one.
Access = Literal["public", "organizer", "off"]


class ServiceSettings(BaseSettings):
    """Safe defaults for a local run; production must bring its own secrets."""

    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    environment: Literal["local", "test", "production"] = "local"
    rabbitmq_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    # Each service logs in as `<prefix><service>` (forum_shared.broker_access); consumers take
    # an event type only from its owner's user.
    broker_user_prefix: str = "forum-"
    mongodb_url: str = "mongodb://127.0.0.1:27017/"
    mongodb_database: str
    organizer_token: SecretStr | None = None
    http_host: str = "127.0.0.1"
    http_port: int
    log_level: str = "INFO"
    max_body_bytes: int = 64 * 1024
    outbox_poll_seconds: float = 1.0
    outbox_max_backoff_seconds: float = 30.0
    outbox_batch_size: int = 500
    consumer_prefetch: int = 16
    consumer_delivery_limit: int = 5
    consumer_outage_patience_seconds: float = 300.0
    session_secret: SecretStr | None = None
    timezone: str = "Europe/Samara"
    registration_url: str = "http://127.0.0.1:8001"
    judging_url: str = "http://127.0.0.1:8002"
    notifications_url: str = "http://127.0.0.1:8003"
    # `/docs` (with `/redoc` and `/openapi.json`), `/metrics`, `/asyncapi.json`. Unset: public
    # in local and test runs; in production the docs are off and the other two need the
    # organizer's token (a Prometheus scrape sends it as a bearer token).
    docs_access: Access | None = None
    # The reverse proxies whose `X-Forwarded-For` names the client (comma-separated addresses
    # or networks, e.g. "10.0.0.5,172.16.0.0/12"); empty: the header is ignored and the client
    # is the connection's peer. Rate limits and logs use that client address.
    trusted_proxies: str = ""
    metrics_access: Access | None = None
    asyncapi_access: Access | None = None
    # How long a form token or an `Idempotency-Key` makes a repeat answer the first creation
    # (forum_shared.idempotency); a key claimed keeps the lifetime it was claimed with.
    idempotency_key_hours: float = Field(24.0, gt=0)

    @property
    def idempotency_key_ttl(self) -> timedelta:
        return timedelta(hours=self.idempotency_key_hours)

    @model_validator(mode="after")
    def _organizer_token_is_set_outside_local_runs(self) -> "ServiceSettings":
        token = self.organizer_token.get_secret_value() if self.organizer_token else None
        if self.environment == "production":
            if token in (None, LOCAL_ORGANIZER_TOKEN):
                raise ValueError("ORGANIZER_TOKEN must be set to a secret of its own in production")
            if len(token or "") < MIN_PRODUCTION_TOKEN_CHARS:
                raise ValueError(
                    f"ORGANIZER_TOKEN must be at least {MIN_PRODUCTION_TOKEN_CHARS} characters "
                    "long in production"
                )
            if broker_user(self.rabbitmq_url) == ("guest", "guest"):
                raise ValueError("RABBITMQ_URL must not use the guest:guest account in production")
        if token is None:
            self.organizer_token = SecretStr(LOCAL_ORGANIZER_TOKEN)
        return self

    @model_validator(mode="after")
    def _session_secret_is_set_outside_local_runs(self) -> "ServiceSettings":
        secret = self.session_secret.get_secret_value() if self.session_secret else None
        if self.environment == "production" and (secret is None or len(secret) < 32):
            raise ValueError("SESSION_SECRET must be set to at least 32 characters in production")
        if secret is None:
            self.session_secret = SecretStr(LOCAL_SESSION_SECRET)
        return self

    def session_key(self) -> bytes:
        """Signs the pages' cookies; every service shares it, so one sign-in serves all."""
        assert self.session_secret is not None
        return self.session_secret.get_secret_value().encode()

    @model_validator(mode="after")
    def _operational_endpoints_are_closed_in_production(self) -> "ServiceSettings":
        production = self.environment == "production"
        if self.docs_access is None:
            self.docs_access = "off" if production else "public"
        if self.metrics_access is None:
            self.metrics_access = "organizer" if production else "public"
        if self.asyncapi_access is None:
            self.asyncapi_access = "organizer" if production else "public"
        return self


def broker_user(url: str) -> tuple[str, str]:
    """The user and password an AMQP URL logs in with (RabbitMQ's default is guest:guest)."""
    parts = urlsplit(url)
    return unquote(parts.username or "guest"), unquote(parts.password or "guest")
