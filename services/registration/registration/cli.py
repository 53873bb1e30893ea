"""`python -m registration organizers …`: personal credentials for organizers from the server's
command line (the first one needs no other credential), through the same use cases as the API.

    python -m registration organizers add "Имя Фамилия"   # prints the token, once
    python -m registration organizers list
    python -m registration organizers revoke <id>

It writes to registration's database (MONGODB_URL, as the service reads it); the running
service's outbox relay publishes `organizer.added` / `organizer.revoked` within its poll
interval. The audit trail names the actor «Командная строка».
"""

import argparse
import asyncio
import sys
from collections.abc import Sequence
from typing import TextIO

from forum_shared.i18n import render, tr, use_catalogue
from forum_shared.mongo import connect
from forum_shared.organizers import Actor
from forum_shared.serve import serve

from .commands import RegistrationCommands
from .domain import InvalidField, OrganizerNotFound
from .main import PACKAGE, create_app
from .settings import SERVICE, Settings
from .store import RegistrationStore

CLI_ACTOR_ID = "cli"
CLI_ACTOR_NAME = tr("Command line")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python -m registration", description="Registration: runs the service by default."
    )
    commands = main.add_subparsers(dest="command")
    organizers = commands.add_parser("organizers", help="organizers' personal credentials")
    actions = organizers.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="a new organizer; prints their token once")
    add.add_argument("name", help="the organizer's name, e.g. «Анна Смирнова»")
    actions.add_parser("list", help="every organizer, revoked ones too")
    revoke = actions.add_parser("revoke", help="the organizer's token stops working")
    revoke.add_argument("organizer_id")
    return main


async def run_organizers(
    args: argparse.Namespace, settings: Settings, out: TextIO = sys.stdout
) -> int:
    client = connect(settings.mongodb_url)
    try:
        store = RegistrationStore(client[settings.mongodb_database], settings.idempotency_key_ttl)
        commands = RegistrationCommands(store, wake_relay=lambda: None)
        actor = Actor(CLI_ACTOR_ID, render(CLI_ACTOR_NAME))
        if args.action == "add":
            new = await commands.add_organizer(args.name, actor=actor)
            print(f"Организатор «{new.organizer.name}» добавлен, id {new.organizer.id}.", file=out)
            print("Ключ организатора (показан один раз — сохраните его сейчас):", file=out)
            print(new.token, file=out)
        elif args.action == "revoke":
            organizer = await commands.revoke_organizer(args.organizer_id, actor=actor)
            print(f"Ключ организатора «{organizer.name}» отозван.", file=out)
        else:
            for organizer in await commands.queries.organizers():
                state = "отозван" if organizer.revoked_at else "действует"
                print(f"{organizer.id}\t{organizer.name}\t{state}", file=out)
        return 0
    except (InvalidField, OrganizerNotFound) as error:
        print(render(error.message), file=sys.stderr)
        return 2
    finally:
        await client.close()


def main(argv: Sequence[str] | None = None) -> int:
    """The organizers' subcommand's exit status; without a subcommand, the service runs."""
    args = parser().parse_args(argv)
    settings = Settings()
    if args.command is None:
        serve(SERVICE, settings, create_app)
        return 0
    use_catalogue(PACKAGE / "locale")
    return asyncio.run(run_organizers(args, settings))
