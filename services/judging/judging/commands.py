"""What changes a contest's judging: its criteria, its jury (jurors added and revoked,
conflicts of interest declared), scorecards, and the announcement.

The JSON API, the pages and the consumers call these functions. Each one lets the domain
decide and passes the contest's announcement fence (`store` explains it): criteria and jury
change by a compare-and-set of the contest's judging document while it is open; a scorecard
is admitted by the fence, stored as a new revision and released. They return records
(`records`) or raise `JudgingError`s before anything is written; `api.errors` maps each to one
HTTP status (404 unknown, 409 the contest's state, 422 invalid, 403 not allowed, 401 token).
Commands that store an event take the `Runtime`, to wake its outbox relay.
"""

import asyncio
import contextlib
import random
import secrets
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from pymongo.errors import DuplicateKeyError

from forum_shared.events import ScoreSubmitted
from forum_shared.i18n import tr
from forum_shared.idempotency import Repeated, create_once
from forum_shared.mongo import now_to_the_millisecond
from forum_shared.organizers import Actor
from forum_shared.runtime import Runtime

from .domain import AnnouncerStep, ContestCriteria, Phase, build_scorecard, ensure_may_score
from .errors import (
    AlreadyAnnounced,
    AnnouncementUnderway,
    ContestChanged,
    CriteriaLocked,
    CriteriaMissing,
    JurorUnknown,
    NominationsInvalid,
    ParticipantUnknown,
    ScoringIncomplete,
)
from .queries import active_juror, live_standings
from .records import (
    Announcement,
    Contest,
    CriteriaRecord,
    DeclaredConflict,
    JudgingRecord,
    JurorEntry,
    JurorToken,
    ScorecardRevision,
)
from .standings import Standings
from .store import JudgingStore, announcement_key

JURY_ATTEMPTS = 50  # concurrent jury changes: each attempt lost is another's success

# criteria


async def set_criteria(
    store: JudgingStore,
    contest_id: str,
    criteria: ContestCriteria,
    *,
    actor: Actor,
    correlation_id: str | None = None,
) -> None:
    """Sets the criteria and aggregation method while no scorecard is in. Setting the very same
    criteria again changes nothing (nor is recorded in the audit trail), even once they are
    locked.

    Raises `ContestUnknown` (404), `CriteriaLocked`, `AlreadyAnnounced`, `AnnouncementUnderway`
    (409). A scorecard being written when the criteria change either lands first (they are then
    locked) or is refused: the fence resolves it (`store.settle`).
    """
    await store.contest(contest_id)
    await store.ensure_judging(contest_id)
    while True:
        judging = await store.judging(contest_id)
        if judging.contest_criteria() == criteria:
            return
        refuse_unless_open(judging)
        if judging.scored:
            raise CriteriaLocked(contest_id)
        if judging.tickets:
            if (await store.settle(contest_id, judging.tickets)).any_landed:
                await store.mark_scored(contest_id)
            continue
        record = CriteriaRecord.of(criteria, now_to_the_millisecond())
        if await store.replace_criteria(contest_id, record, judging.criteria_version):
            details = {"criteria": len(criteria.criteria), "aggregation": str(criteria.aggregation)}
            await store.audit.record(
                actor, "criteria.set", "contest", contest_id, details, correlation_id
            )
            return


# the jury


@dataclass(frozen=True)
class NewJuror:
    """`token` is shown to the organizer this once; only its hash is stored."""

    juror: JurorEntry
    token: str


