from pydantic import SecretStr

from forum_shared.settings import ServiceSettings

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
    delivery_max_attempts: int = 5
    delivery_base_backoff_seconds: float = 30.0
    delivery_max_backoff_seconds: float = 3600.0
    delivery_poll_seconds: float = 1.0
