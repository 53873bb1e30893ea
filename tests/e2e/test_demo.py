"""`make demo` against the platform's processes: the forum of the article is played through
the public API, twice; every contest ends announced with everyone's letters sent, except the
championship's final, which is left being judged (its jurors' links printed)."""

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import httpx

from support.apps import ORGANIZER_TOKEN
from support.platform import ORGANIZERS_EMAIL, Platform


def play(platform: Platform, repository_root: Path) -> str:
    run = subprocess.run(
        [
            sys.executable,
            str(repository_root / "scripts" / "demo.py"),
            "--small",
            "--registration", platform.registration.url,
            "--judging", platform.judging.url,
            "--notifications", platform.notifications.url,
            "--token", ORGANIZER_TOKEN,
            "--maildir", str(platform.maildir),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def test_the_demo_plays_the_forum_of_the_article_and_can_play_it_again(
    platform: Platform, repository_root: Path
) -> None:
    year = datetime.now(UTC).year
    first = play(platform, repository_root)
    second = play(platform, repository_root)

    contests = httpx.get(f"{platform.registration.url}/contests").json()
    ids = sorted(contest["id"] for contest in contests)
    announcements = [
        httpx.get(f"{platform.judging.url}/contests/{contest_id}/announcement")
        for contest_id in ids
        if not contest_id.startswith("prolog-final")
    ]
    final = httpx.get(f"{platform.judging.url}/contests/prolog-final-{year}/announcement")
    mail = platform.mail()

    assert ids == sorted(
        f"{slug}-{year}{suffix}"
        for slug in ("prolog", "tos-practices", "sonko-practices", "prolog-final")
        for suffix in ("", "-2")
    )
    assert {c["title"] for c in contests} == {
        "Чемпионат по социальному проектированию «ПроЛог»",
        "Лучшие практики ТОС",
        "Лучшие практики СОНКО",
        "Финал чемпионата «ПроЛог»",
    }
    assert len(announcements) == 6
    assert all(answer.status_code == 200 for answer in announcements)
    assert final.status_code == 404  # the final is being judged: its jurors' links are printed
    assert all(n["winners"] for answer in announcements for n in answer.json()["nominations"])
    assert "Готово. Откройте:" in first
    audit = httpx.get(
        f"{platform.judging.url}/audit",
        params={"action": "winners.announced"},
        headers={"Authorization": f"Bearer {ORGANIZER_TOKEN}"},
    ).json()["entries"]
    assert {entry["actor"]["name"] for entry in audit} == {"Анна Смирнова"}  # her own key
    assert f"/screen/prolog-{year}-2" in second
    assert "/jury/" in second
    # Per run: 10 participants confirmed and told the results, 2 finalists confirmed; 3 summaries.
    to_participants = [m for m in mail if str(m["To"]) != ORGANIZERS_EMAIL]
    assert len(to_participants) == 2 * (2 * 10 + 2)
    assert len(mail) - len(to_participants) == 2 * 3
