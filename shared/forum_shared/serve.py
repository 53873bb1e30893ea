"""`python -m <service>`: a service's app under uvicorn, its logs JSON on stdout."""

from collections.abc import Callable
from typing import TypeVar

import uvicorn
from fastapi import FastAPI

from .logs import configure_logging
from .settings import ServiceSettings

S = TypeVar("S", bound=ServiceSettings)


def serve(service: str, settings: S, create_app: Callable[[S], FastAPI]) -> None:
    """No `server` header: the answer does not name the software behind it."""
    configure_logging(service, settings.log_level)
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        server_header=False,
        # X-Forwarded-For only from the proxies in TRUSTED_PROXIES (service_app checks it)
        proxy_headers=False,
    )
