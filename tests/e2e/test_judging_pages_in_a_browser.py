"""Judging's pages in a real browser, against the service as a process: a juror on a 360-px
phone opens the personal link, scores, declares a conflict and sees the progress; the organizer
signs in, watches the leaderboard and announces, and the plenary screen — open since before —
shows the winners without a reload; the public results and the library show them; the
protocol downloads and holds what the page shows; axe finds nothing serious on any page."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from io import BytesIO
from pathlib import Path

import httpx
import pytest
from integration.judging.harness import ECOLOGY, contest_opened, registered
from openpyxl import load_workbook
from playwright.async_api import BrowserContext, Page

from support.amqp import fresh_queues  # noqa: F401 (an autouse fixture)
from support.apps import ORGANIZER, ORGANIZER_TOKEN
from support.browser import serious_accessibility_violations
from support.forms import criteria_form
from support.forum import ForumEvents, eventually
from support.processes import ServiceProcess
from support.servers import BrokerForTests

pytest_plugins = ["e2e.browser_fixtures"]


@pytest.fixture
def judging(
    mongodb_url: str, broker: BrokerForTests, database_name: str, tmp_path: Path
) -> Iterator[ServiceProcess]:
    service = ServiceProcess(
        "judging",
        {
            "ENVIRONMENT": "test",
            "MONGODB_URL": mongodb_url,
            "MONGODB_DATABASE": f"{database_name}_judging",
            "RABBITMQ_URL": broker.url_for("judging"),
            "BROKER_USER_PREFIX": broker.user_prefix,
            "ORGANIZER_TOKEN": ORGANIZER_TOKEN,
            "OUTBOX_POLL_SECONDS": "0.2",
        },
        tmp_path,
    )
    service.env["JUDGING_URL"] = service.url  # the jurors' links point at this process
    service.start()
    yield service
    service.stop()


@pytest.fixture
async def forum(broker: BrokerForTests) -> AsyncIterator[ForumEvents]:
    async with ForumEvents(broker) as events:
        yield events


class Contest:
    """A contest judging learnt from registration's events, set up through its API."""

    def __init__(self, judging: ServiceProcess, forum: ForumEvents):
        self.api = httpx.AsyncClient(base_url=judging.url, headers=ORGANIZER)
        self.forum = forum
        self.id = f"contest-{uuid.uuid4().hex[:8]}"
        self.url = f"/contests/{self.id}"

    async def open(self) -> list[str]:
        """Two urban participants, one in ecology who keeps their name private."""
        await self.forum.publish(contest_opened(self.id))
        events = [registered(self.id, 1), registered(self.id, 2)]
        private = {"name_public": False, "participant_id": str(uuid.uuid4())}
        events.append(registered(self.id, 3, ECOLOGY).model_copy(update=private))
        await self.forum.publish(*events)

        async def learnt() -> bool:
            return (await self.api.get(f"{self.url}/jurors")).status_code == 200

        await eventually(learnt, timeout=30)
        return [event.participant_id for event in events]

    async def juror(self, name: str) -> str:
        answer = await self.api.post(f"{self.url}/jurors", json={"name": name})
        assert answer.status_code == 201, answer.text
        return answer.json()["token"]

    async def score(self, token: str, participant_id: str, impact: int, feasibility: int) -> None:
        answer = await self.api.put(
            f"{self.url}/scores/{participant_id}",
            json={"scores": {"impact": impact, "feasibility": feasibility}},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert answer.status_code == 200, answer.text

    async def roster_of(self, token: str) -> int:
        answer = await self.api.get(
            f"{self.url}/roster", headers={"Authorization": f"Bearer {token}"}
        )
        return len(answer.json()["participants"]) if answer.status_code == 200 else 0


@pytest.fixture
async def contest(judging: ServiceProcess, forum: ForumEvents) -> AsyncIterator[Contest]:
    created = Contest(judging, forum)
    yield created
    await created.api.aclose()


async def no_serious_problems(page: Page) -> None:
    assert await serious_accessibility_violations(page) == [], page.url


async def fits_the_phone(page: Page) -> None:
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} scrolls sideways on a 360-px phone ({width} px)"


