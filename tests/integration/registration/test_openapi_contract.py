"""The registration API keeps the contract its OpenAPI document states (schemathesis)."""

import pytest

from registration.main import create_app
from registration.settings import Settings
from support.apps import ORGANIZER
from support.contract import contract_config, failures_of, with_cross_field_rules

# A contest's window (registration_opens_at before registration_closes_at) and its nominations'
# unique ids are rules JSON Schema cannot state: a schema-valid contest may be refused (422,
# documented). Every other check runs on these operations as on the rest.
CROSS_FIELD_RULES = [
    with_cross_field_rules("POST", "/contests"),
    with_cross_field_rules("PATCH", "/contests/{contest_id}"),
]


@pytest.mark.parametrize("headers", [{}, ORGANIZER], ids=["anonymous", "organizer"])
def test_the_registration_api_keeps_its_contract(
    registration_settings: Settings, headers: dict[str, str]
) -> None:
    config = contract_config(headers, operations=CROSS_FIELD_RULES)
    found = failures_of(create_app(registration_settings), config)
    assert not found, "\n\n".join(found)
