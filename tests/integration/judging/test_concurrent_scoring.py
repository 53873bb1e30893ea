"""Jurors scoring side by side, and scorecards, criteria and jurors racing the announcement.

Every request goes through the API of one in-process judging service, on the real broker and
database, many at once (`asyncio.gather`).
"""

import asyncio
import random
from collections import Counter
from statistics import mean

import httpx
from integration.judging.harness import CRITERIA, Stage, scores

from support.apps import ORGANIZER
from support.spy import EventSpy

SUBMITTED = "score.submitted"
JURORS = 15
PARTICIPANTS = 6


def total(impact: float, feasibility: float) -> float:
    return (2 * impact + feasibility) / 3


async def announce(stage: Stage, force: bool = False) -> httpx.Response:
    return await stage.judging.post(
        f"{stage.url}/announcement", json={"force": force}, headers=ORGANIZER
    )


async def after(delay: float, request):  # type: ignore[no-untyped-def]
    await asyncio.sleep(delay)
    return await request


async def test_fifteen_jurors_scoring_the_same_participants_at_once_are_never_refused(
    stage: Stage, rabbitmq_url: str
) -> None:
    participants = await stage.register(*range(1, PARTICIPANTS + 1))
    jurors = [await stage.add_juror(f"Эксперт {k}") for k in range(JURORS)]
    await stage.roster_shows(jurors[-1], participants)
    await stage.set_criteria()
    given = {
        (k, p): (float((k + i) % 11), float((k * i) % 11))
        for k in range(JURORS)
        for i, p in enumerate(participants)
    }

    async def juror_scores(k: int) -> list[int]:
        order = random.Random(k).sample(participants, len(participants))
        return [(await stage.score(jurors[k], p, *given[k, p])).status_code for p in order]

    async with EventSpy(rabbitmq_url, [SUBMITTED]) as spy:
        answers = await asyncio.gather(*(juror_scores(k) for k in range(JURORS)))
        events = await spy.wait_for(SUBMITTED, JURORS * PARTICIPANTS, timeout=60)
        await spy.settle()

    assert Counter(code for codes in answers for code in codes) == {200: JURORS * PARTICIPANTS}
    assert len(spy.of_type(SUBMITTED)) == JURORS * PARTICIPANTS
    pairs = Counter((e["juror_id"], e["participant_id"]) for e in events)
    assert (len(pairs), set(pairs.values())) == (JURORS * PARTICIPANTS, {1})
    assert {e["revision"] for e in events} == {1}
    results = (await stage.judging.get(f"{stage.url}/results", headers=ORGANIZER)).json()
    assert (results["complete"], results["missing_scorecards"]) == (True, 0)
    [urban, _] = results["nominations"]
    shown = {line["participant_id"]: line for line in urban["ranking"]}
    for p in participants:
        expected = round(mean(total(*given[k, p]) for k in range(JURORS)), 4)
        assert (shown[p]["scorecards"], shown[p]["final_score"]) == (JURORS, expected)


async def test_revisions_of_one_scorecard_sent_at_once_get_distinct_gapless_numbers(
    stage: Stage, rabbitmq_url: str
) -> None:
    juror = await stage.add_juror("Анна Смирнова")
    [participant] = await stage.register(1)
    await stage.roster_shows(juror, [participant])
    await stage.set_criteria()
    sent = 12

    async with EventSpy(rabbitmq_url, [SUBMITTED]) as spy:
        answers = await asyncio.gather(
            *(stage.score(juror, participant, impact % 11, 5) for impact in range(sent))
        )
        events = await spy.wait_for(SUBMITTED, sent)
        await spy.settle()

    assert [a.status_code for a in answers] == [200] * sent
    assert sorted(a.json()["revision"] for a in answers) == list(range(1, sent + 1))
    assert sorted(e["revision"] for e in events) == list(range(1, sent + 1))
    last = next(a.json() for a in answers if a.json()["revision"] == sent)
    roster = (await stage.judging.get(f"{stage.url}/roster", headers=juror)).json()
    assert roster["participants"][0]["my_scorecard"] == last


