"""The organizer's pages: the contests judging knows, the criteria form (rows added and removed
without JavaScript), the jury (a link shown once with its QR code, revocation), the live
leaderboard, the announcement confirmed and forced, and the jury's protocol as XLSX."""

from io import BytesIO

import pytest
from integration.judging.harness import Stage
from integration.judging.page_client import PageClient, another_browser, text_of
from openpyxl import load_workbook

from support.apps import ORGANIZER


@pytest.fixture
async def desk(stage: Stage) -> PageClient:
    browser = another_browser(stage.judging)
    await browser.sign_in()
    yield browser
    await browser.client.aclose()


def contest_page(stage: Stage, rest: str = "") -> str:
    return f"/organizer/contest/{stage.contest_id}{rest}"


CRITERIA_ROW = {
    "criteria.0.id": "",
    "criteria.0.title": "Польза для жителей",
    "criteria.0.description": "Кому и насколько станет лучше",
    "criteria.0.weight": "2",
    "criteria.0.min_score": "0",
    "criteria.0.max_score": "10",
}


async def test_a_stranger_is_sent_to_sign_in(stage: Stage) -> None:
    browser = another_browser(stage.judging)
    answer = await browser.get(contest_page(stage))
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/organizer/sign-in?next=")


async def test_the_desk_lists_the_contests_judging_knows(desk: PageClient, stage: Stage) -> None:
    answer = await desk.get("/organizer")
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    assert f'href="/organizer/contest/{stage.contest_id}"' in answer.text
    assert "нужны критерии" in answer.text


async def test_criteria_rows_are_added_and_removed_without_javascript(
    desk: PageClient, stage: Stage
) -> None:
    page = contest_page(stage, "/criteria")

    added = await desk.submit(page, page, CRITERIA_ROW | {"aggregation": "median", "action": "add"})
    assert added.status_code == 200
    assert 'name="criteria.1.title"' in added.text and 'value="Польза для жителей"' in added.text
    assert 'value="median" checked' in added.text

    removed = await desk.submit(
        page,
        page,
        CRITERIA_ROW | {"criteria.1.title": "Лишний", "aggregation": "mean", "action": "remove-1"},
    )
    assert 'name="criteria.1.title"' not in removed.text


async def test_invalid_criteria_are_explained_beside_their_fields(
    desk: PageClient, stage: Stage
) -> None:
    page = contest_page(stage, "/criteria")
    bad = CRITERIA_ROW | {
        "criteria.0.title": "",
        "criteria.0.weight": "0",
        "criteria.0.max_score": "-1",
        "aggregation": "mean",
        "action": "save",
    }

    refused = await desk.submit(page, page, bad)

    assert refused.status_code == 422
    assert 'id="criteria-0-title-error"' in refused.text
    assert "Вес должен быть числом больше нуля" in refused.text
    assert "Наибольшая оценка должна быть больше наименьшей" in refused.text
    assert 'value="Кому и насколько станет лучше"' not in refused.text  # a textarea keeps it
    assert "Кому и насколько станет лучше</textarea>" in refused.text


async def test_the_organizer_sets_criteria_and_the_method_explained_in_russian(
    desk: PageClient, stage: Stage
) -> None:
    page = contest_page(stage, "/criteria")
    form = await desk.get(page)
    assert "Самая высокая и самая низкая оценки отбрасываются" in form.text  # trimmed mean
    assert "типичный член жюри" in form.text  # z-scores

    saved = await desk.submit(
        page, page, CRITERIA_ROW | {"criteria.0.weight": "1,5", "aggregation": "zscore"}
    )

    assert saved.status_code == 303
    shown = await desk.get(saved.headers["location"])
    assert "Критерии сохранены" in shown.text and 'value="1,5"' in shown.text
    juror = await stage.add_juror("Анна Смирнова")
    roster = (await stage.judging.get(f"{stage.url}/roster", headers=juror)).json()
    [criterion] = roster["criteria"]
    assert (criterion["title"], criterion["weight"], criterion["description"]) == (
        "Польза для жителей",
        1.5,
        "Кому и насколько станет лучше",
    )


async def test_a_jurors_link_is_shown_once_with_a_qr_code_and_can_be_revoked(
    desk: PageClient, stage: Stage
) -> None:
    [p1] = await stage.register(1)
    page = contest_page(stage, "/jurors")

    added = await desk.submit(page, page, {"name": "Борис Ёлкин", "nominations": "ecology"})

    assert added.status_code == 303
    link_page = await desk.get(added.headers["location"])
    assert link_page.status_code == 200 and link_page.headers["cache-control"] == "no-store"
    assert "<svg" in link_page.text and "Борис Ёлкин" in link_page.text
    link = link_page.text.split('id="juror-link" type="text" readonly value="')[1].split('"')[0]
    assert link.startswith("http://127.0.0.1:8002/jury/")
    again = await desk.get(added.headers["location"])
    assert again.status_code == 303  # shown once
    phone = another_browser(stage.judging)
    path = link.removeprefix("http://127.0.0.1:8002")
    assert (await phone.get(path)).status_code == 303

    listed = await desk.get(page)
    assert "Борис Ёлкин" in listed.text and "Экологическое просвещение" in listed.text
    juror_id = added.headers["location"].split("/jurors/")[1].split("/")[0]
    revoked = await desk.submit(page, f"{page}/{juror_id}/revoke", {})
    assert revoked.status_code == 303
    assert "отозван" in (await desk.get(revoked.headers["location"])).text
    assert (await phone.get("/jury")).status_code == 403


