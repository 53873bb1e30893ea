import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from pymongo import AsyncMongoClient

from support import servers


@pytest.fixture(scope="session")
def mongodb_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with servers.mongodb(tmp_path_factory.mktemp("mongodb")) as url:
        yield url


@pytest.fixture(scope="session")
def broker() -> Iterator[servers.BrokerForTests]:
    """The run's virtual host, with broker users of its own for the three services."""
    with servers.rabbitmq() as broker:
        yield broker


@pytest.fixture(scope="session")
def rabbitmq_url(broker: servers.BrokerForTests) -> str:
    """An administrator on the run's virtual host: for spies and tidying, never a service."""
    return broker.url


@pytest.fixture
def database_name() -> str:
    """Every test writes to databases of its own."""
    return f"test_{uuid.uuid4().hex[:10]}"


@pytest.fixture
async def mongo(mongodb_url: str) -> AsyncIterator[AsyncMongoClient]:
    client: AsyncMongoClient = AsyncMongoClient(mongodb_url, tz_aware=True)
    yield client
    await client.close()


@pytest.fixture(scope="session")
def repository_root() -> Path:
    return Path(__file__).resolve().parent.parent
