"""What judging stores, as read back from MongoDB, and how each record meets the domain."""

from dataclasses import asdict, dataclass
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from forum_shared.events import Nomination, NominationWinners, WinnersAnnounced

from .domain import ContestCriteria, Juror, Participant, Scorecard


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    id: str = Field(alias="_id")

    def document(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True)


class Contest(Record):
    """A contest as `contest.opened` told judging about it."""

    title: str
    nominations: tuple[Nomination, ...]
    places_per_nomination: int

    @property
    def nomination_titles(self) -> dict[str, str]:
        """id → title, in the contest's order."""
        return {n.id: n.title for n in self.nominations}


class Registration(BaseModel):
    display_name: str
    registered_at: AwareDatetime


class Withdrawal(BaseModel):
    withdrawn_at: AwareDatetime


class RosterEntry(Record):
    """Registration and withdrawal are learnt separately, in whichever order they arrive."""

    contest_id: str
    nomination: str
    registration: Registration | None = None
    withdrawal: Withdrawal | None = None

    @property
    def active(self) -> bool:
        return self.registration is not None and self.withdrawal is None

    def participant(self) -> Participant:
        assert self.registration is not None, "only a registered entry is a participant"
        return Participant(
            self.id,
            self.nomination,
            self.registration.display_name,
            self.registration.registered_at,
        )


class JurorRecord(Record):
    """`nominations` None: every nomination of the contest. Only the token's hash is kept."""

    contest_id: str
    name: str
    nominations: list[str] | None
    conflicts_of_interest: list[str]
    token_sha256: str
    created_at: AwareDatetime

    def juror(self) -> Juror:
        return Juror(self.id, self.nominations, self.conflicts_of_interest)


class LedgerEntry(Record):
    """One change of a contest's judging, numbered: `seq` is unique per contest (see `store`)."""

    contest_id: str
    seq: int


class CriteriaSet(LedgerEntry):
    kind: Literal["criteria"] = "criteria"
    criteria: list[dict[str, Any]]
    aggregation: str
    set_at: AwareDatetime

    def contest_criteria(self) -> ContestCriteria:
        return ContestCriteria.from_dicts(self.criteria, self.aggregation)

    @staticmethod
    def items(criteria: ContestCriteria) -> list[dict[str, Any]]:
        return [asdict(criterion) for criterion in criteria.criteria]


class ScorecardRevision(LedgerEntry):
    kind: Literal["scorecard"] = "scorecard"
    juror_id: str
    participant_id: str
    nomination: str
    revision: int
    scores: dict[str, float]
    weighted_total: float
    comment: str | None
    submitted_at: AwareDatetime

    def scorecard(self) -> Scorecard:
        return Scorecard(self.juror_id, self.participant_id, self.weighted_total, self.scores)


class Announcement(LedgerEntry):
    """Its `_id` is the contest's id: one announcement per contest, however often asked for."""

    kind: Literal["announcement"] = "announcement"
    announcement_id: str
    contest_title: str
    announced_at: AwareDatetime
    aggregation: str
    forced: bool
    nominations: tuple[NominationWinners, ...]

    def event(self, correlation_id: str) -> WinnersAnnounced:
        return WinnersAnnounced(
            producer="judging",
            correlation_id=correlation_id,
            contest_id=self.contest_id,
            contest_title=self.contest_title,
            announcement_id=self.announcement_id,
            announced_at=self.announced_at,
            aggregation=self.aggregation,
            forced=self.forced,
            nominations=self.nominations,
        )


@dataclass(frozen=True)
class JudgingState:
    """A contest's judging as read at ledger position `head`: a change based on it is stored at
    `head + 1`, which fails if anything was stored since."""

    contest: Contest
    head: int
    criteria: ContestCriteria | None
    scored: bool
    announcement: Announcement | None

    @property
    def next_seq(self) -> int:
        return self.head + 1


def latest_revisions(revisions: list[ScorecardRevision]) -> list[ScorecardRevision]:
    """Each juror's latest revision for each participant."""
    latest: dict[tuple[str, str], ScorecardRevision] = {}
    for card in revisions:
        key = (card.juror_id, card.participant_id)
        if key not in latest or card.revision > latest[key].revision:
            latest[key] = card
    return list(latest.values())
