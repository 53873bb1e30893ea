"""The announcement fence of a contest's judging, as plain decisions (`judging.store` explains the
whole protocol and carries it out on MongoDB).

A contest's judging is `open` (criteria, jurors and scorecards may change), `closing` (an
announcer holds the fence, numbered by its `epoch`, until its lease runs out) or `announced`
(nothing changes any more). A change is admitted only while the fence is open.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Phase(StrEnum):
    OPEN = "open"
    CLOSING = "closing"
    ANNOUNCED = "announced"


class AnnouncerStep(StrEnum):
    CLOSE = "close"  # the fence is open: close it, as the next epoch
    WAIT = "wait"  # another announcer holds the fence: wait for its outcome
    TAKE_OVER = "take_over"  # its lease ran out (it died, or is stuck): take its epoch over
    DONE = "done"  # announced: return the announcement stored


@dataclass(frozen=True)
class Fence:
    phase: Phase
    epoch: int = 0
    holder: str | None = None
    lease_until: datetime | None = None

    @property
    def admits_changes(self) -> bool:
        return self.phase is Phase.OPEN

    def announcer_step(self, now: datetime) -> AnnouncerStep:
        if self.phase is Phase.OPEN:
            return AnnouncerStep.CLOSE
        if self.phase is Phase.ANNOUNCED:
            return AnnouncerStep.DONE
        if self.lease_until is None or self.lease_until <= now:
            return AnnouncerStep.TAKE_OVER
        return AnnouncerStep.WAIT


@dataclass(frozen=True)
class TicketOutcomes:
    """What became of the writes that were in flight when the fence closed.

    `drained`: their writers finished (stored or refused) before the grace period ended;
    `landed`: still registered, but their document exists, so it is in whatever is read next;
    `voided`: still registered and their document's place is now taken by a tombstone, so
    their writer's insert fails and the write is refused.
    """

    drained: frozenset[str]
    landed: frozenset[str]
    voided: frozenset[str]

    @classmethod
    def resolve(
        cls, registered: set[str], still_registered: set[str], tombstoned: set[str]
    ) -> "TicketOutcomes":
        """`tombstoned` ⊆ `still_registered` ⊆ `registered`: the tickets whose tombstone insert
        succeeded; a failed one means the write's own document was there first."""
        if not tombstoned <= still_registered <= registered:
            raise ValueError("tickets resolved must be among those still registered")
        return cls(
            drained=frozenset(registered - still_registered),
            landed=frozenset(still_registered - tombstoned),
            voided=frozenset(tombstoned),
        )

    @property
    def any_landed(self) -> bool:
        return bool(self.landed)


def next_revision(latest: int | None) -> int:
    """Revision numbers of one scorecard are 1, 2, 3…: the next after the latest stored.

    A revision is stored only at `latest + 1` (a unique index refuses a second one), so the
    numbers have neither gaps nor duplicates whatever the concurrency."""
    return 1 if latest is None else latest + 1
