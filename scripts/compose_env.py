"""Prints an `.env` with fresh random values for every secret docker compose requires:

    python3 scripts/compose_env.py > .env && chmod 600 .env

Run it once (a second run prints new secrets: the database's users keep the passwords they were
created with, so keep the first `.env`). `make run` reads the same `.env`. Values are URL-safe,
since they go into the services' broker and database URLs. Standard library only.
"""

import secrets

SERVICES = ("registration", "judging", "notifications")
REQUIRED = (
    "ORGANIZER_TOKEN",
    "SESSION_SECRET",
    "RABBITMQ_ADMIN_PASSWORD",
    *(f"RABBITMQ_{service.upper()}_PASSWORD" for service in SERVICES),
    "MONGODB_ADMIN_PASSWORD",
    *(f"MONGODB_{service.upper()}_PASSWORD" for service in SERVICES),
)


def main() -> None:
    print("# Secrets for docker compose (and make run), written by scripts/compose_env.py.")
    print("# Keep this file private; see .env.example for every other setting.")
    for name in REQUIRED:
        print(f"{name}={secrets.token_urlsafe(32)}")


if __name__ == "__main__":
    main()
