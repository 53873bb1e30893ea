"""Wiring: the registration service's one place where settings, store, broker, API and pages
meet."""

from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import Depends, FastAPI

from forum_shared.events import (
    ContestChanged,
    ContestOpened,
    OrganizerAdded,
    OrganizerRevoked,
    ParticipantErased,
    ParticipantRegistered,
    ParticipantWithdrawn,
)
from forum_shared.i18n import use_catalogue
from forum_shared.pages import Pages
from forum_shared.runtime import Runtime
from forum_shared.service_app import service_app
from forum_shared.site import mount_pages

from .api import contests, organizers, participants
from .api.errors import install_domain_error_answers
from .api.limits import registration_buckets, registration_rate_limit
from .commands import RegistrationCommands
from .handlers import Consumers
from .pages import mount_registration_pages
from .queries import RegistrationQueries
from .retention import RetentionSweep
from .settings import SERVICE, Settings
from .store import OUTBOX_COLLECTIONS, RegistrationStore

PACKAGE = Path(__file__).parent


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    use_catalogue(PACKAGE / "locale")
    runtime = Runtime(
        SERVICE,
        settings,
        publishes=[
            ContestOpened,
            ContestChanged,
            ParticipantRegistered,
            ParticipantWithdrawn,
            OrganizerAdded,
            OrganizerRevoked,
            ParticipantErased,
        ],
        outbox_collections=OUTBOX_COLLECTIONS,
    )
    store = RegistrationStore(runtime.db, settings.idempotency_key_ttl)
    commands = RegistrationCommands(store, runtime.relay.wake)
    Consumers(runtime, commands).subscribe()
    sweep = RetentionSweep(
        commands, settings.contact_retention_days, settings.retention_sweep_seconds
    )

    app = service_app(
        runtime,
        title="Forum contests: registration",
        description="Contests catalog and participants' registration, with the Russian pages "
        "for participants and organizers. Publishes contest.opened, contest.changed, "
        "participant.registered, participant.withdrawn and participant.erased to "
        "forum.events; owns the organizers' personal credentials (organizer.added, "
        "organizer.revoked); consumes winners.announced (the contacts' retention starts then).",
        prepare=store.ensure_indexes,
        alongside=[sweep.running],
    )
    app.state.store = store
    # before any router is included: every route gets it, the registration endpoints heed it
    app.state.registration_buckets = registration_buckets(
        settings.registration_rate_per_minute, settings.registration_rate_burst
    )
    app.router.dependencies.append(Depends(registration_rate_limit))
    app.state.commands = commands
    app.state.retention_sweep = sweep
    app.state.queries = RegistrationQueries(store, zone=ZoneInfo(settings.timezone))
    install_domain_error_answers(app)
    app.include_router(contests.router)
    app.include_router(participants.router)
    app.include_router(organizers.router)
    pages = Pages(PACKAGE / "pages" / "templates", settings, "Регистрация")
    mount_pages(app, pages)
    mount_registration_pages(app, pages)
    return app
