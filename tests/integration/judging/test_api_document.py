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


async def test_a_jurors_operations_document_the_token_of_another_contest(
    judging: httpx.AsyncClient,
) -> None:
    paths = (await judging.get("/openapi.json")).json()["paths"]
    for method, path in (
        ("get", "/contests/{contest_id}/roster"),
        ("put", "/contests/{contest_id}/conflicts/{participant_id}"),
        ("put", "/contests/{contest_id}/scores/{participant_id}"),
    ):
        refusals = paths[path][method]["responses"]
        assert {"401", "403"} <= set(refusals), path
        assert refusals["403"]["content"]["application/json"]["schema"]["$ref"].endswith("Problem")
