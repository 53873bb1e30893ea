"""What every judging page handler needs: the pages and the store of the application."""

from typing import Annotated

from fastapi import Depends, Request

from forum_shared.pages import Pages

from ..store import JudgingStore


def get_pages(request: Request) -> Pages:
    return request.app.state.pages


def get_store(request: Request) -> JudgingStore:
    return request.app.state.store


PagesDep = Annotated[Pages, Depends(get_pages)]
StoreDep = Annotated[JudgingStore, Depends(get_store)]