async def scored(stage: Stage) -> dict[str, str]:
    """Urban: p1 (8, 9 → the jurors agree), p2 (2, 9 → they disagree); j2 leaves p3 unscored."""
    p1, p2, p3 = await stage.register(1, 2, 3)
    j1 = await stage.add_juror("Юрий Первов")
    j2 = await stage.add_juror("Вера Вторая")
    await stage.roster_shows(j1, [p1, p2, p3])
    await stage.set_criteria()
    for juror, pid, score in (
        (j1, p1, 8),
        (j2, p1, 9),
        (j1, p2, 2),
        (j2, p2, 9),
        (j1, p3, 5),
    ):
        answer = await stage.score(juror, pid, score, score)
        assert answer.status_code == 200, answer.text
    comment = {"scores": {"impact": 8, "feasibility": 8}, "comment": "Лучший двор района"}
    await stage.judging.put(f"{stage.url}/scores/{p1}", json=comment, headers=j1)
    return {"p1": p1, "p2": p2, "p3": p3}


async def test_the_leaderboard_shows_places_progress_agreement_and_disagreement(
    desk: PageClient, stage: Stage
) -> None:
    await scored(stage)

    board = text_of((await desk.get(contest_page(stage))).text)

    assert "получено 5 из 6" in board
    assert "Оценено 5 из 6" in board and "не полностью" in board
    assert board.index("ТОС «Квартал 1»") < board.index("ТОС «Квартал 2»")
    assert "2 из 2" in board and "1 из 2" in board
    assert board.count("мнения расходятся") == 1 + 1  # the legend, and p2 (2 vs 9)
    assert "Согласованность жюри" in board
    assert "Сильнее всех от остальных отличается" in board
    assert "Проект 1" in board


async def test_the_announcement_names_what_is_missing_and_can_be_forced(
    desk: PageClient, stage: Stage
) -> None:
    await scored(stage)
    page = contest_page(stage, "/announcement")

    confirm = await desk.get(page)
    text = text_of(confirm.text)
    assert "Оценка не завершена" in text and "не хватает 1 из 6" in text
    assert "Вера Вторая — 1" in text

    announced = await desk.submit(page, page, {"force": "yes"})

    assert announced.status_code == 303
    done = text_of((await desk.get(page)).text)
    assert "Итоги объявлены" in done and "при неполной оценке" in done
    public = await desk.get(f"/results/{stage.contest_id}")
    assert "ТОС «Квартал 1»" in public.text


async def test_an_unforced_announcement_while_incomplete_is_refused_on_the_page(
    desk: PageClient, stage: Stage
) -> None:
    await scored(stage)
    page = contest_page(stage, "/announcement")

    refused = await desk.submit(page, page, {})

    assert refused.status_code == 409
    assert "не хватает оценок" in refused.text
    assert (await stage.judging.get(f"{stage.url}/announcement")).status_code == 404


async def test_the_protocol_holds_every_score_comment_final_score_and_winner(
    desk: PageClient, stage: Stage
) -> None:
    ids = await scored(stage)
    await stage.judging.post(f"{stage.url}/announcement", json={"force": True}, headers=ORGANIZER)

    answer = await desk.get(contest_page(stage, "/protocol.xlsx"))

    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(answer.content))
    assert book.sheetnames == ["Итоги", "Оценки", "Победители"]
    scores = [list(row) for row in book["Оценки"].iter_rows(values_only=True)]
    assert scores[0][:5] == [
        "Номинация",
        "Участник",
        "Член жюри",
        "Социальный эффект",
        "Реализуемость",
    ]
    first = next(r for r in scores if r[1] == "ТОС «Квартал 1»" and r[2] == "Юрий Первов")
    assert first[3:5] == [8, 8] and "Лучший двор района" in first
    assert len(scores) == 1 + 5
    results = [list(row) for row in book["Итоги"].iter_rows(values_only=True)]
    line = next(r for r in results if r and r[2] == "ТОС «Квартал 1»")
    assert line[1] == 1 and line[4] == 8.5
    winners = [list(row) for row in book["Победители"].iter_rows(values_only=True)]
    assert winners[1][:3] == ["Комфортная городская среда", 1, "ТОС «Квартал 1»"]
    board = text_of((await desk.get(contest_page(stage))).text)
    assert "8,5" in board  # what the page shows
    assert ids["p1"]
