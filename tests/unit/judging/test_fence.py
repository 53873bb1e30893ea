from datetime import UTC, datetime, timedelta

import pytest

from judging.domain import AnnouncerStep, Fence, Phase, TicketOutcomes, next_revision

NOW = datetime(2025, 11, 20, 12, 0, tzinfo=UTC)


def test_only_an_open_fence_admits_changes() -> None:
    assert Fence(Phase.OPEN).admits_changes
    assert not Fence(Phase.CLOSING, 1, "a", NOW).admits_changes
    assert not Fence(Phase.ANNOUNCED, 1).admits_changes


def test_an_announcer_closes_an_open_fence() -> None:
    assert Fence(Phase.OPEN, epoch=3).announcer_step(NOW) is AnnouncerStep.CLOSE


def test_an_announcer_waits_while_another_holds_the_fence_under_lease() -> None:
    fence = Fence(Phase.CLOSING, 1, "other", NOW + timedelta(seconds=1))

    assert fence.announcer_step(NOW) is AnnouncerStep.WAIT


def test_an_announcer_takes_over_a_fence_whose_lease_ran_out() -> None:
    fence = Fence(Phase.CLOSING, 1, "dead", NOW)

    assert fence.announcer_step(NOW) is AnnouncerStep.TAKE_OVER
    assert Fence(Phase.CLOSING, 1).announcer_step(NOW) is AnnouncerStep.TAKE_OVER


def test_an_announced_contest_needs_no_announcer() -> None:
    assert Fence(Phase.ANNOUNCED, 2).announcer_step(NOW) is AnnouncerStep.DONE


def test_writes_in_flight_at_the_close_end_drained_landed_or_voided() -> None:
    outcomes = TicketOutcomes.resolve(
        registered={"done", "slow", "dead"}, still_registered={"slow", "dead"}, tombstoned={"dead"}
    )

    assert outcomes == TicketOutcomes(
        drained=frozenset({"done"}), landed=frozenset({"slow"}), voided=frozenset({"dead"})
    )
    assert outcomes.any_landed


def test_nothing_lands_when_every_write_still_in_flight_was_voided() -> None:
    outcomes = TicketOutcomes.resolve({"a", "b"}, {"b"}, {"b"})

    assert not outcomes.any_landed
    assert outcomes.voided == {"b"}


def test_a_ticket_cannot_be_resolved_unless_it_was_still_registered() -> None:
    with pytest.raises(ValueError, match="still registered"):
        TicketOutcomes.resolve({"a"}, set(), {"a"})


def test_revisions_are_numbered_from_one_after_the_latest() -> None:
    assert next_revision(None) == 1
    assert next_revision(1) == 2
    assert next_revision(41) == 42
