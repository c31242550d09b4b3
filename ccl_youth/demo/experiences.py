"""Demo partners, activities with attendance, reflections and a work placement with hours,
made through the same services staff and youth use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.badges.services import award_badge
from ccl_youth.careers.models import CareerCluster, Occupation
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.content_recognition import RecognitionCatalog
from ccl_youth.experiences.rules import ActivityInput
from ccl_youth.experiences.services import log_activity
from ccl_youth.partners import services as partners
from ccl_youth.placements.hours import HoursInput, log_hours, review_hours
from ccl_youth.placements.lifecycle import change_status
from ccl_youth.placements.services import PlacementDetails, create_placement
from ccl_youth.programs.models import Cohort
from ccl_youth.reflections.services import answer_prompt, pending_reflections
from ccl_youth.skills.checks import EvidenceInput
from ccl_youth.skills.review import review_evidence
from ccl_youth.skills.services import add_evidence

# (name, kind, city, cluster name words, vetted)
PARTNERS = (
    ("Riverside Hospital", "employer", "Riverside", "Health", True),
    ("Harbor Science Museum", "museum", "Harbor City", "Science", True),
    ("Cascade Community College", "college", "Riverside", "Education", True),
    ("Eastside Food Bank", "community", "Eastside", "Human", False),
)
# (partner index, name shown to youth, SOC code, story)
ROLE_MODELS = (
    (0, "Lena P.", "29-1141.00", "I was the first in my family to go to college. Now I lead a "
     "team of nurses in the children's ward."),
    (2, "Marco T.", "15-1252.00", "I started coding by changing the games I played. Today I "
     "write the apps students use to sign up for classes."),
)  # fmt: skip
# Per cohort (by position): (type, title, partner index or None, role model index or None,
# days ago).
PlannedActivity = tuple[str, str, int | None, int | None, int]
ACTIVITIES: tuple[tuple[PlannedActivity, ...], ...] = (
    (
        ("guest_speaker", "A nurse visits", 0, 0, 20),
        ("stem_challenge", "Paper bridge challenge", None, None, 9),
        ("field_trip", "Science museum trip", 1, None, 3),
    ),
    (
        ("workplace_tour", "Hospital tour", 0, None, 18),
        ("stem_challenge", "Build a water filter", None, None, 8),
        ("guest_speaker", "App developer visit", 2, 1, 2),
    ),
    (
        ("career_fair", "Spring career fair", 2, None, 25),
        ("mock_interview", "Practice interviews", None, None, 11),
        ("guest_speaker", "Meet a nurse leader", 0, 0, 4),
    ),
    (
        ("workplace_tour", "Behind the scenes at the museum", 1, None, 16),
        ("community_service", "Food bank packing day", 3, None, 6),
        ("networking_night", "College and careers night", 2, None, 1),
    ),
)
ANSWERS = ("I liked seeing how people help each other at work. I want to learn more about it.",)


@dataclass(frozen=True)
class DemoCohort:
    cohort: Cohort
    staff: User
    youth: list[User]


def _clusters(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(CareerCluster.name, CareerCluster.id).where(
            CareerCluster.kind == "cluster", CareerCluster.framework == "ncc_2024"
        )
    )
    return {name: cluster_id for name, cluster_id in rows}


def _cluster_for(clusters: dict[str, int], word: str) -> tuple[int, ...]:
    return tuple(cid for name, cid in clusters.items() if word.lower() in name.lower())[:1]


def seed_experiences(
    session: Session,
    admin: User,
    groups: list[DemoCohort],
    catalog: ExperienceCatalog,
    today: date,
    recognition: RecognitionCatalog | None = None,
) -> None:
    """Four partners (three vetted) with two guest speakers, three activities per cohort with
    everyone but one youth attending, a reflection from the first youth of each cohort, and an
    active internship with hours (two verified, one waiting) for the oldest cohort's first youth.
    Guest speakers need the career catalog (``flask content sync``); without it they are left
    out."""
    clusters = _clusters(session)
    partner_ids: list[int] = []
    for name, kind, city, word, vetted in PARTNERS:
        fields = partners.PartnerFields(
            name=name, kind=kind, city=city, cluster_ids=_cluster_for(clusters, word)
        )
        partner = partners.create_partner(session, admin, fields)
        if vetted:
            partners.set_vetted(session, admin, partner.id, True)
        partner_ids.append(partner.id)
    known = set(session.scalars(select(Occupation.soc_code)))
    speakers: list[int | None] = []
    for owner, display_name, soc_code, story in ROLE_MODELS:
        if soc_code not in known:
            speakers.append(None)
            continue
        fields_ = partners.RoleModelFields(
            display_name=display_name, soc_code=soc_code, story=story
        )
        speakers.append(partners.add_role_model(session, admin, partner_ids[owner], fields_).id)
    for group, plan in zip(groups, ACTIVITIES, strict=True):
        first_activity = None
        for type_slug, title, partner_index, speaker_index, days_ago in plan:
            partner_id = None if partner_index is None else partner_ids[partner_index]
            activity = log_activity(
                session,
                group.staff,
                catalog,
                ActivityInput(
                    type_slug=type_slug,
                    activity_date=today - timedelta(days=days_ago),
                    cohort_id=group.cohort.id,
                    title=title,
                    partner_id=partner_id,
                    role_model_id=speakers[speaker_index] if speaker_index is not None else None,
                    cluster_ids=_cluster_for(clusters, PARTNERS[partner_index][3])
                    if partner_index is not None
                    else (),
                    attendee_ids=tuple(y.id for y in group.youth[:-1]),
                ),
                today=today,
            )
            first_activity = first_activity or activity
        assert first_activity is not None
        _reflect(session, group.youth[0], first_activity.id, catalog, today)
    _placement(session, groups[-1], partner_ids[0], catalog, today)
    if recognition is not None:
        first = groups[0]
        award_badge(
            session,
            first.staff,
            first.youth[0].id,
            recognition,
            "helping_hand",
            "Showed two new members how to wire the robot's motor.",
        )


def _reflect(
    session: Session, youth: User, activity_id: int, catalog: ExperienceCatalog, today: date
) -> None:
    pending = pending_reflections(session, youth, catalog, today)
    for item in [p for p in pending if p.activity_id == activity_id][:1]:
        answer_prompt(session, youth, catalog, activity_id, item.prompt_id, ANSWERS[0], True, today)


def _placement(
    session: Session, group: DemoCohort, partner_id: int, catalog: ExperienceCatalog, today: date
) -> None:
    youth = group.youth[0]
    start = today - timedelta(days=21)
    placement = create_placement(
        session,
        group.staff,
        youth.id,
        PlacementDetails(
            type_slug="internship",
            title="Patient services intern",
            supervisor_name="Jordan Lee",
            supervisor_email="jordan.lee@example.org",
            start_date=start,
            end_date=today + timedelta(days=60),
            planned_hours=120,
            partner_id=partner_id,
            consent_given_by="Parent of the youth",
            consent_method="paper_form",
            consent_date=start - timedelta(days=7),
        ),
        catalog,
        today,
    )
    change_status(session, group.staff, placement, "active", "", today)
    days = ((14, 240, "Helped at the front desk and learned the check-in system."),
            (7, 180, "Shadowed a nurse on morning rounds and restocked supplies."),
            (2, 210, "Greeted families and walked them to the right clinic."))  # fmt: skip
    entries = [
        log_hours(
            session, youth, placement.id, HoursInput(today - timedelta(days=d), m, text), today
        )[0]
        for d, m, text in days
    ]
    review_hours(session, group.staff, [e.id for e in entries[:2]], "verify")
    _evidence(session, group, youth, placement.id)


EVIDENCE = (
    ("How I learned the check-in system", ("communication", "problem_solving"), 3),
    ("Restocking plan for the supply room", ("goal_setting",), None),
)


def _evidence(session: Session, group: DemoCohort, youth: User, placement_id: int) -> None:
    """Two pieces of evidence from the internship: one verified by staff, one waiting."""
    for title, skill_slugs, level in EVIDENCE:
        evidence, _created = add_evidence(
            session,
            youth,
            youth.id,
            EvidenceInput(
                kind="text",
                title=title,
                skills=skill_slugs,
                body="What I did and what I learned, in my own words.",
                placement_id=placement_id,
            ),
            known_skills=skill_slugs,
            uploads=Path("."),  # text evidence stores no file
        )
        if level is not None:
            review_evidence(
                session, group.staff, evidence.id, "verify", dict.fromkeys(skill_slugs, level)
            )
