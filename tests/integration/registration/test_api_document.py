"""What the registration API's document says is what it answers: each defect the contract run
found, or that the document hid, as a sentence."""

from datetime import UTC, datetime, timedelta

import httpx

from support.apps import ORGANIZER
from support.forms import contest_form


async def document(registration: httpx.AsyncClient) -> dict:
    return (await registration.get("/openapi.json")).json()


async def test_metrics_are_answered_in_the_media_type_the_document_states(
    registration: httpx.AsyncClient,
) -> None:
    documented = (await document(registration))["paths"]["/metrics"]["get"]["responses"]["200"]
    [media_type] = documented["content"]
    answer = await registration.get("/metrics")
    assert answer.headers["content-type"] == media_type
    assert media_type.startswith("text/plain; version=0.0.4")


async def test_the_public_registration_documents_its_rate_limit_and_every_refusal(
    registration: httpx.AsyncClient,
) -> None:
    operation = (await document(registration))["paths"]["/contests/{contest_id}/participants"]
    refusals = operation["post"]["responses"]
    assert {"404", "409", "413", "422", "429", "503"} <= set(refusals)
    assert "Retry-After" in refusals["429"]["headers"]
    assert {"401", "403"} <= set(operation["get"]["responses"])


async def test_the_contest_schema_states_the_rules_the_domain_enforces(
    registration: httpx.AsyncClient,
) -> None:
    contest = (await document(registration))["components"]["schemas"]["Contest"]["properties"]
    assert contest["id"]["pattern"] == "^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$"
    assert contest["title"]["maxLength"] == 300
    assert contest["nominations"]["minItems"] == 1
    assert contest["participant_kinds"]["minItems"] == 1
    assert (
        contest["places_per_nomination"]["minimum"],
        contest["places_per_nomination"]["maximum"],
    ) == (1, 100)
    assert "registration_closes_at" in contest["registration_opens_at"]["description"]


async def test_a_date_sent_as_a_number_is_refused(registration: httpx.AsyncClient) -> None:
    form = contest_form(registration_opens_at=0)
    answer = await registration.post("/contests", json=form, headers=ORGANIZER)
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["registration_opens_at"]


async def test_a_null_in_a_contests_changes_leaves_that_field_as_it_is(
    registration: httpx.AsyncClient,
) -> None:
    now = datetime.now(UTC)
    form = contest_form(
        registration_opens_at=(now + timedelta(days=2)).isoformat(),
        registration_closes_at=(now + timedelta(days=20)).isoformat(),
    )
    assert (await registration.post("/contests", json=form, headers=ORGANIZER)).status_code == 201
    answer = await registration.patch(
        f"/contests/{form['id']}",
        json={"title": "Новое название", "age_rating": None, "nominations": None},
        headers=ORGANIZER,
    )
    assert answer.status_code == 200, answer.text
    assert (answer.json()["title"], answer.json()["age_rating"]) == (
        "Новое название",
        form["age_rating"],
    )


async def test_options_answers_with_every_method_of_a_path(registration: httpx.AsyncClient) -> None:
    answer = await registration.options("/contests/some-contest/participants")
    assert answer.status_code == 204
    assert answer.headers["allow"] == "GET, HEAD, POST, OPTIONS"


async def test_the_audit_trail_refuses_what_its_document_refuses(
    registration: httpx.AsyncClient,
) -> None:
    parameters = (await document(registration))["paths"]["/audit"]["get"]["parameters"]
    [action] = [p for p in parameters if p["name"] == "action"]
    unknown = await registration.get("/audit?action=body", headers=ORGANIZER)
    a_number = await registration.get("/audit?until=0.5", headers=ORGANIZER)
    assert "contest.opened" in str(action["schema"])
    assert unknown.status_code == 422
    assert [e["field"] for e in unknown.json()["errors"]] == ["action"]
    assert a_number.status_code == 422
    assert [e["field"] for e in a_number.json()["errors"]] == ["until"]
