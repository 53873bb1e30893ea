"""Age ratings and members' ages.

The age counts whole years on the registration date; someone born on 29 February turns a year
older on 1 March in non-leap years.
"""

from collections.abc import Sequence
from datetime import date
from typing import Literal, Protocol

from forum_shared.i18n import tr

from .errors import FieldError

AgeRating = Literal["0+", "6+", "12+", "16+", "18+"]
AGE_RATINGS: tuple[AgeRating, ...] = ("0+", "6+", "12+", "16+", "18+")
MAX_PLAUSIBLE_AGE = 120


class Person(Protocol):
    @property
    def birth_date(self) -> date: ...


def minimum_age(rating: str) -> int:
    if rating not in AGE_RATINGS:
        raise ValueError(f"unknown age rating {rating!r}; expected one of {', '.join(AGE_RATINGS)}")
    return int(rating.removesuffix("+"))


def age_on(birth_date: date, day: date) -> int:
    """Whole years completed on `day`."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


def check_member_ages(members: Sequence[Person], rating: str, today: date) -> list[FieldError]:
    """Errors name the member's position (1-based, as a person counts), never their name."""
    least = minimum_age(rating)
    errors: list[FieldError] = []
    for index, member in enumerate(members):
        field = f"members.{index}.birth_date"
        position = index + 1
        if member.birth_date > today:
            errors.append(
                FieldError(
                    field,
                    tr("member %(position)s's birth date is in the future", position=position),
                    "birth_date_in_future",
                )
            )
            continue
        age = age_on(member.birth_date, today)
        if age > MAX_PLAUSIBLE_AGE:
            errors.append(
                FieldError(
                    field,
                    tr(
                        "member %(position)s's birth date is not plausible "
                        "(over %(years)s years ago)",
                        position=position,
                        years=MAX_PLAUSIBLE_AGE,
                    ),
                    "birth_date_implausible",
                )
            )
        elif age < least:
            errors.append(
                FieldError(
                    field,
                    tr(
                        "member %(position)s is %(age)s, below the contest's age rating %(rating)s",
                        position=position,
                        age=age,
                        rating=rating,
                    ),
                    "member_too_young",
                )
            )
    return errors