async def add_juror(
    store: JudgingStore,
    contest_id: str,
    name: str,
    nominations: Sequence[str] | None = None,
    conflicts_of_interest: Sequence[str] = (),
    *,
    actor: Actor,
    idempotency_key: str | None = None,
    correlation_id: str | None = None,
) -> NewJuror | Repeated[str]:
    """Adds a juror of the given nominations (None: all of them), who must not score the
    participants in `conflicts_of_interest`.

    With an `idempotency_key` (a form's token, an API caller's header) a repeat adds nobody
    and answers `Repeated` with the first juror's id (`forum_shared.idempotency`); the key
    with another request raises `KeyReused`. A repeat after a first request that died between
    the juror's token and the jury adds the juror with that token (never shown: it answers
    `Repeated` too), through the same fence.

    Raises `ContestUnknown` (404), `NominationsInvalid` (422), `AlreadyAnnounced`,
    `AnnouncementUnderway` (409): a juror added is counted by the announcement, or refused.
    """
    contest = await store.contest(contest_id)
    check_nominations(nominations, contest)
    chosen = None if nominations is None else sorted(set(nominations))
    conflicts = sorted(set(conflicts_of_interest))

    async def create(juror_id: str) -> NewJuror | Repeated[str]:
        token = secrets.token_urlsafe(32)
        juror = JurorEntry(
            id=juror_id,
            name=name,
            nominations=chosen,
            conflicts_of_interest=conflicts,
            created_at=now_to_the_millisecond(),
        )
        # The token first: until the jury holds the juror, it opens nothing. Its insert is
        # also the one a repeat of the same idempotency key loses.
        credential = JurorToken(
            _id=juror.id, contest_id=contest_id, token_sha256=JurorToken.hash(token)
        )
        try:
            await store.add_token(credential)
        except DuplicateKeyError:
            # The request that inserted the token died (or is still on its way) before the
            # jury held the juror: this repeat adds them with that token, whose secret was
            # never shown and is kept hashed only, so it answers as a repeat.
            if await join_jury(juror):
                await record_added(juror)
            return Repeated(juror_id)
        try:
            added = await join_jury(juror)
        except BaseException:
            await store.remove_token(juror.id)
            raise
        if added:
            await record_added(juror)
        return NewJuror(juror, token)

    async def join_jury(juror: JurorEntry) -> bool:
        """Adds the juror unless the jury holds them already (the other request with the same
        key added them); whether this call added them."""
        added = False

        def join(jury: JudgingRecord) -> list[JurorEntry]:
            nonlocal added
            added = jury.juror(juror.id) is None
            return [*jury.jurors, juror] if added else jury.jurors

        await change_jury(store, contest_id, join)
        return added

    async def record_added(juror: JurorEntry) -> None:
        details = {
            "contest_id": contest_id,
            "nominations": "all" if chosen is None else len(chosen),
            "conflicts_of_interest": len(conflicts),
        }
        await store.audit.record(actor, "juror.added", "juror", juror.id, details, correlation_id)

    async def find(juror_id: str) -> str | None:
        """Only a juror the jury holds: a token alone is an add left half-way, for the
        repeat to finish."""
        return juror_id if (await store.judging(contest_id)).juror(juror_id) else None

    request = {
        "contest_id": contest_id,
        "name": name,
        "nominations": chosen,
        "conflicts": conflicts,
    }
    return await create_once(
        store.idempotency,
        "juror.add",
        actor.id,
        idempotency_key,
        request,
        create=create,
        find=find,
    )


async def revoke_juror(
    store: JudgingStore,
    contest_id: str,
    juror_id: str,
    *,
    discard_scorecards: bool = False,
    actor: Actor,
    correlation_id: str | None = None,
) -> JurorEntry:
    """The juror's token stops working and nobody expects more scorecards from them. Their
    scorecards given so far still count, unless `discard_scorecards`. Revoking again changes
    nothing (but may discard the scorecards kept the first time).

    Raises `ContestUnknown`, `JurorUnknown` (404), `AlreadyAnnounced`, `AnnouncementUnderway`
    (409): a revocation is in the announcement, or refused.
    """
    await store.contest(contest_id)

    def revoke(jury: JudgingRecord) -> list[JurorEntry]:
        juror = jury.juror(juror_id)
        if juror is None:
            raise JurorUnknown(juror_id, contest_id)
        revoked = juror.model_copy(
            update={
                "revoked_at": juror.revoked_at or now_to_the_millisecond(),
                "scorecards_discarded": juror.scorecards_discarded or discard_scorecards,
            }
        )
        return [revoked if j.id == juror_id else j for j in jury.jurors]

    jury = await change_jury(store, contest_id, revoke)
    revoked = jury.juror(juror_id)
    assert revoked is not None
    details = {"contest_id": contest_id, "scorecards_discarded": revoked.scorecards_discarded}
    await store.audit.record(actor, "juror.revoked", "juror", juror_id, details, correlation_id)
    return revoked


async def declare_conflict(
    store: JudgingStore, juror: JurorToken, participant_id: str, reason: str
) -> DeclaredConflict:
    """The juror declares a conflict of interest with a participant of their contest: they may
    no longer score them, nobody expects it, and a scorecard they gave them stops counting.
    Declaring it again replaces the reason.

    Raises `JurorTokenRevoked` (401), `ParticipantUnknown` (404), `AlreadyAnnounced`,
    `AnnouncementUnderway` (409).
    """
    entry = await store.roster_entry(participant_id)
    if entry is None or entry.contest_id != juror.contest_id or not entry.active:
        raise ParticipantUnknown(participant_id, juror.contest_id)
    conflict = DeclaredConflict(
        participant_id=participant_id, reason=reason, declared_at=now_to_the_millisecond()
    )

    def declare(jury: JudgingRecord) -> list[JurorEntry]:
        me = active_juror(jury, juror)
        others = [c for c in me.declared_conflicts if c.participant_id != participant_id]
        declared = me.model_copy(update={"declared_conflicts": [*others, conflict]})
        return [declared if j.id == me.id else j for j in jury.jurors]

    await change_jury(store, juror.contest_id, declare)
    return conflict


