"""The public's pages: a contest's results, the plenary screen and the library of best practices
show the winners once announced, and nothing of the scoring before."""

import httpx
from integration.judging.harness import ECOLOGY, Stage, registered

from support.apps import ORGANIZER

BROWSER = {"Accept": "text/html,application/xhtml+xml"}


async def page(judging: httpx.AsyncClient, path: str) -> httpx.Response:
    return await judging.get(path, headers=BROWSER)


async def judged(stage: Stage, aggregation: str = "mean") -> dict[str, str]:
    """Urban: «Квартал 1» (8, 7 → 7.5) beats «Квартал 2» (5, 6); ecology: «Квартал 3», who
    did not consent to their name being published."""
    p1, p2 = await stage.register(1, 2)
    hidden = registered(stage.contest_id, 3, ECOLOGY).model_copy(update={"name_public": False})
    await stage.forum.publish(hidden)
    first = await stage.add_juror("Юрий Первов")
    second = await stage.add_juror("Вера Вторая")
    await stage.roster_shows(first, [p1, p2, hidden.participant_id])
    await stage.set_criteria(
        {
            "criteria": [
                {"id": "impact", "title": "Польза", "weight": 2, "min_score": 0, "max_score": 10},
                {
                    "id": "feasibility",
                    "title": "Реализуемость",
                    "weight": 1,
                    "min_score": 0,
                    "max_score": 10,
                },
            ],
            "aggregation": aggregation,
        }
    )
    for juror, (one, two, three) in ((first, (8, 5, 6)), (second, (7, 6, 9))):
        for pid, score in ((p1, one), (p2, two), (hidden.participant_id, three)):
            answer = await stage.score(juror, pid, score, score)
            assert answer.status_code == 200, answer.text
    return {"p1": p1, "p2": p2, "p3": hidden.participant_id}


async def announce(stage: Stage) -> None:
    answer = await stage.judging.post(f"{stage.url}/announcement", headers=ORGANIZER)
    assert answer.status_code == 201, answer.text


async def test_before_the_announcement_the_public_sees_no_name_and_no_score(
    stage: Stage,
) -> None:
    await judged(stage)

    results = await page(stage.judging, f"/results/{stage.contest_id}")
    screen = await page(stage.judging, f"/screen/{stage.contest_id}")
    live = await page(stage.judging, f"/screen/{stage.contest_id}/live")

    assert results.status_code == screen.status_code == live.status_code == 200
    assert "Итоги ещё не объявлены" in results.text
    assert "Итоги будут объявлены" in screen.text and "Итоги будут объявлены" in live.text
    assert 'http-equiv="refresh"' in screen.text  # without JavaScript the screen reloads
    for shown in (results.text, screen.text, live.text):
        assert "Квартал" not in shown and "7,5" not in shown
        assert "data-final" not in shown


async def test_the_results_page_shows_the_winners_with_their_projects_and_scores(
    stage: Stage,
) -> None:
    ids = await judged(stage)
    await announce(stage)

    results = await page(stage.judging, f"/results/{stage.contest_id}")

    assert results.status_code == 200
    text = results.text
    assert "ТОС «Квартал 1»" in text and "Проект 1" in text and "7,5" in text
    assert "Квартал 2" not in text  # one place per nomination
    assert "Квартал 3" not in text  # no consent to publish the name
    assert f"Участник № {ids['p3'][:8].upper()}" in text and "Проект 3" in text
    assert "Комфортная городская среда" in text and "Экологическое просвещение" in text


async def test_a_zscore_winner_is_shown_on_the_criteria_scale_not_as_a_zscore(
    stage: Stage,
) -> None:
    await judged(stage, "zscore")
    await announce(stage)
    api = (await stage.judging.get(f"{stage.url}/announcement")).json()
    z = api["nominations"][0]["winners"][0]["final_score"]
    assert 0 < z < 2  # a z-score: «0,71» would mean nothing to the hall

    results = await page(stage.judging, f"/results/{stage.contest_id}")

    # j1: 8, 5, 6 (mean 19/3), j2: 7, 6, 9 (mean 22/3): centre 41/6, so «Квартал 1» > 6.83
    winner_row = results.text.split("ТОС «Квартал 1»")[1].split("</tr>")[0]
    shown = float(winner_row.split('class="numeric">')[1].split("<")[0].replace(",", "."))
    assert 6.9 < shown <= 10


async def test_the_plenary_screen_reveals_the_winners_once_announced(stage: Stage) -> None:
    await judged(stage)
    waiting = await page(stage.judging, f"/screen/{stage.contest_id}")
    assert 'data-poll="/screen/' in waiting.text and "/static/poll.js" in waiting.text

    await announce(stage)
    live = await page(stage.judging, f"/screen/{stage.contest_id}/live")

    assert "data-final" in live.text and "ТОС «Квартал 1»" in live.text
    assert "<html" not in live.text  # a fragment, swapped into the open page
    screen = await page(stage.judging, f"/screen/{stage.contest_id}")
    assert 'class="screen"' in screen.text and 'http-equiv="refresh"' not in screen.text


async def test_the_library_lists_winning_projects_by_sphere_and_year(stage: Stage) -> None:
    await judged(stage)
    await announce(stage)

    everything = await page(stage.judging, "/library")
    ecology = await page(stage.judging, "/library?sphere=Экологическое просвещение")
    long_ago = await page(stage.judging, "/library?year=2001")

    assert everything.status_code == 200
    assert "Проект 1" in everything.text and "Проект 3" in everything.text
    assert "Квартал 3" not in everything.text
    assert "Проект 3" in ecology.text and "Проект 1" not in ecology.text
    assert "Проект 1" not in long_ago.text and "не нашлось" in long_ago.text


async def test_an_unknown_contest_has_a_russian_page(judging: httpx.AsyncClient) -> None:
    answer = await page(judging, "/results/no-such-contest")
    assert answer.status_code == 404
    assert "Страница не найдена" in answer.text
    api = await judging.get("/results/no-such-contest")
    assert api.status_code == 404 and api.headers["content-type"] == "application/json"
