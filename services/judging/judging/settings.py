from forum_shared.settings import ServiceSettings

SERVICE = "judging"


class Settings(ServiceSettings):
    mongodb_database: str = "judging"
    http_port: int = 8002
    # The announcement fence (see judging.store): how long closing waits for scorecards in
    # flight before refusing them, and how long an announcer holds it before another may.
    fence_grace_seconds: float = 2.0
    announcement_lease_seconds: float = 30.0
