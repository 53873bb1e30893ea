from forum_shared.settings import ServiceSettings

SERVICE = "judging"


class Settings(ServiceSettings):
    mongodb_database: str = "judging"
    http_port: int = 8002
