"""The two consents of 152-ФЗ an applicant gives, each a separate, versioned document.

- "personal-data": consent to the processing of personal data (art. 9), required. Its text is
  `registration/consents/personal-data-v<version>.html`; the version the applicant saw and the
  moment are stored with the application.
- "publication": consent to the publication of personal data (art. 10.1), optional. It names
  the fields that may be published: the participant's name (for an individual, the person's
  name) and the project's title. Without it an individual appears on public pages and in
  letters to others as «Участник № <short id>».

A new version of a text gets a new file and goes first in its tuple below; the older versions
stay (applications refer to them) but are no longer accepted for new applications.
"""

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from forum_shared.i18n import tr

from .errors import InvalidField

PERSONAL_DATA = "personal-data"
PUBLICATION = "publication"

# name → its versions, the current one first.
VERSIONS: dict[str, tuple[str, ...]] = {PERSONAL_DATA: ("1",), PUBLICATION: ("1",)}

# What the consent to publication allows to be published (fields of the application).
PUBLISHABLE_FIELDS: tuple[str, ...] = ("name", "project.title")


CURRENT_PERSONAL_DATA_VERSION = VERSIONS[PERSONAL_DATA][0]


def current_version(name: str) -> str:
    return VERSIONS[name][0]


def check_consent_version(
    name: str,
    version: str | None,
    versions: dict[str, tuple[str, ...]] = VERSIONS,
) -> str:
    """The version consented to: the current one when none is named; raises `InvalidField`
    ("consent_version_outdated" / "consent_version_unknown") for any other."""
    known = versions[name]
    if version is None or version == known[0]:
        return known[0]
    field = "consent_version"
    if version in known:
        raise InvalidField(
            tr(
                "consent version %(version)s is outdated: read the current text "
                "(version %(current)s) and consent to it",
                version=version,
                current=known[0],
            ),
            field=field,
            code="consent_version_outdated",
        )
    raise InvalidField(
        tr(
            "there is no consent text of version %(version)s; the current one is %(current)s",
            version=version[:20],
            current=known[0],
        ),
        field=field,
        code="consent_version_unknown",
    )


class GivenConsent(BaseModel):
    """Which text was consented to, and when."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    version: str
    given_at: datetime


def short_number(participant_id: str) -> str:
    """The application's number as a person reads and says it: the id's first 8 characters.

    The neutral label of a participant whose name is not public is «Участник № <this>»."""
    return participant_id.replace("-", "")[:8].upper()
