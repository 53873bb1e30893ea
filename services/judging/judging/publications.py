"""What the public reads once the winners are announced: the results of a contest, the plenary
screen and the library of best practices (the winning projects by sphere and year).

Read models for the public pages (and anyone else who shows the announcement to people). They
hold nothing before the announcement: scores are never public until then. A participant who is
an individual and did not consent to their name being published is shown by a neutral label.
A z-score is shown on the criteria's own scale (`domain.presentation`).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from forum_shared.i18n import Message, tr

from .queries import read_standings
from .records import Announcement, RosterEntry
from .store import JudgingStore


def neutral_label(participant_id: str) -> Message:
    return tr("Participant No. %(number)s", number=short_number(participant_id))


def short_number(participant_id: str) -> str:
    """The first eight characters of the participant's id: the application number people see."""
    return participant_id[:8].upper()


@dataclass(frozen=True)
class PublicWinner:
    place: int
    participant_id: str
    name: Message | str
    project_title: str
    score: float | None


@dataclass(frozen=True)
class PublicNomination:
    nomination: str
    title: str
    winners: tuple[PublicWinner, ...]


@dataclass(frozen=True)
class PublicResults:
    contest_id: str
    contest_title: str
    announced_at: datetime
    aggregation: str
    nominations: tuple[PublicNomination, ...]


async def public_results(store: JudgingStore, contest_id: str) -> PublicResults | None:
    """None until the contest's winners are announced; raises `ContestUnknown` (404)."""
    await store.contest(contest_id)
    announcement = await store.announcement(contest_id)
    if announcement is None:
        return None
    return await _published(store, announcement)


_shown_cache: dict[str, dict[str, float | None]] = {}


async def _published(store: JudgingStore, announcement: Announcement) -> PublicResults:
    winners = [w.participant_id for n in announcement.nominations for w in n.winners]
    entries = {pid: await store.roster_entry(pid) for pid in winners}
    shown = await _shown(store, announcement)
    return PublicResults(
        contest_id=announcement.contest_id,
        contest_title=announcement.contest_title,
        announced_at=announcement.announced_at,
        aggregation=announcement.aggregation,
        nominations=tuple(
            PublicNomination(
                nomination=n.nomination,
                title=n.nomination_title,
                winners=tuple(
                    PublicWinner(
                        place=w.place,
                        participant_id=w.participant_id,
                        name=_name(entries.get(w.participant_id), w.participant_id, w.display_name),
                        project_title=_project(entries.get(w.participant_id)),
                        score=shown.get(w.participant_id, w.final_score),
                    )
                    for w in n.winners
                ),
            )
            for n in announcement.nominations
        ),
    )


async def _shown(store: JudgingStore, announcement: Announcement) -> dict[str, float | None]:
    """The winners' scores on the criteria's scale; the results are frozen once announced, so
    they are computed once per announcement."""
    finals = {w.participant_id: w.final_score for n in announcement.nominations for w in n.winners}
    if announcement.aggregation != "zscore":
        return dict(finals)
    if announcement.announcement_id not in _shown_cache:
        contest = await store.contest(announcement.contest_id)
        judging = await store.judging(announcement.contest_id)
        standings = await read_standings(store, contest, judging)
        shown = {pid: s for n in standings.nominations for pid, s in n.shown_scores.items()}
        _shown_cache[announcement.announcement_id] = {pid: shown.get(pid) for pid in finals}
    return _shown_cache[announcement.announcement_id]


def _name(entry: RosterEntry | None, participant_id: str, display_name: str) -> Message | str:
    if entry is not None and entry.registration and not entry.registration.name_public:
        return neutral_label(participant_id)
    return display_name


def _project(entry: RosterEntry | None) -> str:
    return entry.registration.project_title if entry and entry.registration else ""


# the library of best practices


@dataclass(frozen=True)
class Practice:
    """A winning project: what the library lists."""

    contest_id: str
    contest_title: str
    year: int
    sphere: str
    place: int
    name: Message | str
    project_title: str


@dataclass(frozen=True)
class Library:
    practices: tuple[Practice, ...]
    spheres: tuple[str, ...]  # every sphere (nomination title) with a winner, sorted
    years: tuple[int, ...]  # every year with a winner, latest first


async def library(
    store: JudgingStore, zone: ZoneInfo, sphere: str | None = None, year: int | None = None
) -> Library:
    """Every announced contest's winners, latest year first, by sphere and place; `sphere` and
    `year` filter what is listed (the lists of spheres and years stay whole)."""
    practices: list[Practice] = []
    for announcement in await store.all_announcements():
        published = await _published(store, announcement)
        when = announcement.announced_at.astimezone(zone).year
        practices += [
            Practice(
                contest_id=published.contest_id,
                contest_title=published.contest_title,
                year=when,
                sphere=nomination.title,
                place=winner.place,
                name=winner.name,
                project_title=winner.project_title,
            )
            for nomination in published.nominations
            for winner in nomination.winners
        ]
    practices.sort(key=lambda p: (-p.year, p.sphere, p.contest_title, p.place))
    return Library(
        practices=tuple(
            p
            for p in practices
            if (not sphere or p.sphere == sphere) and (year is None or p.year == year)
        ),
        spheres=tuple(sorted({p.sphere for p in practices})),
        years=tuple(sorted({p.year for p in practices}, reverse=True)),
    )


def spheres_of(practices: Sequence[Practice]) -> list[tuple[str, list[Practice]]]:
    """The practices grouped by sphere, in their order."""
    grouped: dict[str, list[Practice]] = {}
    for practice in practices:
        grouped.setdefault(practice.sphere, []).append(practice)
    return list(grouped.items())
