"""`make bench`: the platform's throughput and latency against the limits of the same machine.

The three services run as real processes, the way `make run` starts them (`python -m
<service>` with their default settings), on a MongoDB server (`MONGODB_URL`, or `nx-27017` on a
free port with its data on disk, as `make run` keeps it) and a RabbitMQ virtual host of the
bench's own, with the SMTP sink taking the letters. Every figure is printed beside its ratio
to a limit measured in the same run — single inserts on the same database server at the same
concurrency, confirmed publishes and consume-and-acks on the same broker — so that runs on
noisy machines compare. Asserts nothing; prints a table and writes JSON.

    make bench                                  # the figures issue 8 asks for
    make bench BENCH_ARGS=--quick               # smaller and shorter
    python scripts/bench.py --steady-seconds 30 --out /tmp/bench.json
"""

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aio_pika
import httpx
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from bench_pages import leaderboard_page_render  # noqa: E402  (scripts/, the organizers' page)

from support import servers  # noqa: E402
from support.apps import ORGANIZER, ORGANIZER_TOKEN  # noqa: E402
from support.forms import application_form, contest_form  # noqa: E402
from support.platform import Platform, running_platform  # noqa: E402

Database = AsyncDatabase[dict[str, Any]]

CRITERIA = [
    {"id": f"c{n}", "title": f"Критерий {n}", "weight": n, "min_score": 0, "max_score": 10}
    for n in range(1, 7)
]
PAGE_TARGET_SECONDS = 0.100  # "pages render within 100 ms server time"
LAG_TARGET_SECONDS = 1.0


# --- options ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    concurrency: int = 32
    registrations: int = 2000
    steady_rate: float = 100.0
    steady_seconds: float = 60.0
    jurors: int = 15
    scoring_participants: int = 200
    big_participants: int = 5000
    page_participants: int = 1000
    drain_timeout: float = 600.0

    @classmethod
    def quick(cls) -> "Options":
        return cls(
            registrations=400,
            steady_seconds=15.0,
            scoring_participants=40,
            big_participants=1000,
            page_participants=1000,
            drain_timeout=240.0,
        )


# --- figures and the table ------------------------------------------------------------------


