"""A youth with a record for the résumé tests: school and grade, two placements (one with
verified, submitted and returned hours, one only planned), activities of two programs,
two community-service activities, badges (one revoked), plus staff, an admin, linked family
and a classmate.

Badge rules are quiet (the ``quiet`` fixture of conftest.py): every award here is added by hand."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import count

from pypdf import PdfReader

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.badges.models import BadgeAward
from ccl_youth.experiences.models import Activity, Participation
from ccl_youth.extensions import db
from ccl_youth.partners.models import Partner
from ccl_youth.placements.models import HoursEntry, Placement
from ccl_youth.programs.models import Cohort
from tests.factories import (
    make_admin,
    make_cohort,
    make_family,
    make_org,
    make_program,
    make_staff,
    make_youth,
)

_seq = count(1)


@dataclass
class Record:
    youth: User
    classmate: User
    staff: User
    admin: User
    family: User
    other_family: User
    cohort: Cohort
    other_cohort: Cohort
    internship: int  # placement with hours
    planned: int  # placement not started
    service: list[int]  # the two community-service activities
    helper_award: int  # Community Helper
    builder_award: int  # Young Builder
    revoked_award: int  # Job Spotter, revoked


def add_activity(
    cohort: Cohort, youth_ids: list[int], type_slug: str, day: date, title: str = "",
    minutes: int = 60, partner_id: int | None = None,
) -> int:  # fmt: skip
    activity = Activity(
        organization_id=cohort.organization_id, program_id=cohort.program_id,
        cohort_id=cohort.id, type_slug=type_slug, title=title or f"A {type_slug}",
        activity_date=day, minutes=minutes, partner_id=partner_id,
    )  # fmt: skip
    db.session.add(activity)
    db.session.flush()
    db.session.add_all(
        Participation(activity_id=activity.id, youth_id=y, minutes=minutes) for y in youth_ids
    )
    db.session.flush()
    return activity.id


def add_award(youth: User, slug: str, day: date, *, revoked: bool = False) -> int:
    n = next(_seq)
    when = datetime(day.year, day.month, day.day, 15, 0, tzinfo=UTC)
    award = BadgeAward(
        organization_id=youth.organization_id, youth_id=youth.id, badge_slug=slug,
        method="staff", credential_id=f"urn:uuid:{uuid.uuid4()}", status_index=1000 + n,
        awarded_dt=when, revoked_dt=when if revoked else None,
    )  # fmt: skip
    db.session.add(award)
    db.session.flush()
    return award.id


def add_placement(youth: User, title: str, status: str, start: date, end: date | None,
                  partner_id: int | None, type_slug: str = "internship") -> int:  # fmt: skip
    placement = Placement(
        organization_id=youth.organization_id, youth_id=youth.id, partner_id=partner_id,
        type_slug=type_slug, title=title, supervisor_name="Sam Boss", start_date=start,
        end_date=end, status=status,
    )  # fmt: skip
    db.session.add(placement)
    db.session.flush()
    return placement.id


def add_hours(placement_id: int, youth_id: int, minutes: int, status: str, day: date) -> None:
    db.session.add(
        HoursEntry(
            placement_id=placement_id,
            youth_id=youth_id,
            work_date=day,
            minutes=minutes,
            description="Work",
            status=status,
        )  # fmt: skip
    )
    db.session.flush()


def setup() -> Record:
    org = make_org(name="Tacoma STEM Youth")
    club = make_program(org, "Robotics Club")
    camp = make_program(org, "Summer Science Camp")
    cohort = make_cohort(org, club, "Tuesday group")
    camp_cohort = make_cohort(org, camp, "July")
    youth = make_youth(org, cohort, grade=10, name="Robin García")
    classmate = make_youth(org, cohort, grade=10, name="Sam Other")
    profile = db.session.get(YouthProfile, youth.id)
    assert profile is not None
    profile.school = "Lincoln High School"
    partner = Partner(organization_id=org.id, name="Acme Labs")
    food_bank = Partner(organization_id=org.id, name="Tacoma Food Bank")
    db.session.add_all([partner, food_bank])
    db.session.flush()

    internship = add_placement(youth, "Lab assistant", "completed", date(2025, 6, 16),
                               date(2025, 8, 15), partner.id)  # fmt: skip
    add_hours(internship, youth.id, 600, "verified", date(2025, 6, 20))  # 10 h
    add_hours(internship, youth.id, 150, "verified", date(2025, 6, 27))  # 2.5 h
    add_hours(internship, youth.id, 240, "submitted", date(2025, 7, 3))  # not counted
    add_hours(internship, youth.id, 90, "returned", date(2025, 7, 4))  # not counted
    planned = add_placement(youth, "Future job", "planned", date(2026, 6, 1), None, partner.id)

    # Robotics Club: 3 activities (2 STEM challenges, 1 guest speaker), Sep 2025 - Jan 2026.
    add_activity(cohort, [youth.id, classmate.id], "stem_challenge", date(2025, 9, 9))
    add_activity(cohort, [youth.id], "guest_speaker", date(2025, 10, 14))
    add_activity(cohort, [youth.id], "stem_challenge", date(2026, 1, 20))
    add_activity(cohort, [classmate.id], "field_trip", date(2026, 2, 3))  # not youth's
    # Summer Science Camp: 1 field trip.
    add_activity(camp_cohort, [youth.id], "field_trip", date(2025, 7, 10))
    service = [
        add_activity(cohort, [youth.id], "community_service", date(2025, 11, 8),
                     "Beach clean-up", minutes=180),
        add_activity(cohort, [youth.id], "community_service", date(2026, 2, 14),
                     "Food drive", minutes=150, partner_id=food_bank.id),
    ]  # fmt: skip

    helper = add_award(youth, "community_helper", date(2026, 2, 14))
    builder = add_award(youth, "young_builder", date(2026, 1, 20))
    revoked = add_award(youth, "job_spotter", date(2025, 10, 14), revoked=True)
    other_cohort = make_cohort(org, club, "Thursday group")
    db.session.commit()
    return Record(
        youth=youth, classmate=classmate, staff=make_staff(org, [cohort]), admin=make_admin(org),
        family=make_family(org, [youth]), other_family=make_family(org, [classmate]),
        cohort=cohort, other_cohort=other_cohort, internship=internship, planned=planned,
        service=service, helper_award=helper, builder_award=builder, revoked_award=revoked,
    )  # fmt: skip


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_outline(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    titles: list[str] = []

    def walk(entries: list) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                titles.append(entry.title)

    walk(reader.outline)
    return titles
