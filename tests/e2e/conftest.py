from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from support.amqp import fresh_queues  # noqa: F401 (an autouse fixture)
from support.platform import QUICK, Platform, running_platform
from support.servers import BrokerForTests

LaunchPlatform = Callable[..., Platform]


@pytest.fixture
def launch_platform(
    mongodb_url: str, broker: BrokerForTests, database_name: str, tmp_path: Path
) -> Iterator[LaunchPlatform]:
    """`launch_platform(replicas=2)`: that many processes of each service, on the same queues
    and databases, at the tests' quicker pace; all stopped after the test."""
    with ExitStack() as stack:

        def launch(replicas: int = 1) -> Platform:
            running = running_platform(
                mongodb_url, broker, database_name, tmp_path, replicas, env=QUICK
            )
            return stack.enter_context(running)

        yield launch


@pytest.fixture
def platform(launch_platform: LaunchPlatform) -> Platform:
    """One process of each service."""
    return launch_platform()
