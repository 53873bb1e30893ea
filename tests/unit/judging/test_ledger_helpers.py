from datetime import UTC, datetime

import pytest

from judging.errors import ContestChanged, ScoringIncomplete
from judging.records import ScorecardRevision, latest_revisions
from judging.store import ATTEMPTS, retrying

AT = datetime(2025, 11, 20, tzinfo=UTC)


def revision(juror: str, participant: str, number: int) -> ScorecardRevision:
    return ScorecardRevision(
        _id=f"{juror}-{participant}-{number}",
        contest_id="c",
        seq=number,
        juror_id=juror,
        participant_id=participant,
        nomination="urban",
        revision=number,
        scores={"overall": float(number)},
        weighted_total=float(number),
        comment=None,
        submitted_at=AT,
    )


def test_only_each_jurors_latest_revision_for_each_participant_counts() -> None:
    revisions = [
        revision("j1", "p1", 2),
        revision("j1", "p1", 1),
        revision("j2", "p1", 1),
        revision("j1", "p2", 1),
        revision("j1", "p1", 3),
    ]

    latest = {(r.juror_id, r.participant_id): r.revision for r in latest_revisions(revisions)}

    assert latest == {("j1", "p1"): 3, ("j2", "p1"): 1, ("j1", "p2"): 1}


async def test_a_change_that_met_a_concurrent_one_is_decided_again() -> None:
    calls = 0

    async def attempt() -> str:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise ContestChanged()
        return "stored"

    assert await retrying(attempt) == "stored"
    assert calls == 3


async def test_a_change_that_keeps_meeting_concurrent_ones_is_refused_in_the_end() -> None:
    calls = 0

    async def attempt() -> None:
        nonlocal calls
        calls += 1
        raise ContestChanged()

    with pytest.raises(ContestChanged, match="send it again"):
        await retrying(attempt)
    assert calls == ATTEMPTS


def test_an_incomplete_contest_is_explained_with_its_numbers() -> None:
    refusal = ScoringIncomplete("tos-2025", missing=3, expected=12, unjudged=1)

    assert "3 of 12 expected scorecards are missing" in refusal.message
    assert "no juror is assigned to score 1 of the participants" in refusal.message
    assert '{"force": true}' in refusal.message
