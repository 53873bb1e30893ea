from collections.abc import AsyncIterator

import httpx
import pytest

from registration.main import create_app
from registration.settings import Settings
from support.apps import ORGANIZER, running, settings_for_tests
from support.forms import contest_form
from support.servers import BrokerForTests


@pytest.fixture
def registration_settings(mongodb_url: str, broker: BrokerForTests, database_name: str) -> Settings:
    return Settings(
        **settings_for_tests(mongodb_url, broker, "registration", f"{database_name}_registration")
    )


@pytest.fixture
async def registration(registration_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with running(create_app(registration_settings)) as client:
        yield client


@pytest.fixture
async def contest(registration: httpx.AsyncClient) -> dict:
    form = contest_form()
    response = await registration.post("/contests", json=form, headers=ORGANIZER)
    assert response.status_code == 201, response.text
    return form
