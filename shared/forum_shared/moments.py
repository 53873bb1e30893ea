"""A date and time as the API's schema states it: a string (`format: date-time`).

Pydantic would also read a number, or a string of digits, as a Unix time; the schema refuses
both, so these types refuse them too (as pydantic's own "must be a date and time")."""

from datetime import datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BeforeValidator
from pydantic_core import PydanticCustomError


def _not_a_number(value: Any) -> Any:
    if isinstance(value, int | float) or (isinstance(value, str) and _numeric(value)):
        raise PydanticCustomError("datetime_type", "Input should be a valid datetime")
    return value


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


Moment = Annotated[datetime, BeforeValidator(_not_a_number)]
AwareMoment = Annotated[AwareDatetime, BeforeValidator(_not_a_number)]
