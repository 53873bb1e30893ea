"""Registration's use cases that change something: the one place the JSON API and the pages
both call (routes and page handlers only translate between their medium and these).

Each command writes one document that carries the event it implies (the outbox), then wakes
the relay. Errors are the domain's (`RegistrationError` and its kinds, each with a code).
An organizer's command takes the `actor` and the request's correlation id and, once its change
is made, records it in the audit trail (forum_shared.audit).
"""

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pymongo.errors import DuplicateKeyError

from forum_shared.i18n import tr
from forum_shared.idempotency import Repeated, create_once
from forum_shared.mongo import now_to_the_millisecond
from forum_shared.organizers import Actor, issue_token, retention_actor

from .domain import (
    Application,
    Contest,
    ContestExists,
    ContestLocked,
    ContestNotFound,
    DuplicateRegistration,
    ErasureReason,
    IdempotencyKeyReused,
    InvalidField,
    Participant,
    RegistrationError,
    erased_event,
    organizer_added_event,
    organizer_name,
    organizer_revoked_event,
    register,
    withdrawn_event,
)
from .queries import RegistrationQueries
from .store import OrganizerRecord, RegistrationStore

MAX_REASON_LENGTH = 1000


@dataclass(frozen=True)
class Registered:
    """An accepted application; `replayed` when it answers a retried request."""

    participant_id: str
    contest_id: str
    nomination: str
    registered_at: datetime
    replayed: bool = False


@dataclass(frozen=True)
class Withdrawn:
    participant_id: str
    withdrawn_at: datetime
    reason: str | None


@dataclass(frozen=True)
class NewOrganizer:
    """An organizer just added, and their token: shown this once, never stored."""

    organizer: OrganizerRecord
    token: str


@dataclass(frozen=True)
class Erased:
    """`erased_at` and `reason` are the first erasure's, however often it is asked for."""

    participant_id: str
    erased_at: datetime
    reason: str


def withdrawal_reason(raw: str | None) -> str | None:
    """The reason as stored: stripped, None when empty; raises `InvalidField` when too long."""
    reason = (raw or "").strip()
    if len(reason) > MAX_REASON_LENGTH:
        raise InvalidField(
            tr("the reason must be at most %(limit)s characters", limit=MAX_REASON_LENGTH),
            field="reason",
            code="too_long",
        )
    return reason or None


