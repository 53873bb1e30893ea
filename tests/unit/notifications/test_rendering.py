from datetime import UTC, datetime

import pytest
from jinja2 import UndefinedError

from forum_shared.events import ParticipantRegistered, WinnersAnnounced
from notifications.domain import (
    Recipient,
    TemplateName,
    plan_participant_registered,
    plan_winners_announced,
)
from notifications.rendering import Renderer, format_score, ru_date, ru_datetime


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer()


def test_every_planned_message_renders_a_subject_a_text_and_an_html_part(
    renderer: Renderer,
    registration: ParticipantRegistered,
    announcement: WinnersAnnounced,
    recipients: list[Recipient],
):
    messages = [
        *plan_participant_registered(registration),
        *plan_winners_announced(announcement, recipients, "orgs@example.org"),
    ]
    assert {m.template for m in messages} == set(TemplateName)

    for message in messages:
        rendered = renderer.render(message.template, message.context)
        assert rendered.subject and "\n" not in rendered.subject
        assert rendered.text.strip()
        assert rendered.html.startswith("<!DOCTYPE html>")
        assert f"<title>{rendered.subject}</title>" in rendered.html


def test_the_confirmation_greets_in_russian_and_says_what_happens_next(
    renderer: Renderer, registration: ParticipantRegistered
):
    [message] = plan_participant_registered(registration)

    rendered = renderer.render(message.template, message.context)

    assert rendered.subject == "Заявка на конкурс «Лучшие практики ТОС» принята"
    for part in (rendered.text, rendered.html):
        assert "Здравствуйте, Анна Петровна!" in part
        assert "«Экологическое просвещение детей и молодёжи»" in part
        assert "«Школа юного эколога»" in part
        assert "члены жюри" in part
        assert "пленарном заседании форума" in part
        assert "по электронной почте" in part
    assert "21 ноября 2025 г." in rendered.text


def test_a_winner_reads_their_place_nomination_and_score(
    renderer: Renderer, announcement: WinnersAnnounced, recipients: list[Recipient]
):
    winner = plan_winners_announced(announcement, recipients, None)[0]

    rendered = renderer.render(winner.template, winner.context)

    assert rendered.subject == "Поздравляем! 1-е место в конкурсе «Лучшие практики ТОС»"
    assert "вы заняли 1-е место в номинации «Экологическое просвещение детей и молодёжи»" in (
        rendered.text
    )
    assert "Итоговая оценка жюри: 9,25" in rendered.text


def test_a_thank_you_lists_the_winners_of_the_nomination_and_of_the_other_nominations(
    renderer: Renderer, announcement: WinnersAnnounced, recipients: list[Recipient]
):
    thanks = plan_winners_announced(announcement, recipients, None)[2]

    rendered = renderer.render(thanks.template, thanks.context)

    assert "Благодарим вас за участие в конкурсе «Лучшие практики ТОС»" in rendered.text
    assert "1-е место — ТОС «Участник 1»" in rendered.text
    assert "2-е место — ТОС «Участник 2»" in rendered.text
    assert "Победители других номинаций" in rendered.text
    assert "1-е место — ТОС «Участник 9»" in rendered.text


def test_the_html_part_escapes_a_name_like_a_script_tag_and_the_text_part_keeps_it(
    renderer: Renderer, registration: ParticipantRegistered
):
    hostile = registration.model_copy(update={"display_name": "<script>alert(1)</script>"})
    [message] = plan_participant_registered(hostile)

    rendered = renderer.render(message.template, message.context)

    assert "<script>" not in rendered.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered.html
    assert "<script>alert(1)</script>" in rendered.text


def test_a_title_with_a_line_break_still_makes_a_one_line_subject(
    renderer: Renderer, registration: ParticipantRegistered
):
    [message] = plan_participant_registered(registration)
    context = {**message.context, "contest_title": "Лучшие\r\nBcc: someone@example.org"}

    rendered = renderer.render(message.template, context)

    assert "\n" not in rendered.subject and "\r" not in rendered.subject


def test_a_missing_context_value_is_an_error_rather_than_a_blank(
    renderer: Renderer, registration: ParticipantRegistered
):
    [message] = plan_participant_registered(registration)
    context = {k: v for k, v in message.context.items() if k != "project_title"}

    with pytest.raises(UndefinedError):
        renderer.render(message.template, context)


def test_dates_are_written_in_russian_in_tolyatti_time():
    late_evening_utc = datetime(2025, 11, 21, 21, 30, tzinfo=UTC)

    assert ru_date(late_evening_utc) == "22 ноября 2025 г."
    assert ru_datetime("2025-11-22T07:30:00+00:00") == "22 ноября 2025 г., 11:30"


@pytest.mark.parametrize(
    ("score", "written"), [(9.25, "9,25"), (8.5, "8,5"), (10.0, "10"), (-0.001, "0")]
)
def test_scores_are_written_with_a_decimal_comma_and_no_trailing_zeros(score: float, written: str):
    assert format_score(score) == written
