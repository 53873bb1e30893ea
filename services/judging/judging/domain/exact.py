"""Exact arithmetic for scores, so that equal results compare equal.

A float is read as the decimal it prints as (``7.1`` is 71/10, not the nearest binary
fraction). With floats, the weighted mean of 8, 7, 5 under weights 0.5, 0.3, 0.2 comes out as
7.1 and that of 7, 8, 6 as 7.1000000000000005, so rounding noise, not the documented
tie-breaks, would decide who places higher. Everything compared is a `Fraction`; floats appear
only at the edges (the stored weighted total, the displayed score).
"""

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import TypeGuard, overload

DISPLAY_DECIMALS = 4


def is_number(value: object) -> TypeGuard[int | float]:
    """A finite int or float; bools are not scores."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def exact(value: float | Fraction) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(repr(float(value)))


def mean(values: Sequence[Fraction]) -> Fraction:
    if not values:
        raise ValueError("the mean of no values is undefined")
    return sum(values, Fraction(0)) / len(values)


@overload
def display(value: Fraction | float) -> float: ...
@overload
def display(value: None) -> None: ...
def display(value: Fraction | float | None) -> float | None:
    """Rounded for people and events only; never compare these."""
    if value is None:
        return None
    return round(float(value), DISPLAY_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


def fmt(value: float) -> str:
    """A number as a person writes it in a message: 10, not 10.0."""
    number = float(value)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)
