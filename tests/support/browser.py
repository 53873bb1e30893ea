"""A real browser for the page tests: Debian's Chromium driven by Playwright, launched by path.

Playwright's own browser downloads do not work here; the setup installs the `chromium` package
where it is missing (as root, with apt-get) and otherwise skips the browser tests, saying why.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import axe_playwright_python
from playwright.async_api import Page

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")


def chromium_path() -> str | None:
    """Debian's Chromium, installed on first use where we may (root with apt-get)."""
    found = shutil.which("chromium")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium"]
    if subprocess.run(install, env=env, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True)
        subprocess.run(install, env=env, capture_output=True)
    return shutil.which("chromium")


async def serious_accessibility_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations of the page as it is now (WCAG 2.1 AA)."""
    await page.add_script_tag(content=AXE_SCRIPT.read_text())
    result = await page.evaluate(
        "async () => JSON.stringify(await axe.run(document, {runOnly: "
        "{type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}))"
    )
    violations = json.loads(result)["violations"]
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


async def tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until `selector` has the focus, as a keyboard-only user would."""
    for _ in range(limit):
        await page.keyboard.press("Tab")
        if await page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")
