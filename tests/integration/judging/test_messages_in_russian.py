"""Judging's API refusals are Russian by default and English on request, with the same explicit
codes in both languages."""

import httpx
from integration.judging.harness import CRITERIA, Stage

from support.apps import ORGANIZER

RUSSIAN = {"Accept-Language": "ru-RU,ru;q=0.9"}
ENGLISH = {"Accept-Language": "en"}


async def refusal(client: httpx.AsyncClient, method: str, url: str, **kwargs) -> tuple:
    headers = kwargs.pop("headers", {})
    russian = await client.request(method, url, headers=headers | RUSSIAN, **kwargs)
    default = await client.request(method, url, headers=headers | {"Accept-Language": ""}, **kwargs)
    english = await client.request(method, url, headers=headers | ENGLISH, **kwargs)
    assert russian.json() == default.json()  # Russian unless English is asked for
    return russian.status_code, russian.json(), english.json()


async def test_an_unknown_contest_is_refused_in_russian_with_its_code(
    judging: httpx.AsyncClient,
) -> None:
    status, russian, english = await refusal(
        judging, "PUT", "/contests/never-opened/criteria", json=CRITERIA, headers=ORGANIZER
    )

    assert status == 404
    assert russian["code"] == english["code"] == "contest_unknown"
    assert russian["detail"].startswith("служба жюри ещё не получила конкурс «never-opened»")
    assert english["detail"].startswith("judging has not received contest 'never-opened' yet")


async def test_a_scorecard_out_of_range_is_refused_field_by_field_in_russian(
    stage: Stage,
) -> None:
    juror = await stage.add_juror("Анна Смирнова")
    [p1] = await stage.register(1)
    await stage.roster_shows(juror, [p1])
    await stage.set_criteria()

    status, russian, english = await refusal(
        stage.judging,
        "PUT",
        f"{stage.url}/scores/{p1}",
        json={"scores": {"impact": 11}},
        headers=juror,
    )

    assert status == 422
    assert [e["code"] for e in russian["errors"]] == ["scorecard_invalid"] * 2
    messages = [e["message"] for e in russian["errors"]]
    assert "оценка 11 по критерию «impact» вне допустимых пределов: от 0 до 10" in messages
    assert "нет оценки по критерию «feasibility» (от 0 до 10)" in messages
    assert "score 11 for criterion 'impact' is outside its range 0 to 10" in [
        e["message"] for e in english["errors"]
    ]


async def test_an_incomplete_announcement_says_what_is_missing_in_russian(
    stage: Stage,
) -> None:
    juror = await stage.add_juror("Анна Смирнова")
    [p1] = await stage.register(1)
    await stage.roster_shows(juror, [p1])
    await stage.set_criteria()

    status, russian, english = await refusal(
        stage.judging, "POST", f"{stage.url}/announcement", headers=ORGANIZER
    )

    assert status == 409
    assert russian["code"] == english["code"] == "scoring_incomplete"
    assert "не хватает 1 из 1 ожидаемых оценочных листов" in russian["detail"]
    assert "1 of 1 expected scorecards are missing" in english["detail"]


async def test_an_unknown_juror_token_is_refused_in_russian(stage: Stage) -> None:
    status, russian, english = await refusal(
        stage.judging, "GET", f"{stage.url}/roster", headers={"Authorization": "Bearer nobody"}
    )
    assert status == 401
    assert russian["code"] == english["code"] == "juror_token_unknown"
    assert "токен члена жюри неизвестен" in russian["detail"]
