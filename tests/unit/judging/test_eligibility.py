from datetime import UTC, datetime

import pytest

from judging.domain import (
    ConflictOfInterest,
    Juror,
    NotAssigned,
    Participant,
    ScoringForbidden,
    ensure_may_score,
    expected_jurors,
)

ECO = Participant("p-eco", "ecology", "Green Yard", datetime(2025, 5, 1, tzinfo=UTC))
HERITAGE = Participant("p-her", "heritage", "Old Town", datetime(2025, 5, 2, tzinfo=UTC))


def test_a_juror_without_nominations_may_score_every_nomination() -> None:
    juror = Juror("j1")
    ensure_may_score(juror, ECO)
    ensure_may_score(juror, HERITAGE)
    assert juror.may_score(ECO)
    assert juror.may_score(HERITAGE)


def test_a_juror_assigned_to_the_participants_nomination_may_score_them() -> None:
    ensure_may_score(Juror("j1", nominations=["ecology"]), ECO)


def test_a_juror_outside_the_participants_nomination_is_not_assigned() -> None:
    juror = Juror("j1", nominations=["ecology"])
    with pytest.raises(NotAssigned) as refused:
        ensure_may_score(juror, HERITAGE)
    assert str(refused.value) == "juror 'j1' is not assigned to nomination 'heritage'"
    assert not juror.may_score(HERITAGE)


def test_a_juror_with_no_nominations_at_all_is_assigned_to_none() -> None:
    with pytest.raises(NotAssigned):
        ensure_may_score(Juror("j1", nominations=[]), ECO)


def test_a_juror_in_conflict_with_the_participant_is_refused() -> None:
    juror = Juror("j2", conflicts=["p-eco"])
    with pytest.raises(ConflictOfInterest) as refused:
        ensure_may_score(juror, ECO)
    assert str(refused.value) == (
        "juror 'j2' declared a conflict of interest with participant 'p-eco'"
    )
    assert not juror.may_score(ECO)
    ensure_may_score(juror, HERITAGE)


def test_both_refusals_are_distinct_kinds_of_scoring_forbidden() -> None:
    assert issubclass(NotAssigned, ScoringForbidden)
    assert issubclass(ConflictOfInterest, ScoringForbidden)
    assert not issubclass(NotAssigned, ConflictOfInterest)
    assert not issubclass(ConflictOfInterest, NotAssigned)


def test_an_unassigned_juror_who_is_also_in_conflict_hears_about_the_nomination() -> None:
    with pytest.raises(NotAssigned):
        ensure_may_score(Juror("j1", nominations=["heritage"], conflicts=["p-eco"]), ECO)


def test_the_expected_jurors_leave_out_the_unassigned_and_the_conflicted() -> None:
    jurors = [
        Juror("j3"),
        Juror("j1", nominations=["heritage"]),
        Juror("j2", conflicts=["p-eco"]),
        Juror("j0", nominations=["ecology"]),
    ]
    assert expected_jurors(ECO, jurors) == ("j0", "j3")
    assert expected_jurors(HERITAGE, jurors) == ("j1", "j2", "j3")
