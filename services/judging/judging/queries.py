"""What judging shows: the live results, a juror's roster with their progress, the jury, the
announcement, and who a juror token belongs to.

The JSON API and the pages call these functions (the consumers call `commands`). They return
records (`records`) and plain dataclasses, never HTTP models, and raise `JudgingError`s, which
`api.errors` maps to one HTTP status each (`errors` says which).
"""

from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from forum_shared.organizers import Actor

from .domain import ContestCriteria, Participant, Phase, counted_scorecards
from .errors import (
    CriteriaMissing,
    JurorOfAnotherContest,
    JurorTokenRevoked,
    JurorTokenUnknown,
    NotAnnounced,
    ParticipantNotKnown,
)
from .records import (
    Announcement,
    Contest,
    DeclaredConflict,
    JudgingRecord,
    JurorEntry,
    JurorToken,
    Registration,
    RosterEntry,
    ScorecardRevision,
)
from .standings import Standings, contest_standings
from .standings_cache import StandingsCache, StandingsKey
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
    project_titles: dict[str, str] = field(default_factory=dict)  # participant id → title


async def contest_results(store: JudgingStore, contest_id: str) -> ContestResults:
    """Raises `ContestUnknown` (404), `CriteriaMissing` (409)."""
    contest = await store.contest(contest_id)
    judging = await store.judging(contest_id)
    participants = await store.participants(contest_id)
    standings = await live_standings(store, contest, judging, participants)
    return ContestResults(
        contest=contest,
        standings=standings,
        announced=judging.phase is Phase.ANNOUNCED,
        juror_names={juror.id: juror.name for juror in judging.jurors},
        project_titles={entry.id: entry.project_title for entry in participants},
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
    project_title: str = ""


@dataclass(frozen=True)
class JurorRoster:
    """The participants the juror is expected to score, with the juror's own scorecards only."""

    contest: Contest
    juror: JurorEntry
    announced: bool
    criteria: ContestCriteria | None  # None until the organizer sets them
    lines: tuple[RosterLine, ...]
    # participants of the juror's nominations they are in conflict with (not to score)
    conflicts: tuple[RosterLine, ...] = ()

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
    me = entry.juror()
    mine = {c.participant_id: c for c in await store.latest_scorecards(contest.id, juror.id)}
    titles = contest.nomination_titles
    lines, conflicts = [], []
    for roster_entry in await store.participants(contest.id):
        participant = roster_entry.participant()
        title = titles.get(participant.nomination, participant.nomination)
        project = roster_entry.project_title
        if me.may_score(participant):
            lines.append(RosterLine(participant, title, mine.get(participant.id), project))
        elif me.is_assigned_to(participant.nomination) and participant.id in me.conflicts:
            conflicts.append(RosterLine(participant, title, None, project))
    return JurorRoster(
        contest=contest,
        juror=entry,
        announced=judging.phase is Phase.ANNOUNCED,
        criteria=judging.contest_criteria(),
        lines=tuple(lines),
        conflicts=tuple(conflicts),
    )


async def juror_of_token_hash(store: JudgingStore, token_sha256: str) -> JurorToken:
    """Whose token has this hash (the pages keep the hash in the juror's session cookie);
    `JurorTokenUnknown` (401) if nobody's. Revocation is checked with the roster."""
    juror = await store.juror_token(token_sha256) if token_sha256 else None
    if juror is None:
        raise JurorTokenUnknown()
    return juror


# the organizer's pages


@dataclass(frozen=True)
class ContestLine:
    contest: Contest
    criteria_set: bool
    announced: bool


async def known_contests(store: JudgingStore) -> list[ContestLine]:
    """Every contest judging has learnt of, by title."""
    lines = []
    for contest in sorted(await store.all_contests(), key=lambda c: (c.title, c.id)):
        judging = await store.judging(contest.id)
        lines.append(
            ContestLine(contest, judging.criteria is not None, judging.phase is Phase.ANNOUNCED)
        )
    return lines


@dataclass(frozen=True)
class CriteriaView:
    contest: Contest
    criteria: ContestCriteria | None
    locked: bool  # scored with already: they can no longer change
    announced: bool


async def criteria_view(store: JudgingStore, contest_id: str) -> CriteriaView:
    contest = await store.contest(contest_id)
    judging = await store.judging(contest_id)
    return CriteriaView(
        contest,
        judging.contest_criteria(),
        locked=bool(judging.scored),
        announced=judging.phase is Phase.ANNOUNCED,
    )


@dataclass(frozen=True)
class JuryView:
    contest: Contest
    jurors: tuple[JurorEntry, ...]  # revoked ones included, in the order they were added
    announced: bool
    results: ContestResults | None  # None until the criteria are set
    participant_names: dict[str, str]  # participant id → display name


async def jury_view(store: JudgingStore, contest_id: str) -> JuryView:
    contest = await store.contest(contest_id)
    judging = await store.judging(contest_id)
    results = None
    if judging.criteria is not None:
        results = await contest_results(store, contest_id)
    participants = await store.participants(contest_id)
    return JuryView(
        contest=contest,
        jurors=tuple(judging.jurors),
        announced=judging.phase is Phase.ANNOUNCED,
        results=results,
        participant_names={e.id: e.participant().display_name for e in participants},
    )


async def announcement_if_any(store: JudgingStore, contest_id: str) -> Announcement | None:
    return await store.announcement(contest_id)


@dataclass(frozen=True)
class JuryProtocol:
    """What the jury's protocol holds: the results, every juror's latest scorecards (with
    whether each counts), the participants, and the announcement if made."""

    results: ContestResults
    criteria: ContestCriteria
    scorecards: tuple[ScorecardRevision, ...]  # by nomination, participant, juror
    counted: frozenset[tuple[str, str]]  # (juror id, participant id) of those that count
    participants: dict[str, Registration]
    announcement: Announcement | None


async def jury_protocol(store: JudgingStore, contest_id: str) -> JuryProtocol:
    """Raises `ContestUnknown` (404), `CriteriaMissing` (409)."""
    results = await contest_results(store, contest_id)
    judging = await store.judging(contest_id)
    criteria = required_criteria(judging)
    entries = await store.participants(contest_id)
    participants = {e.id: e.registration for e in entries if e.registration}
    order = {e.id: position for position, e in enumerate(entries)}
    juror_order = {j.id: position for position, j in enumerate(judging.jurors)}
    cards = [c for c in await store.latest_scorecards(contest_id) if c.participant_id in order]
    cards.sort(
        key=lambda c: (c.nomination, order[c.participant_id], juror_order.get(c.juror_id, 0))
    )
    counted = counted_scorecards(judging.domain_jurors(), [c.scorecard() for c in cards])
    return JuryProtocol(
        results=results,
        criteria=criteria,
        scorecards=tuple(cards),
        counted=frozenset((c.juror_id, c.participant_id) for c in counted),
        participants=participants,
        announcement=await store.announcement(contest_id),
    )


# shared with the announcement


async def read_standings(
    store: JudgingStore,
    contest: Contest,
    judging: JudgingRecord,
    participants: list[RosterEntry] | None = None,
) -> Standings:
    """The standings from the criteria and jury in `judging` and the scorecards stored now
    (`participants`: the contest's, if the caller has read them already), computed now."""
    criteria = required_criteria(judging)
    if participants is None:
        participants = await store.participants(contest.id)
    return contest_standings(
        contest.nomination_titles,
        criteria,
        judging.domain_jurors(),
        [entry.participant() for entry in participants],
        await store.latest_scores(contest.id),
    )


async def live_standings(
    store: JudgingStore, contest: Contest, judging: JudgingRecord, participants: list[RosterEntry]
) -> Standings:
    """`read_standings`, kept until something they are computed from changes
    (`standings_cache`): the leaderboard's, and the announcement's (`commands.announce`)."""
    required_criteria(judging)
    key = StandingsKey.of(contest, judging, [entry.participant() for entry in participants])
    cache = _standings_cache(store)
    standings = cache.get(contest.id, key)
    if standings is None:
        standings = await read_standings(store, contest, judging, participants)
        cache.put(contest.id, key, standings)
    return standings


# one cache per store (per database), as long as the store lives
_caches: "WeakKeyDictionary[JudgingStore, StandingsCache]" = WeakKeyDictionary()


def _standings_cache(store: JudgingStore) -> StandingsCache:
    cache = _caches.get(store)
    if cache is None:
        cache = _caches[store] = StandingsCache()
    return cache


def required_criteria(judging: JudgingRecord) -> ContestCriteria:
    criteria = judging.contest_criteria()
    if criteria is None:
        raise CriteriaMissing(judging.id)
    return criteria


async def personal_data(
    store: JudgingStore, participant_id: str, *, actor: Actor, correlation_id: str
) -> dict[str, Any]:
    """Everything judging stores about the participant: the roster entry (name, project,
    registration, withdrawal, erasure; never a contact), the scorecards for them and the
    announcements naming them. Raises `ParticipantNotKnown`."""
    documents = await store.participant_documents(participant_id)
    if documents is None:
        raise ParticipantNotKnown(participant_id)
    await store.audit.record(
        actor, "personal_data.exported", "participant", participant_id, None, correlation_id
    )
    return {"participant_id": participant_id} | documents