async def change_jury(
    store: JudgingStore, contest_id: str, change: Callable[[JudgingRecord], list[JurorEntry]]
) -> JudgingRecord:
    """Applies `change` to the jury as last read, by compare-and-set while the fence is open;
    returns the judging state the change was decided on, with the new jury."""
    await store.ensure_judging(contest_id)
    for _ in range(JURY_ATTEMPTS):
        judging = await store.judging(contest_id)
        refuse_unless_open(judging)
        jurors = change(judging)
        if jurors == judging.jurors:
            return judging
        if await store.replace_jurors(contest_id, jurors, judging.jurors_version):
            return judging.model_copy(update={"jurors": jurors})
        await asyncio.sleep(random.uniform(0, 0.005))
    raise ContestChanged()


def check_nominations(nominations: Sequence[str] | None, contest: Contest) -> None:
    if nominations is None:
        return
    if not nominations:
        raise NominationsInvalid(
            tr("give at least one nomination, or leave the field out for all of them")
        )
    known = set(contest.nomination_titles)
    allowed = ", ".join(sorted(known))
    if unknown := sorted(set(nominations) - known):
        raise NominationsInvalid(
            *(
                tr(
                    "the contest has no nomination '%(nomination)s' (it has: %(allowed)s)",
                    nomination=n,
                    allowed=allowed,
                )
                for n in unknown
            )
        )


# scorecards


async def submit_scorecard(
    runtime: Runtime,
    store: JudgingStore,
    juror: JurorToken,
    participant_id: str,
    scores: Mapping[str, object],
    comment: str | None,
    correlation_id: str,
) -> ScorecardRevision:
    """Stores the next revision of the juror's scorecard for the participant, with its
    `score.submitted`. Once this returns, the revision is in any announcement made later.

    Raises `JurorTokenRevoked` (401), `NotAssigned`, `ConflictOfInterest` (403),
    `ParticipantUnknown` (404), `CriteriaMissing`, `AlreadyAnnounced`, `AnnouncementUnderway`,
    `ContestChanged` (409), `ScorecardInvalid` (422).
    """
    contest_id = juror.contest_id
    entry = await store.roster_entry(participant_id)
    if entry is None or entry.contest_id != contest_id or not entry.active:
        raise ParticipantUnknown(participant_id, contest_id)
    ticket = str(uuid.uuid4())
    judging = await store.admit(contest_id, ticket)
    if judging is None:
        raise refusal(await store.judging(contest_id))
    try:
        me = active_juror(judging, juror)
        ensure_may_score(me.juror(), entry.participant())
        criteria = judging.contest_criteria()
        assert criteria is not None, "the fence admits scorecards only once criteria are set"
        card = build_scorecard(criteria, juror.id, participant_id, scores)
    except BaseException:
        await store.release(contest_id, ticket, stored=False)
        raise

    def revision(number: int) -> tuple[ScorecardRevision, ScoreSubmitted]:
        stored = ScorecardRevision(
            _id=ticket,
            contest_id=contest_id,
            juror_id=juror.id,
            participant_id=participant_id,
            nomination=entry.nomination,
            revision=number,
            scores=dict(card.scores),
            weighted_total=card.weighted_total,
            comment=comment,
            submitted_at=now_to_the_millisecond(),
        )
        return stored, score_submitted(stored, correlation_id)

    # An error here leaves the ticket registered: its outcome is unknown, the fence resolves it.
    stored = await store.add_revision(ticket, juror.id, participant_id, revision)
    await store.release(contest_id, ticket, stored=stored is not None)
    if stored is None:  # voided by an announcement or a criteria change meanwhile
        judging = await store.judging(contest_id)
        raise ContestChanged() if judging.fence.admits_changes else refusal(judging)
    runtime.relay.wake()
    return stored


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


# the announcement


