"""The OpenAPI document tells the truth: the refusals every operation can give are documented by
rule, with the error body the services really send (`forum_shared.answers`).

The rules, applied when the document is first built, so that every route gets them whoever
added it and whenever:

- an operation with a security requirement (a Bearer token) can answer 401, one guarded by
  `require_organizer` 403 too;
- one with a body can answer 413 (`BodySizeLimit`) and 422; one with any parameter 422;
- one with a path parameter can answer 404 (the id in the path is unknown);
- every operation but the service's own operations endpoints (`health`, `docs` tags: they do
  not use the database) can answer 503 while the database is out of reach.

A route declares what it answers beyond the rules where it is, with a description only
(`responses={409: {"description": "..."}}`): every error status gets the one `Problem` body
(422 its `InvalidRequest` variant), replacing FastAPI's `HTTPValidationError`, which the
services never send.
"""

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import FastAPI
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from pydantic import AfterValidator, BaseModel, Field

from .answers import NOT_BLANK
from .web import needs_organizer

REF = "#/components/schemas/"


def text(max_length: int, **field: Any) -> Any:
    """A required text as its schema says: 1 to `max_length` characters as sent, not blank;
    stripped once it is valid (not before, so that the lengths are the ones the schema states)."""
    return Annotated[
        str,
        Field(min_length=1, max_length=max_length, pattern=NOT_BLANK, **field),
        AfterValidator(str.strip),
    ]


class Problem(BaseModel):
    """Every error answer: one sentence in the caller's language and a stable code."""

    detail: str = Field(description="What went wrong, in Russian unless English is asked for")
    code: str = Field(description="Stable, the same in every language: e.g. not_found")


class FieldProblem(BaseModel):
    field: str = Field(description="The field's path, dotted (e.g. contact.email); may be empty")
    message: str
    code: str


class InvalidRequest(Problem):
    """An invalid request (422): every problem at once."""

    errors: list[FieldProblem]


BEARER_CHALLENGE = {
    "WWW-Authenticate": {
        "description": "Bearer",
        "required": True,
        "schema": {"type": "string"},
    }
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again",
        "required": True,
        "schema": {"type": "string", "pattern": "^[0-9]+$"},
    }
}

DESCRIPTIONS = {
    401: "No Bearer token, or one this service does not accept",
    403: "The token is not the organizers'",
    404: "Nothing at this address: an id in the path is unknown",
    409: "A conflict with the current state",
    413: "The request body is larger than the limit (MAX_BODY_BYTES)",
    422: "The request is invalid: every problem is listed in `errors`",
    429: "Too many requests from this address: see Retry-After",
    503: "The database is out of reach: try again after Retry-After seconds "
    "(with the same Idempotency-Key, if one was sent)",
}
HEADERS = {401: BEARER_CHALLENGE, 429: RETRY_AFTER, 503: RETRY_AFTER}

# The routes `service_app` mounts for operators: they answer without the database.
OPERATIONS_TAGS = frozenset({"health", "docs"})


def refusals_by_rule(route: RouteContext, operation: dict[str, Any]) -> set[int]:
    """`route` as included in the app: its router's prefix, tags and dependencies are its own."""
    statuses = set()
    if operation.get("security"):
        statuses.add(401)
    if needs_organizer(route.dependant.dependencies):
        statuses |= {401, 403}
    if route.body_field is not None:
        statuses |= {413, 422}
    if operation.get("parameters"):
        statuses.add(422)
    if any(p.get("in") == "path" for p in operation.get("parameters", ())):
        statuses.add(404)
    if not OPERATIONS_TAGS.intersection(route.tags or ()):
        statuses.add(503)
    return statuses


def _says_http_validation_error(response: dict[str, Any]) -> bool:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return schema.get("$ref") == f"{REF}HTTPValidationError"


def document_refusals(route: RouteContext, operation: dict[str, Any]) -> None:
    responses = operation["responses"]
    declared = {int(code) for code in responses if code.isdigit() and int(code) >= 400}
    for status in sorted(declared | refusals_by_rule(route, operation)):
        if str(status) not in responses:  # by rule: every rule's status has a description
            responses[str(status)] = {"description": DESCRIPTIONS[status]}
        response = responses[str(status)]
        if "content" in response and not _says_http_validation_error(response):
            continue  # an answer of the route's own (the readiness report's 503, say)
        model = "InvalidRequest" if status == 422 else "Problem"
        response["content"] = {"application/json": {"schema": {"$ref": f"{REF}{model}"}}}
        if status in HEADERS:
            response.setdefault("headers", HEADERS[status])
    operation["responses"] = dict(sorted(responses.items()))


def problem_schemas() -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for model in (Problem, InvalidRequest):
        schema = model.model_json_schema(ref_template=REF + "{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return schemas


ABOUT_ANSWERS = (
    "\n\nEvery error answer is a `Problem`: `detail` (one sentence, in Russian unless "
    "`Accept-Language` asks for English) and a stable `code`; a 422 (`InvalidRequest`) lists "
    "every problem in `errors`. Operations with a lock need `Authorization: Bearer <token>`. "
    "`OPTIONS` on a path answers with its methods in `Allow`."
)


def truthful(app: FastAPI, document: dict[str, Any]) -> dict[str, Any]:
    document["info"]["description"] = document["info"].get("description", "") + ABOUT_ANSWERS
    for route in iter_route_contexts(app.routes):
        if not (isinstance(route.original_route, APIRoute) and route.include_in_schema):
            continue
        for method in route.methods:
            document_refusals(route, document["paths"][route.path_format][method.lower()])
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas.update(problem_schemas())
    document["components"]["schemas"] = dict(sorted(schemas.items()))
    return document


def tell_the_truth(app: FastAPI) -> None:
    """Replaces `app.openapi` with FastAPI's own document, corrected by the rules above."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = truthful(app, generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
