from datetime import UTC, datetime

from judging.errors import ScoringIncomplete
from judging.records import DeclaredConflict, JurorEntry, ScorecardRevision, latest_revisions

AT = datetime(2025, 11, 20, tzinfo=UTC)


def revision(juror: str, participant: str, number: int) -> ScorecardRevision:
    return ScorecardRevision(
        _id=f"{juror}-{participant}-{number}",
        contest_id="c",
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


def test_a_jurors_conflicts_are_the_organizers_and_their_own() -> None:
    entry = JurorEntry(
        id="j1",
        name="Анна",
        nominations=None,
        conflicts_of_interest=["p1"],
        declared_conflicts=[DeclaredConflict(participant_id="p2", reason="соседи", declared_at=AT)],
        created_at=AT,
    )

    juror = entry.juror()

    assert juror.conflicts == {"p1", "p2"}
    assert not juror.revoked
    assert entry.model_copy(update={"revoked_at": AT}).juror().revoked


def test_an_incomplete_contest_is_explained_with_its_numbers() -> None:
    refusal = ScoringIncomplete("tos-2025", missing=3, expected=12, unjudged=1)

    assert "3 of 12 expected scorecards are missing" in refusal.message
    assert "no juror is assigned to score 1 of the participants" in refusal.message
    assert '{"force": true}' in refusal.message
