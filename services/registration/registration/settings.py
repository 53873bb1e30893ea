from pydantic import Field

from forum_shared.settings import ServiceSettings

SERVICE = "registration"


class Settings(ServiceSettings):
    mongodb_database: str = "registration"
    http_port: int = 8001
    # The public registration endpoints (the API's and the page's form): per client address, a
    # token bucket of `registration_rate_burst` requests refilled at this rate; 0 switches the
    # limit off. Per process (see forum_shared.throttle); behind a reverse proxy, set
    # TRUSTED_PROXIES.
    registration_rate_per_minute: float = 30
    registration_rate_burst: int = 10
    # 152-ФЗ: participants' personal data is erased by itself this many days after their
    # contest's announcement (0: at the first sweep after it); the sweep runs this often.
    contact_retention_days: float = Field(default=365, ge=0)
    retention_sweep_seconds: float = Field(default=3600, gt=0)