@dataclass
class Row:
    stage: str
    figure: str
    value: float | None
    unit: str
    limit: float | None = None
    limit_name: str = ""
    target: str = ""
    note: str = ""
    percent: bool = False  # the ratio shown as a share of the limit (memory)

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.limit:
            return None
        return self.value / self.limit

    def shown_ratio(self) -> str:
        if self.ratio is None:
            return ""
        if self.percent:
            return f"{self.ratio:.1%}"
        return f"{self.ratio:.3f}×" if self.ratio < 0.1 else f"{self.ratio:.2f}×"


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def add(self, *rows: Row) -> None:
        self.rows.extend(rows)
        for row in rows:
            note = f" ({row.note})" if row.note else ""
            print(f"  {row.stage} · {row.figure}: {fmt(row.value, row.unit)}{note}", flush=True)

    def table(self) -> str:
        header = ("stage", "figure", "value", "limit", "ratio", "target")
        lines = [
            (
                row.stage,
                row.figure,
                fmt(row.value, row.unit) + (f" ({row.note})" if row.note else ""),
                f"{fmt(row.limit, row.unit)} {row.limit_name}".strip() if row.limit else "",
                row.shown_ratio(),
                row.target,
            )
            for row in self.rows
        ]
        widths = [max(len(str(c)) for c in column) for column in zip(header, *lines, strict=True)]
        out = [" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
        out.append("-|-".join("-" * w for w in widths))
        previous = None
        for line in lines:
            shown = ("" if line[0] == previous else line[0], *line[1:])
            previous = line[0]
            out.append(" | ".join(str(c).ljust(w) for c, w in zip(shown, widths, strict=True)))
        return "\n".join(out)

    def json(self) -> dict[str, Any]:
        rows = [row.__dict__ | {"ratio": row.ratio} for row in self.rows]
        return {"rows": rows} | self.details


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "s" and value < 0.01:
        return f"{value * 1000:.2f} ms"
    if unit == "s" and value < 1:
        return f"{value * 1000:.0f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    if unit == "/s":
        return f"{value:,.0f}/s"
    return f"{value:,.0f}{(' ' + unit) if unit else ''}"


def percentile(values: list[float], p: float) -> float | None:
    """Nearest rank."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def latency_rows(stage: str, what: str, values: list[float], limits: list[float]) -> list[Row]:
    """p50/p95/p99 of `values`, each beside the same percentile of `limits` (raw inserts)."""
    return [
        Row(
            stage,
            f"{what} p{p}",
            percentile(values, p),
            "s",
            percentile(limits, p),
            f"insert p{p}",
        )
        for p in (50, 95, 99)
    ]


# --- judging's store, as the bench reads and seeds it ----------------------------------------
# The one place that knows the shape of judging's documents: re-check it when the store changes.


async def contest_known(judging_db: Database, contest_id: str) -> bool:
    return await judging_db["contests"].find_one({"_id": contest_id}) is not None


async def roster_count(judging_db: Database, contest_id: str) -> int:
    return await judging_db["roster"].count_documents({"contest_id": contest_id})


async def in_roster(judging_db: Database, participant_ids: list[str]) -> set[str]:
    cursor = judging_db["roster"].find({"_id": {"$in": participant_ids}}, projection={"_id": 1})
    return {document["_id"] async for document in cursor}


async def seed_roster(judging_db: Database, contest: dict, count: int) -> list[str]:
    """`count` participants as `participant.registered` would have taught judging."""
    from judging.records import Registration, RosterEntry

    nominations = [n["id"] for n in contest["nominations"]]
    start = datetime.now(UTC).replace(microsecond=0)
    entries = [
        RosterEntry(
            _id=f"{contest['id']}-p{number:05d}",
            contest_id=contest["id"],
            nomination=nominations[number % len(nominations)],
            registration=Registration(
                display_name=f"ТОС №{number}", registered_at=start + timedelta(seconds=number)
            ),
        ).document()
        for number in range(count)
    ]
    for chunk in chunks(entries, 1000):
        await judging_db["roster"].insert_many(chunk, ordered=False)
    return [entry["_id"] for entry in entries]


async def seed_scorecards(
    judging_db: Database, contest_id: str, juror_ids: list[str], participant_ids: list[str]
) -> int:
    """Every juror's first scorecard revision for every participant, as the store writes them
    (without their `score.submitted`, which nobody needs to hear here), and the contest marked
    scored as the first scorecard marks it; returns how many."""
    from judging.records import ScorecardRevision
    from judging.store import JudgingStore

    store = JudgingStore(judging_db)
    nominations = {
        d["_id"]: d["nomination"] async for d in store.roster.find({"contest_id": contest_id})
    }
    weights = {c["id"]: c["weight"] for c in CRITERIA}
    now = datetime.now(UTC).replace(microsecond=0)
    generator = random.Random(8)
    documents = []
    for juror_id in juror_ids:
        for participant_id in participant_ids:
            scores = {c: float(generator.randint(0, 10)) for c in weights}
            total = sum(weights[c] * s for c, s in scores.items()) / sum(weights.values())
            documents.append(
                ScorecardRevision(
                    _id=str(uuid.uuid4()),
                    contest_id=contest_id,
                    juror_id=juror_id,
                    participant_id=participant_id,
                    nomination=nominations[participant_id],
                    revision=1,
                    scores=scores,
                    weighted_total=total,
                    submitted_at=now,
                ).document()
            )
    for chunk in chunks(documents, 2000):
        await store.revisions.insert_many(chunk, ordered=False)
    await store.mark_scored(contest_id)
    return len(documents)


async def read_scorecards(judging_db: Database, contest_id: str) -> int:
    """Merely read every scorecard revision of the contest, as the store's query does."""
    from judging.store import REVISIONS, SCORECARD_FIELDS

    query = {"contest_id": contest_id}
    return len(await judging_db[REVISIONS].find(query, projection=SCORECARD_FIELDS).to_list())


# --- the run ----------------------------------------------------------------------------------


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def tos_form(tag: str) -> dict[str, Any]:
    contact = {"name": "Анна", "email": f"{tag}@example.org", "phone": "89123456789"}
    return application_form(kind="tos", inn=None, name=f"ТОС {tag}", members=[], contact=contact)


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float, every: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await check():
            return True
        await asyncio.sleep(every)
    return await check()


class Bench:
    def __init__(
        self, options: Options, platform: Platform, mongodb_url: str, rabbitmq_url: str, db: str
    ):
        self.options = options
        self.platform = platform
        self.rabbitmq_url = rabbitmq_url
        self.mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
            mongodb_url, tz_aware=True, maxPoolSize=options.concurrency + 8
        )
        self.judging_db = self.mongo[f"{db}_judging"]
        self.limits_db = self.mongo[f"{db}_limits"]
        self.report = Report()
        self.insert_latencies: list[float] = []
        self.inserts_per_second: float | None = None
        self.database_pid: int | None = None
        self.database_cpu_per_insert: float | None = None
        # Idle connections are dropped before uvicorn's 5 s keep-alive ends, so that a request
        # never goes out on a connection the server is closing.
        limits = httpx.Limits(
            max_connections=256, max_keepalive_connections=256, keepalive_expiry=2.0
        )
        self.registration = httpx.AsyncClient(
            base_url=platform.registration.url, timeout=60, limits=limits
        )
        self.judging = httpx.AsyncClient(base_url=platform.judging.url, timeout=120, limits=limits)

    async def close(self) -> None:
        await self.registration.aclose()
        await self.judging.aclose()
        await self.mongo.close()

    async def run(self) -> Report:
        stages = [
            ("limits: database", self.database_limit),
            ("limits: broker", self.broker_limit),
            ("registrations", self.registrations),
            ("steady rate", self.steady_rate),
            ("concurrent scoring", self.concurrent_scoring),
            ("results and announcement", self.results_and_announcement),
            ("leaderboard page", self.leaderboard_page),
            ("memory", self.memory),
        ]
        for name, stage in stages:
            print(f"[{datetime.now(UTC):%H:%M:%S}] {name}", flush=True)
            try:
                await stage()
            except Exception as error:  # one failed stage leaves the others' figures
                task = asyncio.current_task()
                if task is not None and task.cancelling():  # Ctrl-C: stop, do not go on
                    raise
                self.report.add(Row(name, "failed", None, "", note=repr(error)[:200]))
        return self.report

    # the limits

    async def database_limit(self) -> None:
        """Single inserts, `concurrency` writers, of documents the size of a participant's."""
        collection = self.limits_db["inserts"]
        count = self.options.registrations
        body = tos_form("limit") | {"contest_id": "limit", "registered_at": datetime.now(UTC)}
        next_number = iter(range(count))

        async def writer() -> None:
            for number in next_number:
                started = time.perf_counter()
                await collection.insert_one(body | {"_id": f"insert-{number}"})
                self.insert_latencies.append(time.perf_counter() - started)

        cpu = cpu_seconds(self.database_pid)
        started = time.perf_counter()
        await asyncio.gather(*(writer() for _ in range(self.options.concurrency)))
        elapsed = time.perf_counter() - started
        self.inserts_per_second = count / elapsed
        if cpu is not None and (after := cpu_seconds(self.database_pid)) is not None:
            self.database_cpu_per_insert = (after - cpu) / count
        self.report.add(
            Row(
                "limits",
                f"single inserts/s ({self.options.concurrency} writers)",
                self.inserts_per_second,
                "/s",
            ),
            *(
                Row("limits", f"insert latency p{p}", percentile(self.insert_latencies, p), "s")
                for p in (50, 95, 99)
            ),
        )

    async def broker_limit(self) -> None:
        """Confirmed persistent publishes (`concurrency` in flight) to a quorum queue like the
        services' own, then consume-and-ack at the services' prefetch, of as many messages."""
        count = self.options.registrations
        body = json.dumps(tos_form("limit"), ensure_ascii=False).encode()
        connection = await aio_pika.connect(self.rabbitmq_url)
        async with connection:
            channel = await connection.channel(publisher_confirms=True)
            exchange = await channel.declare_exchange(
                "bench.limits", aio_pika.ExchangeType.TOPIC, auto_delete=True
            )
            queue = await channel.declare_queue(
                "bench.limits", durable=True, arguments={"x-queue-type": "quorum"}
            )
            await queue.bind(exchange, routing_key="#")
            numbers = iter(range(count))

            async def publisher() -> None:
                for number in numbers:
                    message = aio_pika.Message(
                        body, message_id=str(number), delivery_mode=aio_pika.DeliveryMode.PERSISTENT
                    )
                    await exchange.publish(message, routing_key="limit", mandatory=True)

            started = time.perf_counter()
            await asyncio.gather(*(publisher() for _ in range(self.options.concurrency)))
            published = count / (time.perf_counter() - started)

            consumer_channel = await connection.channel()
            await consumer_channel.set_qos(prefetch_count=16)
            consuming = await consumer_channel.get_queue("bench.limits")
            acked = 0
            done = asyncio.Event()

            async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
                nonlocal acked
                json.loads(message.body)
                await message.ack()
                acked += 1
                if acked == count:
                    done.set()

            started = time.perf_counter()
            tag = await consuming.consume(on_message)
            await asyncio.wait_for(done.wait(), timeout=300)
            consumed = count / (time.perf_counter() - started)
            await consuming.cancel(tag)
            await queue.delete(if_unused=False, if_empty=False)
        self.report.add(
            Row(
                "limits",
                f"confirmed publishes/s ({self.options.concurrency} in flight)",
                published,
                "/s",
            ),
            Row("limits", "consume-and-ack/s (prefetch 16)", consumed, "/s"),
        )
        self.report.details["broker"] = {"publishes_per_s": published, "acks_per_s": consumed}

    # registrations and their events

    async def open_contest(self, criteria: bool = True) -> dict[str, Any]:
        """A contest registration opened and judging learnt of by its event (and, once it has,
        took the criteria)."""
        contest = contest_form()
        opened = await self.registration.post("/contests", json=contest, headers=ORGANIZER)
        opened.raise_for_status()
        url = f"/contests/{contest['id']}/criteria"
        form = {"criteria": CRITERIA, "aggregation": "mean"}

        async def known() -> bool:
            if not criteria:
                return await contest_known(self.judging_db, contest["id"])
            put = await self.judging.put(url, json=form, headers=ORGANIZER)
            return put.status_code == 200

        if not await eventually(known, self.options.drain_timeout, 0.2):
            raise TimeoutError("judging did not learn of the contest")
        return contest

    async def register(self, url: str, form: dict[str, Any]) -> httpx.Response | None:
        """One application, as a careful client sends it: with an `Idempotency-Key`, so that
        a connection lost on the way is retried (once) without registering twice."""
        headers = {"Idempotency-Key": str(uuid.uuid4())}
        for attempt in range(2):
            try:
                return await self.registration.post(url, json=form, headers=headers)
            except httpx.TransportError:
                if attempt == 1:
                    return None
        return None

    async def register_all(
        self, contest: dict[str, Any], count: int, concurrency: int
    ) -> tuple[list[str], list[float], float, float, int]:
        """Participant ids, latencies, when the first request started and the last ended,
        and how many were not accepted."""
        url = f"/contests/{contest['id']}/participants"
        ids: list[str] = []
        latencies: list[float] = []
        numbers = iter(range(count))
        tag = uuid.uuid4().hex[:6]
        failed = 0

        async def client() -> None:
            nonlocal failed
            for number in numbers:
                started = time.perf_counter()
                response = await self.register(url, tos_form(f"{tag}-{number}"))
                latencies.append(time.perf_counter() - started)
                if response is not None and response.status_code == 201:
                    ids.append(response.json()["id"])
                else:
                    failed += 1

        first = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(concurrency)))
        return ids, latencies, first, time.perf_counter(), failed

    async def registrations(self) -> None:
        options = self.options
        contest = await self.open_contest(criteria=False)
        letters_before = len(list(self.platform.maildir.glob("*.eml")))
        processes: dict[str, int | None] = {
            p.name: p.process.pid for p in self.platform.processes() if p.process
        }
        processes["database server"] = self.database_pid
        cpu_before = {name: cpu_seconds(pid) for name, pid in processes.items()}
        ids, latencies, first, last, failed = await self.register_all(
            contest, options.registrations, options.concurrency
        )
        rate = len(ids) / (last - first)

        async def all_in_roster() -> bool:
            return await roster_count(self.judging_db, contest["id"]) >= len(ids)

        complete = await eventually(all_in_roster, options.drain_timeout, 0.05)
        arrived_at = time.perf_counter()
        arrived = await roster_count(self.judging_db, contest["id"])
        stage = f"registration (HTTP, {options.concurrency} clients)"
        limit, name = self.inserts_per_second, "inserts"
        note = "" if complete else f"only {arrived} of {len(ids)} after {options.drain_timeout} s"
        self.report.add(
            Row(
                stage,
                "registrations/s",
                rate,
                "/s",
                limit,
                name,
                "≥ 0.5×",
                f"{failed} not accepted" if failed else "",
            ),
            *latency_rows(stage, "latency", latencies, self.insert_latencies),
            Row(
                "events end to end",
                "registrations/s into judging's roster",
                arrived / (arrived_at - first),
                "/s",
                limit,
                name,
                "≥ 0.5×",
                note,
            ),
            Row(
                "events end to end",
                "last accepted → all in roster",
                arrived_at - last,
                "s",
                note=note,
            ),
        )

        async def all_letters_sent() -> bool:
            return len(list(self.platform.maildir.glob("*.eml"))) - letters_before >= len(ids)

        sent = await eventually(all_letters_sent, options.drain_timeout, 0.1)
        self.report.add(
            Row(
                "events end to end",
                "last accepted → every confirmation sent",
                time.perf_counter() - last,
                "s",
                note="" if sent else f"not all after {options.drain_timeout} s",
            )
        )
        self.work_per_registration(cpu_before, processes, len(ids))

    def work_per_registration(
        self, cpu_before: dict[str, float | None], processes: dict[str, int | None], count: int
    ) -> None:
        """CPU each process spent per accepted registration, from its request to its letter:
        a figure the machine's other load hardly moves. The database server's is set against
        its CPU per raw insert: how many inserts' worth of work one registration costs it."""
        stage = "CPU per registration"
        for name, pid in processes.items():
            before, after = cpu_before.get(name), cpu_seconds(pid)
            if before is None or after is None or not count:
                continue
            per = (after - before) / count
            if name == "database server":
                self.report.add(
                    Row(stage, name, per, "s", self.database_cpu_per_insert, "per insert")
                )
            else:
                self.report.add(Row(stage, name, per, "s"))

    async def steady_rate(self) -> None:
        """An open loop: a registration every 1/rate seconds whatever the answers, and the lag
        from each POST to its participant in judging's roster."""
        options = self.options
        contest = await self.open_contest(criteria=False)
        url = f"/contests/{contest['id']}/participants"
        total = int(options.steady_rate * options.steady_seconds)
        posted_at: dict[str, float] = {}
        lags: dict[str, float] = {}
        latencies: list[float] = []
        failures = 0
        tag = uuid.uuid4().hex[:6]

        async def one(number: int) -> None:
            """A request that times out or is refused counts as a failure, not a lag."""
            nonlocal failures
            started = time.perf_counter()
            try:
                response = await self.register(url, tos_form(f"{tag}-{number}"))
            except httpx.HTTPError:
                response = None
            latencies.append(time.perf_counter() - started)
            if response is not None and response.status_code == 201:
                posted_at[response.json()["id"]] = started
            else:
                failures += 1

        async def watch(stop: asyncio.Event) -> None:
            while not (stop.is_set() and len(lags) >= len(posted_at)):
                waiting = [pid for pid in posted_at if pid not in lags][:2000]
                if waiting:
                    seen_at = time.perf_counter()
                    for pid in await in_roster(self.judging_db, waiting):
                        lags[pid] = seen_at - posted_at[pid]
                await asyncio.sleep(0.02)

        stop = asyncio.Event()
        watcher = asyncio.create_task(watch(stop))
        requests = []
        start = time.perf_counter()
        for number in range(total):
            await asyncio.sleep(
                max(0.0, start + number / options.steady_rate - time.perf_counter())
            )
            requests.append(asyncio.create_task(one(number)))
        await asyncio.gather(*requests)
        sent_in = time.perf_counter() - start
        stop.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(watcher), options.drain_timeout)
        watcher.cancel()
        missing = len(posted_at) - len(lags)
        stage = f"steady {options.steady_rate:.0f}/s for {options.steady_seconds:.0f} s"
        values = list(lags.values())
        note = f"{missing} never arrived" if missing else ""
        self.report.add(
            Row(
                stage,
                "registrations/s offered → answered",
                len(latencies) / sent_in,
                "/s",
                options.steady_rate,
                "offered",
                note=f"{failures} refused or timed out" if failures else "",
            ),
            Row(
                stage,
                "POST → judging's roster p50",
                percentile(values, 50),
                "s",
                LAG_TARGET_SECONDS,
                "target",
                note=note,
            ),
            Row(
                stage,
                "POST → judging's roster p99",
                percentile(values, 99),
                "s",
                LAG_TARGET_SECONDS,
                "target",
                "< 1×",
                note=note,
            ),
            Row(
                stage,
                "POST latency p99",
                percentile(latencies, 99),
                "s",
                percentile(self.insert_latencies, 99),
                "insert p99",
            ),
        )

    # judging

    async def add_jurors(self, contest_id: str) -> tuple[list[str], list[dict[str, str]]]:
        ids, headers = [], []
        for number in range(1, self.options.jurors + 1):
            added = await self.judging.post(
                f"/contests/{contest_id}/jurors",
                json={"name": f"Эксперт {number}"},
                headers=ORGANIZER,
            )
            added.raise_for_status()
            ids.append(added.json()["id"])
            headers.append({"Authorization": f"Bearer {added.json()['token']}"})
        return ids, headers

    async def concurrent_scoring(self) -> None:
        """Every juror scores every participant, in an order of their own, one at a time."""
        options = self.options
        contest = await self.open_contest()
        participants, *_ = await self.register_all(
            contest, options.scoring_participants, options.concurrency
        )

        async def all_in_roster() -> bool:
            return await roster_count(self.judging_db, contest["id"]) >= len(participants)

        if not await eventually(all_in_roster, options.drain_timeout, 0.1):
            raise TimeoutError("the participants did not all reach judging's roster")
        _, jurors = await self.add_jurors(contest["id"])
        latencies: list[float] = []
        outcomes: dict[int, int] = {}

        async def juror(number: int, headers: dict[str, str]) -> None:
            order = participants[:]
            random.Random(number).shuffle(order)
            generator = random.Random(1000 + number)
            for participant in order:
                scores = {c["id"]: generator.randint(0, 10) for c in CRITERIA}
                started = time.perf_counter()
                response = await self.judging.put(
                    f"/contests/{contest['id']}/scores/{participant}",
                    json={"scores": scores},
                    headers=headers,
                )
                latencies.append(time.perf_counter() - started)
                outcomes[response.status_code] = outcomes.get(response.status_code, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(juror(n, h) for n, h in enumerate(jurors)))
        elapsed = time.perf_counter() - started
        accepted = outcomes.get(200, 0)
        refused = sum(n for status, n in outcomes.items() if status != 200)
        stage = f"scoring ({options.jurors} jurors × {len(participants)})"
        self.report.add(
            Row(
                stage,
                "scorecards/s",
                accepted / elapsed,
                "/s",
                self.inserts_per_second,
                "inserts",
                "≥ 0.5×",
            ),
            Row(
                stage,
                "refusals",
                refused,
                f"of {sum(outcomes.values())}",
                target="0",
                note=", ".join(f"{n}× {s}" for s, n in sorted(outcomes.items()) if s != 200),
            ),
            *latency_rows(stage, "latency", latencies, self.insert_latencies),
        )

    async def seeded_contest(self, participants: int) -> tuple[dict[str, Any], int]:
        """A contest with criteria, jurors and every scorecard, seeded straight into judging's
        database (registering and scoring this many through the API would take the bench's
        whole time); returns it and how many scorecards it holds."""
        contest = await self.open_contest()
        participant_ids = await seed_roster(self.judging_db, contest, participants)
        juror_ids, _ = await self.add_jurors(contest["id"])
        cards = await seed_scorecards(self.judging_db, contest["id"], juror_ids, participant_ids)
        return contest, cards

    async def timed(self, request: Callable[[], Awaitable[httpx.Response]]) -> float:
        started = time.perf_counter()
        response = await request()
        elapsed = time.perf_counter() - started
        response.raise_for_status()
        return elapsed

    async def results_and_announcement(self) -> None:
        options = self.options
        contest, cards = await self.seeded_contest(options.big_participants)
        unseen, _ = await self.seeded_contest(options.big_participants)  # announced cold
        url = f"/contests/{contest['id']}"
        reads = []
        for _ in range(2):
            started = time.perf_counter()
            assert await read_scorecards(self.judging_db, contest["id"]) == cards
            reads.append(time.perf_counter() - started)
        raw = min(reads)
        # the first computes the standings, the second finds them kept (nothing changed)
        first, kept = [
            await self.timed(lambda: self.judging.get(f"{url}/results", headers=ORGANIZER))
            for _ in range(2)
        ]
        announced = await self.timed(
            lambda: self.judging.post(f"{url}/announcement", headers=ORGANIZER)
        )
        announced_unseen = await self.timed(
            lambda: self.judging.post(f"/contests/{unseen['id']}/announcement", headers=ORGANIZER)
        )
        stage = f"{options.big_participants:,} × {options.jurors} jurors × {len(CRITERIA)} criteria"
        self.report.add(
            Row(stage, f"raw read of {cards:,} scorecards (best of 2)", raw, "s"),
            Row(
                stage,
                "live results (GET /results), first: computed",
                first,
                "s",
                raw,
                "raw read",
                "≤ 2×",
            ),
            Row(stage, "live results again, nothing new: kept", kept, "s", raw, "raw read"),
            Row(
                stage,
                "announcement (POST) after the results were seen",
                announced,
                "s",
                raw,
                "raw read",
                "≤ 2×",
            ),
            Row(
                stage,
                "announcement (POST) of a contest nobody looked at",
                announced_unseen,
                "s",
                raw,
                "raw read",
                "≤ 2×",
            ),
        )

    async def leaderboard_page(self) -> None:
        """Pages render within 100 ms server time for a leaderboard of 1,000 participants: the
        organizers' page (`scripts/bench_pages.py` reads its `Server-Timing`), and the results
        JSON beside it."""
        contest, _ = await self.seeded_contest(self.options.page_participants)
        url = f"/contests/{contest['id']}/results"
        times = [
            await self.timed(lambda: self.judging.get(url, headers=ORGANIZER)) for _ in range(5)
        ]
        stage = f"leaderboard of {self.options.page_participants:,}"
        self.report.add(
            Row(
                stage,
                "results JSON p50 of 5",
                statistics.median(times),
                "s",
                PAGE_TARGET_SECONDS,
                "target",
                "≤ 1×",
            ),
        )
        page = await leaderboard_page_render(self.judging, contest["id"], ORGANIZER_TOKEN)
        self.report.add(
            Row(
                stage,
                "organizers' leaderboard page, server time p50 of 5",
                page,
                "s",
                PAGE_TARGET_SECONDS,
                "target",
                "≤ 1×",
            )
        )

    async def memory(self) -> None:
        """Each service's resident memory after the run, and its peak, of the machine's RAM."""
        total = memory_total_mib()
        for process in self.platform.processes():
            resident, peak = resident_memory_mib(process.process.pid if process.process else 0)
            note = f"peak {peak:.0f} MiB" if peak is not None else ""
            self.report.add(
                Row(
                    "memory",
                    f"{process.name} resident",
                    resident,
                    "MiB",
                    total,
                    "RAM",
                    note=note,
                    percent=True,
                )
            )


