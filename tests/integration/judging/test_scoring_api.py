import asyncio

from integration.judging.harness import ECOLOGY, Stage, scores

from support.apps import ORGANIZER
from support.spy import EventSpy

SUBMITTED = "score.submitted"


async def scored_stage(stage: Stage) -> tuple[dict[str, str], list[str]]:
    """A juror of every nomination, two participants in the roster, criteria set."""
    juror = await stage.add_juror("Анна Смирнова")
    participants = await stage.register(1, 2)
    await stage.roster_shows(juror, participants)
    await stage.set_criteria()
    return juror, participants


async def test_each_accepted_scorecard_and_revision_publishes_one_event(
    stage: Stage, rabbitmq_url: str
) -> None:
    juror, [participant, _] = await scored_stage(stage)

    async with EventSpy(rabbitmq_url, [SUBMITTED]) as spy:
        first = await stage.score(juror, participant, 9, 6)
        refused = await stage.score(juror, participant, 11, 6)
        revised = await stage.judging.put(
            f"{stage.url}/scores/{participant}",
            json=scores(6, 3) | {"comment": "После защиты проекта"},
            headers=juror,
        )
        events = await spy.wait_for(SUBMITTED, 2)
        await spy.settle()

    assert (first.status_code, refused.status_code, revised.status_code) == (200, 422, 200)
    assert (first.json()["revision"], first.json()["weighted_total"]) == (1, 8.0)
    assert (revised.json()["revision"], revised.json()["weighted_total"]) == (2, 5.0)
    assert len(spy.of_type(SUBMITTED)) == 2
    assert [(e["revision"], e["weighted_total"], e["scores"]) for e in events] == [
        (1, 8.0, {"impact": 9.0, "feasibility": 6.0}),
        (2, 5.0, {"impact": 6.0, "feasibility": 3.0}),
    ]
    assert events[0]["participant_id"] == participant
    assert events[0]["contest_id"] == stage.contest_id
    assert events[0]["producer"] == "judging"
    assert events[0]["_delivery"]["persistent"] is True


async def test_the_roster_shows_a_juror_only_their_own_scorecards(stage: Stage) -> None:
    anna, [first, second] = await scored_stage(stage)
    petr = await stage.add_juror("Пётр Иванов")
    await stage.score(anna, first, 9, 6)
    await stage.score(petr, second, 7, 7)

    roster = (await stage.judging.get(f"{stage.url}/roster", headers=anna)).json()

    mine = {line["participant_id"]: line["my_scorecard"] for line in roster["participants"]}
    assert mine[first]["scores"] == {"impact": 9.0, "feasibility": 6.0}
    assert mine[first]["revision"] == 1
    assert mine[second] is None


async def test_a_juror_sees_only_the_participants_they_may_score(stage: Stage) -> None:
    urban = await stage.register(1, 2)
    ecology = await stage.register(3, 4, nomination=ECOLOGY)
    everyone = await stage.add_juror("Анна Смирнова")
    await stage.roster_shows(everyone, [*urban, *ecology])

    ecologist = await stage.add_juror(
        "Пётр Иванов", nominations=[ECOLOGY], conflicts_of_interest=[ecology[1]]
    )

    assert await stage.roster(ecologist) == [ecology[0]]


async def test_scores_outside_the_range_or_missing_are_refused_with_every_problem(
    stage: Stage,
) -> None:
    juror, [participant, _] = await scored_stage(stage)

    answer = await stage.judging.put(
        f"{stage.url}/scores/{participant}",
        json={"scores": {"impact": 12, "style": 5}},
        headers=juror,
    )

    assert answer.status_code == 422
    assert {e["field"] for e in answer.json()["errors"]} == {"scores"}
    messages = " | ".join(e["message"] for e in answer.json()["errors"])
    assert "unknown criterion 'style'" in messages
    assert "score 12 for criterion 'impact' is outside its range 0 to 10" in messages
    assert "no score for criterion 'feasibility'" in messages


