"""docker-compose.yml read as Compose reads it (YAML, with its anchors and merge keys), where no
Docker runs: a service scales (`--scale judging=2`) only without a fixed host port or container
name; every container says when it is healthy, and starts after what it needs is healthy (or,
for a one-shot job, has completed); every image is a pinned version; the gateway reaches each
service by its name and port. Production-like: no database or broker port published, every
secret required from the environment (tests/unit/test_compose_secrets.py)."""

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PINNED_TAG = re.compile(r"^v?\d+\.\d+\.\d+([.-][\w.-]+)?$")
SERVICES = {"registration", "judging", "notifications"}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


def one_shot(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Jobs that run to completion (`restart: "no"`), awaited as completed, not as healthy."""
    return {name: svc for name, svc in services(compose).items() if svc.get("restart") == "no"}


def long_running(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: svc for name, svc in services(compose).items() if name not in one_shot(compose)}


def built(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Our own services, built from the repository (one-shot jobs left out)."""
    return {name: svc for name, svc in long_running(compose).items() if "build" in svc}


def host_port(entry: str | int | dict[str, Any]) -> str | None:
    """The fixed host port of a `ports` entry, None when the host picks one (or none)."""
    if isinstance(entry, dict):
        published = entry.get("published")
        return str(published) if published not in (None, "") else None
    parts = str(entry).split("/")[0].split(":")  # [ip:]host:container or container
    return parts[-2] if len(parts) >= 2 and parts[-2] else None


def image_is_pinned(image: str) -> bool:
    if "@sha256:" in image:
        return True
    name, _, tag = image.rpartition(":")
    return bool(name) and "/" not in tag and PINNED_TAG.match(tag) is not None


def dockerfile(service: dict[str, Any]) -> Path:
    build = service["build"]
    return ROOT / build["context"] / build.get("dockerfile", "Dockerfile")


def test_our_services_are_all_built_here(compose: dict[str, Any]) -> None:
    assert set(built(compose)) == SERVICES


def test_no_service_of_ours_binds_a_fixed_host_port_or_container_name_so_each_scales(
    compose: dict[str, Any],
) -> None:
    for name, service in built(compose).items():
        fixed = [entry for entry in service.get("ports", []) if host_port(entry) is not None]
        assert fixed == [], f"{name} publishes fixed host ports {fixed}: a second replica clashes"
        assert "container_name" not in service, f"{name} has a container_name: it cannot scale"


def test_every_long_running_container_has_a_healthcheck(compose: dict[str, Any]) -> None:
    for name, service in long_running(compose).items():
        check = service.get("healthcheck", {})
        assert check.get("test") and not check.get("disable"), f"{name} has no healthcheck"


def test_our_services_are_healthy_only_when_ready(compose: dict[str, Any]) -> None:
    for name, service in built(compose).items():
        assert "/health/ready" in " ".join(service["healthcheck"]["test"]), name


def test_every_dependency_is_awaited_until_it_is_healthy_or_done(
    compose: dict[str, Any],
) -> None:
    jobs = one_shot(compose)
    for name, service in services(compose).items():
        depends_on = service.get("depends_on", {})
        assert isinstance(depends_on, dict), f"{name}: a list of depends_on waits for nothing"
        for dependency, how in depends_on.items():
            assert dependency in services(compose), f"{name} depends on unknown {dependency}"
            wanted = "service_completed_successfully" if dependency in jobs else "service_healthy"
            assert how.get("condition") == wanted, f"{name} → {dependency}: {how}"


def test_every_image_is_a_pinned_version(compose: dict[str, Any]) -> None:
    images = {name: svc["image"] for name, svc in services(compose).items() if "image" in svc}
    bases = {
        name: re.findall(r"^FROM\s+(\S+)", dockerfile(svc).read_text(), re.MULTILINE)
        for name, svc in built(compose).items()
    }
    assert images and all(bases.values())
    unpinned = [image for image in images.values() if not image_is_pinned(image)]
    unpinned += [base for found in bases.values() for base in found if not image_is_pinned(base)]
    assert unpinned == []


def test_the_gateway_publishes_each_service_on_its_port_and_proxies_to_its_replicas(
    compose: dict[str, Any],
) -> None:
    gateways = [
        svc
        for svc in services(compose).values()
        if any("Caddyfile" in str(volume) for volume in svc.get("volumes", []))
    ]
    assert len(gateways) == 1
    [gateway] = gateways
    [mount] = [str(v) for v in gateway["volumes"] if "Caddyfile" in str(v)]
    caddyfile = (ROOT / mount.split(":")[0]).read_text()
    routes = {
        site: (service, port)
        for site, service, port in re.findall(
            r"^:(\d+) \{\n\s*import replicas (\w+) (\d+)", caddyfile, re.MULTILINE
        )
    }
    published = {host_port(entry) for entry in gateway["ports"]}
    for name, service in built(compose).items():
        port = re.search(r"HTTP_PORT=(\d+)", dockerfile(service).read_text())
        assert port, f"{name}'s image sets no HTTP_PORT"
        assert (name, port.group(1)) in routes.values(), f"the gateway does not reach {name}"
        site = next(site for site, route in routes.items() if route[0] == name)
        assert site in published, f"{name}'s gateway port {site} is not published"
        assert gateway["depends_on"][name]["condition"] == "service_healthy"


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("8002", None),
        (8002, None),
        ("8002:8002", "8002"),
        ("127.0.0.1:8002:8002", "8002"),
        ("127.0.0.1::8002", None),
        ("8002:8002/tcp", "8002"),
        ({"target": 8002}, None),
        ({"target": 8002, "published": "8002"}, "8002"),
    ],
)
def test_a_fixed_host_port_is_told_from_one_the_host_picks(
    entry: str | int | dict[str, Any], expected: str | None
) -> None:
    assert host_port(entry) == expected


@pytest.mark.parametrize(
    ("image", "pinned"),
    [
        ("mongo:8.0.17", True),
        ("axllent/mailpit:v1.22.3", True),
        ("rabbitmq:3.13.7-management", True),
        ("python:3.11.14-slim", True),
        ("caddy@sha256:" + "0" * 64, True),
        ("mongo:8", False),
        ("rabbitmq:3.13-management", False),
        ("python:3.11-slim", False),
        ("axllent/mailpit:latest", False),
        ("caddy", False),
        ("localhost:5000/caddy", False),
    ],
)
def test_a_pinned_image_names_its_exact_version(image: str, pinned: bool) -> None:
    assert image_is_pinned(image) is pinned
