"""The application a person submits, and the participant it becomes once accepted.

Personal data stays out of `repr()` (so out of tracebacks and careless logs).

`Application` only checks types (pydantic); every rule is `register`'s, which reports all
problems at once. Strings are stripped of surrounding whitespace on the way in.
"""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from forum_shared.answers import NOT_BLANK

from .consents import CURRENT_PERSONAL_DATA_VERSION, GivenConsent
from .kinds import PARTICIPANT_KINDS

_INPUT = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

MAX_NAME_LENGTH = 300
MAX_TITLE_LENGTH = 300
MAX_SUMMARY_LENGTH = 5000
MAX_MEMBERS = 100


def _text_schema(limit: int) -> dict[str, object]:
    """A required text's bounds, checked by `register` (in its words), stated in the schema."""
    return {"minLength": 1, "maxLength": limit, "pattern": NOT_BLANK}


NAME = _text_schema(MAX_NAME_LENGTH)


class Contact(BaseModel):
    model_config = _INPUT

    name: str = Field(repr=False, examples=["Ирина Петрова"], json_schema_extra=NAME)
    email: str = Field(repr=False, examples=["irina@example.org"])
    phone: str = Field(
        repr=False, description="A Russian number in any usual form", examples=["8 912 345-67-89"]
    )


class Project(BaseModel):
    model_config = _INPUT

    title: str = Field(
        examples=["Двор, где хочется жить"], json_schema_extra=_text_schema(MAX_TITLE_LENGTH)
    )
    summary: str = Field(
        examples=["Благоустройство двора силами жителей"],
        json_schema_extra=_text_schema(MAX_SUMMARY_LENGTH),
    )


class Member(BaseModel):
    model_config = _INPUT

    name: str = Field(repr=False, examples=["Ирина Петрова"], json_schema_extra=NAME)
    birth_date: date = Field(repr=False, examples=["1985-04-12"])


class Application(BaseModel):
    """The public registration form's body."""

    model_config = _INPUT

    kind: str = Field(json_schema_extra={"enum": list(PARTICIPANT_KINDS)}, examples=["tos"])
    nomination: str = Field(description="The id of one of the contest's nominations")
    name: str = Field(
        repr=False,
        description="The organisation's, group's or person's name",
        json_schema_extra=NAME,
    )
    inn: str | None = Field(
        default=None,
        repr=False,
        description="ИНН: 10 digits for an organisation, 12 for a person; "
        "required for sonko (10) and individual (12), optional for the others",
    )
    contact: Contact
    project: Project
    members: tuple[Member, ...] = Field(
        default=(),
        description="Required (at least one) for team and initiative_group; "
        "exactly one (the person) for individual; optional for sonko and tos",
        json_schema_extra={"maxItems": MAX_MEMBERS},
    )
    consent_personal_data: bool = Field(
        default=False,
        description="Consent to personal-data processing (152-ФЗ, art. 9); must be true. "
        "Its text: GET /consents/personal-data/{version}",
        json_schema_extra={"enum": [True]},
    )
    consent_version: str | None = Field(
        default=None,
        max_length=20,
        description="The version of the consent text the applicant read; the current one "
        "when omitted. An outdated or unknown version is refused (422, consent_version).",
        examples=[CURRENT_PERSONAL_DATA_VERSION],
    )
    consent_publication: bool = Field(
        default=False,
        description="Optional consent to publication (152-ФЗ, art. 10.1) of the participant's "
        "name and the project's title; without it an individual's name is not published. "
        "Its text: GET /consents/publication/{version}",
    )


class Participant(BaseModel):
    """An accepted application, its data normalised (phone +7…, e-mail, ИНН without spaces)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    contest_id: str
    nomination: str
    kind: str
    name: str = Field(repr=False)
    inn: str | None = Field(repr=False)
    contact: Contact
    project: Project
    members: tuple[Member, ...]
    consented_at: datetime
    consent_version: str = Field(
        default=CURRENT_PERSONAL_DATA_VERSION,
        description="The version of the consent to processing given, at `consented_at`",
    )
    publication_consent: GivenConsent | None = Field(
        default=None, description="The consent to publication, if given"
    )
    registered_at: datetime
    duplicate_key: str = Field(
        repr=False, description="Unique per contest and nomination; see duplicates.py"
    )

    @property
    def name_public(self) -> bool:
        """An individual's name is published only with the consent to publication."""
        return self.kind != "individual" or self.publication_consent is not None
