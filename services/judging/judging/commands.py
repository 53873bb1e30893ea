"""What changes a contest's judging: its criteria, a scorecard, the announcement.

Each command reads the contest's judging state, lets the domain decide, and appends one ledger
entry (with the event it implies) after that state; a refusal is raised before anything is
written, and a concurrent change makes it read and decide again (see `store`).
"""

import uuid
from collections.abc import Mapping

from forum_shared.events import ScoreSubmitted
from forum_shared.mongo import now_to_the_millisecond
from forum_shared.runtime import Runtime

from .domain import ContestCriteria, build_scorecard, ensure_may_score
from .errors import (
    AlreadyAnnounced,
    CriteriaLocked,
    CriteriaMissing,
    ParticipantUnknown,
    ScoringIncomplete,
)
from .records import Announcement, CriteriaSet, JudgingState, JurorRecord, ScorecardRevision
from .standings import Standings, contest_standings
from .store import JudgingStore, retrying


async def set_criteria(store: JudgingStore, contest_id: str, criteria: ContestCriteria) -> None:
    """Setting the very same criteria again changes nothing, even once they are locked."""

    async def attempt() -> None:
        state = await store.state(contest_id)
        if state.criteria == criteria:
            return
        if state.announcement:
            raise AlreadyAnnounced(contest_id)
        if state.scored:
            raise CriteriaLocked(contest_id)
        entry = CriteriaSet(
            _id=str(uuid.uuid4()),
            contest_id=contest_id,
            seq=state.next_seq,
            criteria=CriteriaSet.items(criteria),
            aggregation=criteria.aggregation.value,
            set_at=now_to_the_millisecond(),
        )
        await store.append(entry)

    await retrying(attempt)


async def submit_scorecard(
    runtime: Runtime,
    store: JudgingStore,
    juror: JurorRecord,
    participant_id: str,
    scores: Mapping[str, object],
    comment: str | None,
    correlation_id: str,
) -> ScorecardRevision:
    """Stores the next revision of the juror's scorecard with its `score.submitted`."""

    async def attempt() -> ScorecardRevision:
        state = await store.state(juror.contest_id)
        if state.announcement:
            raise AlreadyAnnounced(state.contest.id)
        criteria = required_criteria(state)
        entry = await store.roster_entry(participant_id)
        if entry is None or entry.contest_id != state.contest.id or not entry.active:
            raise ParticipantUnknown(participant_id, state.contest.id)
        ensure_may_score(juror.juror(), entry.participant())
        card = build_scorecard(criteria, juror.id, participant_id, scores)
        revision = ScorecardRevision(
            _id=str(uuid.uuid4()),
            contest_id=state.contest.id,
            seq=state.next_seq,
            juror_id=juror.id,
            participant_id=participant_id,
            nomination=entry.nomination,
            revision=await store.latest_revision(juror.id, participant_id) + 1,
            scores=dict(card.scores),
            weighted_total=card.weighted_total,
            comment=comment,
            submitted_at=now_to_the_millisecond(),
        )
        await store.append(revision, score_submitted(revision, correlation_id))
        return revision

    revision = await retrying(attempt)
    runtime.relay.wake()
    return revision


async def announce(
    runtime: Runtime, store: JudgingStore, contest_id: str, force: bool, correlation_id: str
) -> tuple[Announcement, bool]:
    """The contest's announcement, and whether this call made it (False: it existed already)."""

    async def attempt() -> tuple[Announcement, bool]:
        state = await store.state(contest_id)
        if state.announcement:
            return state.announcement, False
        standings = await read_standings(store, state)
        if not standings.complete and not force:
            raise ScoringIncomplete(
                contest_id, len(standings.missing), standings.expected, standings.unjudged
            )
        announcement = Announcement(
            _id=contest_id,
            contest_id=contest_id,
            seq=state.next_seq,
            announcement_id=str(uuid.uuid4()),
            contest_title=state.contest.title,
            announced_at=now_to_the_millisecond(),
            aggregation=standings.aggregation,
            forced=not standings.complete,
            nominations=standings.winners(state.contest.places_per_nomination),
        )
        await store.append(announcement, announcement.event(correlation_id))
        return announcement, True

    announcement, created = await retrying(attempt)
    if created:
        runtime.relay.wake()
    return announcement, created


async def read_standings(store: JudgingStore, state: JudgingState) -> Standings:
    contest_id = state.contest.id
    jurors = await store.contest_jurors(contest_id)
    participants = await store.participants(contest_id)
    scorecards = await store.latest_scorecards(contest_id)
    return contest_standings(
        state.contest.nomination_titles,
        required_criteria(state),
        [juror.juror() for juror in jurors],
        [entry.participant() for entry in participants],
        [card.scorecard() for card in scorecards],
    )


def required_criteria(state: JudgingState) -> ContestCriteria:
    if state.criteria is None:
        raise CriteriaMissing(state.contest.id)
    return state.criteria


def score_submitted(revision: ScorecardRevision, correlation_id: str) -> ScoreSubmitted:
    return ScoreSubmitted(
        producer="judging",
        correlation_id=correlation_id,
        contest_id=revision.contest_id,
        participant_id=revision.participant_id,
        nomination=revision.nomination,
        juror_id=revision.juror_id,
        scores=revision.scores,
        weighted_total=revision.weighted_total,
        revision=revision.revision,
        submitted_at=revision.submitted_at,
    )