class RegistrationCommands:
    def __init__(
        self,
        store: RegistrationStore,
        wake_relay: Callable[[], None],
        clock: Callable[[], datetime] = now_to_the_millisecond,
    ):
        self.store = store
        self.queries = RegistrationQueries(store, clock)
        self.wake_relay = wake_relay
        self.clock = clock

    async def open_contest(
        self, contest: Contest, *, actor: Actor, correlation_id: str | None = None
    ) -> Contest:
        """Opens a contest and publishes `contest.opened`; raises `ContestExists`."""
        contest = contest.as_opened()
        event = contest.opened_event(occurred_at=self.clock(), correlation_id=correlation_id)
        try:
            await self.store.add_contest(contest, event)
        except DuplicateKeyError:
            raise ContestExists(
                tr("a contest with id %(contest_id)s already exists", contest_id=contest.id)
            ) from None
        self.wake_relay()
        await self.store.audit.record(
            actor, "contest.opened", "contest", contest.id, None, correlation_id
        )
        return contest

    async def edit_contest(
        self,
        contest_id: str,
        changes: Mapping[str, Any],
        *,
        actor: Actor,
        correlation_id: str | None = None,
    ) -> Contest:
        """Changes a contest before its registration opens; publishes `contest.changed`."""
        contest = await self.queries.contest(contest_id)
        edited = contest.edited(changes, self.clock())
        await self._save_change(edited, correlation_id)
        details = {"fields": ",".join(sorted(changes)), "revision": edited.revision}
        await self.store.audit.record(
            actor, "contest.changed", "contest", contest_id, details, correlation_id
        )
        return edited

    async def close_registration(
        self, contest_id: str, *, actor: Actor, correlation_id: str | None = None
    ) -> Contest:
        """Closes an open registration now; publishes `contest.changed`. Closing a closed one
        answers the contest as it is and publishes nothing."""
        contest = await self.queries.contest(contest_id)
        closed = contest.closed_early(self.clock())
        if closed is None:
            return contest
        await self._save_change(closed, correlation_id)
        await self.store.audit.record(
            actor,
            "contest.registration_closed",
            "contest",
            contest_id,
            {"revision": closed.revision},
            correlation_id,
        )
        return closed

    async def _save_change(self, contest: Contest, correlation_id: str | None) -> None:
        event = contest.changed_event(occurred_at=self.clock(), correlation_id=correlation_id)
        if not await self.store.replace_contest(contest, event):
            raise ContestLocked(
                tr("the contest was changed meanwhile; open it again and repeat the change"),
                code="contest_changed_meanwhile",
            )
        self.wake_relay()

    async def register(
        self,
        contest_id: str,
        application: Application,
        *,
        idempotency_key: str | None = None,
        correlation_id: str | None = None,
    ) -> Registered:
        """One `participant.registered` per accepted application. A request retried with its
        `idempotency_key` gets the first answer; the key with another application is refused
        (`IdempotencyKeyReused`).

        Database round trips per accepted application: one — the participant's insert, which
        carries its event and its key — while the contest is in the store's one-second cache
        (`recent_contest`), two otherwise. The key is looked up only when the application
        cannot be accepted as new: the insert hit a unique index (a retry, or the same
        organisation again) or the rules refused it (a retry after the window closed still gets
        its first answer). `tests/integration/registration/test_round_trips.py` counts them.
        """
        fingerprint = hashlib.sha256(
            f"{contest_id}\n{application.model_dump_json()}".encode()
        ).hexdigest()
        key = f"{contest_id}:{idempotency_key}" if idempotency_key else None
        try:
            contest = await self.store.recent_contest(contest_id)
            if contest is None:
                raise ContestNotFound(
                    tr("there is no contest %(contest_id)s", contest_id=contest_id)
                )
            participant, event = register(
                contest, application, self.clock(), correlation_id=correlation_id
            )
        except RegistrationError:
            if key and (previous := await self.store.participant_by_idempotency_key(key)):
                return _replay(previous, fingerprint)
            raise
        idempotency = {"idempotency_key": key, "request_fingerprint": fingerprint} if key else None
        try:
            await self.store.add_participant(participant, event, idempotency)
        except DuplicateKeyError:
            if key and (previous := await self.store.participant_by_idempotency_key(key)):
                return _replay(previous, fingerprint)  # a retry of an accepted application
            raise DuplicateRegistration() from None
        self.wake_relay()
        return _registered(participant)

    async def withdraw(
        self,
        participant_id: str,
        reason: str | None = None,
        *,
        actor: Actor,
        correlation_id: str | None = None,
    ) -> Withdrawn:
        """Withdraws a participant and publishes `participant.withdrawn` once; asking again
        answers the first withdrawal (its time and reason) and publishes nothing new (nor
        records anything in the audit trail)."""
        checked = withdrawal_reason(reason)
        participant = await self.queries.participant(participant_id)
        event = withdrawn_event(participant, self.clock(), correlation_id=correlation_id)
        withdrawal, withdrawn_now = await self.store.add_withdrawal(event, checked)
        self.wake_relay()
        if withdrawn_now:
            details = {"contest_id": participant.contest_id, "with_reason": checked is not None}
            await self.store.audit.record(
                actor,
                "participant.withdrawn",
                "participant",
                participant_id,
                details,
                correlation_id,
            )
        return Withdrawn(participant_id, withdrawal["withdrawn_at"], withdrawal.get("reason"))

    async def add_organizer(
        self,
        name: str,
        *,
        actor: Actor,
        idempotency_key: str | None = None,
        correlation_id: str | None = None,
    ) -> NewOrganizer | Repeated[OrganizerRecord]:
        """A personal credential for a named organizer; publishes `organizer.added` (with the
        token's hash) so that every service accepts it. The token is in the answer only.

        With an `idempotency_key` (a form's token, an API caller's header) a repeat adds
        nobody and answers `Repeated` with the organizer (`forum_shared.idempotency`); the
        key with another name raises `KeyReused`."""
        checked = organizer_name(name)

        async def create(organizer_id: str) -> NewOrganizer:
            issued = issue_token(organizer_id)
            event = organizer_added_event(
                issued.organizer_id,
                checked,
                issued.token_hash,
                self.clock(),
                correlation_id=correlation_id,
            )
            organizer = await self.store.add_organizer(event, added_by=actor.id)
            self.wake_relay()
            await self.store.audit.record(
                actor, "organizer.added", "organizer", organizer.id, None, correlation_id
            )
            return NewOrganizer(organizer, issued.token)

        return await create_once(
            self.store.idempotency,
            "organizer.add",
            actor.id,
            idempotency_key,
            {"name": checked},
            create=create,
            find=self.store.organizer,
        )

    async def revoke_organizer(
        self, organizer_id: str, *, actor: Actor, correlation_id: str | None = None
    ) -> OrganizerRecord:
        """The organizer's credential stops working: here at once, in the other services when
        `organizer.revoked` reaches them. Revoking again changes nothing."""
        organizer = await self.queries.organizer(organizer_id)
        if organizer.revoked_at is not None:
            return organizer
        event = organizer_revoked_event(organizer_id, self.clock(), correlation_id=correlation_id)
        await self.store.add_revocation(event, revoked_by=actor.id)
        self.wake_relay()
        await self.store.audit.record(
            actor, "organizer.revoked", "organizer", organizer_id, None, correlation_id
        )
        return await self.store.organizer(organizer_id) or organizer

    async def erase(
        self,
        participant_id: str,
        reason: ErasureReason = "request",
        *,
        actor: Actor,
        correlation_id: str | None = None,
    ) -> Erased:
        """Erases the participant's personal data (`domain.erasure`) and publishes
        `participant.erased` once: the erasure is one document carrying its event, written
        first; then registration's own copies are made neutral. Asking again answers the first
        erasure and publishes nothing new (nor records anything in the audit trail), and
        finishes its writes if a crash cut them short. `actor`: the organizer, or
        `retention_actor()` for the sweep."""
        participant = await self.queries.participant(participant_id)
        event = erased_event(participant, reason, self.clock(), correlation_id=correlation_id)
        erasure, erased_now = await self.store.add_erasure(event, actor.id)
        self.wake_relay()
        await self.store.anonymise_participant(participant_id, erasure)
        if erased_now:
            details = {"contest_id": participant.contest_id, "reason": reason}
            await self.store.audit.record(
                actor, "participant.erased", "participant", participant_id, details, correlation_id
            )
        return Erased(participant_id, erasure["erased_at"], erasure["reason"])

    async def learn_announcement(self, contest_id: str, announced_at: datetime) -> None:
        """Judging announced the contest's winners: the retention of contacts starts."""
        await self.store.learn_announcement(contest_id, announced_at)

    async def erase_after_retention(self, retention: timedelta) -> int:
        """The retention sweep: finishes erasures a crash cut short, then erases (reason
        "retention") every participant not yet erased of each contest announced at least
        `retention` ago. Answers how many participants it erased now."""
        for unfinished in await self.store.unfinished_erasures():
            await self.store.anonymise_participant(unfinished["_id"], unfinished)
        erased = 0
        for contest_id in await self.store.announced_before(self.clock() - retention):
            for participant_id in await self.store.unerased_participants(contest_id):
                await self.erase(participant_id, "retention", actor=retention_actor())
                erased += 1
        return erased


def _registered(participant: Participant) -> Registered:
    return Registered(
        participant.id, participant.contest_id, participant.nomination, participant.registered_at
    )


def _replay(previous: dict[str, Any], fingerprint: str) -> Registered:
    if previous["request_fingerprint"] != fingerprint:
        raise IdempotencyKeyReused(previous["_id"])
    return Registered(
        previous["_id"],
        previous["contest_id"],
        previous["nomination"],
        previous["registered_at"],
        replayed=True,
    )
