"""What the judging API's document says is what it answers."""

import httpx

from support.apps import ORGANIZER


async def test_the_criteria_schema_states_the_domains_bounds(judging: httpx.AsyncClient) -> None:
    schemas = (await judging.get("/openapi.json")).json()["components"]["schemas"]
    criterion = schemas["CriterionForm"]["properties"]
    assert schemas["CriteriaForm"]["properties"]["criteria"]["minItems"] == 1
    assert criterion["weight"]["exclusiveMinimum"] == 0
    assert criterion["weight"]["maximum"] == 1000
    assert criterion["min_score"]["minimum"] == -1_000_000
    assert "pattern" in criterion["title"]


async def test_a_jurors_name_is_measured_as_sent_and_may_not_be_blank(
    judging: httpx.AsyncClient,
) -> None:
    url = "/contests/any-contest/jurors"
    too_long = await judging.post(url, json={"name": "а" * 200 + " "}, headers=ORGANIZER)
    blank = await judging.post(url, json={"name": "\x1e"}, headers=ORGANIZER)
    assert too_long.status_code == 422
    assert blank.status_code == 422
    assert blank.json()["errors"][0]["message"] == "must not be blank"
