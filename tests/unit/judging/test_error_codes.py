"""Judging's refusals keep the codes they always had: written out, never derived from names."""

import re

import judging.errors
from judging.domain import errors as domain_errors
from judging.domain.errors import JudgingError


def every_refusal() -> list[type[JudgingError]]:
    found = []
    for module in (domain_errors, judging.errors):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, JudgingError):
                found.append(value)
    return found


def test_every_refusal_spells_out_its_own_code() -> None:
    for refusal in every_refusal():
        assert "code" in vars(refusal), f"{refusal.__name__} inherits its code"


def test_the_codes_are_those_the_api_always_answered() -> None:
    """Before the codes were explicit they were the class names in snake case."""
    for refusal in every_refusal():
        old = re.sub(r"(?<!^)(?=[A-Z])", "_", refusal.__name__).lower()
        assert refusal.code == old, refusal.__name__
