"""`make demo`: plays the forum of the article against the running platform, through its
public API only, and ends with the addresses to open.

    make run                       # in one terminal
    make demo                      # in another
    python scripts/demo.py --small --registration http://127.0.0.1:9001 ...

The championship «ПроЛог» (16+, teams), «Лучшие практики ТОС» (12+) and «Лучшие практики
СОНКО» (12+), with the article's spheres as nominations: contests opened with their
registration window around now, a few dozen participants registered, a jury per contest with
criteria, every juror's scorecards, the announcements — and the letters everyone receives.

Run it again and it plays the forum again under new contest ids (…-2, …-3): nothing it made
before is touched. Judging learns contests and participants from events, so the script waits
(polling) until judging knows them before it sets criteria and lets the jurors score. The
shared key only adds a named organizer, Анна Смирнова; everything else is done under her own
key, so the services' audit trails say who did what.
"""

import argparse
import json
import os
import random
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo_forum import COMMENTS, ContestPlan, forum  # noqa: E402

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent
LOCAL_ORGANIZER_TOKEN = "dev-organizer-token"
ORGANIZER_NAME = "Анна Смирнова"


class DemoFailed(Exception):
    pass


class WaitsOutRateLimit(httpx.BaseTransport):
    """Against a platform with its per-address rate limit on (compose's default), a 429 is a
    pause, not a failure: wait what `Retry-After` says (at most `longest` seconds a time) and
    send the same request again, up to `attempts` times."""

    def __init__(
        self,
        inner: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        attempts: int = 30,
        longest: float = 60.0,
    ):
        self.inner = inner or httpx.HTTPTransport()
        self.sleep = sleep
        self.attempts = attempts
        self.longest = longest

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        for _ in range(self.attempts):
            response = self.inner.handle_request(request)
            if response.status_code != 429:
                return response
            response.read()
            response.close()
            self.sleep(min(self.longest, self._retry_after(response)))
        return self.inner.handle_request(request)

    @staticmethod
    def _retry_after(response: httpx.Response) -> float:
        value = response.headers.get("retry-after", "")
        return float(value) if value.isdigit() else 1.0

    def close(self) -> None:
        self.inner.close()


def say(text: str = "") -> None:
    print(text, flush=True)


def setting(name: str, default: str) -> str:
    """As `make run` reads it: the environment, else the repository's .env, else `default`."""
    if os.environ.get(name):
        return os.environ[name]
    dotenv = ROOT / ".env"
    found = None
    if dotenv.exists():
        for line in dotenv.read_text().splitlines():
            key, equals, value = line.strip().removeprefix("export ").partition("=")
            if equals and key.strip() == name:
                found = value.strip().strip("'\"")
    return found or default


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Plays the forum of the article (make demo).")
    env = setting
    for name, port in (("registration", 8001), ("judging", 8002), ("notifications", 8003)):
        # make run's addresses: its *_PORT settings, unless *_URL says otherwise.
        local = f"http://127.0.0.1:{env(name.upper() + '_PORT', str(port))}"  # fmt: skip
        parser.add_argument(f"--{name}", default=env(name.upper() + "_URL", local))
    parser.add_argument(
        "--token", default=env("ORGANIZER_TOKEN", LOCAL_ORGANIZER_TOKEN), help="organizer's key"
    )
    parser.add_argument(
        "--maildir", default=str(Path(env("RUN_DIR", str(ROOT / ".run"))) / "mail"),
        help="where make run's SMTP sink keeps the letters",
    )  # fmt: skip
    parser.add_argument(
        "--summary", default=str(Path(env("RUN_DIR", str(ROOT / ".run"))) / "demo.json"),
        help="where to write the contests' ids and the live final's juror links (JSON)",
    )  # fmt: skip
    parser.add_argument("--small", action="store_true", help="a few participants (for tests)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait per step")
    return parser.parse_args()


