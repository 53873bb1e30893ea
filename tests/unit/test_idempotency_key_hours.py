"""`IDEMPOTENCY_KEY_HOURS` reaches the claimed keys of each service that has them."""

from types import ModuleType

import pytest
from fastapi import FastAPI

import judging.main
import judging.settings
import notifications.main
import notifications.settings
import registration.main
import registration.settings


@pytest.mark.parametrize("service", [judging, registration, notifications])
def test_each_services_keys_live_as_long_as_the_setting_says(service: ModuleType) -> None:
    name = service.__name__
    settings = service.settings.Settings(
        environment="test",
        rabbitmq_url=f"amqp://forum-{name}:secret@127.0.0.1:5672/",
        idempotency_key_hours=2,
    )
    app: FastAPI = service.main.create_app(settings)
    assert app.state.store.idempotency.ttl == settings.idempotency_key_ttl
    assert settings.idempotency_key_ttl.total_seconds() == 2 * 3600
