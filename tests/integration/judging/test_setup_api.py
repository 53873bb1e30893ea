import httpx
import pytest
from integration.judging.harness import CRITERIA, ECOLOGY, URBAN, Stage

from support.apps import ORGANIZER


def criteria_with(**changes: object) -> dict:
    first = CRITERIA["criteria"][0] | changes
    return CRITERIA | {"criteria": [first, CRITERIA["criteria"][1]]}


async def test_the_organizer_sets_the_criteria_and_jurors_see_them(stage: Stage) -> None:
    juror = await stage.add_juror("Анна Смирнова")

    answer = await stage.judging.put(f"{stage.url}/criteria", json=CRITERIA, headers=ORGANIZER)

    assert answer.status_code == 200, answer.text
    assert answer.json() == CRITERIA
    roster = (await stage.judging.get(f"{stage.url}/roster", headers=juror)).json()
    assert [c["id"] for c in roster["criteria"]] == ["impact", "feasibility"]
    assert roster["criteria"][0]["weight"] == 2
    assert roster["criteria"][1]["description"] == "Хватит ли команды, денег и времени"


async def test_criteria_for_a_contest_judging_has_not_learnt_are_a_404(
    judging: httpx.AsyncClient,
) -> None:
    answer = await judging.put("/contests/never-opened/criteria", json=CRITERIA, headers=ORGANIZER)

    assert answer.status_code == 404
    assert "judging has not received contest 'never-opened' yet" in answer.json()["detail"]


async def test_unusable_criteria_are_refused_with_every_problem(stage: Stage) -> None:
    bad = criteria_with(weight=0, min_score=10, max_score=5)
    bad["criteria"][1] = bad["criteria"][1] | {"id": "impact"}

    answer = await stage.judging.put(f"{stage.url}/criteria", json=bad, headers=ORGANIZER)

    assert answer.status_code == 422
    messages = [e["message"] for e in answer.json()["errors"]]
    assert any("weights must be positive" in m for m in messages)
    assert any("min_score 10 not below max_score 5" in m for m in messages)
    unknown = CRITERIA | {"aggregation": "best_of"}
    refused = await stage.judging.put(f"{stage.url}/criteria", json=unknown, headers=ORGANIZER)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "aggregation"
    dotted = await stage.judging.put(
        f"{stage.url}/criteria", json=criteria_with(id="impact.total"), headers=ORGANIZER
    )
    assert dotted.status_code == 422
    assert dotted.json()["errors"][0]["field"] == "criteria.0.id"


async def test_criteria_are_locked_once_a_juror_has_scored(stage: Stage) -> None:
    juror = await stage.add_juror("Анна Смирнова")
    [participant] = await stage.register(1)
    await stage.roster_shows(juror, [participant])
    await stage.set_criteria(criteria_with(weight=3))
    await stage.set_criteria()
    assert (await stage.score(juror, participant, 9, 6)).status_code == 200

    changed = await stage.judging.put(
        f"{stage.url}/criteria", json=criteria_with(weight=3), headers=ORGANIZER
    )
    same = await stage.judging.put(f"{stage.url}/criteria", json=CRITERIA, headers=ORGANIZER)

    assert changed.status_code == 409
    assert "locked: jurors have already scored" in changed.json()["detail"]
    assert same.status_code == 200


async def test_a_juror_gets_a_token_once_and_the_organizer_lists_jurors_without_it(
    stage: Stage,
) -> None:
    added = await stage.judging.post(
        f"{stage.url}/jurors",
        json={"name": "Анна Смирнова", "nominations": [ECOLOGY], "conflicts_of_interest": ["p-7"]},
        headers=ORGANIZER,
    )
    await stage.add_juror("Пётр Иванов")

    listed = await stage.judging.get(f"{stage.url}/jurors", headers=ORGANIZER)

    assert added.status_code == 201
    assert set(added.json()) == {"id", "token"}
    assert len(added.json()["token"]) >= 40
    assert [(j["name"], j["nominations"], j["conflicts_of_interest"]) for j in listed.json()] == [
        ("Анна Смирнова", [ECOLOGY], ["p-7"]),
        ("Пётр Иванов", None, []),
    ]
    assert added.json()["token"] not in listed.text
    assert "token" not in listed.text


@pytest.mark.parametrize(
    ("nominations", "message"),
    [
        ([URBAN, "sport"], "the contest has no nomination 'sport'"),
        ([], "give at least one nomination"),
    ],
)
async def test_a_juror_of_a_nomination_the_contest_lacks_is_refused(
    stage: Stage, nominations: list[str], message: str
) -> None:
    answer = await stage.judging.post(
        f"{stage.url}/jurors", json={"name": "Анна", "nominations": nominations}, headers=ORGANIZER
    )

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "nominations"
    assert message in answer.json()["errors"][0]["message"]


async def test_setup_is_for_the_organizers_only(stage: Stage) -> None:
    juror = await stage.add_juror("Анна Смирнова")
    url = stage.url

    assert (await stage.judging.put(f"{url}/criteria", json=CRITERIA)).status_code == 401
    assert (
        await stage.judging.put(f"{url}/criteria", json=CRITERIA, headers=juror)
    ).status_code == 403
    assert (await stage.judging.post(f"{url}/jurors", json={"name": "X"})).status_code == 401
    assert (await stage.judging.get(f"{url}/jurors", headers=juror)).status_code == 403
    assert (await stage.judging.get(f"{url}/results", headers=juror)).status_code == 403


@pytest.mark.parametrize(
    "changes",
    [
        {"weight": 1e308},
        {"weight": 1001},
        {"min_score": -1.7e308},
        {"max_score": 1.7e308},
        {"max_score": 10**400},
    ],
)
async def test_weights_and_ranges_beyond_their_bounds_are_refused(
    stage: Stage, changes: dict[str, float]
) -> None:
    answer = await stage.judging.put(
        f"{stage.url}/criteria", json=criteria_with(**changes), headers=ORGANIZER
    )
    assert answer.status_code == 422, answer.text


async def test_the_api_schema_states_the_bounds(judging: httpx.AsyncClient) -> None:
    schema = (await judging.get("/openapi.json")).json()["components"]["schemas"]
    criterion = schema["CriterionForm"]["properties"]
    assert (criterion["weight"]["exclusiveMinimum"], criterion["weight"]["maximum"]) == (0, 1000)
    for field in ("min_score", "max_score"):
        assert (criterion[field]["minimum"], criterion[field]["maximum"]) == (-1e6, 1e6)
