"""Exact arithmetic for scores, so that equal results compare equal.

A float is read as the decimal it prints as (``7.1`` is 71/10, not the nearest binary
fraction). With floats, the weighted mean of 8, 7, 5 under weights 0.5, 0.3, 0.2 comes out as
7.1 and that of 7, 8, 6 as 7.1000000000000005, so rounding noise, not the documented
tie-breaks, would decide who places higher. Everything compared is a `Fraction`; floats appear
only at the edges (the stored weighted total, the displayed score).
"""

import math
import sys
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import TypeGuard, overload

DISPLAY_DECIMALS = 4


def is_number(value: object) -> TypeGuard[int | float]:
    """A finite int or float that a float can hold; bools are not scores. (An int beyond
    ±1.8e308, which JSON allows, is not: `math.isfinite` itself overflows on it.)"""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def to_float(value: Fraction) -> float:
    """An exact value as the nearest finite float: beyond a float's range, the largest one of
    its sign (a statistic of finite inputs may exceed it, a difference of two extremes say)."""
    try:
        return float(value)
    except OverflowError:
        return sys.float_info.max if value > 0 else -sys.float_info.max


def exact(value: float | Fraction) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    found = _EXACT.get(value)
    if found is None:
        if len(_EXACT) >= _EXACT_LIMIT:
            _EXACT.clear()
        found = _EXACT[value] = Fraction(repr(float(value)))
    return found


# Reading a float's decimal text is the slow part of `exact`, and scores and totals repeat
# (a 0-10 scale has few distinct totals): the conversions are remembered, boundedly.
_EXACT: dict[float, Fraction] = {}
_EXACT_LIMIT = 100_000


def mean(values: Sequence[Fraction]) -> Fraction:
    if not values:
        raise ValueError("the mean of no values is undefined")
    numerator, denominator = common_numerators(values)
    return Fraction(sum(numerator), denominator * len(values))


def common_numerators(values: Iterable[Fraction]) -> tuple[list[int], int]:
    """The values over their least common denominator: ([n₁, n₂, …], d) with vᵢ = nᵢ / d.

    Sums, means and deviations then stay in integers: the same exact values as `Fraction`
    arithmetic, without a gcd per operation. Scores have few distinct denominators (decimal
    fractions, or binary ones for z-scores), so d stays small."""
    values = list(values)
    denominator = math.lcm(*{value.denominator for value in values})
    return [v.numerator * (denominator // v.denominator) for v in values], denominator


@overload
def display(value: Fraction | float) -> float: ...
@overload
def display(value: None) -> None: ...
def display(value: Fraction | float | None) -> float | None:
    """Rounded for people and events only; never compare these."""
    if value is None:
        return None
    number = to_float(value) if isinstance(value, Fraction) else value
    return round(number, DISPLAY_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


def fmt(value: float) -> str:
    """A number as a person writes it in a message: 10, not 10.0."""
    try:
        number = float(value)
    except OverflowError:
        return "a number too large to show"
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)
