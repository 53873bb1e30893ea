"""Schemathesis against a service's app in-process: every check over every operation of its
OpenAPI document, as an anonymous caller and as the organizer, with few examples each.

The engine (what `schemathesis run` does) runs its phases (examples, coverage, fuzzing,
stateful) once, against the app through the ASGI transport, which runs the app's lifespan
(database, broker) in a thread of its own. Bounded by `MAX_EXAMPLES` per operation and phase
(no `max-time`: with one, the engine repeats fuzzing and stateful runs until it is up), with a
fixed seed, so that a run finds the same things every time (a few seconds per service)."""

from typing import Any

import schemathesis
from fastapi import FastAPI
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema
from schemathesis.python.asgi import shutdown_lifespans

MAX_EXAMPLES = 6
# schemathesis's default for `positive_data_acceptance`
POSITIVE_DATA_ACCEPTED = ["2xx", "3xx", 401, 403, 404, 409, 429, "5xx"]


def with_cross_field_rules(method: str, path: str) -> dict[str, Any]:
    """The operation's body has rules JSON Schema cannot state (one field against another):
    a schema-valid body may be refused with its documented 422. Only `positive_data_acceptance`
    of this one operation is told so; every other check stays as it is."""
    return {
        "include-method": method,
        "include-path": path,
        "checks": {
            "positive_data_acceptance": {"expected-statuses": [*POSITIVE_DATA_ACCEPTED, 422]}
        },
    }


def contract_config(
    headers: dict[str, str], operations: list[dict[str, Any]] = ()
) -> SchemathesisConfig:
    """`operations` narrow a check for one operation (with the reason beside it where it is
    called); every check is on for every operation."""
    return SchemathesisConfig.from_dict(
        {
            "seed": 7,
            "headers": headers,
            "generation": {
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "database": "none",
            },
            "phases": {"stateful": {"max-steps": 10}},
            "checks": {"enabled": True},
            "operations": list(operations),
        }
    )


def failures_of(app: FastAPI, config: SchemathesisConfig) -> list[str]:
    """What the run found, each with the operation and the request to reproduce it."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=config)
    found: list[str] = []
    try:
        for event in from_schema(schema).execute():
            if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
                found.extend(_failed_checks(event.recorder))
            elif isinstance(event, events.NonFatalError | events.FatalError):
                found.append(f"{getattr(event, 'label', '')}: {event.info.format()}")
    finally:
        shutdown_lifespans()
    return sorted(set(found))


def _failed_checks(recorder: Any) -> list[str]:
    found = []
    for case_id, checks in recorder.checks.items():
        for check in checks:
            if check.status is Status.FAILURE and check.failure_info is not None:
                failure = check.failure_info.failure
                case = recorder.cases[case_id].value
                found.append(
                    f"{check.name} on {case.operation.label}: {failure.title}\n"
                    f"{failure.message}\n{check.failure_info.code_sample}"
                )
    return found
