"""A juror's pages: the personal link becomes a session, the list shows the progress, each
participant is scored on a form that keeps the input and refuses in Russian beside the fields,
and a conflict of interest is declared with a reason."""

import pytest
from integration.judging.harness import ECOLOGY, Stage
from integration.judging.page_client import PageClient, another_browser, text_of

from judging.pages.forms import parse_number
from support.apps import ORGANIZER


@pytest.fixture
async def jury(stage: Stage) -> dict[str, str]:
    """Two urban participants and one ecology participant; a juror of every nomination."""
    p1, p2 = await stage.register(1, 2)
    [p3] = await stage.register(3, nomination=ECOLOGY)
    answer = await stage.judging.post(
        f"{stage.url}/jurors", json={"name": "Анна Смирнова"}, headers=ORGANIZER
    )
    token = answer.json()["token"]
    await stage.roster_shows({"Authorization": f"Bearer {token}"}, [p1, p2, p3])
    await stage.set_criteria()
    return {"token": token, "juror_id": answer.json()["id"], "p1": p1, "p2": p2, "p3": p3}


@pytest.fixture
async def phone(stage: Stage) -> PageClient:
    browser = another_browser(stage.judging)
    yield browser
    await browser.client.aclose()


async def signed_in(phone: PageClient, token: str) -> None:
    opened = await phone.get(f"/jury/{token}")
    assert opened.status_code == 303 and opened.headers["location"] == "/jury"


async def test_the_personal_link_becomes_a_session_and_leaves_the_address_bar(
    phone: PageClient, jury: dict[str, str]
) -> None:
    opened = await phone.get(f"/jury/{jury['token']}")

    assert opened.status_code == 303 and opened.headers["location"] == "/jury"
    assert opened.headers["referrer-policy"] == "no-referrer"
    cookie = opened.headers["set-cookie"]
    assert "forum_juror=" in cookie and "httponly" in cookie.lower()
    assert jury["token"] not in cookie  # only a signed hash of it
    home = await phone.get("/jury")
    assert home.status_code == 200 and home.headers["cache-control"] == "no-store"
    text = text_of(home.text)
    assert "Анна Смирнова: оценка участников" in text
    assert "Оценено 0 из 3" in text
    assert text.index("Комфортная городская среда") < text.index("ТОС «Квартал 1»")
    assert text.index("Экологическое просвещение") < text.index("ТОС «Квартал 3»")
    assert text.count("не оценено") == 3


async def test_an_unknown_link_and_a_missing_session_get_clear_russian_pages(
    phone: PageClient, jury: dict[str, str]
) -> None:
    unknown = await phone.get("/jury/not-a-token")
    nobody = await phone.get("/jury")

    assert unknown.status_code == 404 and "Ссылка не действует" in unknown.text
    assert nobody.status_code == 401 and "Откройте личную ссылку" in nobody.text


async def test_a_juror_scores_with_each_criterion_described_and_moves_to_the_next(
    phone: PageClient, jury: dict[str, str]
) -> None:
    await signed_in(phone, jury["token"])

    form = await phone.get(f"/jury/score/{jury['p1']}")
    assert "Социальный эффект" in form.text and "Хватит ли команды, денег и времени" in form.text
    assert "Оценка от 0 до 10" in form.text
    assert form.text.count('name="scores.impact" type="radio"') == 11  # 0..10: one tap each

    saved = await phone.submit(
        f"/jury/score/{jury['p1']}",
        f"/jury/score/{jury['p1']}",
        {"scores.impact": "9", "scores.feasibility": "6", "comment": "Сильная команда"},
    )

    assert saved.status_code == 303 and saved.headers["location"] == f"/jury/score/{jury['p2']}"
    home = text_of((await phone.get("/jury")).text)
    assert "Оценено 1 из 3" in home and home.count("не оценено") == 2
    again = await phone.get(f"/jury/score/{jury['p1']}")
    assert 'value="9" checked' in again.text and "Сильная команда" in again.text