async def test_a_juror_scores_on_a_phone_declares_a_conflict_and_sees_the_progress(
    phone: BrowserContext, judging: ServiceProcess, contest: Contest
) -> None:
    p1, p2, _ = await contest.open()
    token = await contest.juror("Анна Смирнова")
    await eventually(lambda: _has(contest, token, 3), timeout=30)
    answer = await contest.api.put(f"{contest.url}/criteria", json=criteria_form())
    assert answer.status_code == 200, answer.text
    page = await phone.new_page()
    await page.goto(f"{judging.url}/jury/not-a-real-token")
    assert "Ссылка не действует" in await page.locator("h1").inner_text()
    await no_serious_problems(page)

    await page.goto(f"{judging.url}/jury/{token}")

    assert page.url == f"{judging.url}/jury"  # the token left the address bar
    assert "Оценено 0 из 3" in await page.locator("#progress").inner_text()
    await fits_the_phone(page)
    await no_serious_problems(page)

    await page.get_by_role("link", name="Оценить следующего").click()
    await page.wait_for_url(f"**/jury/score/{p1}")
    assert "Сколько жителей почувствуют перемены" in await page.locator("main").inner_text()
    await fits_the_phone(page)
    await no_serious_problems(page)
    await page.get_by_role("button", name="Сохранить и перейти к следующему").click()
    await page.wait_for_selector(".error-summary")
    assert "Поставьте оценку от 0 до 10" in await page.locator(".error-summary").inner_text()
    await no_serious_problems(page)

    impact = page.get_by_role("group", name="Социальный эффект")
    await impact.get_by_label("9", exact=True).check()
    feasibility = page.get_by_role("group", name="Реализуемость")
    await feasibility.get_by_label("7", exact=True).check()
    await page.get_by_label("Комментарий (необязательно)").fill("Сильная команда")
    await page.get_by_role("button", name="Сохранить и перейти к следующему").click()
    await page.wait_for_url(f"**/jury/score/{p2}")

    await page.get_by_text("Конфликт интересов", exact=True).click()
    await page.get_by_label("Причина конфликта интересов").fill("Работаю в этой организации")
    await no_serious_problems(page)
    await page.get_by_role("button", name="Заявить конфликт интересов").click()
    await page.wait_for_url("**/jury?saved=conflict")

    main = await page.locator("main").inner_text()
    assert "Оценено 1 из 2" in main
    assert "конфликт интересов" in main and "оценено" in main
    await fits_the_phone(page)
    await no_serious_problems(page)


async def _has(contest: Contest, token: str, count: int) -> bool:
    return await contest.roster_of(token) == count


async def sign_in(page: Page, url: str) -> None:
    await page.goto(url)
    await page.locator("#token").fill(ORGANIZER_TOKEN)
    await page.locator("main button[type=submit]").click()
    await page.wait_for_url(url)


