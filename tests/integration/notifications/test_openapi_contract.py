"""The notifications API keeps the contract its OpenAPI document states (schemathesis)."""

import pytest

from notifications.main import create_app
from notifications.settings import Settings
from support.apps import ORGANIZER
from support.contract import contract_config, failures_of


@pytest.mark.parametrize("headers", [{}, ORGANIZER], ids=["anonymous", "organizer"])
def test_the_notifications_api_keeps_its_contract(
    notifications_settings: Settings, headers: dict[str, str]
) -> None:
    found = failures_of(create_app(notifications_settings), contract_config(headers))
    assert not found, "\n\n".join(found)
