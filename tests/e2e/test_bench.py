"""`make bench` keeps working as the services change: every stage runs, at a tiny size, and
reports its figures (no timing is asserted: this machine is shared)."""

import json
import os
import subprocess
import sys
from pathlib import Path

TINY = [
    *("--registrations", "20", "--concurrency", "4", "--steady-seconds", "1"),
    *("--steady-rate", "10", "--jurors", "2", "--scoring-participants", "3"),
    *("--big-participants", "20", "--page-participants", "10", "--drain-timeout", "60"),
]


def test_the_bench_runs_every_stage_and_writes_its_figures(
    repository_root: Path, mongodb_url: str, rabbitmq_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "bench.json"
    env = os.environ | {"MONGODB_URL": mongodb_url, "RABBITMQ_URL": rabbitmq_url}
    run = subprocess.run(
        [sys.executable, str(repository_root / "scripts" / "bench.py"), *TINY, "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads(out.read_text())
    failed = [row for row in report["rows"] if row["figure"] == "failed"]
    assert failed == []
    figures = {(row["stage"], row["figure"]): row for row in report["rows"]}
    assert all(row["value"] is not None for row in figures.values()), figures
    stages = {stage for stage, _ in figures}
    assert {"limits", "events end to end", "memory"} <= stages
    assert figures[("scoring (2 jurors × 3)", "refusals")]["value"] is not None
    assert any(line.startswith("stage ") and "ratio" in line for line in run.stdout.splitlines())
    assert report["machine"]["cpus"] >= 1
