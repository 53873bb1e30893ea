"""docker compose is production-like by default, read where no Docker runs: the database and
the broker publish no port, every secret must come from the environment or `.env` (compose's
`${VAR:?...}`: it refuses to start without one), MongoDB requires authentication and each
service logs in to it and to RabbitMQ as a user of its own; docker-compose.override.yml is
local development. The files are interpolated as Compose interpolates them."""

import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from forum_shared.broker_access import user_of

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("registration", "judging", "notifications")
SECRET_NAME = re.compile(r"PASSWORD|TOKEN|SECRET")
# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}, and $$ for "$".
VARIABLE = re.compile(r"\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\})")
OPTIONAL_SECRETS = {"SMTP_PASSWORD"}


class MissingVariable(Exception):
    pass


def interpolate(value: Any, env: dict[str, str]) -> Any:
    """Compose's interpolation of every string in a parsed file."""
    if isinstance(value, dict):
        return {key: interpolate(item, env) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, env) for item in value]
    if not isinstance(value, str):
        return value

    def substitute(match: re.Match[str]) -> str:
        dollar, name, operator, argument = match.groups()
        if dollar:
            return "$"
        present = name in env
        empty = not env.get(name)
        if operator in (":-", "-"):
            use_default = empty if operator == ":-" else not present
            return argument if use_default else env[name]
        required = operator in (":?", "?")
        if required and (empty if operator == ":?" else not present):
            raise MissingVariable(f"{name}: {argument}")
        return env.get(name, "")

    return VARIABLE.sub(substitute, value)


def raw(name: str) -> str:
    return (ROOT / name).read_text()


def parsed(name: str) -> dict[str, Any]:
    return yaml.safe_load(raw(name))


