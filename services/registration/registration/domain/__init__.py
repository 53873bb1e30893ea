"""The registration service's domain: contests, applications and the registration rule.

Pure Python and pydantic; no I/O. Errors carry stable `code`s for the API to map.
"""

from .ages import AGE_RATINGS, AgeRating, age_on, check_member_ages, minimum_age
from .consents import (
    PERSONAL_DATA,
    PUBLICATION,
    PUBLISHABLE_FIELDS,
    VERSIONS,
    GivenConsent,
    check_consent_version,
    current_version,
    short_number,
)
from .contest import PRODUCER, Contest, ContestState, Nomination, is_slug
from .duplicates import duplicate_key, normalise_name
from .emails import normalise_email
from .erasure import (
    ERASURE_REASONS,
    ErasureReason,
    anonymised,
    anonymised_registration,
    erased_event,
    name_is_personal,
)
from .errors import (
    ContestExists,
    ContestLocked,
    ContestNotFound,
    DuplicateRegistration,
    FieldError,
    IdempotencyKeyReused,
    InvalidApplication,
    InvalidContest,
    InvalidField,
    OrganizerNotFound,
    ParticipantNotFound,
    RegistrationClosed,
    RegistrationError,
)
from .inn import inn_checksum_ok, normalise_inn, validate_inn
from .kinds import KIND_LABELS, KIND_NAMES, PARTICIPANT_KINDS, ParticipantKind
from .organizers import (
    MAX_NAME_LENGTH,
    organizer_added_event,
    organizer_name,
    organizer_revoked_event,
)
from .participant import Application, Contact, Member, Participant, Project
from .phone import normalise_phone
from .registration import check_window, register, registered_event
from .withdrawal import withdrawn_event

__all__ = [
    "ERASURE_REASONS",
    "ErasureReason",
    "anonymised",
    "anonymised_registration",
    "erased_event",
    "name_is_personal",
    "AGE_RATINGS",
    "KIND_LABELS",
    "KIND_NAMES",
    "PERSONAL_DATA",
    "PUBLICATION",
    "PUBLISHABLE_FIELDS",
    "VERSIONS",
    "ContestExists",
    "ContestLocked",
    "ContestNotFound",
    "ContestState",
    "GivenConsent",
    "IdempotencyKeyReused",
    "ParticipantNotFound",
    "MAX_NAME_LENGTH",
    "OrganizerNotFound",
    "organizer_added_event",
    "organizer_name",
    "organizer_revoked_event",
    "check_consent_version",
    "current_version",
    "short_number",
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
