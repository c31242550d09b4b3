"""Build the demo organization through the same services the pages use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from ccl_youth.accounts import services as accounts
from ccl_youth.accounts.models import User
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.content_plans import PlanCatalog
from ccl_youth.core.content_recognition import RecognitionCatalog
from ccl_youth.core.roles import Role
from ccl_youth.core.secrets import hash_password
from ccl_youth.demo.experiences import DemoCohort, seed_experiences
from ccl_youth.demo.plans import seed_plan
from ccl_youth.programs import services as programs
from ccl_youth.programs.models import Cohort, Organization, Program

FIRST_NAMES = (
    "Maya",
    "Liam",
    "Sofia",
    "Noah",
    "Aaliyah",
    "Mateo",
    "Zoe",
    "Ethan",
    "Priya",
    "Diego",
    "Amara",
    "Lucas",
    "Hana",
    "Elijah",
    "Camila",
    "Omar",
    "Lily",
    "Kai",
    "Fatima",
    "Leo",
    "Isabella",
    "Jamal",
    "Mei",
    "Samuel",
    "Valeria",
    "Arjun",
    "Grace",
    "Tomás",
    "Nia",
    "Owen",
    "Ximena",
    "Yusuf",
    "Chloe",
    "Andrés",
    "Layla",
    "Ben",
    "Rosa",
    "Kenji",
    "Ava",
    "Malik",
)
LAST_INITIALS = "ABCDEFGHJKLMNPRSTVWZ"
STAFF = (
    ("rivera", "Ms. Rivera"),
    ("chen", "Mr. Chen"),
    ("okafor", "Dr. Okafor"),
    ("patel", "Ms. Patel"),
)
# (cohort, program index, grades)
COHORTS = (
    ("Robot Builders", 0, (3, 4, 5)),
    ("Maker Space", 0, (6, 7, 8)),
    ("Career Explorers", 1, (9, 10)),
    ("Pathways Lab", 1, (11, 12)),
)


@dataclass(frozen=True)
class DemoSignIn:
    role: str
    username: str
    display_name: str


def seed_demo(
    session: Session,
    password: str,
    today: date | None = None,
    catalog: ExperienceCatalog | None = None,
    recognition: RecognitionCatalog | None = None,
    plans: PlanCatalog | None = None,
) -> list[DemoSignIn]:
    """Create the 'demo' organization: 2 programs, 4 cohorts, 4 staff, 40 youth (grades 3–12),
    20 family members and 1 admin, all with the same password; with the experience ``catalog``,
    also partners, activities, reflections and a placement (``demo.experiences``); with the plan
    catalog too, a signed High School and Beyond Plan for the youth with the placement
    (``demo.plans``). Raises ValidationFailed."""
    today = today or date.today()
    accounts.check_password_rules(Role.ADMIN, password)
    # Every demo account shares the printed password, so one hash serves them all.
    shared = hash_password(password)
    organization = programs.create_organization(session, "demo", "Demo Youth Network")
    admin = accounts.create_user(
        session, organization, Role.ADMIN, "admin", password, "Alex Admin", password_hash=shared
    )
    signins = [DemoSignIn("admin", admin.username, admin.display_name)]
    program_rows = [
        programs.save_program(
            session,
            admin,
            "Eastside Afterschool Club",
            "club",
            "Weekday afternoons: building, coding and career visits.",
        ),
        programs.save_program(
            session,
            admin,
            "Summer STEM Pathways",
            "camp",
            "Six summer weeks of workplace tours and projects.",
        ),
    ]
    cohorts: list[tuple[Cohort, tuple[int, ...]]] = []
    staff_members: list[User] = []
    year = f"{today.year if today.month >= 8 else today.year - 1}-"
    year += str(int(year[:4]) + 1)
    for name, program_index, grades in COHORTS:
        program: Program = program_rows[program_index]
        cohorts.append((programs.save_cohort(session, admin, program.id, name, year), grades))
    for index, (username, display_name) in enumerate(STAFF):
        staff = accounts.create_user(
            session,
            organization,
            Role.STAFF,
            username,
            password,
            display_name,
            actor=admin,
            password_hash=shared,
        )
        programs.add_assignment(session, staff, cohorts[index][0], admin)
        staff_members.append(staff)
        signins.append(DemoSignIn("staff", staff.username, display_name))
    placed = _seed_youth(session, organization, admin, cohorts, password, shared, today)
    youth = [user for user, _cohort in placed]
    signins.extend(DemoSignIn("youth", y.username, y.display_name) for y in youth[:4])
    for index in range(20):
        child = youth[index * 2]
        family = accounts.create_user(
            session,
            organization,
            Role.FAMILY,
            f"family{index + 1}",
            password,
            f"Parent of {child.display_name.split(' ')[0]}",
            actor=admin,
            password_hash=shared,
        )
        accounts.link_family(session, family, child, admin)
        if index == 0:  # one family follows two siblings
            accounts.link_family(session, family, youth[1], admin)
        if index < 2:
            signins.append(DemoSignIn("family", family.username, family.display_name))
    if catalog is not None:
        groups = [
            DemoCohort(cohort, staff, [user for user, c in placed if c.id == cohort.id])
            for (cohort, _grades), staff in zip(cohorts, staff_members, strict=True)
        ]
        seed_experiences(session, admin, groups, catalog, today, recognition)
        if plans is not None:
            seed_plan(session, groups[-1].staff, groups[-1].youth[0], plans, today)
    return signins


def _seed_youth(
    session: Session,
    organization: Organization,
    admin: User,
    cohorts: list[tuple[Cohort, tuple[int, ...]]],
    password: str,
    shared: str,
    today: date,
) -> list[tuple[User, Cohort]]:
    """Forty youth in grades 3–12, each enrolled in the cohort for their grade."""
    grades = [3 + (i % 10) for i in range(40)]
    youth: list[tuple[User, Cohort]] = []
    for index, grade in enumerate(grades):
        first = FIRST_NAMES[index]
        display_name = f"{first} {LAST_INITIALS[index % len(LAST_INITIALS)]}."
        age = grade + 6
        details = accounts.YouthDetails(
            display_name=display_name,
            grade=grade,
            birth_year=today.year - age,
            birth_month=1 + (index * 5) % 12,
            school="Lincoln Elementary"
            if grade <= 5
            else ("Roosevelt Middle" if grade <= 8 else "Jefferson High"),
            preferred_language="es" if index % 4 == 0 else "en",
        )
        user = accounts.create_user(
            session,
            organization,
            Role.YOUTH,
            f"{accounts.ascii_fold(first).lower()}{index + 1}",
            password,
            display_name,
            actor=admin,
            youth=details,
            today=today,
            password_hash=shared,
        )
        cohort = next(c for c, band in cohorts if grade in band)
        programs.add_enrollment(session, user, cohort, admin)
        youth.append((user, cohort))
    return youth
