"""The rules a placement's details must follow (checked on create and on edit): a
work-based type, names and contacts in shape, dates in order and around the hours already
logged, a partner of the organization (vetted, to move an active placement to it) and a
complete consent record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, false, func, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.partners.models import Partner
from ccl_youth.placements.lifecycle import NOT_VETTED
from ccl_youth.placements.models import HoursEntry, Placement

CONSENT_METHODS: tuple[str, ...] = ("paper_form", "online", "phone")
MAX_PLANNED_HOURS = 2000
MAX_DAYS_AHEAD = 366
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_PHONE = re.compile(r"[0-9+().\-\s/x]{0,40}")


@dataclass(frozen=True)
class PlacementDetails:
    """What staff enter for a placement (plain values from a form or a test)."""

    type_slug: str
    title: str
    supervisor_name: str
    start_date: date
    partner_id: int | None = None
    supervisor_email: str = ""
    supervisor_phone: str = ""
    end_date: date | None = None
    planned_hours: int = 0
    consent_given_by: str = ""
    consent_method: str = ""
    consent_date: date | None = None


def check_details(
    session: Session,
    actor: User,
    details: PlacementDetails,
    catalog: ExperienceCatalog,
    today: date,
    current: Placement | None = None,
) -> dict[str, list[str]]:
    """The broken rules, as field → messages (empty when the details are fine). ``current``
    is the placement being edited (None for a new one)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    allowed_types = {t.slug for t in catalog.work_based_types()}
    current_type = current.type_slug if current is not None else None
    if details.type_slug not in allowed_types and details.type_slug != current_type:
        add("type_slug", "Choose a work-based learning type from the list.")
    if not details.title.strip() or len(details.title.strip()) > 200:
        add("title", "Give a role title of 1 to 200 characters.")
    if not details.supervisor_name.strip() or len(details.supervisor_name.strip()) > 120:
        add("supervisor_name", "Give the supervisor's name (at most 120 characters).")
    email = details.supervisor_email.strip()
    if email and (len(email) > 254 or not _EMAIL.fullmatch(email)):
        add("supervisor_email", "Enter an e-mail address like name@example.org.")
    if not _PHONE.fullmatch(details.supervisor_phone.strip()):
        add("supervisor_phone", "Use digits, spaces, +, -, ( and ) only (at most 40).")
    if details.start_date > today + timedelta(days=MAX_DAYS_AHEAD):
        add("start_date", "The start date can be at most a year ahead.")
    if details.end_date is not None and details.end_date < details.start_date:
        add("end_date", "The end date cannot be before the start date.")
    if not 0 <= details.planned_hours <= MAX_PLANNED_HOURS:
        add("planned_hours", f"Planned hours must be between 0 and {MAX_PLANNED_HOURS}.")
    if details.partner_id is not None:
        partner = session.get(Partner, details.partner_id)
        kept = current is not None and current.partner_id == details.partner_id
        if (
            partner is None
            or partner.organization_id != actor.organization_id
            or (partner.is_archived and not kept)
        ):
            add("partner_id", "Choose a partner from the list.")
        elif (
            current is not None
            and current.status == "active"
            and not kept
            and not partner.is_vetted
        ):
            # An active placement moves only to a partner it could have become active at.
            add("partner_id", NOT_VETTED)
    consent = (details.consent_given_by.strip(), details.consent_method, details.consent_date)
    if any(consent) and not all(consent):
        add("consent_given_by", "To record consent, give who gave it, how and the date.")
    if details.consent_method and details.consent_method not in CONSENT_METHODS:
        add("consent_method", "Choose how consent was given.")
    if len(details.consent_given_by.strip()) > 120:
        add("consent_given_by", "Use at most 120 characters.")
    if details.consent_date is not None and details.consent_date > today:
        add("consent_date", "The consent date cannot be in the future.")
    if current is not None and "start_date" not in errors and "end_date" not in errors:
        before, after = _entries_outside(session, current.id, details.start_date, details.end_date)
        if before:
            add("start_date", f"{_entries(before)} dated before this start date.")
        if after:
            add("end_date", f"{_entries(after)} dated after this end date.")
    return errors


def _entries_outside(
    session: Session, placement_id: int, start: date, end: date | None
) -> tuple[int, int]:
    """How many of the placement's hours entries fall before ``start`` and after ``end``."""
    late = HoursEntry.work_date > end if end is not None else false()
    row = session.execute(
        select(
            func.coalesce(func.sum(case((HoursEntry.work_date < start, 1), else_=0)), 0),
            func.coalesce(func.sum(case((late, 1), else_=0)), 0),
        ).where(HoursEntry.placement_id == placement_id)
    ).one()
    return int(row[0]), int(row[1])


def _entries(count: int) -> str:
    return "1 logged hours entry is" if count == 1 else f"{count} logged hours entries are"
