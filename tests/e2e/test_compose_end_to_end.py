"""The project's own docker-compose.yml — production-like, as an operator runs it — brought up
through testcontainers' `DockerCompose`, runs a short contest: registration, judging learning
the roster from events, a scorecard, the announcement, and every letter sent. Where Docker does
not answer, the test is skipped and says so."""

import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from support.forms import application_form, contest_form, criteria_form
from support.forum import eventually
from support.servers import docker_available

ROOT = Path(__file__).resolve().parents[2]
SERVICE_PORTS = {"registration": 8001, "judging": 8002, "notifications": 8003}

pytestmark = pytest.mark.skipif(
    not docker_available(),
    reason="Docker does not answer here (docker.from_env().ping() failed): "
    "docker-compose.yml cannot be brought up",
)

# The gateway's ports on ephemeral host ports, so that the test never collides with a running
# platform; everything else is the project's file as it is.
EPHEMERAL_GATEWAY = """
services:
  gateway:
    ports: !override
      - "127.0.0.1::8001"
      - "127.0.0.1::8002"
      - "127.0.0.1::8003"
"""


@pytest.fixture(scope="module")
def compose(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The stack up (built, every container healthy); yields each service's gateway URL and
    the organizer's token; torn down with its volumes."""
    from testcontainers.compose import DockerCompose

    workdir = tmp_path_factory.mktemp("compose")
    secrets_env = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "compose_env.py")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    [token] = [
        line.split("=", 1)[1]
        for line in secrets_env.splitlines()
        if line.startswith("ORGANIZER_TOKEN=")
    ]
    env_file = workdir / "compose.env"
    env_file.write_text(secrets_env + f"COMPOSE_PROJECT_NAME=forum-e2e-{uuid.uuid4().hex[:8]}\n")
    override = workdir / "ephemeral-gateway.yml"
    override.write_text(EPHEMERAL_GATEWAY)
    stack = DockerCompose(
        ROOT,
        compose_file_name=["docker-compose.yml", str(override)],
        build=True,
        wait=True,
        env_file=str(env_file),
    )
    with stack:
        urls = {
            service: f"http://127.0.0.1:{stack.get_service_port('gateway', port)}"
            for service, port in SERVICE_PORTS.items()
        }
        yield urls | {"token": token}


async def test_a_short_contest_runs_on_the_projects_own_compose_file(
    compose: dict[str, str],
) -> None:
    organizer = {"Authorization": f"Bearer {compose['token']}"}
    contest = contest_form(places_per_nomination=1)
    url = f"/contests/{contest['id']}"
    async with (
        httpx.AsyncClient(base_url=compose["registration"], timeout=30) as registration,
        httpx.AsyncClient(base_url=compose["judging"], timeout=30) as judging,
        httpx.AsyncClient(base_url=compose["notifications"], timeout=30) as notifications,
    ):
        opened = await registration.post("/contests", json=contest, headers=organizer)
        assert opened.status_code == 201, opened.text

        async def criteria_accepted() -> bool:
            put = await judging.put(f"{url}/criteria", json=criteria_form(), headers=organizer)
            return put.status_code == 200

        await eventually(criteria_accepted, timeout=60)
        added = await judging.post(f"{url}/jurors", json={"name": "Эксперт"}, headers=organizer)
        juror = {"Authorization": f"Bearer {added.json()['token']}"}
        participants = []
        for number, name in enumerate(["ТОС «Солнечный»", "ТОС «Берёзка»"]):
            contact = {"name": "Анна", "email": f"tos{number}@example.org", "phone": "89123456789"}
            form = application_form(kind="tos", inn=None, name=name, members=[], contact=contact)
            answer = await registration.post(f"{url}/participants", json=form)
            assert answer.status_code == 201, answer.text
            participants.append(answer.json()["id"])

        async def roster_complete() -> bool:
            answer = await judging.get(f"{url}/roster", headers=juror)
            return len(answer.json()["participants"]) == len(participants)

        await eventually(roster_complete, timeout=60)
        for rank, participant in enumerate(participants):
            scores = {"impact": 9 - rank, "feasibility": 8 - rank}
            scored = await judging.put(
                f"{url}/scores/{participant}", json={"scores": scores}, headers=juror
            )
            assert scored.status_code == 200, scored.text
        announced = await judging.post(f"{url}/announcement", headers=organizer)
        assert announced.status_code == 201, announced.text

        async def all_sent() -> list[dict] | None:
            answer = await notifications.get(
                "/notifications", params={"contest_id": contest["id"]}, headers=organizer
            )
            log = answer.json()
            done = len(log) == 2 * 2 + 1 and all(n["status"] == "sent" for n in log)
            return log if done else None

        log = await eventually(all_sent, timeout=90)

    assert sorted(n["template"] for n in log) == [
        "organizers_summary",
        "participation_thanks",
        "registration_confirmed",
        "registration_confirmed",
        "winner_congratulation",
    ]
