"""The organizer's leaderboard as the pages show it: per nomination, completeness, agreement in
words, the most deviating juror, and each participant's place, score on the criteria's scale,
scorecards and spread (flagged where the jurors disagree)."""

from dataclasses import dataclass

from forum_shared.i18n import Message

from ..domain.explanations import agreement_in_words
from ..domain.presentation import Spread
from ..queries import ContestResults


@dataclass(frozen=True)
class Deviating:
    name: str
    mean_abs_deviation: float


@dataclass(frozen=True)
class BoardLine:
    participant_id: str
    place: int | None
    name: str
    project_title: str
    score: float | None
    scorecards: int
    expected: int
    spread: Spread | None


@dataclass(frozen=True)
class BoardNomination:
    nomination: str
    title: str
    received: int
    expected: int
    complete: bool
    unjudged: int
    kendalls_w: float | None
    agreement_words: Message
    deviating: Deviating | None
    lines: tuple[BoardLine, ...]


@dataclass(frozen=True)
class Board:
    received: int
    expected: int
    missing: int
    complete: bool
    nominations: tuple[BoardNomination, ...]


def board_of(results: ContestResults) -> Board:
    standings = results.standings
    projects = results.project_titles
    nominations = []
    for n in standings.nominations:
        expected = n.expected_scorecards
        deviating = n.agreement.most_deviating
        nominations.append(
            BoardNomination(
                nomination=n.nomination,
                title=n.title,
                received=n.progress.received,
                expected=n.progress.expected,
                complete=n.complete,
                unjudged=len(n.progress.unjudged),
                kendalls_w=n.agreement.kendalls_w,
                agreement_words=agreement_in_words(n.agreement.kendalls_w),
                deviating=None
                if deviating is None
                else Deviating(
                    results.juror_names.get(deviating.juror_id, ""),
                    deviating.mean_abs_deviation,
                ),
                lines=tuple(
                    BoardLine(
                        participant_id=line.participant_id,
                        place=line.place,
                        name=line.display_name,
                        project_title=projects.get(line.participant_id, ""),
                        score=n.shown_scores.get(line.participant_id, line.final_score),
                        scorecards=line.scorecards,
                        expected=expected.get(line.participant_id, 0),
                        spread=n.spreads.get(line.participant_id),
                    )
                    for line in n.ranking
                ),
            )
        )
    return Board(
        received=sum(n.received for n in nominations),
        expected=standings.expected,
        missing=len(standings.missing),
        complete=standings.complete,
        nominations=tuple(nominations),
    )


def juror_progress(results: ContestResults) -> dict[str, tuple[int, int]]:
    """juror id → (scorecards given, scorecards expected) among those the standings count."""
    progress: dict[str, list[int]] = {}
    for n in results.standings.nominations:
        for p in n.progress.participants:
            for juror_id in p.expected_jurors:
                counts = progress.setdefault(juror_id, [0, 0])
                counts[1] += 1
                if juror_id not in p.missing_jurors:
                    counts[0] += 1
    return {juror_id: (done, expected) for juror_id, (done, expected) in progress.items()}


def missing_by_juror(results: ContestResults) -> list[tuple[str, int]]:
    """(juror's name, scorecards still missing), most missing first."""
    counts: dict[str, int] = {}
    for juror_id, _ in results.standings.missing:
        counts[juror_id] = counts.get(juror_id, 0) + 1
    named = [(results.juror_names.get(j, j), count) for j, count in counts.items()]
    return sorted(named, key=lambda item: (-item[1], item[0]))