def cpu_seconds(pid: int | None) -> float | None:
    """User and system CPU a process has used, from /proc; None where there is none."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def resident_memory_mib(pid: int) -> tuple[float | None, float | None]:
    """VmRSS and VmHWM (the peak) from /proc; None where there is no /proc."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None, None
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)

    def mib(name: str) -> float | None:
        return int(fields[name].split()[0]) / 1024 if name in fields else None

    return mib("VmRSS"), mib("VmHWM")


def memory_total_mib() -> float | None:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024
    return None


def machine() -> dict[str, Any]:
    cpu = platform.processor()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "host": socket.gethostname(),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_mib": memory_total_mib(),
        "python": platform.python_version(),
        "system": platform.platform(),
    }


@contextlib.contextmanager
def mongodb_on_disk(workdir: Path) -> Iterator[tuple[str, str, int | None]]:
    """`MONGODB_URL`'s server, or nx-27017 with its data on disk as `make run` starts it; its
    URL, what it is, and its process id when it runs here."""
    if url := os.environ.get("MONGODB_URL"):
        yield url, "MONGODB_URL", None
        return
    port = servers.free_port()
    server = shutil.which("nx-27017") or str(Path(sys.executable).with_name("nx-27017"))
    process = subprocess.Popen(
        [
            server,
            "--data-dir",
            str(workdir / "mongodb"),
            "-p",
            str(port),
            "--log-file",
            str(workdir / "nx-27017.log"),
            "--pid-file",
            str(workdir / "nx.pid"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        servers.wait_for_port("127.0.0.1", port)
        yield f"mongodb://127.0.0.1:{port}/", "nx-27017 (on disk)", process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


async def bench(
    options: Options,
    workdir: Path,
    mongodb_url: str,
    broker: servers.BrokerForTests,
    database_pid: int | None,
) -> Report:
    database = f"bench_{uuid.uuid4().hex[:8]}"
    with running_platform(mongodb_url, broker, database, workdir) as platform:
        runner = Bench(options, platform, mongodb_url, broker.url, database)
        runner.database_pid = database_pid
        try:
            return await runner.run()
        finally:
            await runner.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller and shorter stages")
    parser.add_argument("--out", type=Path, default=ROOT / ".run" / "bench.json")
    parser.add_argument("--keep", action="store_true", help="keep the logs and data directory")
    for name, default in Options().__dict__.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(default), default=None)
    args = parser.parse_args()
    base = Options.quick() if args.quick else Options()
    options = Options(
        **{
            name: value if (value := getattr(args, name)) is not None else getattr(base, name)
            for name in base.__dict__
        }
    )
    workdir = Path(tempfile.mkdtemp(prefix="forum-bench-"))
    print(f"bench: {options}\nlogs and data in {workdir}", flush=True)
    try:
        with (
            mongodb_on_disk(workdir) as (mongodb_url, mongodb_kind, database_pid),
            servers.rabbitmq() as broker,
        ):
            report = asyncio.run(bench(options, workdir, mongodb_url, broker, database_pid))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    report.details |= {
        "machine": machine() | {"database_server": mongodb_kind},
        "options": options.__dict__,
    }
    print()
    print(report.table())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report.json(), indent=2, ensure_ascii=False, default=str))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
