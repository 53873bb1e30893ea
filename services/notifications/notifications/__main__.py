import uvicorn

from forum_shared.logs import configure_logging

from .main import create_app
from .settings import SERVICE, Settings

settings = Settings()
configure_logging(SERVICE, settings.log_level)
uvicorn.run(
    create_app(settings),
    host=settings.http_host,
    port=settings.http_port,
    log_config=None,
    server_header=False,
)
