"""What judging shows: the live results, a juror's roster with their progress, the jury, the
announcement, and who a juror token belongs to.

The JSON API and the pages call these functions (the consumers call `commands`). They return
records (`records`) and plain dataclasses, never HTTP models, and raise `JudgingError`s, which
`api.errors` maps to one HTTP status each (`errors` says which).
"""

from dataclasses import dataclass

from .domain import ContestCriteria, Participant, Phase, Scorecard
from .errors import (
    CriteriaMissing,
    JurorOfAnotherContest,
    JurorTokenRevoked,
    JurorTokenUnknown,
    NotAnnounced,
)
from .records import (
    Announcement,
    Contest,
    DeclaredConflict,
    JudgingRecord,
    JurorEntry,
    JurorToken,
    ScorecardRevision,
)
from .standings import Completeness, Standings, contest_completeness, contest_standings
from .store import JudgingStore

# who a token belongs to


async def authenticate_juror(store: JudgingStore, contest_id: str, token: str) -> JurorToken:
    """The juror whose token this is, if they judge `contest_id`.

    Raises `JurorTokenUnknown` (401) or `JurorOfAnotherContest` (403). Whether the juror was
    revoked since is decided with the contest's judging state: see `active_juror`.
    """
    juror = await store.juror_token(JurorToken.hash(token))
    if juror is None:
        raise JurorTokenUnknown()
    if juror.contest_id != contest_id:
        raise JurorOfAnotherContest(juror.contest_id, contest_id)
    return juror


def active_juror(judging: JudgingRecord, juror: JurorToken) -> JurorEntry:
    """The juror's entry in the jury; `JurorTokenRevoked` (401) once the organizer revoked it."""
    entry = judging.juror(juror.id)
    if entry is None:
        raise JurorTokenUnknown()
    if entry.revoked:
        raise JurorTokenRevoked()
    return entry


# the organizer's views


@dataclass(frozen=True)
class ContestResults:
    """The live leaderboard: `standings` ranks, counts and measures agreement per nomination."""

    contest: Contest
    standings: Standings
    announced: bool
    juror_names: dict[str, str]  # juror id → name, revoked jurors included


async def contest_results(store: JudgingStore, contest_id: str) -> ContestResults:
    """Raises `ContestUnknown` (404), `CriteriaMissing` (409)."""
    contest = await store.contest(contest_id)
    judging = await store.judging(contest_id)
    standings = await read_standings(store, contest, judging)
    return ContestResults(
        contest=contest,
        standings=standings,
        announced=judging.phase is Phase.ANNOUNCED,
        juror_names={juror.id: juror.name for juror in judging.jurors},
    )


async def contest_jurors(store: JudgingStore, contest_id: str) -> list[JurorEntry]:
    """Every juror ever added, revoked ones included, in the order they were added."""
    await store.contest(contest_id)
    return list((await store.judging(contest_id)).jurors)


async def announcement(store: JudgingStore, contest_id: str) -> Announcement:
    """Public once stored; `NotAnnounced` (404) before."""
    stored = await store.announcement(contest_id)
    if stored is None:
        raise NotAnnounced(contest_id)
    return stored


# the juror's view


@dataclass(frozen=True)
class RosterLine:
    participant: Participant
    nomination_title: str
    my_scorecard: ScorecardRevision | None  # the juror's latest revision, if any


@dataclass(frozen=True)
class JurorRoster:
    """The participants the juror is expected to score, with the juror's own scorecards only."""

    contest: Contest
    juror: JurorEntry
    announced: bool
    criteria: ContestCriteria | None  # None until the organizer sets them
    lines: tuple[RosterLine, ...]

    @property
    def scored(self) -> int:
        return sum(1 for line in self.lines if line.my_scorecard is not None)

    @property
    def expected(self) -> int:
        return len(self.lines)

    @property
    def progress(self) -> str:
        """ "N of M": scorecards given of those expected from the juror."""
        return f"{self.scored} of {self.expected}"

    @property
    def declared_conflicts(self) -> tuple[DeclaredConflict, ...]:
        return tuple(self.juror.declared_conflicts)


async def juror_roster(store: JudgingStore, juror: JurorToken) -> JurorRoster:
    """Raises `JurorTokenRevoked` (401) for a revoked juror."""
    contest = await store.contest(juror.contest_id)
    judging = await store.judging(contest.id)
    entry = active_juror(judging, juror)
    may_score = entry.juror().may_score
    mine = {c.participant_id: c for c in await store.latest_scorecards(contest.id, juror.id)}
    titles = contest.nomination_titles
    lines = []
    for roster_entry in await store.participants(contest.id):
        participant = roster_entry.participant()
        if may_score(participant):
            title = titles.get(participant.nomination, participant.nomination)
            lines.append(RosterLine(participant, title, mine.get(participant.id)))
    return JurorRoster(
        contest=contest,
        juror=entry,
        announced=judging.phase is Phase.ANNOUNCED,
        criteria=judging.contest_criteria(),
        lines=tuple(lines),
    )


# shared with the announcement


async def read_standings(
    store: JudgingStore, contest: Contest, judging: JudgingRecord
) -> Standings:
    """The standings from the criteria and jury in `judging` and the scorecards stored now."""
    criteria = required_criteria(judging)
    participants = await store.participants(contest.id)
    scorecards = await store.latest_scorecards(contest.id)
    return contest_standings(
        contest.nomination_titles,
        criteria,
        judging.domain_jurors(),
        [entry.participant() for entry in participants],
        [card.scorecard() for card in scorecards],
    )


async def read_completeness(
    store: JudgingStore, contest: Contest, judging: JudgingRecord
) -> Completeness:
    """Whether every expected scorecard is in, reading only who scored whom."""
    required_criteria(judging)
    participants = [entry.participant() for entry in await store.participants(contest.id)]
    jurors = judging.domain_jurors()
    pairs = await store.scored_pairs(contest.id)
    cards = [Scorecard(juror_id, participant_id, 0.0, {}) for juror_id, participant_id in pairs]
    return contest_completeness(jurors, participants, cards)


def required_criteria(judging: JudgingRecord) -> ContestCriteria:
    criteria = judging.contest_criteria()
    if criteria is None:
        raise CriteriaMissing(judging.id)
    return criteria