async def announce(
    runtime: Runtime,
    store: JudgingStore,
    contest_id: str,
    force: bool,
    correlation_id: str,
    *,
    actor: Actor,
) -> tuple[Announcement, bool]:
    """The contest's announcement, and whether this call made it (False: it existed already).

    Computed once, stored once, published once however often or concurrently requested; it
    holds every scorecard, juror and conflict acknowledged before it, and nothing after it is
    admitted (see `store`). Raises `ContestUnknown` (404), `CriteriaMissing`,
    `ScoringIncomplete` (409; `force` announces anyway).
    """
    contest = await store.contest(contest_id)
    holder = str(uuid.uuid4())
    while True:
        judging = await store.judging(contest_id)
        if judging.phase is not Phase.OPEN and (stored := await store.announcement(contest_id)):
            if judging.phase is Phase.CLOSING:  # its announcer died before finishing
                await store.mark_announced(contest_id)
            return stored, False
        step = judging.fence.announcer_step(datetime.now(UTC))
        if step is AnnouncerStep.DONE:
            raise RuntimeError(f"contest {contest_id!r} is announced but has no announcement")
        if step is AnnouncerStep.WAIT:
            await asyncio.sleep(store.poll_seconds * 5)
            continue
        if step is AnnouncerStep.CLOSE:
            if not force:  # refuse before closing: the jurors are not held up for nothing
                participants = await store.participants(contest_id)
                standings = await live_standings(store, contest, judging, participants)
                if not standings.complete:
                    raise incomplete(contest_id, standings)
            elif judging.criteria is None:
                raise CriteriaMissing(contest_id)
            held = await store.close(contest_id, judging.epoch, holder)
        else:
            assert judging.closing is not None
            held = await store.take_over(contest_id, judging.closing, holder)
        if held is None:
            continue
        try:
            made = await _announce_in_epoch(
                runtime, store, contest, held, holder, force, correlation_id
            )
        except Exception:
            # Do not keep the jurors waiting for the lease: release the fence if no
            # announcement was stored in this epoch (if one was, voiding fails and it stays).
            with contextlib.suppress(Exception):
                if await store.void_epoch(contest_id, held.epoch):
                    await store.reopen(contest_id, holder)
            raise
        if made is not None:
            action = "announcement.forced" if made.forced else "winners.announced"
            details = {"announcement_id": made.announcement_id, "forced": made.forced}
            await store.audit.record(actor, action, "contest", contest_id, details, correlation_id)
            return made, True


async def _announce_in_epoch(
    runtime: Runtime,
    store: JudgingStore,
    contest: Contest,
    held: JudgingRecord,
    holder: str,
    force: bool,
    correlation_id: str,
) -> Announcement | None:
    """Holding the fence: settle, read, then store the announcement or reopen. None: another
    announcer's outcome decides (the caller reads again). The standings are those computed
    before closing if nothing they are computed from changed since (`standings_cache`, step c
    in `store`), else computed now."""
    await store.settle(contest.id, held.tickets)
    judging = await store.judging(contest.id)
    participants = await store.participants(contest.id)
    standings = await live_standings(store, contest, judging, participants)
    if not standings.complete and not force:
        if await store.void_epoch(contest.id, held.epoch):
            await store.reopen(contest.id, holder)
            raise incomplete(contest.id, standings)
        return None
    announcement = Announcement(
        _id=announcement_key(contest.id, held.epoch),
        contest_id=contest.id,
        epoch=held.epoch,
        announcement_id=str(uuid.uuid4()),
        contest_title=contest.title,
        announced_at=now_to_the_millisecond(),
        aggregation=standings.aggregation,
        forced=not standings.complete,
        nominations=standings.winners(contest.places_per_nomination),
    )
    if await store.store_announcement(announcement, announcement.event(correlation_id)):
        await store.unname_erased_winners(announcement)
        await store.mark_announced(contest.id)
        runtime.relay.wake()
        return announcement
    if await store.announcement(contest.id) is None:  # this epoch was voided: start again
        await store.reopen(contest.id, holder)
    return None


def incomplete(contest_id: str, standings: Standings) -> ScoringIncomplete:
    return ScoringIncomplete(
        contest_id, len(standings.missing), standings.expected, standings.unjudged
    )


# the fence's refusals


def refuse_unless_open(judging: JudgingRecord) -> None:
    if not judging.fence.admits_changes:
        raise refusal(judging)


def refusal(judging: JudgingRecord) -> Exception:
    """Why the fence did not admit a change."""
    if judging.phase is Phase.ANNOUNCED:
        return AlreadyAnnounced(judging.id)
    if judging.phase is Phase.CLOSING:
        return AnnouncementUnderway(judging.id)
    if judging.criteria is None:
        return CriteriaMissing(judging.id)
    return ContestChanged()
