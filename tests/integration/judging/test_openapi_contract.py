"""The judging API keeps the contract its OpenAPI document states (schemathesis)."""

import pytest

from judging.main import create_app
from judging.settings import Settings
from support.apps import ORGANIZER
from support.contract import contract_config, failures_of, with_cross_field_rules

# Criteria with unique ids and each min_score below its max_score are rules JSON Schema cannot
# state: schema-valid criteria may be refused (422, documented). Every other check runs on it.
CROSS_FIELD_RULES = [with_cross_field_rules("PUT", "/contests/{contest_id}/criteria")]


@pytest.mark.parametrize("headers", [{}, ORGANIZER], ids=["anonymous", "organizer"])
def test_the_judging_api_keeps_its_contract(
    judging_settings: Settings, headers: dict[str, str]
) -> None:
    found = failures_of(create_app(judging_settings), contract_config(headers, CROSS_FIELD_RULES))
    assert not found, "\n\n".join(found)
