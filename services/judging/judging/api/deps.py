import hashlib
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from forum_shared.web import BearerCredentials, bearer_token

from ..records import JurorRecord
from ..store import JudgingStore


def get_store(request: Request) -> JudgingStore:
    return request.app.state.store


StoreDep = Annotated[JudgingStore, Depends(get_store)]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def current_juror(
    contest_id: str, credentials: BearerCredentials, store: StoreDep
) -> JurorRecord:
    """The juror whose token is presented, if they judge the contest in the path."""
    juror = await store.juror_by_token(token_hash(bearer_token(credentials)))
    if juror is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "this juror token is not known: use the token the organizer gave you",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if juror.contest_id != contest_id:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            f"your juror token is for contest {juror.contest_id!r}, not {contest_id!r}",
        )
    return juror


CurrentJuror = Annotated[JurorRecord, Depends(current_juror)]
