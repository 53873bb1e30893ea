from typing import Annotated

from fastapi import Depends, Request

from forum_shared.web import BearerCredentials, bearer_token

from ..queries import authenticate_juror
from ..records import JurorToken
from ..store import JudgingStore


def get_store(request: Request) -> JudgingStore:
    return request.app.state.store


StoreDep = Annotated[JudgingStore, Depends(get_store)]


async def current_juror(
    contest_id: str, credentials: BearerCredentials, store: StoreDep
) -> JurorToken:
    """The juror whose token is presented, if they judge the contest in the path."""
    return await authenticate_juror(store, contest_id, bearer_token(credentials))


CurrentJuror = Annotated[JurorToken, Depends(current_juror)]

# What a juror's operation can refuse for the token alone (beside the rules of
# `forum_shared.contract`, which document the 401 of any Bearer-guarded operation).
JUROR_TOKEN_REFUSALS: dict[int | str, dict[str, str]] = {
    401: {"description": "The juror token is unknown or was revoked"},
    403: {"description": "The token is a juror's of another contest"},
}
