"""A juror declaring a conflict of interest themself, and the organizer revoking a juror.

Two jurors of every nomination, two participants; weighted total = (2 × impact + feasibility) / 3.
"""

from dataclasses import dataclass

import pytest
from integration.judging.harness import Stage

from support.apps import ORGANIZER


@dataclass
class Jury:
    stage: Stage
    anna: dict[str, str]
    petr: dict[str, str]
    anna_id: str
    first: str
    second: str

    @property
    def url(self) -> str:
        return self.stage.url

    async def results(self) -> dict:
        answer = await self.stage.judging.get(f"{self.url}/results", headers=ORGANIZER)
        assert answer.status_code == 200, answer.text
        return answer.json()

    async def ranking(self) -> dict[str, tuple[float | None, int, int]]:
        """participant → (final score, scorecards, expected scorecards)."""
        [urban, _] = (await self.results())["nominations"]
        return {
            line["participant_id"]: (
                line["final_score"],
                line["scorecards"],
                line["expected_scorecards"],
            )
            for line in urban["ranking"]
        }

    async def declare(self, juror: dict[str, str], participant: str, reason: str = "Сосед"):  # type: ignore[no-untyped-def]
        return await self.stage.judging.put(
            f"{self.url}/conflicts/{participant}", json={"reason": reason}, headers=juror
        )

    async def revoke(self, juror_id: str, **params: str):  # type: ignore[no-untyped-def]
        return await self.stage.judging.delete(
            f"{self.url}/jurors/{juror_id}", params=params, headers=ORGANIZER
        )


@pytest.fixture
async def jury(stage: Stage) -> Jury:
    first, second = await stage.register(1, 2)
    anna = await stage.add_juror("Анна Смирнова")
    petr = await stage.add_juror("Пётр Иванов")
    await stage.roster_shows(anna, [first, second])
    await stage.set_criteria()
    anna_id = (await stage.judging.get(f"{stage.url}/roster", headers=anna)).json()["juror_id"]
    return Jury(stage, anna, petr, anna_id, first, second)


async def test_a_juror_declares_a_conflict_and_is_no_longer_expected_to_score_them(
    jury: Jury,
) -> None:
    for juror in (jury.anna, jury.petr):
        assert (await jury.stage.score(juror, jury.first, 9, 6)).status_code == 200
    assert (await jury.stage.score(jury.petr, jury.second, 6, 3)).status_code == 200
    assert (await jury.results())["complete"] is False

    declared = await jury.declare(jury.anna, jury.second, "Руковожу этим ТОС")

    assert declared.status_code == 200, declared.text
    assert (declared.json()["participant_id"], declared.json()["reason"]) == (
        jury.second,
        "Руковожу этим ТОС",
    )
    results = await jury.results()
    assert (results["complete"], results["missing_scorecards"]) == (True, 0)
    assert (await jury.ranking())[jury.second] == (5.0, 1, 1)
    roster = (await jury.stage.judging.get(f"{jury.url}/roster", headers=jury.anna)).json()
    assert [line["participant_id"] for line in roster["participants"]] == [jury.first]
    assert roster["progress"] == {"scored": 1, "expected": 1}
    assert [(c["participant_id"], c["reason"]) for c in roster["declared_conflicts"]] == [
        (jury.second, "Руковожу этим ТОС")
    ]
    refused = await jury.stage.score(jury.anna, jury.second, 9, 6)
    assert (refused.status_code, refused.json()["code"]) == (403, "conflict_of_interest")
    listed = (await jury.stage.judging.get(f"{jury.url}/jurors", headers=ORGANIZER)).json()
    anna = next(j for j in listed if j["id"] == jury.anna_id)
    assert [c["reason"] for c in anna["declared_conflicts"]] == ["Руковожу этим ТОС"]


