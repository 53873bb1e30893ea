from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field

from forum_shared.answers import NOT_BLANK
from forum_shared.web import CorrelationId, CurrentOrganizer

from ..commands import set_criteria
from ..domain import Aggregation, ContestCriteria
from ..domain.criteria import MAX_WEIGHT, SCORE_BOUND
from .deps import StoreDep

router = APIRouter(prefix="/contests/{contest_id}", tags=["setup"])


class CriterionForm(BaseModel):
    id: Annotated[
        str,
        Field(
            min_length=1,
            max_length=100,
            pattern=r"^[\w-]+$",
            description="Letters, digits, _ and -: the key of its score in a scorecard",
        ),
    ]
    # not blank: the domain's rule, stated here
    title: Annotated[str, Field(max_length=300, json_schema_extra={"pattern": NOT_BLANK})]
    description: Annotated[
        str, Field(max_length=2000, description="What the criterion means, for the jurors")
    ] = ""
    # The bounds are the domain's (checked there, with every other problem of the criteria,
    # in one answer); the schema states them.
    weight: Annotated[
        float,
        Field(
            description=f"Above 0, at most {MAX_WEIGHT}",
            json_schema_extra={"exclusiveMinimum": 0, "maximum": MAX_WEIGHT},
        ),
    ]
    min_score: Annotated[
        float,
        Field(
            description="Below max_score; within ±1 000 000",
            json_schema_extra={"minimum": -SCORE_BOUND, "maximum": SCORE_BOUND},
        ),
    ]
    max_score: Annotated[
        float,
        Field(
            description="Above min_score; within ±1 000 000",
            json_schema_extra={"minimum": -SCORE_BOUND, "maximum": SCORE_BOUND},
        ),
    ]


class CriteriaForm(BaseModel):
    criteria: Annotated[
        list[CriterionForm],
        Field(
            max_length=50,
            description="At least one; each id used once, each min_score below its max_score "
            "(rules JSON Schema cannot state: a list that breaks them is refused with a 422)",
            json_schema_extra={"minItems": 1},
        ),
    ]
    aggregation: Aggregation


@router.put(
    "/criteria",
    responses={
        409: {"description": "Jurors have scored already, or the winners are (being) announced"}
    },
)
async def put_criteria(
    contest_id: str,
    form: CriteriaForm,
    store: StoreDep,
    actor: CurrentOrganizer,
    correlation_id: CorrelationId,
) -> CriteriaForm:
    """Sets the criteria and the aggregation method; they lock once the first scorecard is in."""
    criteria = ContestCriteria.from_dicts(
        [criterion.model_dump() for criterion in form.criteria], form.aggregation
    )
    await set_criteria(store, contest_id, criteria, actor=actor, correlation_id=correlation_id)
    return form
