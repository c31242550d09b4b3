"""Demo: a High School and Beyond Plan, a portfolio headline and a résumé line for the youth
with the internship, made through the same services the pages use."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.core.content_plans import PlanCatalog
from ccl_youth.plans import courses as plan_courses
from ccl_youth.plans import services as plans
from ccl_youth.plans.rules import CourseInput, PlanInput
from ccl_youth.plans.versions import start_plan
from ccl_youth.portfolio.services import save_about
from ccl_youth.resume.services import EntryInput, add_entry

# (grade, area, title, credits, acceleration, status)
COURSES = (
    (9, "english", "English 9", "1", "", "completed"),
    (9, "math", "Algebra I", "1", "", "completed"),
    (9, "science", "Biology", "1", "", "completed"),
    (9, "health", "Health", "0.5", "", "completed"),
    (10, "english", "English 10", "1", "honors", "completed"),
    (10, "math", "Geometry", "1", "", "completed"),
    (10, "cte", "Medical Careers", "1", "cte_dual", "completed"),
    (11, "english", "English 11", "1", "", "in_progress"),
    (11, "math", "Algebra II", "1", "", "in_progress"),
    (11, "science", "Chemistry", "1", "", "in_progress"),
    (12, "science", "Anatomy and Physiology", "1", "dual_credit", "planned"),
    (12, "english", "College English 101", "1", "running_start", "planned"),
)
AID_RECEIVED = ("college_bound", "wa_college_grant", "aid_deadlines", "aid_calculator")


def seed_plan(
    session: Session, staff: User, youth: User, catalog: PlanCatalog, today: date
) -> None:
    """This school year's plan for ``youth`` (grade 11 or 12), with courses, four aid items
    received and the staff member's sign-off; a portfolio headline and one résumé line."""
    start_plan(session, youth, youth.id, today)
    words = PlanInput(
        career_goals="Work in health care, maybe as a nurse or a medical assistant.",
        interests_note="I like helping people and figuring out how the body works.",
        secondary_goals="Finish chemistry and anatomy, and earn college credit in senior year.",
        postsecondary_goals="Start at a community college nursing program.",
        postsecondary_route="two_year",
        course_alignment="Science every year because nursing programs ask for it.",
        acceleration_notes="Running Start English in grade 12.",
        cte_notes="Medical Careers counts toward CTE; the clinic internship adds hours.",
        pathways=("dual_credit", "cte_sequence"),
        pathway_notes="Dual credit English and the health sciences course sequence.",
    )
    plans.update_plan(session, youth, youth.id, None, words, catalog, today)
    for grade, area, title, credits, acceleration, status in COURSES:
        course = CourseInput(str(grade), area, title, credits, acceleration, status=status)
        plan_courses.add_course(session, youth, youth.id, None, course, catalog, today)
    received: dict[str, date | None] = {
        slug: today - timedelta(days=30 - 5 * n) for n, slug in enumerate(AID_RECEIVED)
    }
    plan_courses.record_aid(session, staff, youth.id, None, received, catalog, today)
    plans.sign_off(session, staff, youth.id, None, "Reviewed together at conferences.", today)
    save_about(
        session,
        youth,
        "Future nurse who likes solving problems",
        "I volunteer, I build things in the maker space, and I am learning how clinics run.",
    )
    add_entry(
        session,
        youth,
        EntryInput(
            category="service",
            title="Food bank volunteer",
            organization_name="Eastside Food Bank",
            start_date=today - timedelta(days=200),
            end_date=today - timedelta(days=120),
            description="Sorted donations and packed boxes on Saturdays.",
            hours=Decimal(24),
            recognition="Thank-you certificate from the food bank",
        ),
    )