async def test_a_scorecard_racing_the_announcement_is_either_in_it_or_refused(
    judging: httpx.AsyncClient, forum, rabbitmq_url: str
) -> None:
    """Each juror k scored participant k with a total of 1 and sends a total of 9 at the very
    moment the organizer announces; every participant is a winner, so the announcement shows
    which scorecards it holds. Acknowledged ⇔ 9 in the announcement; refused ⇔ 1 and no event."""
    rounds, racers = 6, 6
    acknowledged = refused = 0
    async with EventSpy(rabbitmq_url, [SUBMITTED]) as spy:
        for round_number in range(rounds):
            stage = Stage(judging, forum)
            await stage.open(places=racers)
            participants = await stage.register(*range(1, racers + 1))
            jurors = [await stage.add_juror(f"Эксперт {k}") for k in range(racers)]
            await stage.roster_shows(jurors[-1], participants)
            await stage.set_criteria()
            for juror, participant in zip(jurors, participants, strict=True):
                assert (await stage.score(juror, participant, 1, 1)).status_code == 200
            timing = random.Random(round_number)

            *answers, announced = await asyncio.gather(
                *(
                    after(timing.uniform(0, 0.03), stage.score(juror, participant, 9, 9))
                    for juror, participant in zip(jurors, participants, strict=True)
                ),
                after(timing.uniform(0, 0.03), announce(stage, force=True)),
            )

            assert announced.status_code == 201, announced.text
            [urban, _] = announced.json()["nominations"]
            final = {w["participant_id"]: w["final_score"] for w in urban["winners"]}
            for participant, answer in zip(participants, answers, strict=True):
                assert answer.status_code in (200, 409), answer.text
                if answer.status_code == 200:
                    acknowledged += 1
                    assert (answer.json()["revision"], final[participant]) == (2, 9.0)
                else:
                    refused += 1
                    assert answer.json()["code"] in ("already_announced", "announcement_underway")
                    assert final[participant] == 1.0
        await spy.wait_for(SUBMITTED, rounds * racers + acknowledged, timeout=30)
        await spy.settle()

    print(f"racing the announcement: {acknowledged} acknowledged, {refused} refused")
    assert acknowledged + refused == rounds * racers
    assert len(spy.of_type(SUBMITTED)) == rounds * racers + acknowledged


async def test_criteria_racing_the_first_scorecard_either_lock_or_refuse_it(
    judging: httpx.AsyncClient, forum
) -> None:
    """Criteria B have other ids than A: a scorecard for A is valid only while A holds."""
    other = {
        "criteria": [
            {"id": "overall", "title": "Итог", "weight": 1, "min_score": 0, "max_score": 10}
        ],
        "aggregation": "median",
    }
    outcomes = Counter()
    for round_number in range(8):
        stage = Stage(judging, forum)
        await stage.open()
        juror = await stage.add_juror("Анна Смирнова")
        [participant] = await stage.register(1)
        await stage.roster_shows(juror, [participant])
        await stage.set_criteria()
        timing = random.Random(round_number)

        scored, changed = await asyncio.gather(
            after(timing.uniform(0, 0.03), stage.score(juror, participant, 9, 6)),
            after(
                timing.uniform(0, 0.03),
                judging.put(f"{stage.url}/criteria", json=other, headers=ORGANIZER),
            ),
        )

        outcome = (scored.status_code, changed.status_code)
        outcomes[outcome] += 1
        roster = (await judging.get(f"{stage.url}/roster", headers=juror)).json()
        shown = [c["id"] for c in roster["criteria"]]
        if outcome == (200, 409):
            assert "locked" in changed.json()["detail"]
            assert shown == ["impact", "feasibility"]
        else:
            assert changed.status_code == 200 and scored.status_code in (409, 422), outcome
            assert shown == ["overall"]
            assert roster["participants"][0]["my_scorecard"] is None
    print(f"criteria racing the first scorecard: {dict(outcomes)}")
    assert (200, 200) not in outcomes


async def test_a_juror_added_while_the_winners_are_announced_is_counted_or_refused(
    judging: httpx.AsyncClient, forum
) -> None:
    """With every expected scorecard in, a juror added before the announcement makes it
    incomplete (409); one refused lets it go out (201). Never both accepted."""
    outcomes = Counter()
    for round_number in range(8):
        stage = Stage(judging, forum)
        await stage.open()
        juror = await stage.add_juror("Анна Смирнова")
        [participant] = await stage.register(1)
        await stage.roster_shows(juror, [participant])
        await stage.set_criteria()
        assert (await stage.score(juror, participant, 9, 6)).status_code == 200
        timing = random.Random(round_number)

        added, announced = await asyncio.gather(
            after(
                timing.uniform(0, 0.03),
                judging.post(f"{stage.url}/jurors", json={"name": "Поздний"}, headers=ORGANIZER),
            ),
            after(timing.uniform(0, 0.03), announce(stage)),
        )

        outcome = (added.status_code, announced.status_code)
        outcomes[outcome] += 1
        assert outcome in ((201, 409), (409, 201)), outcome
        if announced.status_code == 409:
            assert "1 of 2 expected scorecards are missing" in announced.json()["detail"]
    print(f"a juror added racing the announcement: {dict(outcomes)}")
    assert sum(outcomes.values()) == 8


async def test_the_same_criteria_can_be_set_again_while_jurors_score(stage: Stage) -> None:
    juror = await stage.add_juror("Анна Смирнова")
    participants = await stage.register(1, 2, 3)
    await stage.roster_shows(juror, participants)
    await stage.set_criteria()

    answers = await asyncio.gather(
        *(stage.score(juror, p, 9, 6) for p in participants),
        stage.judging.put(f"{stage.url}/criteria", json=CRITERIA, headers=ORGANIZER),
    )

    assert [a.status_code for a in answers] == [200] * 4
    assert scores(9, 6)["scores"] == answers[0].json()["scores"]
