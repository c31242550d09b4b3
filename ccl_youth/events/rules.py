"""The shape of a family event, an RSVP and a speaker offer: kinds, answers, limits and the
checks that need no database. Pure; no Flask here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

#: Kinds of event, in the order forms offer them (the labels are the view's, translated).
KINDS = ("stem_night", "career_day", "take_home", "showcase", "other")
#: A take-home activity may have no date at all; every other kind starts at a set time.
UNDATED_KINDS = frozenset({"take_home"})
ANSWERS = ("yes", "maybe", "no")
PARTY_MIN, PARTY_MAX = 1, 10
OFFER_STATUSES = ("new", "contacted", "added", "declined")
#: What staff may set by hand; "added" comes only from adding the guest speaker.
FOLLOW_UPS = ("contacted", "declined")

TITLE_MAX = 200
DESCRIPTION_MAX = 4000
LOCATION_MAX = 200
NOTE_MAX = 300
OCCUPATION_MAX = 200
EMPLOYER_MAX = 200
ABOUT_MAX = 2000
AVAILABILITY_MAX = 300
CONTACT_MAX = 200
STAFF_NOTE_MAX = 2000


@dataclass(frozen=True)
class EventFields:
    """An event as typed. Times are timezone-aware (the view reads them in the
    organization's time and converts); ``cohort_id`` None invites the whole organization."""

    kind: str
    title: str
    description: str = ""
    location: str = ""
    starts_dt: datetime | None = None
    ends_dt: datetime | None = None
    cohort_id: int | None = None


@dataclass(frozen=True)
class OfferFields:
    occupation: str
    employer: str = ""
    about: str = ""
    availability: str = ""
    contact: str = ""
    #: The O*NET-SOC code of the occupation picked from a search, if any.
    soc_code: str = ""


def one_line(value: str | None) -> str:
    """Text on one line with runs of whitespace made one space."""
    return " ".join((value or "").split())


def block(value: str | None) -> str:
    """Free text trimmed, with Windows line ends made plain."""
    return (value or "").strip().replace("\r\n", "\n")


def too_long(value: str, largest: int) -> str | None:
    return f"Use at most {largest} characters." if len(value) > largest else None


def clean_event(fields: EventFields) -> tuple[EventFields, dict[str, list[str]]]:
    """The event trimmed and its problems by field name: ``kind``, ``title``,
    ``description``, ``location``, ``starts_at`` and ``ends_at`` (the audience is the
    service's to check: it needs the database)."""
    errors: dict[str, list[str]] = {}
    cleaned = EventFields(
        kind=fields.kind,
        title=one_line(fields.title),
        description=block(fields.description),
        location=one_line(fields.location),
        starts_dt=fields.starts_dt,
        ends_dt=fields.ends_dt,
        cohort_id=fields.cohort_id,
    )
    if cleaned.kind not in KINDS:
        errors["kind"] = ["Choose a kind of event from the list."]
    if not cleaned.title:
        errors["title"] = ["Give the event a name."]
    for name, largest in (
        ("title", TITLE_MAX),
        ("description", DESCRIPTION_MAX),
        ("location", LOCATION_MAX),
    ):
        if name not in errors and (message := too_long(getattr(cleaned, name), largest)):
            errors[name] = [message]
    for name, value in (("starts_at", cleaned.starts_dt), ("ends_at", cleaned.ends_dt)):
        if value is not None and value.tzinfo is None:
            raise ValueError(f"{name} must be timezone-aware")
    if cleaned.starts_dt is None:
        if cleaned.ends_dt is not None:
            errors["starts_at"] = ["Add when it starts, or clear the end time."]
        elif cleaned.kind in KINDS and cleaned.kind not in UNDATED_KINDS:
            errors["starts_at"] = ["Add when it starts."]
    elif cleaned.ends_dt is not None and cleaned.ends_dt < cleaned.starts_dt:
        errors["ends_at"] = ["The end must be after the start."]
    return cleaned, errors


def clean_rsvp(answer: str, party_size: int | None, note: str) -> tuple[str, dict[str, list[str]]]:
    """The note trimmed and the problems by field name: ``answer``, ``party_size``,
    ``note``. The party counts the person answering."""
    errors: dict[str, list[str]] = {}
    text = one_line(note)
    if answer not in ANSWERS:
        errors["answer"] = ["Choose yes, maybe or no."]
    if party_size is None or not PARTY_MIN <= party_size <= PARTY_MAX:
        errors["party_size"] = [
            f"Enter how many people will come, from {PARTY_MIN} to {PARTY_MAX}."
        ]
    if message := too_long(text, NOTE_MAX):
        errors["note"] = [message]
    return text, errors


def clean_offer(fields: OfferFields) -> tuple[OfferFields, dict[str, list[str]]]:
    """The offer trimmed and its problems by field name."""
    cleaned = OfferFields(
        occupation=one_line(fields.occupation),
        employer=one_line(fields.employer),
        about=block(fields.about),
        availability=block(fields.availability),
        contact=one_line(fields.contact),
        soc_code=fields.soc_code.strip(),
    )
    errors: dict[str, list[str]] = {}
    if not cleaned.occupation:
        errors["occupation"] = ["Tell us what work you do."]
    if not cleaned.contact:
        errors["contact"] = ["Tell us how to reach you."]
    for name, largest in (
        ("occupation", OCCUPATION_MAX),
        ("employer", EMPLOYER_MAX),
        ("about", ABOUT_MAX),
        ("availability", AVAILABILITY_MAX),
        ("contact", CONTACT_MAX),
    ):
        if name not in errors and (message := too_long(getattr(cleaned, name), largest)):
            errors[name] = [message]
    return cleaned, errors
