from pydantic import SecretStr

from forum_shared.settings import ServiceSettings

from .domain import RetryPolicy, WebhookTargetPolicy

SERVICE = "notifications"


class Settings(ServiceSettings):
    mongodb_database: str = "notifications"
    http_port: int = 8003
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = 30.0
    mail_from: str = "Форум СОНКО и ТОС <forum@localhost>"
    organizers_email: str | None = None
    webhook_timeout_seconds: float = 10.0
    # Unset: as in production (https only; public addresses only) when ENVIRONMENT=production,
    # open otherwise (local receivers on plain http).
    webhook_https_only: bool | None = None
    webhook_public_addresses_only: bool | None = None
    delivery_max_attempts: int = 5
    delivery_base_backoff_seconds: float = 30.0
    delivery_max_backoff_seconds: float = 3600.0
    delivery_poll_seconds: float = 1.0
    delivery_concurrency: int = 4  # first attempts
    delivery_retry_concurrency: int = 2  # retries: a lane of their own, see dispatcher.py
    # Longer than any one delivery may take (SMTP and webhook timeouts), or a slow delivery
    # would be taken again by another worker while it is still under way.
    delivery_lease_seconds: float = 120.0

    @property
    def webhook_target_policy(self) -> WebhookTargetPolicy:
        production = self.environment == "production"
        return WebhookTargetPolicy(
            https_only=production if self.webhook_https_only is None else self.webhook_https_only,
            public_addresses_only=production
            if self.webhook_public_addresses_only is None
            else self.webhook_public_addresses_only,
        )

    @property
    def retry_policy(self) -> RetryPolicy:
        return RetryPolicy(
            max_attempts=self.delivery_max_attempts,
            base_seconds=self.delivery_base_backoff_seconds,
            max_seconds=self.delivery_max_backoff_seconds,
        )
