"""Judging's pages under load: the organizers' leaderboard of 1,000 participants must render
within 100 ms of server time.

Two measurements, both printed as figures (nothing asserted):

- `leaderboard_page_render(judging, contest_id)`: against a running judging service whose
  contest is seeded (the bench's `scripts/bench.py` seeds one and calls this): signs in as the
  organizer, asks for `/organizer/contest/{id}` five times and returns the median of the
  server's own time (`Server-Timing: app;dur=…`, from the handler's first read to the rendered
  page), or of the round trip where that header is missing.
- `python scripts/bench_pages.py [--participants 1000] [--jurors 5]`: in-process, with no
  database or broker: the standings of a seeded contest computed by the domain and the page
  rendered by its template — the server's work without the reads.
"""

import argparse
import asyncio
import random
import re
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import httpx

ROOT = Path(__file__).resolve().parent.parent
PAGE_TARGET_SECONDS = 0.100


async def leaderboard_page_render(
    judging: httpx.AsyncClient, contest_id: str, organizer_token: str | None = None, repeat: int = 5
) -> float:
    """Median seconds of server time for the organizers' leaderboard page of `contest_id`."""
    if organizer_token is None:
        sys.path.insert(0, str(ROOT / "tests"))
        from support.apps import ORGANIZER_TOKEN as organizer_token  # noqa: N811
    browser = {"Accept": "text/html"}
    sign_in = await judging.get("/organizer/sign-in", headers=browser)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', sign_in.text)
    assert csrf, "the sign-in page has no form"
    await judging.post(
        "/organizer/sign-in",
        data={"token": organizer_token, "csrf_token": csrf.group(1), "next": "/organizer"},
        headers=browser,
    )
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        page = await judging.get(f"/organizer/contest/{contest_id}", headers=browser)
        elapsed = time.perf_counter() - started
        assert page.status_code == 200, page.status_code
        timing = re.search(r"app;dur=([\d.]+)", page.headers.get("server-timing", ""))
        times.append(float(timing.group(1)) / 1000 if timing else elapsed)
    return statistics.median(times)


def leaderboard_in_process(participants: int = 1000, jurors: int = 5) -> tuple[float, float]:
    """(CPU seconds to compute the standings, CPU seconds to render the page), in this
    process; the template is compiled before, as a running service has it."""
    from forum_shared.events import Nomination
    from judging.domain import ContestCriteria, Criterion, Juror, Participant, Scorecard
    from judging.domain.explanations import AGREEMENT_EXPLANATION, method_explanation, method_title
    from judging.pages import judging_pages
    from judging.pages.board import board_of
    from judging.queries import ContestResults
    from judging.records import Contest
    from judging.settings import Settings
    from judging.standings import contest_standings

    chance = random.Random(1000)
    nominations = {f"n{i}": f"Номинация {i}" for i in range(4)}
    criteria = ContestCriteria(
        [Criterion(f"c{n}", f"Критерий {n}", n, 0, 10) for n in range(1, 7)], "zscore"
    )
    start = datetime(2026, 11, 20, tzinfo=UTC)
    people = [
        Participant(f"p{i:05}", f"n{i % 4}", f"Участник {i}", start + timedelta(seconds=i))
        for i in range(participants)
    ]
    jury = [Juror(f"j{j}") for j in range(jurors)]
    cards = []
    for juror in jury:
        for person in people:
            scores = {c.id: float(chance.randint(0, 10)) for c in criteria.criteria}
            total = sum(c.weight * scores[c.id] for c in criteria.criteria) / 21
            cards.append(Scorecard(juror.id, person.id, total, scores))
    started = time.process_time()  # CPU time: other work on the machine does not count
    standings = contest_standings(nominations, criteria, jury, people, cards)
    computed = time.process_time() - started

    contest = Contest(
        _id="bench",
        title="Лучшие практики ТОС",
        nominations=tuple(Nomination(id=k, title=v) for k, v in nominations.items()),
        places_per_nomination=3,
    )
    results = ContestResults(
        contest=contest,
        standings=standings,
        announced=False,
        juror_names={j.id: f"Член жюри {j.id}" for j in jury},
        project_titles={p.id: f"Проект {p.id}" for p in people},
    )
    pages = judging_pages(Settings(environment="test"))
    request = SimpleNamespace(cookies={}, state=SimpleNamespace(organizer={"name": "Организатор"}))
    pages.env.get_template("organizer_results.html")  # compiled once, as in a running service
    started = time.process_time()
    pages.env.get_template("organizer_results.html").render(
        request=request,
        csrf_token="x",
        organizer={"name": "Организатор"},
        contest=contest,
        board=board_of(results),
        announced=False,
        method_title=method_title("zscore"),
        method_explanation=method_explanation("zscore"),
        agreement_explanation=AGREEMENT_EXPLANATION,
    )
    rendered = time.process_time() - started
    return computed, rendered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--jurors", type=int, default=5)
    options = parser.parse_args()
    computed, rendered = leaderboard_in_process(options.participants, options.jurors)
    total = computed + rendered
    print(
        f"leaderboard of {options.participants:,} participants × {options.jurors} jurors, "
        "CPU time: "
        f"standings {computed * 1000:.1f} ms + page {rendered * 1000:.1f} ms = "
        f"{total * 1000:.1f} ms (target {PAGE_TARGET_SECONDS * 1000:.0f} ms: "
        f"{total / PAGE_TARGET_SECONDS:.2f}×)"
    )


if __name__ == "__main__":
    asyncio.run(asyncio.sleep(0))
    main()
