from typing import Annotated

from fastapi import Depends, Request

from ..dispatcher import Dispatcher
from ..store import NotificationStore


def get_store(request: Request) -> NotificationStore:
    return request.app.state.store


def get_dispatcher(request: Request) -> Dispatcher:
    return request.app.state.dispatcher


StoreDep = Annotated[NotificationStore, Depends(get_store)]
DispatcherDep = Annotated[Dispatcher, Depends(get_dispatcher)]
