"""Wiring: the judging service's one place where settings, store, broker and API meet."""

from pathlib import Path

from fastapi import FastAPI

from forum_shared.events import ScoreSubmitted, WinnersAnnounced
from forum_shared.i18n import use_catalogue
from forum_shared.runtime import Runtime
from forum_shared.service_app import service_app

from .api import criteria, jurors, participants, results, scoring
from .api.errors import install_judging_error_answers
from .handlers import Consumers
from .pages import install_pages
from .settings import SERVICE, Settings
from .store import OUTBOX_COLLECTIONS, JudgingStore


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    use_catalogue(Path(__file__).parent / "locale")
    runtime = Runtime(
        SERVICE,
        settings,
        publishes=[ScoreSubmitted, WinnersAnnounced],
        outbox_collections=OUTBOX_COLLECTIONS,
    )
    store = JudgingStore(
        runtime.db,
        grace_seconds=settings.fence_grace_seconds,
        lease_seconds=settings.announcement_lease_seconds,
        idempotency_ttl=settings.idempotency_key_ttl,
    )
    Consumers(runtime, store).subscribe()
    runtime.follow_organizers()

    app = service_app(
        runtime,
        title="Forum contests: judging",
        description="Jurors, criteria, scorecards, rankings and the winners' announcement. "
        "Organizers set up and read results with the organizer's token; a juror scores with "
        "the token given once when the organizer added them. "
        "Learns contests and participants from contest.opened, contest.changed, "
        "participant.registered, participant.withdrawn and participant.erased (and the "
        "organizers' credentials from organizer.added and organizer.revoked); publishes "
        "score.submitted and winners.announced to forum.events.",
        prepare=store.ensure_indexes,
    )
    app.state.store = store
    install_judging_error_answers(app)
    for module in (criteria, jurors, scoring, results, participants):
        app.include_router(module.router)
    install_pages(app, settings)
    return app
