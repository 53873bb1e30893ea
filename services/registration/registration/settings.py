from forum_shared.settings import ServiceSettings

SERVICE = "registration"


class Settings(ServiceSettings):
    mongodb_database: str = "registration"
    http_port: int = 8001