@pytest.fixture(scope="module")
def secrets_env() -> dict[str, str]:
    """What `scripts/compose_env.py > .env` gives an operator."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "compose_env.py")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(
        line.split("=", 1) for line in out.splitlines() if line and not line.startswith("#")
    )


@pytest.fixture(scope="module")
def production(secrets_env: dict[str, str]) -> dict[str, Any]:
    """docker-compose.yml alone, as `docker compose -f docker-compose.yml up` reads it."""
    return interpolate(parsed("docker-compose.yml"), secrets_env)


def test_the_database_and_the_broker_publish_no_port(production: dict[str, Any]) -> None:
    services = production["services"]
    for name in ("mongo", "rabbitmq", "mailpit"):
        assert "ports" not in services[name], f"{name} publishes {services[name]['ports']}"
    published = [name for name, svc in services.items() if svc.get("ports")]
    assert published == ["gateway"]


def test_every_secret_is_required_from_the_environment_and_never_defaulted() -> None:
    for file in ("docker-compose.yml", "docker-compose.override.yml"):
        for match in VARIABLE.finditer(raw(file)):
            _, name, operator, argument = match.groups()
            if not name or not SECRET_NAME.search(name):
                continue
            if name in OPTIONAL_SECRETS:
                assert operator == ":-" and argument == "", f"{file}: {match.group(0)}"
            else:
                assert operator == ":?", f"{file}: {name} is not required: {match.group(0)}"


def test_compose_refuses_to_start_without_any_one_secret(secrets_env: dict[str, str]) -> None:
    compose = parsed("docker-compose.yml")
    for missing in secrets_env:
        env = {name: value for name, value in secrets_env.items() if name != missing}
        with pytest.raises(MissingVariable, match=missing):
            interpolate(compose, env)
        with pytest.raises(MissingVariable, match=missing):
            interpolate(compose, env | {missing: ""})


def test_the_secrets_the_helper_writes_are_all_compose_requires(
    secrets_env: dict[str, str],
) -> None:
    required = {
        name
        for _, name, operator, _ in VARIABLE.findall(raw("docker-compose.yml"))
        if operator == ":?"
    }
    assert required == set(secrets_env)
    assert all(len(value) >= 32 for value in secrets_env.values())


def test_each_service_logs_in_to_its_own_database_as_its_own_user(
    production: dict[str, Any], secrets_env: dict[str, str]
) -> None:
    for service in SERVICES:
        env = production["services"][service]["environment"]
        url = urlsplit(env["MONGODB_URL"])
        assert (url.hostname, url.username) == ("mongo", service)
        assert unquote(url.password or "") == secrets_env[f"MONGODB_{service.upper()}_PASSWORD"]
        assert parse_qs(url.query)["authSource"] == [service]
        assert env["MONGODB_DATABASE"] == service


def test_mongodb_requires_authentication_and_creates_each_services_user(
    production: dict[str, Any],
) -> None:
    mongo = production["services"]["mongo"]
    env = mongo["environment"]
    assert env["MONGO_INITDB_ROOT_USERNAME"] and env["MONGO_INITDB_ROOT_PASSWORD"]
    [script] = [v for v in mongo["volumes"] if "/docker-entrypoint-initdb.d/" in str(v)]
    source = raw(script.split(":")[0].removeprefix("./"))
    assert 'role: "readWrite", db: service' in source
    assert '["registration", "judging", "notifications"]' in source
    for service in SERVICES:
        assert env[f"MONGODB_{service.upper()}_PASSWORD"]


def test_each_service_logs_in_to_the_broker_as_its_own_user_created_before_it_starts(
    production: dict[str, Any], secrets_env: dict[str, str]
) -> None:
    services = production["services"]
    job = services["broker-users"]
    assert job["command"][:3] == ["python", "-m", "forum_shared.broker_access"]
    assert job["command"][3] == "apply"
    assert (
        job["environment"]["RABBITMQ_ADMIN_PASSWORD"]
        == services["rabbitmq"]["environment"]["RABBITMQ_DEFAULT_PASS"]
    )
    assert (
        job["environment"]["RABBITMQ_ADMIN_USER"]
        == services["rabbitmq"]["environment"]["RABBITMQ_DEFAULT_USER"]
    )
    for service in SERVICES:
        env = services[service]["environment"]
        url = urlsplit(env["RABBITMQ_URL"])
        assert url.hostname == "rabbitmq"
        assert url.username == user_of(service, env["BROKER_USER_PREFIX"])
        password = secrets_env[f"RABBITMQ_{service.upper()}_PASSWORD"]
        assert unquote(url.password or "") == password
        assert job["environment"][f"RABBITMQ_{service.upper()}_PASSWORD"] == password
        assert job["environment"]["BROKER_USER_PREFIX"] == env["BROKER_USER_PREFIX"]
        condition = services[service]["depends_on"]["broker-users"]["condition"]
        assert condition == "service_completed_successfully"


def test_production_is_the_default_and_the_override_is_local_development(
    production: dict[str, Any], secrets_env: dict[str, str]
) -> None:
    for service in SERVICES:
        assert production["services"][service]["environment"]["ENVIRONMENT"] == "production"
    override = interpolate(parsed("docker-compose.override.yml"), secrets_env)
    for service in SERVICES:
        assert override["services"][service]["environment"]["ENVIRONMENT"] == "local"
    for name, service in override["services"].items():
        assert "image" not in service and "build" not in service, name
        for entry in service.get("ports", []):
            assert str(entry).startswith("127.0.0.1:"), f"{name} publishes {entry} on all hosts"
    assert {"mongo", "rabbitmq", "mailpit"} <= {
        name for name, service in override["services"].items() if service.get("ports")
    }


def test_every_variable_compose_reads_is_explained_in_env_example() -> None:
    example = raw(".env.example")
    for file in ("docker-compose.yml", "docker-compose.override.yml"):
        for _, name, _, _ in VARIABLE.findall(raw(file)):
            if name:
                assert re.search(rf"^#? ?{name}=", example, re.MULTILINE), f"{name} ({file})"


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        ("${A}", {"A": "1"}, "1"),
        ("${A:-x}", {}, "x"),
        ("${A:-x}", {"A": ""}, "x"),
        ("${A-x}", {"A": ""}, ""),
        ("${A:?no}", {"A": "1"}, "1"),
        ("a$$b", {}, "a$b"),
        ("u:${P:?p}@h", {"P": "s"}, "u:s@h"),
    ],
)
def test_interpolation_reads_as_compose_does(text: str, env: dict[str, str], expected: str) -> None:
    assert interpolate(text, env) == expected


def test_interpolation_refuses_a_required_variable_unset_or_empty() -> None:
    with pytest.raises(MissingVariable):
        interpolate("${A:?set A}", {})
    with pytest.raises(MissingVariable):
        interpolate("${A:?set A}", {"A": ""})
