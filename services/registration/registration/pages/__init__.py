"""Registration's Russian pages: the contests, the registration form, the organizers' desk."""

from fastapi import FastAPI

from forum_shared.pages import Pages


def mount_registration_pages(app: FastAPI, pages: Pages) -> None:
    from . import consents, organizer, organizers, public

    for module in (public, consents, organizer, organizers):
        app.include_router(module.router)
