"""The live leaderboard's standings, kept per contest until what they are computed from changes.

The leaderboard is asked for far more often than scorecards arrive, and computing it means
reading every scorecard revision and ranking in exact arithmetic. An entry is keyed by what the
standings are a function of, each read cheaply: the contest (its nominations), the judging
document's `criteria_version`, `jurors_version` and `scorecards_version`, and the
participants still in the contest (read anyway: the page shows their projects). A reader
takes the key *before* reading the scorecards, so an entry may hold a revision newer than its
key (the next key differs), never miss one its key promises. `scorecards_version` is raised by
a revision's release (or by the settle that finds a revision landed whose writer never released
it, `store`), so it covers every write admitted after the key was read. A write admitted before
it and still in flight (its ticket registered: it may land at any moment, or its writer may
have died after landing it) is covered by nothing: while the judging document holds a ticket,
the standings are neither taken from the cache nor kept in it.

The announcement's check before closing takes its standings from here (computing and keeping
them if need be), and after settling the fence the announcement finds them here if nothing
changed meanwhile: the scorecards are then read once (`store` explains why that is exact, step
c of the announcer).
"""

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from .domain import Participant
from .records import Contest, JudgingRecord
from .standings import Standings

CONTESTS_KEPT = 16


@dataclass(frozen=True)
class StandingsKey:
    contest: str  # the contest as stored, serialised
    criteria_version: int
    jurors_version: int
    scorecards_version: int
    participants: tuple[Participant, ...]
    settled: bool  # no scorecard write in flight: only then is an entry kept or used

    @classmethod
    def of(
        cls, contest: Contest, judging: JudgingRecord, participants: Sequence[Participant]
    ) -> "StandingsKey":
        return cls(
            contest=contest.model_dump_json(),
            criteria_version=judging.criteria_version,
            jurors_version=judging.jurors_version,
            scorecards_version=judging.scorecards_version,
            participants=tuple(participants),
            settled=not judging.tickets,
        )


class StandingsCache:
    """The latest standings of the `CONTESTS_KEPT` contests asked for most recently."""

    def __init__(self, contests_kept: int = CONTESTS_KEPT) -> None:
        self._entries: OrderedDict[str, tuple[StandingsKey, Standings]] = OrderedDict()
        self._kept = contests_kept

    def get(self, contest_id: str, key: StandingsKey) -> Standings | None:
        entry = self._entries.get(contest_id)
        if entry is None or entry[0] != key or not key.settled:
            return None
        self._entries.move_to_end(contest_id)
        return entry[1]

    def put(self, contest_id: str, key: StandingsKey, standings: Standings) -> None:
        if not key.settled:
            return
        self._entries[contest_id] = (key, standings)
        self._entries.move_to_end(contest_id)
        while len(self._entries) > self._kept:
            self._entries.popitem(last=False)
