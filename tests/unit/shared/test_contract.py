"""The OpenAPI document documents by rule what every operation can refuse, with the error body
the services send; the methods of a path are answered as HTTP promises them."""

from collections.abc import AsyncIterator
from typing import Annotated, Any

import httpx
import pytest
from fastapi import APIRouter, Body, FastAPI
from pydantic import BaseModel, TypeAdapter, ValidationError

from forum_shared.allowed_methods import AllowedMethods
from forum_shared.answers import install_error_answers
from forum_shared.contract import tell_the_truth, text
from forum_shared.web import Organizer

PROBLEM = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
INVALID = {"application/json": {"schema": {"$ref": "#/components/schemas/InvalidRequest"}}}


class Form(BaseModel):
    name: str


def small_app() -> FastAPI:
    """Routes like the services' own: an organizer's router, a public body, operations."""
    app = FastAPI()
    install_error_answers(app)
    tell_the_truth(app)
    app.add_middleware(AllowedMethods)
    organizers = APIRouter(prefix="/things", dependencies=[Organizer])

    @organizers.get("")
    async def list_things() -> list[str]:
        return []

    @organizers.post("", responses={409: {"description": "Exists"}})
    async def add_thing(form: Form) -> Form:
        return form

    @organizers.delete("/{thing_id}", status_code=204)
    async def remove_thing(thing_id: str) -> None:
        return None

    app.include_router(organizers)

    @app.post("/public/{thing_id}/notes")
    async def note(thing_id: str, note: Annotated[Form, Body()]) -> Form:
        return note

    @app.get("/health/live", tags=["health"])
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    return app


def responses(app: FastAPI, method: str, path: str) -> dict[str, Any]:
    return app.openapi()["paths"][path][method]["responses"]


def test_an_organizers_operation_documents_401_and_403_with_the_problem_body() -> None:
    documented = responses(small_app(), "get", "/things")
    assert documented["401"]["content"] == PROBLEM
    assert documented["401"]["headers"]["WWW-Authenticate"]["required"] is True
    assert documented["403"]["content"] == PROBLEM


def test_an_operation_with_a_body_documents_413_and_its_422_lists_the_errors() -> None:
    documented = responses(small_app(), "post", "/public/{thing_id}/notes")
    assert documented["413"]["content"] == PROBLEM
    assert documented["422"]["content"] == INVALID
    assert documented["404"]["content"] == PROBLEM
    assert "401" not in documented


def test_a_refusal_a_route_declares_gets_the_problem_body_and_keeps_its_description() -> None:
    documented = responses(small_app(), "post", "/things")
    assert documented["409"] == {"description": "Exists", "content": PROBLEM}


def test_every_operation_but_the_operators_can_answer_503_with_retry_after() -> None:
    app = small_app()
    assert responses(app, "delete", "/things/{thing_id}")["503"]["headers"]["Retry-After"]
    assert "503" not in responses(app, "get", "/health/live")


def test_fastapis_validation_error_schema_is_nowhere_in_the_document() -> None:
    document = small_app().openapi()
    assert "HTTPValidationError" not in str(document)
    schemas = document["components"]["schemas"]
    assert set(schemas["InvalidRequest"]["required"]) == {"detail", "code", "errors"}
    assert set(schemas["Problem"]["required"]) == {"detail", "code"}
    assert "`Problem`" in document["info"]["description"]


def test_a_route_added_after_the_app_is_built_is_documented_by_the_same_rules() -> None:
    app = small_app()

    @app.get("/audit", dependencies=[Organizer])
    async def audit() -> list[str]:
        return []

    assert {"401", "403", "503"} <= set(responses(app, "get", "/audit"))


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(small_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_options_on_a_known_path_lists_every_method_of_the_path(
    client: httpx.AsyncClient,
) -> None:
    answer = await client.options("/things")
    assert answer.status_code == 204
    assert answer.headers["allow"] == "GET, HEAD, POST, OPTIONS"


async def test_a_wrong_method_is_a_405_that_lists_every_method_of_the_path(
    client: httpx.AsyncClient,
) -> None:
    answer = await client.put("/things")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, HEAD, POST, OPTIONS"
    assert answer.json()["code"] == "method_not_allowed"


async def test_options_on_an_unknown_path_stays_a_404(client: httpx.AsyncClient) -> None:
    assert (await client.options("/nowhere")).status_code == 404


async def test_head_answers_where_get_does_without_a_body(client: httpx.AsyncClient) -> None:
    answer = await client.head("/health/live")
    assert answer.status_code == 200
    assert answer.content == b""


async def test_a_body_that_cannot_be_decoded_is_the_422_of_a_body_that_is_not_json(
    client: httpx.AsyncClient,
) -> None:
    answer = await client.post(
        "/public/x/notes", content=b"\xff\x7f", headers={"content-type": "application/json"}
    )
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"field": "", "message": "тело запроса — не корректный JSON", "code": "json_invalid"}
    ]


def test_a_text_is_measured_as_sent_and_stripped_once_valid() -> None:
    name = TypeAdapter(text(5))
    assert name.validate_python("  ab ") == "ab"
    for refused in ("abcde ", " ", "\x1e", ""):
        with pytest.raises(ValidationError):
            name.validate_python(refused)
    assert name.json_schema()["maxLength"] == 5


def test_an_answer_a_route_documents_itself_is_left_as_it_is() -> None:
    app = small_app()
    report = {"application/json": {"schema": {"type": "object"}}}

    @app.get("/ready", responses={503: {"description": "Not ready", "content": report}})
    async def ready() -> dict[str, str]:
        return {}

    assert responses(app, "get", "/ready")["503"] == {"description": "Not ready", "content": report}
