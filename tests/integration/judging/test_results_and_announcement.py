"""One contest, scored by hand-checkable numbers; weighted total = (2 × impact + feasibility) / 3.

                 j1 (urban)   j2 (urban)   j3 (all; conflict: p2)   j4 (ecology)   mean
urban    p1      9,6 → 8      8,5 → 7      10,7 → 9                                 8
urban    p2      6,3 → 5      7,4 → 6                                               5.5
ecology  p3                                7,4 → 6                  5,5 → 5         5.5
"""

import asyncio
from dataclasses import dataclass

import pytest
from integration.judging.harness import ECOLOGY, URBAN, Stage

from support.apps import ORGANIZER
from support.spy import EventSpy

ANNOUNCED = "winners.announced"
# (juror, participant number) → (impact, feasibility)
SCORES = {
    ("j1", 1): (9, 6),
    ("j2", 1): (8, 5),
    ("j3", 1): (10, 7),
    ("j1", 2): (6, 3),
    ("j2", 2): (7, 4),
    ("j3", 3): (7, 4),
    ("j4", 3): (5, 5),
}


@dataclass
class Jury:
    stage: Stage
    jurors: dict[str, dict[str, str]]
    participants: dict[int, str]

    async def score(self, juror: str, number: int) -> int:
        answer = await self.stage.score(
            self.jurors[juror], self.participants[number], *SCORES[juror, number]
        )
        return answer.status_code

    async def announce(self, body: dict | None = None):
        return await self.stage.judging.post(
            f"{self.stage.url}/announcement", json=body, headers=ORGANIZER
        )


@pytest.fixture
async def jury(stage: Stage) -> Jury:
    p1, p2 = await stage.register(1, 2)
    [p3] = await stage.register(3, nomination=ECOLOGY)
    jurors = {
        "j1": await stage.add_juror("Юрий Первов", nominations=[URBAN]),
        "j2": await stage.add_juror("Вера Вторая", nominations=[URBAN]),
        "j3": await stage.add_juror("Тимур Третьяков", conflicts_of_interest=[p2]),
        "j4": await stage.add_juror("Ольга Четвертак", nominations=[ECOLOGY]),
    }
    await stage.roster_shows(jurors["j3"], [p1, p3])
    await stage.roster_shows(jurors["j1"], [p1, p2])
    await stage.set_criteria()
    return Jury(stage, jurors, {1: p1, 2: p2, 3: p3})


async def score_all_but(jury: Jury, *left_out: tuple[str, int]) -> None:
    for juror, number in SCORES:
        if (juror, number) not in left_out:
            assert await jury.score(juror, number) == 200


async def test_the_leaderboard_shows_rankings_completeness_and_agreement(jury: Jury) -> None:
    await score_all_but(jury)

    answer = await jury.stage.judging.get(f"{jury.stage.url}/results", headers=ORGANIZER)

    assert answer.status_code == 200, answer.text
    results = answer.json()
    assert (results["aggregation"], results["complete"], results["missing_scorecards"]) == (
        "mean",
        True,
        0,
    )
    urban, ecology = results["nominations"]
    assert (urban["nomination"], urban["title"]) == (URBAN, "Комфортная городская среда")
    assert [
        (r["place"], r["display_name"], r["final_score"], r["scorecards"], r["expected_scorecards"])
        for r in urban["ranking"]
    ] == [(1, "ТОС «Квартал 1»", 8.0, 3, 3), (2, "ТОС «Квартал 2»", 5.5, 2, 2)]
    assert (urban["scorecards_received"], urban["scorecards_expected"]) == (5, 5)
    # j1 and j2 scored all of urban and both rank p1 first; j3 is left out (conflict with p2).
    assert (urban["agreement"]["kendalls_w"], urban["agreement"]["jurors_in_w"]) == (1.0, 2)
    # From the others' mean: j1 |8 - 8| and |5 - 6| → 0.5; j2 |7 - 8.5| and |6 - 5| → 1.25;
    # j3 |9 - 7.5| → 1.5.
    assert urban["agreement"]["most_deviating_juror"] == {
        "juror_id": urban["agreement"]["most_deviating_juror"]["juror_id"],
        "juror_name": "Тимур Третьяков",
        "mean_abs_deviation": 1.5,
        "participants_compared": 1,
    }
    assert [(r["place"], r["final_score"]) for r in ecology["ranking"]] == [(1, 5.5)]
    assert ecology["agreement"]["kendalls_w"] is None


async def test_the_leaderboard_shows_what_is_missing(jury: Jury) -> None:
    await score_all_but(jury, ("j2", 2), ("j4", 3))

    results = (await jury.stage.judging.get(f"{jury.stage.url}/results", headers=ORGANIZER)).json()

    assert (results["complete"], results["missing_scorecards"]) == (False, 2)
    urban, ecology = results["nominations"]
    assert (urban["complete"], urban["scorecards_received"], urban["scorecards_expected"]) == (
        False,
        4,
        5,
    )
    assert [(r["place"], r["final_score"]) for r in urban["ranking"]] == [(1, 8.0), (2, 5.0)]
    assert [
        (r["final_score"], r["scorecards"], r["expected_scorecards"]) for r in ecology["ranking"]
    ] == [(6.0, 1, 2)]


