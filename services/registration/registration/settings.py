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