async def test_scoring_needs_a_known_juror_token(stage: Stage) -> None:
    _, [participant, _] = await scored_stage(stage)
    url = f"{stage.url}/scores/{participant}"

    without = await stage.judging.put(url, json=scores(9, 6))
    unknown = await stage.judging.put(
        url, json=scores(9, 6), headers={"Authorization": "Bearer not-a-juror"}
    )
    organizer = await stage.judging.put(url, json=scores(9, 6), headers=ORGANIZER)

    assert (without.status_code, unknown.status_code, organizer.status_code) == (401, 401, 401)
    assert "not known" in unknown.json()["detail"]


async def test_a_juror_of_another_contest_may_not_score_here(stage: Stage) -> None:
    _, [participant, _] = await scored_stage(stage)
    other = Stage(stage.judging, stage.forum)
    await other.open()
    stranger = await other.add_juror("Чужой эксперт")

    answer = await stage.score(stranger, participant, 9, 6)
    roster = await stage.judging.get(f"{stage.url}/roster", headers=stranger)

    assert answer.status_code == 403
    assert f"for contest '{other.contest_id}'" in answer.json()["detail"]
    assert roster.status_code == 403


async def test_a_juror_may_not_score_outside_their_nominations_or_with_a_conflict(
    stage: Stage,
) -> None:
    _, [first, second] = await scored_stage(stage)
    ecologist = await stage.add_juror("Пётр Иванов", nominations=[ECOLOGY])
    conflicted = await stage.add_juror("Мария Орлова", conflicts_of_interest=[second])

    not_assigned = await stage.score(ecologist, first, 9, 6)
    conflict = await stage.score(conflicted, second, 9, 6)
    allowed = await stage.score(conflicted, first, 9, 6)

    assert (not_assigned.status_code, conflict.status_code, allowed.status_code) == (403, 403, 200)
    assert not_assigned.json()["code"] == "not_assigned"
    assert "not assigned to nomination 'urban-environment'" in not_assigned.json()["detail"]
    assert conflict.json()["code"] == "conflict_of_interest"
    assert "declared a conflict of interest" in conflict.json()["detail"]


async def test_an_unknown_or_withdrawn_participant_cannot_be_scored(stage: Stage) -> None:
    juror, [participant, _] = await scored_stage(stage)
    other = Stage(stage.judging, stage.forum)
    await other.open()
    [elsewhere] = await other.register(9)

    unknown = await stage.score(juror, "nobody", 9, 6)
    foreign = await stage.score(juror, elsewhere, 9, 6)

    assert (unknown.status_code, foreign.status_code) == (404, 404)
    assert "'nobody' is not (or no longer) registered" in unknown.json()["detail"]


async def test_scoring_waits_for_the_criteria(stage: Stage) -> None:
    juror = await stage.add_juror("Анна Смирнова")
    [participant] = await stage.register(1)
    await stage.roster_shows(juror, [participant])

    answer = await stage.score(juror, participant, 9, 6)

    assert answer.status_code == 409
    assert "has not set the criteria" in answer.json()["detail"]


async def test_concurrent_revisions_of_a_scorecard_each_get_their_own_number(
    stage: Stage, rabbitmq_url: str
) -> None:
    juror, [participant, _] = await scored_stage(stage)

    async with EventSpy(rabbitmq_url, [SUBMITTED]) as spy:
        answers = await asyncio.gather(
            *(stage.score(juror, participant, impact, 5) for impact in (6, 7, 8))
        )
        events = await spy.wait_for(SUBMITTED, 3)
        await spy.settle()

    assert [a.status_code for a in answers] == [200, 200, 200]
    assert sorted(a.json()["revision"] for a in answers) == [1, 2, 3]
    assert sorted(e["revision"] for e in events) == [1, 2, 3]
    assert len(spy.of_type(SUBMITTED)) == 3


async def test_a_score_too_large_for_a_float_is_a_422_not_a_500(stage: Stage) -> None:
    juror, [participant, _] = await scored_stage(stage)
    body = '{"scores": {"impact": 1' + "0" * 400 + ', "feasibility": 5}}'

    answer = await stage.judging.put(
        f"{stage.url}/scores/{participant}",
        content=body,
        headers=juror | {"Content-Type": "application/json"},
    )

    assert answer.status_code == 422, answer.text
    assert "criterion 'impact'" in answer.json()["errors"][0]["message"]
