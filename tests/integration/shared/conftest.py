from collections.abc import Iterator
from pathlib import Path

import pytest

from support.apps import ORGANIZER_TOKEN
from support.processes import ServiceProcess
from support.servers import BrokerForTests

DELIVERY_LIMIT = 3


@pytest.fixture
def judging_process(
    mongodb_url: str, broker: BrokerForTests, database_name: str, tmp_path: Path
) -> Iterator[ServiceProcess]:
    env = {
        "ENVIRONMENT": "test",
        "MONGODB_URL": mongodb_url,
        "MONGODB_DATABASE": f"{database_name}_judging",
        "RABBITMQ_URL": broker.url_for("judging"),
        "BROKER_USER_PREFIX": broker.user_prefix,
        "ORGANIZER_TOKEN": ORGANIZER_TOKEN,
        "CONSUMER_DELIVERY_LIMIT": str(DELIVERY_LIMIT),
        "LOG_LEVEL": "INFO",
    }
    service = ServiceProcess("judging", env, tmp_path)
    service.start()
    yield service
    service.stop()
