from collections.abc import AsyncIterator

import httpx
import pytest
from integration.judging.harness import ForumEvents, Stage

from judging.main import create_app
from judging.settings import Settings
from support.apps import running, settings_for_tests
from support.servers import BrokerForTests


@pytest.fixture
def judging_settings(mongodb_url: str, broker: BrokerForTests, database_name: str) -> Settings:
    return Settings(
        **settings_for_tests(mongodb_url, broker, "judging", f"{database_name}_judging")
    )


@pytest.fixture
async def judging(judging_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The API's tests read its messages in English (asked for, as a program may); that they
    are Russian by default is `test_messages_in_russian`'s to check. Pages are always Russian."""
    async with running(create_app(judging_settings)) as client:
        client.headers["Accept-Language"] = "en"
        yield client


@pytest.fixture
async def stage(judging: httpx.AsyncClient, forum: ForumEvents) -> Stage:
    """A contest judging has learnt from its `contest.opened`, with one place per nomination."""
    contest = Stage(judging, forum)
    await contest.open()
    return contest
