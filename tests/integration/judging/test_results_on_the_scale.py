"""The live results tell people the score on the criteria's scale and where the jurors disagree,
beside the final score the method computes."""

from integration.judging.harness import Stage

from support.apps import ORGANIZER
from support.forms import criteria_form


async def test_zscore_results_carry_the_score_on_the_scale_and_the_disagreement(
    stage: Stage,
) -> None:
    p1, p2 = await stage.register(1, 2)
    first, second = await stage.add_juror("Юрий Первов"), await stage.add_juror("Вера Вторая")
    await stage.roster_shows(second, [p1, p2])
    await stage.set_criteria(criteria_form("zscore"))
    for juror, marks in ((first, (9, 2)), (second, (8, 7))):
        for pid, mark in zip((p1, p2), marks, strict=True):
            assert (await stage.score(juror, pid, mark, mark)).status_code == 200

    answer = await stage.judging.get(f"{stage.url}/results", headers=ORGANIZER)

    [urban] = [n for n in answer.json()["nominations"] if n["ranking"]]
    winner, second_place = urban["ranking"]
    assert winner["final_score"] == 1.0  # z: one standard deviation above each juror's mean
    assert 8 <= winner["score_on_scale"] <= 10  # what people read
    assert second_place["score_on_scale"] < winner["score_on_scale"]
    assert (winner["spread"], winner["jurors_disagree"]) == (1.0, False)
    assert (second_place["spread"], second_place["jurors_disagree"]) == (5.0, True)
