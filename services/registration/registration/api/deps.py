from typing import Annotated

from fastapi import Depends, Request

from ..store import RegistrationStore


def get_store(request: Request) -> RegistrationStore:
    return request.app.state.store


StoreDep = Annotated[RegistrationStore, Depends(get_store)]