async def test_the_announcement_is_refused_while_scorecards_are_missing(
    jury: Jury, rabbitmq_url: str
) -> None:
    await score_all_but(jury, ("j4", 3))

    async with EventSpy(rabbitmq_url, [ANNOUNCED]) as spy:
        refused = await jury.announce()
        refused_without_body = await jury.stage.judging.post(
            f"{jury.stage.url}/announcement", headers=ORGANIZER
        )
        await spy.settle(0.5)

    assert (refused.status_code, refused_without_body.status_code) == (409, 409)
    assert "1 of 7 expected scorecards are missing" in refused.json()["detail"]
    assert '"force": true' in refused.json()["detail"]
    assert spy.received == []
    assert (await jury.stage.judging.get(f"{jury.stage.url}/announcement")).status_code == 404


async def test_the_winners_are_announced_once_and_published_once(
    jury: Jury, rabbitmq_url: str
) -> None:
    await score_all_but(jury)

    async with EventSpy(rabbitmq_url, [ANNOUNCED]) as spy:
        first = await jury.announce()
        again = await jury.announce({"force": True})
        [event] = await spy.wait_for(ANNOUNCED, 1)
        await spy.settle()

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert len(spy.of_type(ANNOUNCED)) == 1
    announcement = first.json()
    assert announcement["forced"] is False
    assert [
        (n["nomination"], [(w["place"], w["display_name"], w["final_score"]) for w in n["winners"]])
        for n in announcement["nominations"]
    ] == [(URBAN, [(1, "ТОС «Квартал 1»", 8.0)]), (ECOLOGY, [(1, "ТОС «Квартал 3»", 5.5)])]
    assert event["announcement_id"] == announcement["announcement_id"]
    assert event["nominations"] == announcement["nominations"]
    assert event["aggregation"] == "mean"
    public = await jury.stage.judging.get(f"{jury.stage.url}/announcement")
    assert public.status_code == 200
    assert public.json() == announcement
    assert "example.org" not in public.text


async def test_the_organizer_may_force_the_announcement(jury: Jury) -> None:
    await score_all_but(jury, ("j4", 3))

    answer = await jury.announce({"force": True})

    assert answer.status_code == 201
    assert answer.json()["forced"] is True
    ecology = answer.json()["nominations"][1]
    assert [(w["participant_id"], w["final_score"]) for w in ecology["winners"]] == [
        (jury.participants[3], 6.0)
    ]


async def test_two_racing_announcements_store_and_publish_one(
    jury: Jury, rabbitmq_url: str
) -> None:
    await score_all_but(jury)

    async with EventSpy(rabbitmq_url, [ANNOUNCED]) as spy:
        answers = await asyncio.gather(jury.announce(), jury.announce())
        await spy.wait_for(ANNOUNCED, 1)
        await spy.settle()

    assert sorted(a.status_code for a in answers) == [200, 201]
    assert answers[0].json() == answers[1].json()
    assert len(spy.of_type(ANNOUNCED)) == 1


async def test_nothing_changes_after_the_announcement(jury: Jury, rabbitmq_url: str) -> None:
    async with EventSpy(rabbitmq_url, ["score.submitted"]) as spy:
        await score_all_but(jury)
        assert (await jury.announce()).status_code == 201
        await spy.settle(0.5)
        before = list(spy.received)  # the scorecards given before the announcement

        revision = await jury.score("j1", 1)
        criteria = await jury.stage.judging.put(
            f"{jury.stage.url}/criteria",
            json={"criteria": [], "aggregation": "median"} | {"criteria": [_criterion()]},
            headers=ORGANIZER,
        )
        await spy.settle(0.5)

    assert (revision, criteria.status_code) == (409, 409)
    assert "announced" in criteria.json()["detail"]
    assert spy.received == before
    results = (await jury.stage.judging.get(f"{jury.stage.url}/results", headers=ORGANIZER)).json()
    assert results["announced"] is True
    roster = await jury.stage.judging.get(f"{jury.stage.url}/roster", headers=jury.jurors["j1"])
    assert roster.json()["announced"] is True


async def test_results_and_announcement_wait_for_the_criteria(stage: Stage) -> None:
    results = await stage.judging.get(f"{stage.url}/results", headers=ORGANIZER)
    announcement = await stage.judging.post(f"{stage.url}/announcement", headers=ORGANIZER)

    assert (results.status_code, announcement.status_code) == (409, 409)
    assert "has not set the criteria" in announcement.json()["detail"]


def _criterion() -> dict:
    return {"id": "overall", "title": "Итог", "weight": 1, "min_score": 0, "max_score": 10}