async def test_the_organizer_announces_and_the_hall_screen_reveals_the_winners(
    context: BrowserContext, judging: ServiceProcess, contest: Contest
) -> None:
    p1, p2, p3 = await contest.open()
    first, second = await contest.juror("Юрий Первов"), await contest.juror("Вера Вторая")
    await eventually(lambda: _has(contest, second, 3), timeout=30)
    answer = await contest.api.put(f"{contest.url}/criteria", json=criteria_form("zscore"))
    assert answer.status_code == 200, answer.text
    for token, marks in ((first, (9, 5, 7)), (second, (8, 4, 6))):
        for pid, mark in zip((p1, p2, p3), marks, strict=True):
            await contest.score(token, pid, mark, mark)

    screen = await context.new_page()
    await screen.goto(f"{judging.url}/screen/{contest.id}")
    assert "Итоги будут объявлены" in await screen.locator("main").inner_text()
    await no_serious_problems(screen)

    desk = await context.new_page()
    await sign_in(desk, f"{judging.url}/organizer/contest/{contest.id}")
    board = await desk.locator("main").inner_text()
    assert "получено 6 из 6" in board and "ТОС «Квартал 1»" in board
    assert "Нормированные оценки" in board
    await no_serious_problems(desk)
    for section in ("Критерии", "Жюри"):
        await desk.locator(".contest-nav").get_by_role("link", name=section, exact=True).click()
        await desk.wait_for_load_state()
        await no_serious_problems(desk)
    await desk.get_by_label("Имя и фамилия").fill("Запасной Член Жюри")
    await desk.get_by_role("button", name="Добавить и получить ссылку").click()
    await desk.wait_for_selector("figure.qr svg")
    link = await desk.get_by_label("Личная ссылка").input_value()
    assert link.startswith(f"{judging.url}/jury/")
    await no_serious_problems(desk)
    await desk.get_by_role("link", name="Вернуться к списку жюри").click()
    reserve = desk.locator("tr", has_text="Запасной Член Жюри")
    await reserve.get_by_role("button", name="Отозвать доступ").click()
    await desk.wait_for_selector("text=Доступ члена жюри отозван")
    await no_serious_problems(desk)
    await desk.goto(f"{judging.url}/organizer")
    await no_serious_problems(desk)

    await desk.goto(f"{judging.url}/organizer/contest/{contest.id}/announcement")
    assert "Оценка завершена" in await desk.locator("main").inner_text()
    await no_serious_problems(desk)
    await desk.get_by_role("button", name="Объявить итоги").click()
    await desk.wait_for_selector(".panel")
    assert "Итоги объявлены" in await desk.locator(".panel").inner_text()

    await screen.wait_for_selector("[data-final]", timeout=20_000)  # no reload
    shown = await screen.locator("main").inner_text()
    assert "ТОС «Квартал 1»" in shown and "Проект 1" in shown
    assert "Квартал 3" not in shown and "Участник №" in shown
    await screen.evaluate("Promise.all(document.getAnimations().map(a => a.finished))")
    await no_serious_problems(screen)

    public = await context.new_page()
    await public.goto(f"{judging.url}/results/{contest.id}")
    results = await public.locator("main").inner_text()
    assert "ТОС «Квартал 1»" in results and "Проект 3" in results
    await no_serious_problems(public)
    await public.goto(f"{judging.url}/library")
    library = await public.locator("main").inner_text()
    assert "Проект 1" in library and "Проект 3" in library
    await public.get_by_label("Сфера").select_option("Экологическое просвещение")
    await public.get_by_role("button", name="Показать").click()
    await public.wait_for_url("**/library?sphere=*")
    filtered = await public.locator("main").inner_text()
    assert "Проект 3" in filtered and "Проект 1" not in filtered
    await no_serious_problems(public)

    await desk.goto(f"{judging.url}/organizer/contest/{contest.id}")
    row = desk.locator("tr", has_text="ТОС «Квартал 1»")
    score_on_page = (await row.locator("td.numeric").inner_text()).strip()
    async with desk.expect_download() as download:
        await desk.get_by_role("link", name="Протокол жюри (XLSX)").click()
    saved = Path(await (await download.value).path())
    book = load_workbook(BytesIO(await asyncio.to_thread(saved.read_bytes)))
    results = book["Итоги"].iter_rows(values_only=True)
    lines = [r for r in results if r and r[2] == "ТОС «Квартал 1»"]
    assert f"{lines[0][4]:g}".replace(".", ",") == score_on_page
    assert 0 <= lines[0][4] <= 10  # on the criteria's scale, not a z-score
    scores = list(book["Оценки"].iter_rows(values_only=True))
    assert len(scores) == 1 + 6
