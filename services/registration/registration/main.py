"""Wiring: the registration service's one place where settings, store, broker and API meet."""

from fastapi import FastAPI

from forum_shared.events import ContestOpened, ParticipantRegistered, ParticipantWithdrawn
from forum_shared.runtime import Runtime
from forum_shared.service_app import service_app

from .api import contests, participants
from .api.errors import install_domain_error_answers
from .settings import SERVICE, Settings
from .store import OUTBOX_COLLECTIONS, RegistrationStore


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    runtime = Runtime(
        SERVICE,
        settings,
        publishes=[ContestOpened, ParticipantRegistered, ParticipantWithdrawn],
        outbox_collections=OUTBOX_COLLECTIONS,
    )
    store = RegistrationStore(runtime.db)

    app = service_app(
        runtime,
        title="Forum contests: registration",
        description="Contests catalog and participants' registration. "
        "Publishes contest.opened and participant.registered to forum.events.",
        prepare=store.ensure_indexes,
    )
    app.state.store = store
    install_domain_error_answers(app)
    app.include_router(contests.router)
    app.include_router(participants.router)
    return app
