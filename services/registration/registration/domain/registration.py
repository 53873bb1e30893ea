"""The registration rule: an application against a contest, at a moment.

Order: the window first (no point making someone fix a form for a contest that is not taking
registrations), then every field rule, all problems gathered into one `InvalidApplication`.
The registration date for ages is `now.date()` in `now`'s own timezone.

Members: "team", "initiative_group" need at least one; "individual" exactly one (the person
registering); "sonko" and "tos" may list none (the organisation registers, not people), and
any members they do list are still checked against the age rating.
"""

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import ParamSpec, TypeVar
from uuid import uuid4

from forum_shared.events import ParticipantRegistered
from forum_shared.i18n import Message, tr

from .ages import check_member_ages
from .consents import PERSONAL_DATA, PUBLICATION, GivenConsent, check_consent_version
from .contest import PRODUCER, Contest
from .duplicates import duplicate_key
from .emails import normalise_email
from .errors import FieldError, InvalidApplication, InvalidField, RegistrationClosed
from .inn import validate_inn
from .kinds import KIND_LABELS, PARTICIPANT_KINDS
from .participant import (
    MAX_MEMBERS,
    MAX_NAME_LENGTH,
    MAX_SUMMARY_LENGTH,
    MAX_TITLE_LENGTH,
    Application,
    Contact,
    Member,
    Participant,
    Project,
)
from .phone import normalise_phone

MEMBERS_REQUIRED_KINDS = frozenset({"team", "initiative_group", "individual"})

P = ParamSpec("P")
T = TypeVar("T")


def check_window(contest: Contest, now: datetime) -> None:
    """Raises `RegistrationClosed` ("registration_not_open_yet" / "registration_closed")."""
    _require_aware(now)
    if now < contest.registration_opens_at:
        raise RegistrationClosed(
            tr(
                "registration for this contest opens at %(moment)s",
                moment=contest.registration_opens_at.isoformat(timespec="seconds"),
            ),
            code="registration_not_open_yet",
        )
    if now >= contest.registration_closes_at:
        raise RegistrationClosed(
            tr(
                "registration for this contest closed at %(moment)s",
                moment=contest.registration_closes_at.isoformat(timespec="seconds"),
            ),
            code="registration_closed",
        )


def register(
    contest: Contest,
    application: Application,
    now: datetime,
    *,
    participant_id: str | None = None,
    correlation_id: str | None = None,
) -> tuple[Participant, ParticipantRegistered]:
    """Accept `application`, or raise `RegistrationClosed` or `InvalidApplication`.

    Pure: the duplicate check is the store's (a unique index on `Participant.duplicate_key`,
    raising `DuplicateRegistration`), as is publishing the event through the outbox.
    """
    check_window(contest, now)
    errors: list[FieldError] = []
    kind = _checked_kind(contest, application.kind, errors)
    _check_nomination(contest, application.nomination, errors)
    name = _text("name", application.name, MAX_NAME_LENGTH, errors)
    inn = _field(errors, validate_inn, application.inn, kind)
    contact_name = _text("contact.name", application.contact.name, MAX_NAME_LENGTH, errors)
    email = _field(errors, normalise_email, application.contact.email)
    phone = _field(errors, normalise_phone, application.contact.phone)
    project_title = _text("project.title", application.project.title, MAX_TITLE_LENGTH, errors)
    summary = _text("project.summary", application.project.summary, MAX_SUMMARY_LENGTH, errors)
    _check_members(contest, kind, application.members, now.date(), errors)
    if application.consent_personal_data is not True:
        errors.append(
            FieldError(
                "consent_personal_data",
                tr("consent to the processing of personal data (152-ФЗ) is required to register"),
                "consent_required",
            )
        )
        consent_version = None
    else:
        consent_version = _field(
            errors, check_consent_version, PERSONAL_DATA, application.consent_version
        )
    if errors or email is None or phone is None or consent_version is None:
        raise InvalidApplication(errors)
    publication = (
        GivenConsent(version=check_consent_version(PUBLICATION, None), given_at=now)
        if application.consent_publication
        else None
    )

    participant = Participant(
        id=participant_id or str(uuid4()),
        contest_id=contest.id,
        nomination=application.nomination,
        kind=application.kind,
        name=name,
        inn=inn,
        contact=Contact(name=contact_name, email=email, phone=phone),
        project=Project(title=project_title, summary=summary),
        members=application.members,
        consented_at=now,
        consent_version=consent_version,
        publication_consent=publication,
        registered_at=now,
        duplicate_key=duplicate_key(contest.id, application.nomination, inn, name),
    )
    return participant, registered_event(participant, contest, correlation_id=correlation_id)


