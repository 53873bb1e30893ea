"""Wiring: the notifications service's one place where settings, store, broker and API meet."""

from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI

from forum_shared.i18n import use_catalogue
from forum_shared.runtime import Runtime
from forum_shared.service_app import service_app
from forum_shared.site import mount_pages

from . import pages
from .api import notifications, participants, webhooks
from .api.errors import install_error_answers
from .channels import EmailChannel
from .channels.webhook import WebhookTargets
from .dispatcher import Channels, Dispatcher
from .handlers import Consumers
from .pages import delivery_log as delivery_log_pages
from .pages import webhooks as webhook_pages
from .settings import SERVICE, Settings
from .store import NotificationStore


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    use_catalogue(Path(__file__).parent / "locale")
    runtime = Runtime(SERVICE, settings, publishes=[])
    store = NotificationStore(runtime.db, settings.idempotency_key_ttl)
    webhook_targets = WebhookTargets(settings.webhook_target_policy)
    dispatcher = Dispatcher(
        store,
        Channels(email_channel(settings), store, settings.webhook_timeout_seconds, webhook_targets),
        settings.retry_policy,
        runtime.registry,
        lease=timedelta(seconds=settings.delivery_lease_seconds),
        poll_seconds=settings.delivery_poll_seconds,
        concurrency=settings.delivery_concurrency,
        retry_concurrency=settings.delivery_retry_concurrency,
    )
    Consumers(runtime, store, dispatcher, settings.organizers_email).subscribe()
    runtime.follow_organizers()

    app = service_app(
        runtime,
        title="Forum contests: notifications",
        description="Tells participants and organizers, in Russian, by e-mail and signed "
        "webhooks. Consumes participant.registered, participant.withdrawn, participant.erased, "
        "score.submitted and winners.announced from forum.events (and the organizers' "
        "credentials from organizer.added and organizer.revoked).",
        prepare=store.ensure_indexes,
        alongside=[dispatcher.running],
    )
    app.state.store = store
    app.state.dispatcher = dispatcher
    app.state.webhook_targets = webhook_targets
    install_error_answers(app)
    app.include_router(notifications.router)
    app.include_router(webhooks.router)
    app.include_router(participants.router)
    mount_pages(app, pages.notifications_pages(settings))
    app.include_router(delivery_log_pages.router)
    app.include_router(webhook_pages.router)
    return app


def email_channel(settings: Settings) -> EmailChannel:
    return EmailChannel(
        settings.smtp_host,
        settings.smtp_port,
        mail_from=settings.mail_from,
        username=settings.smtp_username,
        password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
        starttls=settings.smtp_starttls,
        timeout=settings.smtp_timeout_seconds,
    )
