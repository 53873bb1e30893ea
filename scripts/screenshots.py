"""The README's screenshots, taken again: the key page of every role, after `make demo`.

    make run                        # in one terminal
    make demo                       # in another: plays the forum, writes .run/demo.json
    .venv/bin/python scripts/screenshots.py

Debian's Chromium through Playwright (launched by path with the test suite's flags), desktop
pages 1280 px wide and the juror's on a 360×740 phone; each saved under docs/screenshots/ as a
palette PNG (small enough for the repository). It reads `make demo`'s summary (`--summary`) for
the contests' ids and a juror's personal link, and signs in as the organizer with `--token`.
Opening a juror's link scores nothing. A page that does not exist (yet) is skipped, saying so.
"""

import argparse
import asyncio
import io
import json
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image
from playwright.async_api import Browser, Page, async_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from demo import setting  # noqa: E402

from support.browser import CHROMIUM_FLAGS, chromium_path  # noqa: E402

PHONE = {"width": 360, "height": 740}


@dataclass(frozen=True)
class Shot:
    name: str  # the file's name, without .png
    url: str
    phone: bool = False
    organizer: bool = False
    prepare: Callable[[Page], Awaitable[None]] | None = None
    height: int = 860
    wait_ms: int = 600  # for animations and fonts


def arguments() -> argparse.Namespace:
    run_dir = Path(setting("RUN_DIR", str(ROOT / ".run")))
    parser = argparse.ArgumentParser(description="Takes the README's screenshots again.")
    parser.add_argument("--summary", default=str(run_dir / "demo.json"), help="make demo's")
    parser.add_argument("--token", default=setting("ORGANIZER_TOKEN", "dev-organizer-token"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--only", nargs="*", help="take only these (by file name)")
    return parser.parse_args()


def contest(summary: dict[str, Any], key: str) -> dict[str, Any]:
    return next(c for c in summary["contests"] if c["key"] == key)


async def wrong_application(page: Page) -> None:
    """The registration form sent with a mistyped ИНН and without the consent."""
    typed = {
        "name": "ТОС «Зелёный квартал»",
        "inn": "6321000001",
        "contact.name": "Ирина Петрова",
        "contact.email": "irina.petrova@example.org",
        "contact.phone": "8 927 123-45-67",
        "project.title": "Сад на крыше",
        "project.summary": "Жители разбили сад на крыше общественного центра.",
    }
    for name, value in typed.items():
        field = page.locator(f'[name="{name}"]')
        if await field.count():
            await field.first.fill(value)
    for name in ("kind", "nomination"):
        radio = page.locator(f'input[type=radio][name="{name}"]')
        if await radio.count():
            await radio.first.check()
    await page.locator("main form button[type=submit]").last.click()
    await page.wait_for_load_state()


def shots(summary: dict[str, Any]) -> list[Shot]:
    urls = summary["urls"]
    registration, judging, notifications = (
        urls[name] for name in ("registration", "judging", "notifications")
    )
    tos, final = contest(summary, "tos"), contest(summary, "final")
    juror = next(j for j in final["jurors"] if j.get("progress") == "half")["link"]
    return [
        Shot("contests", f"{registration}/"),
        Shot("registration-form-errors", f"{registration}/contest/{tos['id']}/apply",
             prepare=wrong_application, height=1560),
        Shot("juror-phone", juror, phone=True),
        Shot("organizer-participants", f"{registration}/organizer/contests/{tos['id']}",
             organizer=True),
        Shot("leaderboard", f"{judging}/organizer/contest/{final['id']}", organizer=True,
             height=1200),
        Shot("plenary-screen", f"{judging}/screen/{tos['id']}", height=720, wait_ms=4000),
        Shot("results", f"{judging}/results/{tos['id']}"),
        Shot("library", f"{judging}/library"),
        Shot("delivery-log", f"{notifications}/organizer/notifications", organizer=True,
             height=1000),
        Shot("audit", f"{judging}/organizer/audit", organizer=True, height=900),
    ]  # fmt: skip


async def sign_in(browser: Browser, summary: dict[str, Any], token: str) -> dict[str, Any]:
    """The organizer's session cookie (one serves every service on the same host)."""
    context = await browser.new_context(locale="ru-RU")
    page = await context.new_page()
    await page.goto(f"{summary['urls']['notifications']}/organizer/sign-in")
    await page.locator("#token").fill(token)
    await page.locator("main button[type=submit]").click()
    await page.wait_for_load_state()
    if "sign-in" in page.url:
        raise SystemExit("the organizer's key did not fit: give --token")
    state = await context.storage_state()
    await context.close()
    return state


def small_png(raw: bytes) -> bytes:
    """A palette PNG: a page's few flat colours survive, the file shrinks several times."""
    image = Image.open(io.BytesIO(raw)).convert("RGB")
    palette = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


async def take(browser: Browser, shot: Shot, organizer: dict[str, Any], out: Path) -> None:
    options: dict[str, Any] = {"locale": "ru-RU", "timezone_id": "Europe/Samara"}
    if shot.phone:
        options |= {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True,
                    "has_touch": True}  # fmt: skip
    else:
        options |= {"viewport": {"width": 1280, "height": shot.height}}
    if shot.organizer:
        options["storage_state"] = organizer
    context = await browser.new_context(**options)
    page = await context.new_page()
    try:
        response = await page.goto(shot.url)
        if response is None or response.status == 404:
            print(f"  {shot.name}: нет страницы {shot.url} — пропускаю")
            return
        if shot.prepare:
            await shot.prepare(page)
        await page.wait_for_timeout(shot.wait_ms)
        png = small_png(await page.screenshot())
        await asyncio.to_thread((out / f"{shot.name}.png").write_bytes, png)
        print(f"  {shot.name}: {out / shot.name}.png ({len(png) // 1024} КБ)")
    finally:
        await context.close()


async def photograph(summary: dict[str, Any], token: str, out: Path, only: list[str]) -> None:
    path = chromium_path()
    if path is None:
        raise SystemExit("no Chromium: install Debian's `chromium` package")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        organizer = await sign_in(browser, summary, token)
        print(f"Снимки страниц в {out}:")
        for shot in shots(summary):
            if not only or shot.name in only:
                await take(browser, shot, organizer, out)
        await browser.close()


def main() -> None:
    options = arguments()
    summary_path = Path(options.summary)
    if not summary_path.exists():
        raise SystemExit(f"no {summary_path}: run `make demo` first")
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    summary = json.loads(summary_path.read_text())
    asyncio.run(photograph(summary, options.token, out, options.only or []))


if __name__ == "__main__":
    main()
