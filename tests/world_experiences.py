"""The experiences part of the test world: partners, activities with attendance, placements
with hours and an evaluation link, in both organizations. Rows are inserted directly (the
services have their own tests); ``make_world`` calls ``add_experiences``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from ccl_youth.core import secrets as sec
from ccl_youth.db import utcnow
from ccl_youth.experiences.models import Activity, ActivityCluster, Participation, Reflection
from ccl_youth.partners.models import Partner, PartnerCluster, PartnerContact, RoleModel
from ccl_youth.placements.models import Evaluation, HoursEntry, Placement

#: The date the world's activities and placements started, well in the past.
WORLD_DAY = date(2026, 10, 6)


@dataclass
class ExperienceIds:
    partner: int
    partner_b: int
    contact: int
    role_model: int
    activity1: int
    activity2: int
    activity_b: int
    reflection1: int
    placement1: int
    placement2: int
    placement_b: int
    hours1: int
    hours2: int
    hours_b: int
    evaluation1: int
    evaluation_secret: str
    evaluation_secret_b: str


def _partner(session: Session, org_id: int, name: str, cluster_id: int) -> Partner:
    partner = Partner(organization_id=org_id, name=name, kind="employer", is_vetted=True)
    session.add(partner)
    session.flush()
    session.add(PartnerCluster(partner_id=partner.id, cluster_id=cluster_id))
    return partner


def _activity(
    session: Session, ids: dict[str, int], key: str, youth: list[int], title: str
) -> Activity:
    activity = Activity(
        organization_id=ids[f"org_{key}"],
        program_id=ids[f"program_{key}"],
        cohort_id=ids[f"cohort_{key}"],
        type_slug="guest_speaker",
        title=title,
        activity_date=WORLD_DAY,
        minutes=60,
        partner_id=ids[f"partner_{key}"],
        created_by_id=ids[f"staff_{key}"],
    )
    session.add(activity)
    session.flush()
    session.add(ActivityCluster(activity_id=activity.id, cluster_id=ids["cluster"]))
    session.add_all(Participation(activity_id=activity.id, youth_id=y, minutes=60) for y in youth)
    return activity


def _placement(session: Session, org_id: int, youth_id: int, partner_id: int) -> Placement:
    placement = Placement(
        organization_id=org_id,
        youth_id=youth_id,
        partner_id=partner_id,
        type_slug="internship",
        title="Summer intern",
        supervisor_name="Pat Supervisor",
        supervisor_email="pat@example.org",
        start_date=WORLD_DAY,
        end_date=WORLD_DAY + timedelta(days=90),
        planned_minutes=60 * 60,
        status="active",
    )
    session.add(placement)
    session.flush()
    return placement


def _hours(session: Session, placement: Placement) -> HoursEntry:
    entry = HoursEntry(
        placement_id=placement.id,
        youth_id=placement.youth_id,
        work_date=WORLD_DAY + timedelta(days=1),
        minutes=180,
        description="Sorted parts and tested circuit boards.",
    )
    session.add(entry)
    session.flush()
    return entry


def _evaluation(session: Session, placement: Placement, secret: str) -> Evaluation:
    evaluation = Evaluation(
        placement_id=placement.id,
        youth_id=placement.youth_id,
        token_hash=sec.sha256_hex(secret),
        expires_dt=utcnow() + timedelta(days=14),
        sent_to_email=placement.supervisor_email,
    )
    session.add(evaluation)
    session.flush()
    return evaluation


def add_experiences(session: Session, ids: dict[str, int]) -> ExperienceIds:
    """``ids`` holds org_a/org_b, program_a/program_b, cohort1/cohort2/cohort_b,
    staff1/staff2/staff_b, youth1/classmate/youth2/youth_b, cluster and occupation.

    Org A: ``partner`` (vetted, with a ``contact`` and a ``role_model``); ``activity1`` (cohort 1,
    logged by staff1, youth1 and the classmate attended, youth1 wrote ``reflection1``);
    ``activity2`` (cohort 2, by staff2, youth2 attended); active internships ``placement1``
    (youth1) and ``placement2`` (youth2) with a submitted ``hours1`` / ``hours2``; an open
    evaluation link ``evaluation1`` for placement1 (its secret ``evaluation_secret``). Org B:
    ``partner_b``, ``activity_b`` (youth_b), ``placement_b`` with ``hours_b`` and an open
    evaluation link (``evaluation_secret_b``)."""
    partner = _partner(session, ids["org_a"], "Cascade Robotics", ids["cluster"])
    partner_b = _partner(session, ids["org_b"], "Harbor Labs", ids["cluster"])
    contact = PartnerContact(partner_id=partner.id, name="Casey Contact", email="c@example.org")
    role_model = RoleModel(
        organization_id=ids["org_a"],
        partner_id=partner.id,
        display_name="Maria G.",
        occupation_id=ids["occupation"],
        story="I fixed bikes as a kid and now I write software for robots.",
    )
    session.add_all([contact, role_model])
    keyed = {
        **ids,
        "org_1": ids["org_a"], "program_1": ids["program_a"], "cohort_1": ids["cohort1"],
        "staff_1": ids["staff1"], "partner_1": partner.id,
        "org_2": ids["org_a"], "program_2": ids["program_a"], "cohort_2": ids["cohort2"],
        "staff_2": ids["staff2"], "partner_2": partner.id,
        "cohort_b": ids["cohort_b"], "partner_b": partner_b.id,
    }  # fmt: skip
    activity1 = _activity(session, keyed, "1", [ids["youth1"], ids["classmate"]], "Robot talk")
    activity2 = _activity(session, keyed, "2", [ids["youth2"]], "Bridge builders")
    activity_b = _activity(session, keyed, "b", [ids["youth_b"]], "Harbor visit")
    reflection1 = Reflection(
        youth_id=ids["youth1"],
        activity_id=activity1.id,
        prompt_id="default.preparedness.post.1",
        prompt_text="What did you learn today?",
        when="post",
        answer="Robots need people who can test them.",
    )
    session.add(reflection1)
    placement1 = _placement(session, ids["org_a"], ids["youth1"], partner.id)
    placement2 = _placement(session, ids["org_a"], ids["youth2"], partner.id)
    placement_b = _placement(session, ids["org_b"], ids["youth_b"], partner_b.id)
    hours1, hours2, hours_b = (_hours(session, p) for p in (placement1, placement2, placement_b))
    secret, secret_b = sec.generate_link_token(), sec.generate_link_token()
    evaluation1 = _evaluation(session, placement1, secret)
    _evaluation(session, placement_b, secret_b)
    session.flush()
    return ExperienceIds(
        partner=partner.id,
        partner_b=partner_b.id,
        contact=contact.id,
        role_model=role_model.id,
        activity1=activity1.id,
        activity2=activity2.id,
        activity_b=activity_b.id,
        reflection1=reflection1.id,
        placement1=placement1.id,
        placement2=placement2.id,
        placement_b=placement_b.id,
        hours1=hours1.id,
        hours2=hours2.id,
        hours_b=hours_b.id,
        evaluation1=evaluation1.id,
        evaluation_secret=secret,
        evaluation_secret_b=secret_b,
    )
