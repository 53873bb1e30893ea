"""The registration service's domain: contests, applications and the registration rule.

Pure Python and pydantic; no I/O. Errors carry stable `code`s for the API to map.
"""

from .ages import AGE_RATINGS, AgeRating, age_on, check_member_ages, minimum_age
from .contest import PRODUCER, Contest, Nomination, is_slug
from .duplicates import duplicate_key, normalise_name
from .emails import normalise_email
from .errors import (
    DuplicateRegistration,
    FieldError,
    InvalidApplication,
    InvalidContest,
    InvalidField,
    RegistrationClosed,
    RegistrationError,
)
from .inn import inn_checksum_ok, normalise_inn, validate_inn
from .kinds import PARTICIPANT_KINDS, ParticipantKind
from .participant import Application, Contact, Member, Participant, Project
from .phone import normalise_phone
from .registration import check_window, register, registered_event
from .withdrawal import withdrawn_event

__all__ = [
    "AGE_RATINGS",
    "PARTICIPANT_KINDS",
    "PRODUCER",
    "AgeRating",
    "Application",
    "Contact",
    "Contest",
    "DuplicateRegistration",
    "FieldError",
    "InvalidApplication",
    "InvalidContest",
    "InvalidField",
    "Member",
    "Nomination",
    "Participant",
    "ParticipantKind",
    "Project",
    "RegistrationClosed",
    "RegistrationError",
    "age_on",
    "check_member_ages",
    "check_window",
    "duplicate_key",
    "inn_checksum_ok",
    "is_slug",
    "minimum_age",
    "normalise_email",
    "normalise_inn",
    "normalise_name",
    "normalise_phone",
    "register",
    "registered_event",
    "validate_inn",
    "withdrawn_event",
]
