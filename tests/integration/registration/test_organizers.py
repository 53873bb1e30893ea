"""Named organizers in registration, which owns them: the API, the pages and the command line
add and revoke them, each action is in the audit trail under its organizer's name with the
request's correlation id, a revoked token is refused at once, the shared key keeps working."""

import os
import re
import subprocess
import sys

import httpx

from registration.settings import Settings
from support.apps import ORGANIZER, ORGANIZER_TOKEN
from support.forms import application_form, contest_form
from support.spy import EventSpy

BROWSER = {"Accept": "text/html"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def add_organizer(registration: httpx.AsyncClient, name: str = "Анна Смирнова") -> dict:
    answer = await registration.post("/organizers", json={"name": name}, headers=ORGANIZER)
    assert answer.status_code == 201, answer.text
    return answer.json()


async def audit(registration: httpx.AsyncClient, **filters: str) -> list[dict]:
    answer = await registration.get("/audit", params=filters, headers=ORGANIZER)
    assert answer.status_code == 200, answer.text
    return answer.json()["entries"]


async def test_a_named_organizers_actions_are_in_the_audit_trail_under_their_name(
    registration: httpx.AsyncClient,
) -> None:
    anna = await add_organizer(registration)
    contest = contest_form()
    opened = await registration.post(
        "/contests",
        json=contest,
        headers=bearer(anna["token"]) | {"X-Correlation-ID": "open-req-1"},
    )
    applied = await registration.post(
        f"/contests/{contest['id']}/participants", json=application_form()
    )
    participant_id = applied.json()["id"]
    withdrawn = await registration.post(
        f"/participants/{participant_id}/withdrawal",
        json={"reason": "заявка подана повторно"},
        headers=bearer(anna["token"]) | {"X-Correlation-ID": "withdraw-req-2"},
    )

    assert (opened.status_code, withdrawn.status_code) == (201, 200), withdrawn.text
    entries = await audit(registration, actor_id=anna["id"])
    assert [(e["action"], e["target"]["id"], e["correlation_id"]) for e in entries] == [
        ("participant.withdrawn", participant_id, "withdraw-req-2"),
        ("contest.opened", contest["id"], "open-req-1"),
    ]
    assert {e["actor"]["name"] for e in entries} == {"Анна Смирнова"}
    assert "Доброе дело" not in str(entries) and "@" not in str(entries)  # no personal data
    [added] = await audit(registration, action="organizer.added")
    assert added["actor"] == {"id": "bootstrap", "name": "Общий ключ организаторов"}
    assert added["target"] == {"kind": "organizer", "id": anna["id"]}


async def test_the_token_is_shown_once_and_published_only_as_its_hash(
    registration: httpx.AsyncClient, rabbitmq_url: str
) -> None:
    async with EventSpy(rabbitmq_url, ["organizer.added"]) as spy:
        anna = await add_organizer(registration)
        [event] = await spy.wait_for("organizer.added", 1)

    assert re.fullmatch(rf"{anna['id']}\.[\w-]{{43,}}", anna["token"])
    assert event["organizer_id"] == anna["id"] and event["name"] == "Анна Смирнова"
    assert anna["token"].split(".", 1)[1] not in str(event)
    listed = (await registration.get("/organizers", headers=ORGANIZER)).json()
    assert listed == [{k: v for k, v in anna.items() if k != "token"}]
    assert "token" not in str(listed)


async def test_a_revoked_token_is_refused_at_once_and_the_shared_key_still_works(
    registration: httpx.AsyncClient, rabbitmq_url: str
) -> None:
    anna = await add_organizer(registration)
    boris = await add_organizer(registration, "Борис Орлов")
    assert (await registration.get("/audit", headers=bearer(anna["token"]))).status_code == 200

    async with EventSpy(rabbitmq_url, ["organizer.revoked"]) as spy:
        revoked = await registration.delete(
            f"/organizers/{anna['id']}", headers=bearer(boris["token"])
        )
        [event] = await spy.wait_for("organizer.revoked", 1)

    assert revoked.status_code == 200 and revoked.json()["revoked_at"], revoked.text
    assert event["organizer_id"] == anna["id"]
    refused = await registration.post(
        "/contests", json=contest_form(), headers=bearer(anna["token"])
    )
    assert refused.status_code == 403
    assert (await registration.get("/audit", headers=ORGANIZER)).status_code == 200
    [entry] = await audit(registration, action="organizer.revoked")
    assert entry["actor"]["name"] == "Борис Орлов"
    again = await registration.delete(f"/organizers/{anna['id']}", headers=ORGANIZER)
    assert again.json() == revoked.json()
    assert len(await audit(registration, action="organizer.revoked")) == 1


async def test_an_organizer_needs_a_name_and_the_audit_a_known_action(
    registration: httpx.AsyncClient,
) -> None:
    nameless = await registration.post("/organizers", json={"name": "  "}, headers=ORGANIZER)
    unknown = await registration.get("/audit?action=contest.stolen", headers=ORGANIZER)
    missing = await registration.delete("/organizers/nobody", headers=ORGANIZER)
    stranger = await registration.post("/organizers", json={"name": "Ева"})

    assert nameless.status_code == 422
    assert nameless.json()["errors"][0]["message"] == "укажите имя организатора"
    assert unknown.status_code == 422
    assert [e["field"] for e in unknown.json()["errors"]] == ["action"]
    assert missing.status_code == 404
    assert stranger.status_code == 401


def cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m registration organizers …` against the test's database."""
    environment = os.environ | {
        "ENVIRONMENT": "test",
        "MONGODB_URL": settings.mongodb_url,
        "MONGODB_DATABASE": settings.mongodb_database,
    }
    return subprocess.run(
        [sys.executable, "-m", "registration", "organizers", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def test_the_command_line_prints_a_token_once_that_then_opens_the_api(
    registration: httpx.AsyncClient, registration_settings: Settings
) -> None:
    added = cli(registration_settings, "add", "Вера Кузнецова")
    assert added.returncode == 0, added.stderr
    assert "показан один раз" in added.stdout
    token = added.stdout.strip().splitlines()[-1]
    organizer_id = token.split(".", 1)[0]

    answer = await registration.get("/audit", headers=bearer(token))
    assert answer.status_code == 200, answer.text
    [entry] = answer.json()["entries"]
    assert entry["action"] == "organizer.added"
    assert entry["actor"] == {"id": "cli", "name": "Командная строка"}

    listed = cli(registration_settings, "list")
    assert f"{organizer_id}\tВера Кузнецова\tдействует" in listed.stdout
    assert token.split(".", 1)[1] not in listed.stdout
    nameless = cli(registration_settings, "add", " ")
    assert nameless.returncode == 2 and "укажите имя организатора" in nameless.stderr
    revoked = cli(registration_settings, "revoke", organizer_id)
    assert revoked.returncode == 0 and "отозван" in revoked.stdout, revoked.stderr
    assert (await registration.get("/audit", headers=bearer(token))).status_code == 403


def hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}"[^>]*?value="([^"]*)"', page)
    assert found, f"no field {name}"
    return found.group(1)


async def sign_in(client: httpx.AsyncClient, token: str) -> httpx.Response:
    page = await client.get("/organizer/sign-in")
    return await client.post(
        "/organizer/sign-in", data={"csrf_token": hidden(page.text, "csrf_token"), "token": token}
    )


async def test_on_the_pages_a_key_is_shown_once_and_a_revocation_ends_its_session(
    registration: httpx.AsyncClient,
) -> None:
    await sign_in(registration, ORGANIZER_TOKEN)
    page = await registration.get("/organizer/organizers", headers=BROWSER)
    assert page.status_code == 200 and "Личных ключей пока нет" in page.text
    added = await registration.post(
        "/organizer/organizers",
        data={"csrf_token": hidden(page.text, "csrf_token"), "name": "Анна Смирнова"},
    )
    assert added.status_code == 201, added.text
    assert "Ключ показан один раз" in added.text
    token = re.search(r'id="token">([^<]+)<', added.text).group(1)  # type: ignore[union-attr]
    organizer_id = token.split(".", 1)[0]
    listing = await registration.get("/organizer/organizers")
    assert "Анна Смирнова" in listing.text and token not in listing.text

    assert (await sign_in(registration, token)).status_code == 303  # now as Anna
    desk = await registration.get("/organizer")
    assert desk.status_code == 200 and "<span>Анна Смирнова</span>" in desk.text
    confirm = await registration.get(f"/organizer/organizers/{organizer_id}/revoke")
    assert "Отозвать ключ организатора «Анна Смирнова»?" in confirm.text
    revoked = await registration.post(
        f"/organizer/organizers/{organizer_id}/revoke",
        data={"csrf_token": hidden(confirm.text, "csrf_token")},
    )
    assert revoked.status_code == 303

    ended = await registration.get("/organizer")  # her own session ended with her key
    assert ended.status_code == 303 and "/organizer/sign-in" in ended.headers["location"]
    assert (await sign_in(registration, token)).status_code == 401
    await sign_in(registration, ORGANIZER_TOKEN)
    trail = await registration.get("/organizer/audit", headers=BROWSER)
    assert trail.status_code == 200
    assert "отозвал(а) ключ организатора" in trail.text
    assert "добавил(а) организатора" in trail.text
    assert "Общий ключ организаторов" in trail.text and "Анна Смирнова" in trail.text


async def test_the_organizers_page_asks_for_a_name(registration: httpx.AsyncClient) -> None:
    await sign_in(registration, ORGANIZER_TOKEN)
    page = await registration.get("/organizer/organizers")
    answer = await registration.post(
        "/organizer/organizers", data={"csrf_token": hidden(page.text, "csrf_token"), "name": ""}
    )
    assert answer.status_code == 422
    assert 'href="#name"' in answer.text and "укажите имя организатора" in answer.text