async def test_a_refused_scorecard_is_explained_beside_its_fields_with_the_input_kept(
    phone: PageClient, jury: dict[str, str]
) -> None:
    await signed_in(phone, jury["token"])

    refused = await phone.submit(
        f"/jury/score/{jury['p1']}",
        f"/jury/score/{jury['p1']}",
        {"scores.impact": "11", "comment": "Черновик"},
    )

    assert refused.status_code == 422
    assert 'id="scores-impact-error"' in refused.text
    assert "Оценка должна быть от 0 до 10" in refused.text
    assert "Поставьте оценку от 0 до 10" in refused.text  # feasibility is missing
    assert 'href="#scores-impact"' in refused.text  # the summary links to the field
    assert "Черновик" in refused.text
    assert "Оценено 0 из 3" in text_of((await phone.get("/jury")).text)


async def test_a_juror_declares_a_conflict_of_interest_with_a_reason(
    phone: PageClient, jury: dict[str, str], stage: Stage
) -> None:
    await signed_in(phone, jury["token"])
    page = f"/jury/score/{jury['p2']}"

    no_reason = await phone.submit(page, f"/jury/conflict/{jury['p2']}", {"reason": " "})
    assert no_reason.status_code == 422 and "Коротко напишите" in no_reason.text

    declared = await phone.submit(
        page, f"/jury/conflict/{jury['p2']}", {"reason": "Моя сестра в этой команде"}
    )

    assert declared.status_code == 303 and declared.headers["location"] == "/jury?saved=conflict"
    home = text_of((await phone.get("/jury?saved=conflict")).text)
    assert "Оценено 0 из 2" in home and "конфликт интересов" in home
    assert "Конфликт интересов записан" in home
    jurors = (await stage.judging.get(f"{stage.url}/jurors", headers=ORGANIZER)).json()
    [conflict] = jurors[0]["declared_conflicts"]
    assert (conflict["participant_id"], conflict["reason"]) == (
        jury["p2"],
        "Моя сестра в этой команде",
    )


async def test_a_revoked_juror_is_out_at_once(
    phone: PageClient, jury: dict[str, str], stage: Stage
) -> None:
    await signed_in(phone, jury["token"])
    revoked = await stage.judging.delete(
        f"{stage.url}/jurors/{jury['juror_id']}", headers=ORGANIZER
    )
    assert revoked.status_code == 200, revoked.text

    home = await phone.get("/jury")
    link = await phone.get(f"/jury/{jury['token']}")

    assert home.status_code == 403 and "Доступ отозван" in home.text
    assert link.status_code == 403 and "Доступ отозван" in link.text


async def test_after_the_announcement_the_form_says_the_scores_are_final(
    phone: PageClient, jury: dict[str, str], stage: Stage
) -> None:
    await signed_in(phone, jury["token"])
    form_page = await phone.get(f"/jury/score/{jury['p1']}")
    forced = await stage.judging.post(
        f"{stage.url}/announcement", json={"force": True}, headers=ORGANIZER
    )
    assert forced.status_code == 201, forced.text
    data = [("scores.impact", "9"), ("scores.feasibility", "6")]
    data.append(("csrf_token", form_page.text.split('name="csrf_token" value="')[1].split('"')[0]))

    refused = await phone.post(f"/jury/score/{jury['p1']}", data)

    assert refused.status_code == 422
    assert "Итоги объявлены: оценки больше нельзя изменить" in refused.text
    assert "Итоги объявлены" in (await phone.get("/jury")).text


@pytest.mark.parametrize(
    ("typed", "number"),
    [("7,5", 7.5), (" 8 ", 8.0), ("7.25", 7.25), ("", None), ("семь", None), ("nan", None)],
)
def test_a_typed_score_is_read_with_a_decimal_comma(typed: str, number: float | None) -> None:
    assert parse_number(typed) == number