async def test_a_scorecard_given_before_the_conflict_was_declared_stops_counting(
    jury: Jury,
) -> None:
    assert (await jury.stage.score(jury.anna, jury.first, 3, 3)).status_code == 200
    assert (await jury.stage.score(jury.petr, jury.first, 9, 6)).status_code == 200
    assert (await jury.ranking())[jury.first] == (5.5, 2, 2)

    assert (await jury.declare(jury.anna, jury.first)).status_code == 200
    again = await jury.declare(jury.anna, jury.first, "Уточняю: член правления")

    assert again.status_code == 200
    assert (await jury.ranking())[jury.first] == (8.0, 1, 1)
    roster = (await jury.stage.judging.get(f"{jury.url}/roster", headers=jury.anna)).json()
    assert [c["reason"] for c in roster["declared_conflicts"]] == ["Уточняю: член правления"]


async def test_a_conflict_needs_a_reason_a_known_participant_and_a_juror_token(
    jury: Jury,
) -> None:
    without_reason = await jury.stage.judging.put(
        f"{jury.url}/conflicts/{jury.first}", json={"reason": "  "}, headers=jury.anna
    )
    unknown = await jury.declare(jury.anna, "nobody")
    organizer = await jury.declare(ORGANIZER, jury.first)

    assert without_reason.status_code == 422
    assert without_reason.json()["errors"][0]["field"] == "reason"
    assert unknown.status_code == 404
    assert organizer.status_code == 401


async def test_a_revoked_jurors_token_stops_working_and_their_scorecards_still_count(
    jury: Jury,
) -> None:
    assert (await jury.stage.score(jury.anna, jury.first, 3, 3)).status_code == 200
    assert (await jury.stage.score(jury.petr, jury.first, 9, 6)).status_code == 200

    revoked = await jury.revoke(jury.anna_id)

    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["revoked_at"] is not None
    assert revoked.json()["scorecards_discarded"] is False
    roster = await jury.stage.judging.get(f"{jury.url}/roster", headers=jury.anna)
    scoring = await jury.stage.score(jury.anna, jury.second, 9, 6)
    conflict = await jury.declare(jury.anna, jury.second)
    assert [a.status_code for a in (roster, scoring, conflict)] == [401, 401, 401]
    assert {a.json()["code"] for a in (roster, scoring, conflict)} == {"juror_token_revoked"}
    # Anna's scorecard still counts; nobody waits for her scorecard for the second any more.
    assert await jury.ranking() == {jury.first: (5.5, 2, 1), jury.second: (None, 0, 1)}
    assert (await jury.results())["missing_scorecards"] == 1
    again = await jury.revoke(jury.anna_id)
    assert (again.status_code, again.json()["revoked_at"]) == (200, revoked.json()["revoked_at"])


async def test_the_organizer_may_discard_a_revoked_jurors_scorecards(jury: Jury) -> None:
    assert (await jury.stage.score(jury.anna, jury.first, 3, 3)).status_code == 200
    assert (await jury.stage.score(jury.petr, jury.first, 9, 6)).status_code == 200

    revoked = await jury.revoke(jury.anna_id, discard_scorecards="true")

    assert (revoked.status_code, revoked.json()["scorecards_discarded"]) == (200, True)
    assert (await jury.ranking())[jury.first] == (8.0, 1, 1)


async def test_only_the_organizer_revokes_a_juror_of_the_contest(jury: Jury) -> None:
    by_juror = await jury.stage.judging.delete(
        f"{jury.url}/jurors/{jury.anna_id}", headers=jury.petr
    )
    unknown = await jury.revoke("no-such-juror")

    assert by_juror.status_code == 403
    assert unknown.status_code == 404
    assert (await jury.stage.score(jury.anna, jury.first, 9, 6)).status_code == 200


async def test_nothing_about_the_jury_changes_after_the_announcement(jury: Jury) -> None:
    announced = await jury.stage.judging.post(
        f"{jury.url}/announcement", json={"force": True}, headers=ORGANIZER
    )
    assert announced.status_code == 201

    conflict = await jury.declare(jury.anna, jury.first)
    revoked = await jury.revoke(jury.anna_id)
    added = await jury.stage.judging.post(
        f"{jury.url}/jurors", json={"name": "Поздний"}, headers=ORGANIZER
    )

    assert [a.status_code for a in (conflict, revoked, added)] == [409, 409, 409]
    assert {a.json()["code"] for a in (conflict, revoked, added)} == {"already_announced"}
