from typing import Annotated

from fastapi import Depends, Request

from forum_shared.runtime import Runtime

from ..store import RegistrationStore


def get_store(request: Request) -> RegistrationStore:
    return request.app.state.store


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


StoreDep = Annotated[RegistrationStore, Depends(get_store)]
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