def registered_event(
    participant: Participant, contest: Contest, *, correlation_id: str | None = None
) -> ParticipantRegistered:
    nomination = contest.nomination(participant.nomination)
    if nomination is None:
        raise ValueError(f"contest {contest.id} has no nomination {participant.nomination}")
    extra = {"correlation_id": correlation_id} if correlation_id is not None else {}
    return ParticipantRegistered(
        producer=PRODUCER,
        occurred_at=participant.registered_at,
        participant_id=participant.id,
        contest_id=contest.id,
        contest_title=contest.title,
        nomination=nomination.id,
        nomination_title=nomination.title,
        participant_kind=participant.kind,
        display_name=participant.name,
        contact_name=participant.contact.name,
        contact_email=participant.contact.email,
        project_title=participant.project.title,
        registered_at=participant.registered_at,
        name_public=participant.name_public,
        **extra,
    )


def _require_aware(now: datetime) -> None:
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")


def _checked_kind(contest: Contest, kind: str, errors: list[FieldError]) -> str | None:
    """The kind if it is a known one (even if this contest does not admit it), else None."""
    if not kind:
        errors.append(FieldError("kind", tr("choose who is applying"), "required"))
        return None
    if kind not in PARTICIPANT_KINDS:
        errors.append(
            FieldError(
                "kind",
                tr("kind must be one of %(kinds)s", kinds=", ".join(PARTICIPANT_KINDS)),
                "unknown_kind",
            )
        )
        return None
    if kind not in contest.participant_kinds:
        errors.append(
            FieldError(
                "kind",
                tr(
                    "this contest does not admit %(label)s (%(kind)s); it admits: %(admitted)s",
                    label=KIND_LABELS[kind],
                    kind=kind,
                    admitted=", ".join(contest.participant_kinds),
                ),
                "kind_not_allowed",
            )
        )
    return kind


def _check_nomination(contest: Contest, nomination: str, errors: list[FieldError]) -> None:
    if not nomination:
        errors.append(FieldError("nomination", tr("choose the nomination"), "required"))
    elif contest.nomination(nomination) is None:
        known = ", ".join(n.id for n in contest.nominations)
        errors.append(
            FieldError(
                "nomination",
                tr("nomination must be one of this contest's nominations: %(known)s", known=known),
                "unknown_nomination",
            )
        )


REQUIRED: dict[str, Message] = {
    "name": tr("enter the name of the organisation, group or person"),
    "contact.name": tr("enter the contact person's name"),
    "project.title": tr("enter the project's title"),
    "project.summary": tr("describe the project in a few sentences"),
}
TOO_LONG: dict[str, Message] = {
    "name": tr("the name must be at most %(limit)s characters"),
    "contact.name": tr("the contact person's name must be at most %(limit)s characters"),
    "project.title": tr("the project's title must be at most %(limit)s characters"),
    "project.summary": tr("the project's summary must be at most %(limit)s characters"),
}


def _text(field: str, value: str, limit: int, errors: list[FieldError]) -> str:
    if not value:
        errors.append(FieldError(field, REQUIRED[field], "required"))
    elif len(value) > limit:
        errors.append(
            FieldError(field, replace(TOO_LONG[field], params={"limit": limit}), "too_long")
        )
    return value


def _field(
    errors: list[FieldError], check: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T | None:
    """`check(...)`'s result, or None with its `InvalidField` added to `errors`."""
    try:
        return check(*args, **kwargs)
    except InvalidField as error:
        errors.append(error.as_field_error())
        return None


def _check_members(
    contest: Contest,
    kind: str | None,
    members: tuple[Member, ...],
    today: date,
    errors: list[FieldError],
) -> None:
    if len(members) > MAX_MEMBERS:
        errors.append(
            FieldError(
                "members",
                tr("members may list at most %(limit)s", limit=MAX_MEMBERS),
                "too_many_members",
            )
        )
        return
    if kind in MEMBERS_REQUIRED_KINDS and not members:
        message = (
            tr("members must list the person registering, with name and birth date")
            if kind == "individual"
            else tr("members must list at least one member, with name and birth date")
        )
        errors.append(FieldError("members", message, "members_required"))
    elif kind == "individual" and len(members) > 1:
        errors.append(
            FieldError(
                "members",
                tr("an individual registers alone: members must list exactly one person"),
                "too_many_members",
            )
        )
    for index, member in enumerate(members):
        if not member.name:
            errors.append(
                FieldError(
                    f"members.{index}.name",
                    tr("enter member %(position)s's name", position=index + 1),
                    "required",
                )
            )
        elif len(member.name) > MAX_NAME_LENGTH:
            errors.append(
                FieldError(
                    f"members.{index}.name",
                    tr(
                        "member %(position)s's name must be at most %(limit)s characters",
                        position=index + 1,
                        limit=MAX_NAME_LENGTH,
                    ),
                    "too_long",
                )
            )
    errors.extend(check_member_ages(members, contest.age_rating, today))
