"""The forum `make demo` plays is one registration would accept: valid ИНН, ages within the
contests' ratings, every kind and nomination allowed, no practice twice."""

import random
from datetime import date

import pytest

from registration.domain.ages import minimum_age
from registration.domain.inn import validate_inn


@pytest.fixture(scope="module")
def demo_forum(script):
    return script("demo_forum")


@pytest.mark.parametrize("length", [10, 12])
def test_every_generated_inn_has_valid_check_digits(demo_forum, length: int) -> None:
    rng = random.Random(1)
    for _ in range(500):
        inn = demo_forum.inn(rng, length)
        assert len(inn) == length
        assert validate_inn(inn) == inn


@pytest.mark.parametrize("small", [True, False])
def test_the_forum_is_one_registration_accepts(demo_forum, small: bool) -> None:
    today = date(2026, 11, 21)
    plans = demo_forum.forum(small=small, today=today)

    assert [p.title for p in plans] == [
        "Чемпионат по социальному проектированию «ПроЛог»",
        "Лучшие практики ТОС",
        "Лучшие практики СОНКО",
        "Финал чемпионата «ПроЛог»",
    ]
    for plan in plans:
        least = minimum_age(plan.age_rating)
        for application in plan.applications:
            assert application["kind"] in plan.kinds
            assert application["nomination"] in plan.nominations
            assert validate_inn(application["inn"], application["kind"]) == application["inn"]
            for member in application["members"]:
                born = date.fromisoformat(member["birth_date"])
                assert (today - born).days // 366 >= least
    practices = [a["project"]["title"] for p in plans[1:3] for a in p.applications]
    assert len(practices) == len(set(practices))
