"""The jury's protocol as an XLSX workbook (openpyxl): the results per nomination, every
juror's score per criterion with their comment, and the winners — what the organizer's pages
show, for the minutes of the jury's meeting."""

from io import BytesIO
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from forum_shared.i18n import render

from ..domain.explanations import method_title
from ..queries import JuryProtocol
from .board import board_of

BOLD = Font(bold=True)


def protocol_workbook(protocol: JuryProtocol, zone: ZoneInfo) -> bytes:
    workbook = Workbook()
    results_sheet = workbook.active
    assert isinstance(results_sheet, Worksheet)
    results_sheet.title = "Итоги"
    _results(results_sheet, protocol, zone)
    _scores(workbook.create_sheet("Оценки"), protocol, zone)
    _winners(workbook.create_sheet("Победители"), protocol)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header(sheet: Worksheet, *titles: str) -> None:
    sheet.append(list(titles))
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD


def _results(sheet: Worksheet, protocol: JuryProtocol, zone: ZoneInfo) -> None:
    results = protocol.results
    announcement = protocol.announcement
    sheet.append(["Конкурс", results.contest.title])
    sheet.append(["Способ подсчёта", render(method_title(results.standings.aggregation))])
    if announcement is not None:
        when = announcement.announced_at.astimezone(zone).replace(tzinfo=None)
        state = "итоги объявлены" + (" при неполной оценке" if announcement.forced else "")
        sheet.append(["Состояние", state, when])
    else:
        sheet.append(["Состояние", "предварительные результаты: итоги не объявлены"])
    board = board_of(results)
    sheet.append(["Оценочных листов", board.received, "из", board.expected])
    sheet.append([])
    _header(
        sheet,
        "Номинация",
        "Место",
        "Участник",
        "Проект",
        "Итоговый балл",
        "Оценок",
        "Разброс",
        "Мнения расходятся",
    )
    for nomination in board.nominations:
        for line in nomination.lines:
            sheet.append(
                [
                    nomination.title,
                    line.place,
                    line.name,
                    line.project_title,
                    line.score,
                    line.scorecards,
                    line.spread.width if line.spread else None,
                    "да" if line.spread and line.spread.disagreement else "",
                ]
            )
    _widths(sheet, [28, 8, 36, 36, 14, 8, 10, 18])


def _scores(sheet: Worksheet, protocol: JuryProtocol, zone: ZoneInfo) -> None:
    criteria = protocol.criteria.criteria
    _header(
        sheet,
        "Номинация",
        "Участник",
        "Член жюри",
        *(c.title for c in criteria),
        "Итог листа",
        "Учитывается",
        "Комментарий",
        "Версия",
        "Отправлено",
    )
    titles = protocol.results.contest.nomination_titles
    names = protocol.results.juror_names
    for card in protocol.scorecards:
        participant = protocol.participants.get(card.participant_id)
        sheet.append(
            [
                titles.get(card.nomination, card.nomination),
                participant.display_name if participant else card.participant_id,
                names.get(card.juror_id, card.juror_id),
                *(card.scores.get(c.id) for c in criteria),
                card.weighted_total,
                "да" if (card.juror_id, card.participant_id) in protocol.counted else "нет",
                card.comment or "",
                card.revision,
                card.submitted_at.astimezone(zone).replace(tzinfo=None),
            ]
        )
    _widths(sheet, [28, 36, 28, *(14 for _ in criteria), 12, 12, 48, 8, 20])


def _winners(sheet: Worksheet, protocol: JuryProtocol) -> None:
    announcement = protocol.announcement
    _header(sheet, "Номинация", "Место", "Участник", "Проект", "Итоговый балл")
    if announcement is None:
        sheet.append(["Итоги ещё не объявлены"])
        return
    shown = {
        pid: score
        for n in protocol.results.standings.nominations
        for pid, score in n.shown_scores.items()
    }
    for nomination in announcement.nominations:
        for winner in nomination.winners:
            participant = protocol.participants.get(winner.participant_id)
            sheet.append(
                [
                    nomination.nomination_title,
                    winner.place,
                    winner.display_name,
                    participant.project_title if participant else "",
                    shown.get(winner.participant_id, winner.final_score),
                ]
            )
    _widths(sheet, [28, 8, 36, 36, 14])


def _widths(sheet: Worksheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
