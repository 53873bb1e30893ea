from typing import Annotated

from fastapi import Depends, Request

from ..commands import RegistrationCommands
from ..queries import RegistrationQueries


def get_commands(request: Request) -> RegistrationCommands:
    return request.app.state.commands


def get_queries(request: Request) -> RegistrationQueries:
    return request.app.state.queries


Commands = Annotated[RegistrationCommands, Depends(get_commands)]
Queries = Annotated[RegistrationQueries, Depends(get_queries)]
