"""`make run`'s script honours the operator's `.env` (stubs stand in for the services and the
MongoDB stand-in, so nothing listens on a port; the script's own Python helpers run)."""

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# One write per call (the services may start at the same time).
LOG = """block="argv=$*"$'\\n'
for name in ORGANIZER_TOKEN RABBITMQ_URL MONGODB_URL SMTP_HOST HTTP_PORT \\
    REGISTRATION_RATE_PER_MINUTE; do
  block+="$name=${{!name-<unset>}}"$'\\n'
done
block+="UMASK=$(umask)"$'\\n'
printf '%s' "$block" >> "{log}"
"""
STUB = "#!/usr/bin/env bash\n" + LOG
# `python -m <service>` is logged; anything else (the script's helpers) runs for real.
PYTHON_STUB = (
    "#!/usr/bin/env bash\n"
    'case "$1 $2" in\n'
    '  "-m registration" | "-m judging" | "-m notifications")\n'
    + LOG
    + "    ;;\n"
    + '  *) exec "{python}" "$@" ;;\n'
    + "esac\n"
)

DOTENV = """# the operator's own
ORGANIZER_TOKEN=organizer-token-from-dotenv
RABBITMQ_URL="amqp://forum:from-dotenv@rabbit.internal:5672/"
MONGODB_URL=mongodb://mongo.internal:27017/
REGISTRATION_PORT=18001
"""


def stub(directory: Path, name: str, log: Path, template: str = STUB) -> None:
    path = directory / name
    path.write_text(template.format(log=log, python=sys.executable))
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


@pytest.fixture
def checkout(tmp_path: Path, repository_root: Path) -> Path:
    """A copy of the script where it lives, beside an `.env`."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(repository_root / "scripts" / "run-local.sh", tmp_path / "scripts")
    (tmp_path / ".env").write_text(DOTENV)
    return tmp_path


def run_local(checkout: Path, *services: str) -> list[dict[str, str]]:
    bin_dir, log = checkout / "bin", checkout / "calls.log"
    bin_dir.mkdir()
    stub(bin_dir, "nx-27017", log)
    stub(bin_dir, "python", log, PYTHON_STUB)
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in (
            "ORGANIZER_TOKEN",
            "RABBITMQ_URL",
            "MONGODB_URL",
            "SMTP_HOST",
            "REGISTRATION_RATE_PER_MINUTE",
        )
    } | {"PATH": f"{bin_dir}:{os.environ['PATH']}", "RUN_DIR": str(checkout / ".run")}
    subprocess.run(
        ["bash", str(checkout / "scripts" / "run-local.sh"), *services],
        env=environment,
        cwd=checkout,
        capture_output=True,
        timeout=60,
    )
    calls = []
    for block in log.read_text().split("argv=")[1:]:
        lines = block.strip().splitlines()
        calls.append({"argv": lines[0]} | dict(line.split("=", 1) for line in lines[1:]))
    return calls


def test_make_run_leaves_the_dotenv_settings_to_the_services(checkout: Path) -> None:
    [service] = run_local(checkout, "registration")

    assert service["argv"] == "-m registration"
    # Not exported over the .env (the service reads .env itself), or exported with its value.
    assert service["ORGANIZER_TOKEN"] in ("<unset>", "organizer-token-from-dotenv")
    assert service["MONGODB_URL"] in ("<unset>", "mongodb://mongo.internal:27017/")
    # The broker .env names, logged in as the service's own user (forum_shared.broker_access).
    broker = urlsplit(service["RABBITMQ_URL"])
    assert (broker.hostname, broker.port) == ("rabbit.internal", 5672)
    assert broker.username == "forum-registration" and broker.password
    assert service["HTTP_PORT"] == "18001"


def test_make_run_starts_no_mongodb_stand_in_when_dotenv_names_a_database(
    checkout: Path,
) -> None:
    calls = run_local(checkout, "registration")

    assert not any("--data-dir" in call["argv"] for call in calls)  # nx-27017 never started


def test_make_run_switches_the_registration_rate_limit_off_unless_told(checkout: Path) -> None:
    """`make demo` registers dozens of participants at once from 127.0.0.1."""
    [service] = run_local(checkout, "registration")
    assert service["REGISTRATION_RATE_PER_MINUTE"] == "0"

    with (checkout / ".env").open("a") as dotenv:
        dotenv.write("REGISTRATION_RATE_PER_MINUTE=30\n")
    (checkout / "calls.log").unlink()
    shutil.rmtree(checkout / "bin")
    [service] = run_local(checkout, "registration")
    assert service["REGISTRATION_RATE_PER_MINUTE"] in ("<unset>", "30")


def test_what_make_run_writes_is_readable_by_its_owner_only(checkout: Path) -> None:
    """The database's files, the letters in the mailbox and the logs hold personal data."""
    run_dir = checkout / ".run"
    (run_dir / "mail").mkdir(parents=True)
    run_dir.chmod(0o755)  # left by an earlier run
    (run_dir / "mail" / "letter.eml").write_text("Ирина Петрова")
    (run_dir / "mail" / "letter.eml").chmod(0o644)

    calls = run_local(checkout, "registration")

    assert calls
    assert {call["UMASK"] for call in calls} == {"0077"}  # whatever they write: owner only
    assert stat.S_IMODE(run_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE((run_dir / "mail" / "letter.eml").stat().st_mode) == 0o600


def test_the_example_env_leaves_the_smtp_host_to_make_run_and_to_compose(
    repository_root: Path,
) -> None:
    """Copied to .env, a fixed SMTP_HOST would beat compose's `${SMTP_HOST:-mailpit}` (and
    127.0.0.1 inside a container is the container itself)."""
    settings = [
        line.split("=", 1)[0]
        for line in (repository_root / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert "SMTP_HOST" not in settings
    assert (
        "SMTP_HOST: ${SMTP_HOST:-mailpit}" in (repository_root / "docker-compose.yml").read_text()
    )
