"""A contest driven over HTTP through the running services, as organizers, applicants and
jurors drive it: used by the end-to-end tests."""

import httpx

from support.apps import ORGANIZER
from support.forms import criteria_form
from support.forum import eventually

Headers = dict[str, str]


async def register(registration: httpx.AsyncClient, contest: dict, form: dict) -> str:
    response = await registration.post(f"/contests/{contest['id']}/participants", json=form)
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def open_for_judging(
    registration: httpx.AsyncClient, judging: httpx.AsyncClient, contest: dict, jurors: int = 1
) -> list[Headers]:
    """Opens the contest; once judging has learnt of it by its event and taken the criteria,
    adds jurors. Returns each juror's Authorization header."""
    assert (await registration.post("/contests", json=contest, headers=ORGANIZER)).is_success
    url = f"/contests/{contest['id']}"

    async def criteria_accepted() -> bool:
        put = await judging.put(f"{url}/criteria", json=criteria_form(), headers=ORGANIZER)
        return put.status_code == 200

    await eventually(criteria_accepted, timeout=30)
    headers = []
    for number in range(1, jurors + 1):
        juror = {"name": f"Эксперт {number}"}
        added = await judging.post(f"{url}/jurors", json=juror, headers=ORGANIZER)
        headers.append({"Authorization": f"Bearer {added.json()['token']}"})
    return headers


async def roster(judging: httpx.AsyncClient, contest: dict, juror: Headers) -> list[dict]:
    response = await judging.get(f"/contests/{contest['id']}/roster", headers=juror)
    return response.json()["participants"]


async def delivery_log(notifications: httpx.AsyncClient, contest: dict) -> list[dict]:
    params = {"contest_id": contest["id"]}
    return (await notifications.get("/notifications", params=params, headers=ORGANIZER)).json()
