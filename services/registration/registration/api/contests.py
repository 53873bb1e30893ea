from datetime import UTC, datetime

from fastapi import APIRouter, HTTPException, status
from pymongo.errors import DuplicateKeyError

from forum_shared.web import CorrelationId, Organizer, RuntimeDep

from ..domain import Contest
from .deps import StoreDep
from .errors import ContestExists

router = APIRouter(prefix="/contests", tags=["contests"])


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=[Organizer])
async def create_contest(
    contest: Contest, store: StoreDep, runtime: RuntimeDep, correlation_id: CorrelationId
) -> Contest:
    """Opens a contest and publishes `contest.opened` (organizers only)."""
    event = contest.opened_event(occurred_at=datetime.now(UTC), correlation_id=correlation_id)
    try:
        await store.add_contest(contest, event)
    except DuplicateKeyError:
        raise ContestExists(f"a contest with id {contest.id} already exists") from None
    runtime.relay.wake()
    return contest


@router.get("")
async def list_contests(store: StoreDep) -> list[Contest]:
    return await store.all_contests()


@router.get("/{contest_id}")
async def get_contest(contest_id: str, store: StoreDep) -> Contest:
    return await existing_contest(store, contest_id)


async def existing_contest(store: StoreDep, contest_id: str) -> Contest:
    contest = await store.contest(contest_id)
    if contest is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"there is no contest {contest_id}")
    return contest
