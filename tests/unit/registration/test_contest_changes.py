"""A contest changes only before registration opens, and closes early only while open; each
change is the next revision, described whole by `contest.changed`."""

from collections.abc import Callable
from datetime import timedelta

import pytest

from registration.domain import Contest, ContestLocked, InvalidContest

from .conftest import CLOSES, NOW, OPENS

MakeContest = Callable[..., Contest]


def test_a_contest_s_state_follows_its_window(contest: Contest) -> None:
    assert contest.state_at(OPENS - timedelta(seconds=1)) == "upcoming"
    assert contest.state_at(OPENS) == "open"
    assert contest.state_at(CLOSES - timedelta(seconds=1)) == "open"
    assert contest.state_at(CLOSES) == "closed"


def test_an_edit_before_opening_is_the_next_revision_and_keeps_the_id(contest: Contest) -> None:
    edited = contest.edited(
        {"title": "Новое название", "id": "another-id", "revision": 9}, OPENS - timedelta(days=1)
    )
    assert (edited.id, edited.title, edited.revision) == (contest.id, "Новое название", 2)
    assert edited.nominations == contest.nominations


def test_an_edit_is_checked_like_a_new_contest(contest: Contest) -> None:
    with pytest.raises(InvalidContest) as raised:
        contest.edited({"places_per_nomination": 0}, OPENS - timedelta(days=1))
    assert [e.code for e in raised.value.errors] == ["invalid_places"]


def test_once_registration_opened_the_contest_cannot_change(contest: Contest) -> None:
    with pytest.raises(ContestLocked) as raised:
        contest.edited({"title": "Другое"}, OPENS)
    assert raised.value.code == "contest_already_open"


def test_closing_early_ends_the_window_now_and_says_so(contest: Contest) -> None:
    closed = contest.closed_early(NOW)
    assert closed is not None
    assert closed.registration_closes_at == NOW
    assert closed.registration_closed_early is True
    assert closed.revision == 2
    assert closed.state_at(NOW) == "closed"
    event = closed.changed_event()
    assert (event.event_type, event.revision, event.registration_closed_early) == (
        "contest.changed",
        2,
        True,
    )
    assert event.registration_closes_at == NOW


def test_closing_a_closed_contest_changes_nothing_and_an_upcoming_one_is_refused(
    contest: Contest,
) -> None:
    assert contest.closed_early(CLOSES) is None
    with pytest.raises(ContestLocked) as raised:
        contest.closed_early(OPENS - timedelta(seconds=1))
    assert raised.value.code == "registration_not_open_yet"


def test_a_contest_opened_with_a_revision_in_the_request_starts_at_one(
    make_contest: MakeContest,
) -> None:
    contest = make_contest(revision=5, registration_closed_early=True).as_opened()
    assert (contest.revision, contest.registration_closed_early) == (1, False)