def eventually(check: Callable[[], T | None], timeout: float, what: str) -> T:
    """`check()`'s first truthy result, polled; a clear failure after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise DemoFailed(f"не дождались: {what} (за {timeout:.0f} с)")
        time.sleep(0.25)


class Platform:
    def __init__(self, options: argparse.Namespace):
        self.urls = {
            "registration": options.registration.rstrip("/"),
            "judging": options.judging.rstrip("/"),
            "notifications": options.notifications.rstrip("/"),
        }
        self.organizer = {"Authorization": f"Bearer {options.token}"}
        self.timeout = options.timeout
        self.registration = httpx.Client(
            base_url=self.urls["registration"], timeout=30, transport=WaitsOutRateLimit()
        )
        self.judging = httpx.Client(base_url=self.urls["judging"], timeout=30)
        self.notifications = httpx.Client(base_url=self.urls["notifications"], timeout=30)

    def check_ready(self) -> None:
        for name, url in self.urls.items():
            try:
                ready = httpx.get(f"{url}/health/ready", timeout=5).status_code == 200
            except httpx.HTTPError:
                ready = False
            if not ready:
                raise DemoFailed(
                    f"сервис {name} не отвечает по адресу {url}: запустите платформу "
                    "(make run) или укажите адреса (--registration, --judging, --notifications)"
                )
        probe = self.notifications.get("/webhooks", headers=self.organizer)
        if probe.status_code in (401, 403):
            raise DemoFailed("ключ организатора не подошёл: укажите --token или ORGANIZER_TOKEN")

    def act_as_a_named_organizer(self, name: str) -> str:
        """The forum's organizer acts under her own name, so the audit trails say who did
        what: the shared key adds her, and she goes on once every service accepts her key
        (judging and notifications learn it from `organizer.added`). Returns her key."""
        added = self.registration.post("/organizers", json={"name": name}, headers=self.organizer)
        token = expect(added, 201)["token"]
        personal = {"Authorization": f"Bearer {token}"}

        def accepted_everywhere() -> bool:
            return all(
                client.get("/audit", params={"limit": 1}, headers=personal).status_code == 200
                for client in (self.judging, self.notifications)
            )

        eventually(accepted_everywhere, self.timeout, "личный ключ организатора во всех сервисах")
        self.organizer = personal
        return token

    def free_contest_id(self, slug: str, year: int) -> str:
        """`slug-year`, or `slug-year-2`, `-3`…: a new contest for every run."""
        for attempt in range(1, 1000):
            contest_id = f"{slug}-{year}" + (f"-{attempt}" if attempt > 1 else "")
            if self.registration.get(f"/contests/{contest_id}").status_code == 404:
                return contest_id
        raise DemoFailed(f"нет свободного номера для конкурса {slug}")


def expect(response: httpx.Response, *statuses: int) -> dict[str, Any]:
    if response.status_code not in statuses:
        raise DemoFailed(
            f"{response.request.method} {response.request.url.path} → {response.status_code}: "
            f"{response.text[:500]}"
        )
    return response.json() if response.content else {}


def live_progress(number: int, jurors: int) -> str:
    """In the live final: all but three jurors are done (at least one), one is half-way, the
    rest have not started."""
    done = max(1, jurors - 3)
    return "done" if number < done else "half" if number == done else "not started"


def live_share(items: list[T], number: int, jurors: int) -> list[T]:
    progress = live_progress(number, jurors)
    return items if progress == "done" else items[: len(items) // 2] if progress == "half" else []


@dataclass
class Played:
    plan: ContestPlan
    contest_id: str
    juror_links: list[tuple[str, str]]  # (name, personal link): only a live contest's are kept


def play_contest(
    platform: Platform, plan: ContestPlan, now: datetime, rng: random.Random
) -> Played:
    contest_id = platform.free_contest_id(plan.slug, now.year)
    contest = {
        "id": contest_id,
        "title": plan.title,
        "age_rating": plan.age_rating,
        "participant_kinds": plan.kinds,
        "nominations": [{"id": key, "title": title} for key, title in plan.nominations.items()],
        # Open around now: registration must be open for the participants to register.
        "registration_opens_at": (now - timedelta(hours=1)).isoformat(),
        "registration_closes_at": (now + timedelta(days=14)).isoformat(),
        "places_per_nomination": plan.places,
    }
    expect(platform.registration.post("/contests", json=contest, headers=platform.organizer), 201)
    say(f"{plan.title} ({plan.age_rating}): конкурс открыт, адрес {contest_id}")
    say(f"  номинации: {'; '.join(plan.nominations.values())}")

    participants: dict[str, dict[str, Any]] = {}
    for application in plan.applications:
        body = {key: value for key, value in application.items() if key != "quality"}
        accepted = expect(
            platform.registration.post(
                f"/contests/{contest_id}/participants",
                json=body,
                headers={"Idempotency-Key": str(uuid.uuid4())},
            ),
            201,
        )
        participants[accepted["id"]] = application
    kinds = {"team": "команд", "tos": "ТОС", "sonko": "СОНКО"}
    say(f"  зарегистрировано {kinds[plan.kinds[0]]}: {len(participants)}")

    criteria = {
        "criteria": [c | {"min_score": 0, "max_score": 10} for c in plan.criteria],
        "aggregation": plan.aggregation,
    }

    def criteria_accepted() -> bool:
        put = platform.judging.put(
            f"/contests/{contest_id}/criteria", json=criteria, headers=platform.organizer
        )
        if put.status_code not in (200, 404):
            expect(put, 200)
        return put.status_code == 200

    eventually(criteria_accepted, platform.timeout, f"судейство узнает о конкурсе {contest_id}")
    say(f"  судейство узнало о конкурсе; критерии: {', '.join(c['title'] for c in plan.criteria)}")

    jurors: list[tuple[str, dict[str, str]]] = []
    for name in plan.jurors:
        added = expect(
            platform.judging.post(
                f"/contests/{contest_id}/jurors", json={"name": name}, headers=platform.organizer
            ),
            201,
        )
        jurors.append((name, {"Authorization": f"Bearer {added['token']}"}))
    say(f"  жюри: {', '.join(plan.jurors)}")

    def whole_roster() -> list[dict[str, Any]] | None:
        roster = platform.judging.get(f"/contests/{contest_id}/roster", headers=jurors[0][1])
        lines = expect(roster, 200)["participants"]
        return lines if {line["participant_id"] for line in lines} >= set(participants) else None

    eventually(whole_roster, platform.timeout, "судейство узнает обо всех участниках")
    say("  судейство знает всех участников")

    scorecards = 0
    for number, (_, headers) in enumerate(jurors):
        bias = rng.uniform(-1.0, 1.0) if plan.aggregation == "zscore" else rng.uniform(-0.5, 0.5)
        scored = list(participants.items())
        if plan.live:  # some jurors are done, one is half-way, the others about to start
            scored = live_share(scored, number, len(jurors))
        for participant_id, application in scored:
            scores = {
                criterion["id"]: max(
                    0, min(10, round(application["quality"] + bias + rng.uniform(-1.2, 1.2)))
                )
                for criterion in plan.criteria
            }
            card: dict[str, Any] = {"scores": scores}
            if rng.random() < 0.3:
                card["comment"] = rng.choice(COMMENTS)
            expect(
                platform.judging.put(
                    f"/contests/{contest_id}/scores/{participant_id}", json=card, headers=headers
                ),
                200,
            )
            scorecards += 1
        if scored:
            say(f"  эксперт {number + 1} из {len(jurors)} выставил оценки ({len(scored)})")
    say(f"  оценочных листов: {scorecards}")
    if plan.live:
        say("  финал судят прямо сейчас: итоги объявит организатор на своей странице")
        links = [
            (name, f"{platform.urls['judging']}/jury/{headers['Authorization'].split()[1]}")
            for name, headers in jurors
        ]
        return Played(plan, contest_id, links)

    results = expect(
        platform.judging.get(f"/contests/{contest_id}/results", headers=platform.organizer), 200
    )
    if not results["complete"]:
        raise DemoFailed(f"оценки конкурса {contest_id} неполны: {results['missing_scorecards']}")
    announcement = expect(
        platform.judging.post(f"/contests/{contest_id}/announcement", headers=platform.organizer),
        201,
        200,
    )
    say("  итоги объявлены:")
    for nomination in announcement["nominations"]:
        winners = ", ".join(f"{w['place']}. {w['display_name']}" for w in nomination["winners"])
        say(f"    {nomination['nomination_title']}: {winners}")
    return Played(plan, contest_id, [])


def letters_sent(platform: Platform, contest_id: str, participants: int, each: int) -> int:
    """Waits until every participant has had `each` letters (confirmation, results)."""

    def done() -> int | None:
        log = platform.notifications.get(
            "/notifications",
            params={"contest_id": contest_id, "limit": 500},
            headers=platform.organizer,
        )
        letters = [n for n in expect(log, 200) if n["channel"] == "email"]
        to_participants = [n for n in letters if n["recipient_kind"] == "participant"]
        settled = all(
            n["status"] == "sent" or (n["status"] == "failed" and not n["next_attempt_at"])
            for n in letters
        )
        if len(to_participants) >= each * participants and settled:
            return sum(n["status"] == "sent" for n in letters)
        return None

    return eventually(done, platform.timeout, f"письма участникам конкурса {contest_id}")


def main() -> int:
    options = arguments()
    platform = Platform(options)
    now = datetime.now(UTC)
    rng = random.Random(now.toordinal())
    try:
        platform.check_ready()
        say("Форум СОНКО и ТОС: играем конкурсы из статьи через API платформы")
        urls = platform.urls
        say(f"  регистрация {urls['registration']}, судейство {urls['judging']}, ")
        say(f"  уведомления {urls['notifications']}")
        personal_key = platform.act_as_a_named_organizer(ORGANIZER_NAME)
        say(f"  организатор {ORGANIZER_NAME} действует под своим именем (её личный ключ — ниже)")
        say()
        plans = forum(small=options.small, today=date.today())
        contests: list[Played] = []
        for plan in plans:
            contests.append(play_contest(platform, plan, now, rng))
            say()
        say("Письма участникам и организаторам:")
        for played in contests:
            each = 1 if played.plan.live else 2
            sent = letters_sent(platform, played.contest_id, len(played.plan.applications), each)
            say(f"  {played.plan.title}: отправлено писем {sent}")
    except DemoFailed as failure:
        say(f"Остановились: {failure}")
        return 1
    finally:
        for client in (platform.registration, platform.judging, platform.notifications):
            client.close()

    registration, judging, notifications = (
        platform.urls[name] for name in ("registration", "judging", "notifications")
    )
    say()
    say("Готово. Откройте:")
    say(f"  конкурсы форума                {registration}/")
    for played in contests:
        contest_id = played.contest_id
        say(f"  {played.plan.title}")
        if not played.plan.live:
            say(f"    итоги                        {judging}/results/{contest_id}")
            say(f"    экран пленарного заседания   {judging}/screen/{contest_id}")
            continue
        say(f"    экран (ждёт объявления)      {judging}/screen/{contest_id}")
        say(f"    таблица жюри, объявление     {judging}/organizer/contest/{contest_id}")
        for name, link in played.juror_links:
            say(f"    ссылка эксперта {name}: {link}")
    say(f"  библиотека лучших практик      {judging}/library")
    say(f"  организаторам: конкурсы        {registration}/organizer")
    say(f"  организаторам: жюри и итоги    {judging}/organizer")
    say(f"  организаторам: уведомления     {notifications}/organizer/notifications")
    say(f"  организаторам: вебхуки         {notifications}/organizer/webhooks")
    say(f"  журнал действий организаторов  {judging}/organizer/audit")
    if options.token == LOCAL_ORGANIZER_TOKEN:
        say(f"  общий ключ организаторов       {options.token}")
    say(f"  личный ключ: {ORGANIZER_NAME}  {personal_key}")
    say(f"  письма (make run)              {options.maildir}")
    summary = Path(options.summary)
    summary.parent.mkdir(parents=True, exist_ok=True)
    summary.write_text(json.dumps(summary_of(platform, contests), ensure_ascii=False, indent=2))
    return 0


def summary_of(platform: Platform, contests: list[Played]) -> dict[str, Any]:
    """What scripts/screenshots.py needs to find its way: addresses, contests, jurors' links."""
    return {
        "urls": platform.urls,
        "contests": [
            {
                "key": played.plan.key,
                "id": played.contest_id,
                "title": played.plan.title,
                "live": played.plan.live,
                "jurors": [
                    {"name": name, "link": link, "progress": live_progress(n, len(links))}
                    for links in [played.juror_links]
                    for n, (name, link) in enumerate(links)
                ],
            }
            for played in contests
        ],
    }


if __name__ == "__main__":
    sys.exit(main())
