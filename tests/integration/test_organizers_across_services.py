"""A named organizer across the platform, over the real broker: registration adds them, judging
and notifications accept their token once `organizer.added` reaches them and record their
actions under their name, and refuse it once `organizer.revoked` does."""

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from judging.main import create_app as judging_app
from judging.settings import Settings as JudgingSettings
from notifications.main import create_app as notifications_app
from notifications.settings import Settings as NotificationsSettings
from registration.main import create_app as registration_app
from registration.settings import Settings as RegistrationSettings
from support.apps import ORGANIZER, running, settings_for_tests
from support.forms import contest_form, criteria_form
from support.forum import eventually
from support.servers import BrokerForTests

Platform = tuple[httpx.AsyncClient, httpx.AsyncClient, httpx.AsyncClient]


@pytest.fixture
async def platform(
    mongodb_url: str, broker: BrokerForTests, database_name: str
) -> AsyncIterator[Platform]:
    def settings(service: str) -> dict[str, object]:
        return settings_for_tests(mongodb_url, broker, service, f"{database_name}_{service}")

    async with (
        running(registration_app(RegistrationSettings(**settings("registration")))) as reg,
        running(judging_app(JudgingSettings(**settings("judging")))) as judging,
        running(
            notifications_app(NotificationsSettings(**settings("notifications")))
        ) as notifications,
    ):
        yield reg, judging, notifications


def bearer(token: str, correlation_id: str = "") -> dict[str, str]:
    extra = {"X-Correlation-ID": correlation_id} if correlation_id else {}
    return {"Authorization": f"Bearer {token}"} | extra


async def test_a_named_organizer_acts_in_every_service_until_revoked(platform: Platform) -> None:
    registration, judging, notifications = platform
    added = await registration.post(
        "/organizers", json={"name": "Анна Смирнова"}, headers=ORGANIZER
    )
    anna = added.json()
    contest = contest_form()
    assert (await registration.post("/contests", json=contest, headers=ORGANIZER)).is_success

    async def accepted(service: httpx.AsyncClient) -> bool:
        return (await service.get("/audit", headers=bearer(anna["token"]))).status_code == 200

    await eventually(lambda: accepted(judging))
    await eventually(lambda: accepted(notifications))

    async def criteria_set() -> bool:
        answer = await judging.put(
            f"/contests/{contest['id']}/criteria",
            json=criteria_form(),
            headers=bearer(anna["token"], "criteria-req-1"),
        )
        return answer.status_code == 200  # 404 until judging learns the contest

    await eventually(criteria_set)
    webhook = await notifications.post(
        "/webhooks",
        json={"url": "https://portal.example.org/hook"},
        headers=bearer(anna["token"], "webhook-req-2"),
    )
    assert webhook.status_code == 201, webhook.text

    for service, action, target, correlation_id in (
        (judging, "criteria.set", contest["id"], "criteria-req-1"),
        (notifications, "webhook.added", webhook.json()["id"], "webhook-req-2"),
    ):
        [entry] = (await service.get("/audit", headers=ORGANIZER)).json()["entries"]
        assert entry["actor"] == {"id": anna["id"], "name": "Анна Смирнова"}
        assert (entry["action"], entry["target"]["id"]) == (action, target)
        assert entry["correlation_id"] == correlation_id

    await sign_in(judging, anna["token"])
    page = await judging.get("/organizer/audit")
    assert page.status_code == 200
    assert "<span>Анна Смирнова</span>" in page.text and "задал(а) критерии оценки" in page.text

    revoked = await registration.delete(f"/organizers/{anna['id']}", headers=ORGANIZER)
    assert revoked.status_code == 200

    async def refused(service: httpx.AsyncClient) -> bool:
        return (await service.get("/audit", headers=bearer(anna["token"]))).status_code == 403

    await eventually(lambda: refused(judging))
    await eventually(lambda: refused(notifications))
    assert (await judging.get("/audit", headers=ORGANIZER)).status_code == 200
    assert (await judging.get("/organizer/audit")).status_code == 303  # her session ended


async def sign_in(service: httpx.AsyncClient, token: str) -> None:
    page = (await service.get("/organizer/sign-in")).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf
    answer = await service.post(
        "/organizer/sign-in", data={"csrf_token": csrf.group(1), "token": token}
    )
    assert answer.status_code == 303, answer.text
