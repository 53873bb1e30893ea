"""Registration throughput and outbox lag, measured against real RabbitMQ and a real MongoDB
wire server (`MONGODB_URL`, or a fresh nx-27017 on a free port). Prints figures; asserts nothing.

    make bench                       # 300 registrations, 20 at a time
    python scripts/bench_registration.py --count 1000 --concurrency 50
"""

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from registration.main import create_app  # noqa: E402
from registration.settings import Settings  # noqa: E402
from support import servers  # noqa: E402
from support.apps import ORGANIZER, settings_for_tests  # noqa: E402
from support.forms import application_form, contest_form  # noqa: E402
from support.spy import EventSpy  # noqa: E402


async def bench(mongodb_url: str, rabbitmq_url: str, count: int, concurrency: int) -> None:
    settings = Settings(**settings_for_tests(mongodb_url, rabbitmq_url, "bench_registration"))
    app = create_app(settings)
    async with (
        LifespanManager(app) as manager,
        httpx.AsyncClient(transport=httpx.ASGITransport(manager.app), base_url="http://b") as http,
        EventSpy(rabbitmq_url, ["participant.registered"]) as spy,
    ):
        contest = contest_form()
        await http.post("/contests", json=contest, headers=ORGANIZER)
        url = f"/contests/{contest['id']}/participants"
        latencies: list[float] = []
        gate = asyncio.Semaphore(concurrency)

        async def one(number: int) -> None:
            form = application_form(kind="tos", inn=None, name=f"ТОС {number} {uuid.uuid4().hex}")
            async with gate:
                started = time.perf_counter()
                response = await http.post(url, json=form)
                latencies.append(time.perf_counter() - started)
            response.raise_for_status()

        started = time.perf_counter()
        await asyncio.gather(*(one(n) for n in range(count)))
        accepted_in = time.perf_counter() - started
        await spy.wait_for("participant.registered", count, timeout=300)
        published_in = time.perf_counter() - started

    latencies.sort()
    print(f"registrations:            {count} ({concurrency} concurrent)")
    print(f"accepted in:              {accepted_in:.2f} s  ({count / accepted_in:.0f} per second)")
    print(
        f"all events received in:   {published_in:.2f} s  ({count / published_in:.0f} per second)"
    )
    print(
        f"latency p50 / p95 / max:  {statistics.median(latencies) * 1000:.0f} / "
        f"{latencies[int(len(latencies) * 0.95)] * 1000:.0f} / {latencies[-1] * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as workdir,
        servers.mongodb(Path(workdir)) as mongodb_url,
        servers.rabbitmq() as rabbitmq_url,
    ):
        asyncio.run(bench(mongodb_url, rabbitmq_url, args.count, args.concurrency))


if __name__ == "__main__":
    main()
