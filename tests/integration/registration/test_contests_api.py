import httpx

from support.apps import ORGANIZER
from support.forms import contest_form
from support.spy import EventSpy


async def test_an_organizer_opens_a_contest_and_subscribers_learn_of_it(
    registration: httpx.AsyncClient, rabbitmq_url: str
) -> None:
    form = contest_form(places_per_nomination=2)
    async with EventSpy(rabbitmq_url, ["contest.opened"]) as spy:
        created = await registration.post("/contests", json=form, headers=ORGANIZER)
        [event] = await spy.wait_for("contest.opened", 1)

    assert created.status_code == 201, created.text
    assert event["contest_id"] == form["id"]
    assert event["places_per_nomination"] == 2
    assert [n["id"] for n in event["nominations"]] == ["urban-environment", "ecology"]
    listed = (await registration.get("/contests")).json()
    assert form["id"] in [contest["id"] for contest in listed]
    fetched = await registration.get(f"/contests/{form['id']}")
    assert fetched.json()["title"] == "Лучшие практики ТОС"


async def test_only_the_organizer_may_open_a_contest(registration: httpx.AsyncClient) -> None:
    anonymous = await registration.post("/contests", json=contest_form())
    impostor = await registration.post(
        "/contests", json=contest_form(), headers={"Authorization": "Bearer guess"}
    )
    assert anonymous.status_code == 401
    assert impostor.status_code == 403
    assert impostor.json() == {
        "detail": "это доступно только организаторам",
        "code": "forbidden",
    }


async def test_an_error_is_in_english_when_the_caller_prefers_english(
    registration: httpx.AsyncClient,
) -> None:
    impostor = await registration.post(
        "/contests",
        json=contest_form(),
        headers={"Authorization": "Bearer guess", "Accept-Language": "en-GB,en;q=0.9,ru;q=0.5"},
    )
    assert impostor.json()["detail"] == "this endpoint is for the organizers only"


async def test_a_route_that_does_not_exist_is_a_404_in_russian(
    registration: httpx.AsyncClient,
) -> None:
    response = await registration.get("/no/such/route")
    assert response.status_code == 404
    assert response.json() == {"detail": "по этому адресу ничего нет", "code": "not_found"}


async def test_a_contest_id_is_taken_once(registration: httpx.AsyncClient, contest: dict) -> None:
    again = await registration.post("/contests", json=contest, headers=ORGANIZER)
    assert again.status_code == 409
    assert again.json() == {
        "detail": f"конкурс с идентификатором {contest['id']} уже есть",
        "code": "contest_exists",
    }


async def test_a_contest_with_bad_values_is_refused_with_every_problem_named(
    registration: httpx.AsyncClient,
) -> None:
    form = contest_form(
        id="Bad Id",
        age_rating="14+",
        registration_opens_at="2026-12-01T00:00:00+04:00",
        registration_closes_at="2026-11-01T00:00:00+04:00",
    )
    response = await registration.post("/contests", json=form, headers=ORGANIZER)

    assert response.status_code == 422
    fields = {problem["field"] for problem in response.json()["errors"]}
    assert fields == {"id", "age_rating", "registration_closes_at"}
    assert "возрастной рейтинг — один из: 0+, 6+, 12+, 16+, 18+" in response.json()["detail"]
    assert {p["code"] for p in response.json()["errors"]} == {
        "invalid_slug",
        "invalid_age_rating",
        "invalid_window",
    }


async def test_a_malformed_contest_body_is_a_422_not_a_500(registration: httpx.AsyncClient) -> None:
    response = await registration.post(
        "/contests", json={"id": "x", "places_per_nomination": "many"}, headers=ORGANIZER
    )
    assert response.status_code == 422
    assert any(p["field"] == "places_per_nomination" for p in response.json()["errors"])


async def test_an_unknown_contest_is_a_404(registration: httpx.AsyncClient) -> None:
    response = await registration.get("/contests/no-such-contest")
    assert response.status_code == 404
    assert "no-such-contest" in response.json()["detail"]
