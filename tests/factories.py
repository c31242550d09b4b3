"""Data factories for tests: real rows made through the services where rules matter."""

from __future__ import annotations

import html as html_lib
import itertools
import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from ccl_youth.accounts import services as accounts
from ccl_youth.accounts.models import Guardianship, User, YouthProfile
from ccl_youth.assessments.models import (
    AssessmentAttempt,
    AssessmentResponse,
    Instrument,
    InstrumentItem,
)
from ccl_youth.assessments.scoring import InstrumentSpec, score_attempt
from ccl_youth.careers.models import CareerCluster, Occupation, OccupationCluster
from ccl_youth.core import secrets as sec
from ccl_youth.core.roles import GuardianshipStatus, Role
from ccl_youth.db import utcnow
from ccl_youth.extensions import db
from ccl_youth.programs import services as programs
from ccl_youth.programs.models import Cohort, Enrollment, Organization, Program
from tests.world_experiences import ExperienceIds, add_experiences

PASSWORD = "correct-horse-1"
_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def make_org(slug: str | None = None, name: str | None = None) -> Organization:
    n = _n()
    org = programs.create_organization(db.session, slug or f"org-{n}", name or f"Organization {n}")
    db.session.commit()
    return org


def make_user(
    org: Organization,
    role: Role,
    username: str | None = None,
    password: str = PASSWORD,
    name: str | None = None,
) -> User:
    n = _n()
    user = accounts.create_user(
        db.session,
        org,
        role,
        username or f"{role.value}{n}",
        password,
        name or f"{role.value.title()} {n}",
    )
    db.session.commit()
    return user


def make_admin(org: Organization, **kw: str) -> User:
    return make_user(org, Role.ADMIN, **kw)


def make_program(org: Organization, name: str | None = None) -> Program:
    program = Program(organization_id=org.id, name=name or f"Program {_n()}", kind="club")
    db.session.add(program)
    db.session.commit()
    return program


def make_cohort(
    org: Organization, program: Program | None = None, name: str | None = None
) -> Cohort:
    program = program or make_program(org)
    cohort = Cohort(organization_id=org.id, program_id=program.id, name=name or f"Cohort {_n()}")
    db.session.add(cohort)
    db.session.commit()
    return cohort


def make_staff(org: Organization, cohorts: list[Cohort] = (), **kw: str) -> User:  # type: ignore[assignment]
    staff = make_user(org, Role.STAFF, **kw)
    for cohort in cohorts:
        programs.add_assignment(db.session, staff, cohort, None)
    db.session.commit()
    return staff


def make_youth(
    org: Organization,
    cohort: Cohort | None = None,
    grade: int = 7,
    birth_year: int | None = None,
    birth_month: int | None = None,
    username: str | None = None,
    password: str = PASSWORD,
    name: str | None = None,
    today: date | None = None,
) -> User:
    n = _n()
    details = accounts.YouthDetails(
        display_name=name or f"Youth {n}",
        grade=grade,
        birth_year=birth_year,
        birth_month=birth_month,
    )
    youth = accounts.create_user(
        db.session,
        org,
        Role.YOUTH,
        username or f"youth{n}",
        password,
        details.display_name,
        youth=details,
        today=today,
    )
    if cohort is not None:
        programs.add_enrollment(db.session, youth, cohort, None)
    db.session.commit()
    return youth


def make_family(org: Organization, youth: list[User] = (), **kw: str) -> User:  # type: ignore[assignment]
    family = make_user(org, Role.FAMILY, **kw)
    for child in youth:
        accounts.link_family(db.session, family, child, None)
    db.session.commit()
    return family


def login_as(client: FlaskClient, user: User) -> FlaskClient:
    """Sign the test client in as ``user`` without going through the sign-in form."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def sign_in(client: FlaskClient, username: str, password: str = PASSWORD):  # noqa: ANN201
    """Sign in through the real form."""
    return client.post("/signin", data={"username": username, "password": password})


class RequestClient(FlaskClient):
    """A test client that runs every request in a new application context, as a server does.

    The autouse fixture keeps one app context open for the whole test and Flask reuses an open
    context for requests, so without this ``g`` (Flask-Login's signed-in user, the locale) and
    the database session would carry over from one request, or one client, to the next."""

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        with self.application.app_context():
            return super().open(*args, **kwargs)


def web_client(app: Flask) -> FlaskClient:
    """A cookie-keeping client whose requests each get their own app context and session."""
    return RequestClient(app, app.response_class, use_cookies=True)


def fresh(obj: Any) -> Any:
    """Reload a row the test holds, after requests changed it through their own sessions."""
    db.session.refresh(obj)
    return obj


_FIELD_ERROR = re.compile(r'<p class="error" id="([\w-]+)-error">(.*?)</p>', re.S)


def field_errors(html: str) -> dict[str, str]:
    """The error shown under each form field of a page, by field id."""
    return {
        name: html_lib.unescape(" ".join(text.split())) for name, text in _FIELD_ERROR.findall(html)
    }


def input_value(html: str, name: str) -> str | None:
    """The value an <input name=…> is rendered with, or None when it has none."""
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    if tag is None:
        return None
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return html_lib.unescape(value.group(1)) if value else None


# --- a two-organization world, tokens and bulk youth (access, IDOR and query-count tests) ----


def make_token(user: User, name: str = "tests") -> tuple[int, str]:
    """A personal access token for a staff member or admin: (token id, secret)."""
    token, secret = accounts.create_api_token(db.session, user, name)
    db.session.commit()
    return token.id, secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@dataclass(frozen=True)
class World:
    """Ids of everything in two organizations; see ``make_world``.

    Org A: program_a with cohort1 (staff1; youth1 and classmate) and cohort2 (staff2; youth2),
    family1 actively linked to youth1, family2 to youth2, an open invitation for youth1, and
    admin_a. Org B: program_b, cohort_b (staff_b; youth_b), family_b linked to youth_b, admin_b.
    Staff and admins each have one API token (``token_ids`` / ``secrets`` by the same key).
    The career catalog, shared by both organizations: ``cluster`` (2024 framework) with one
    occupation, ``occupation`` / ``soc_code``. The instruments, shared too: ``instrument`` /
    ``instrument_slug`` (an interest inventory for grades 6–12, one item per area), with youth1's
    unfinished ``attempt`` (every item answered, ``WORLD_ANSWERS``), the classmate's finished
    ``classmate_attempt`` and youth_b's unfinished ``attempt_b``.
    """

    org_a: int
    org_b: int
    program_a: int
    program_b: int
    cohort1: int
    cohort2: int
    cohort_b: int
    admin_a: int
    staff1: int
    staff2: int
    youth1: int
    classmate: int
    youth2: int
    family1: int
    family2: int
    link1: int
    link2: int
    invitation1: int
    admin_b: int
    staff_b: int
    youth_b: int
    family_b: int
    link_b: int
    token_ids: dict[str, int] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    #: Display name and username of each youth, by the same key as its id field.
    youth_names: dict[str, tuple[str, str]] = field(default_factory=dict)
    cluster: int = 0
    occupation: int = 0
    soc_code: str = ""
    instrument: int = 0
    instrument_slug: str = ""
    attempt: int = 0
    classmate_attempt: int = 0
    attempt_b: int = 0
    #: Partners, activities, placements, hours and evaluations (``tests.world_experiences``).
    exp: ExperienceIds = field(default=None)  # type: ignore[assignment]

    def user(self, key: str) -> User:
        user = db.session.get(User, getattr(self, key))
        assert user is not None, key
        db.session.refresh(user)  # a request may have bumped its session version
        return user


WORLD_YOUTH = {
    "youth1": ("Zelda Quartzfield", "zquartz"),
    "classmate": ("Xavier Slatebrook", "xslate"),
    "youth2": ("Yara Tourmaline", "ytourm"),
    "youth_b": ("Walter Basaltine", "wbasalt"),
}


def make_world() -> World:
    """Build the two-organization world through the services, in one transaction, everyone
    sharing one hash of ``PASSWORD`` (fast enough to build once per test, even on PostgreSQL)."""
    session = db.session
    password_hash = sec.hash_password(PASSWORD)

    def org(slug: str, name: str) -> Organization:
        return programs.create_organization(session, slug, name)

    def group(organization: Organization, program: Program, name: str) -> Cohort:
        cohort = Cohort(organization_id=organization.id, program_id=program.id, name=name)
        session.add(cohort)
        session.flush()
        return cohort

    def person(
        organization: Organization, role: Role, username: str, name: str | None = None
    ) -> User:
        details = accounts.YouthDetails(display_name=name or "", grade=9) if name else None
        return accounts.create_user(
            session,
            organization,
            role,
            username,
            PASSWORD,
            name or username.replace("-", " ").title(),
            youth=details,
            password_hash=password_hash,
        )

    org_a, org_b = org("org-a", "Organization A"), org("org-b", "Organization B")
    program_a = Program(organization_id=org_a.id, name="Robotics Club", kind="club")
    program_b = Program(organization_id=org_b.id, name="Camp B", kind="camp")
    session.add_all([program_a, program_b])
    session.flush()
    cohort1 = group(org_a, program_a, "Cohort One")
    cohort2 = group(org_a, program_a, "Cohort Two")
    cohort_b = group(org_b, program_b, "Cohort B")
    staff = {
        "staff1": (person(org_a, Role.STAFF, "staff-one"), cohort1),
        "staff2": (person(org_a, Role.STAFF, "staff-two"), cohort2),
        "staff_b": (person(org_b, Role.STAFF, "staff-b"), cohort_b),
    }
    for member, cohort in staff.values():
        programs.add_assignment(session, member, cohort, None)
    admin_a = person(org_a, Role.ADMIN, "admin-a")
    admin_b = person(org_b, Role.ADMIN, "admin-b")
    youth: dict[str, User] = {}
    for key, organization, cohort in (
        ("youth1", org_a, cohort1),
        ("classmate", org_a, cohort1),
        ("youth2", org_a, cohort2),
        ("youth_b", org_b, cohort_b),
    ):
        name, username = WORLD_YOUTH[key]
        youth[key] = person(organization, Role.YOUTH, username, name)
        programs.add_enrollment(session, youth[key], cohort, None)
    family1 = person(org_a, Role.FAMILY, "family-one")
    family2 = person(org_a, Role.FAMILY, "family-two")
    family_b = person(org_b, Role.FAMILY, "family-b")
    link1 = accounts.link_family(session, family1, youth["youth1"], None)
    link2 = accounts.link_family(session, family2, youth["youth2"], None)
    link_b = accounts.link_family(session, family_b, youth["youth_b"], None)
    accounts.invite_family(session, admin_a, youth["youth1"], "aunt")
    invitation1 = session.scalar(
        select(Guardianship.id).where(
            Guardianship.youth_id == youth["youth1"].id,
            Guardianship.status == GuardianshipStatus.INVITED.value,
        )
    )
    assert invitation1 is not None
    token_ids: dict[str, int] = {}
    secrets: dict[str, str] = {}
    for key, owner in (
        ("staff1", staff["staff1"][0]),
        ("staff2", staff["staff2"][0]),
        ("admin_a", admin_a),
        ("staff_b", staff["staff_b"][0]),
        ("admin_b", admin_b),
    ):
        token, secrets[key] = accounts.create_api_token(session, owner, f"token of {key}")
        token_ids[key] = token.id
    cluster = CareerCluster(framework="ncc_2024", code="W1", name="World Careers", kind="cluster")
    occupation = Occupation(
        soc_code="15-1252.00",
        title="Software Developers",
        **dict.fromkeys(RIASEC_COLUMNS, 4.0),
    )
    session.add_all([cluster, occupation])
    session.flush()
    session.add(OccupationCluster(occupation_id=occupation.id, cluster_id=cluster.id))
    instrument = add_instrument(session, "world-interests", "riasec", 6, 12)
    attempt = add_attempt(session, youth["youth1"], instrument, WORLD_ANSWERS)
    classmate_attempt = add_attempt(
        session, youth["classmate"], instrument, WORLD_ANSWERS, completed=True
    )
    attempt_b = add_attempt(session, youth["youth_b"], instrument, WORLD_ANSWERS)
    world = World(
        org_a=org_a.id,
        org_b=org_b.id,
        program_a=program_a.id,
        program_b=program_b.id,
        cohort1=cohort1.id,
        cohort2=cohort2.id,
        cohort_b=cohort_b.id,
        admin_a=admin_a.id,
        staff1=staff["staff1"][0].id,
        staff2=staff["staff2"][0].id,
        youth1=youth["youth1"].id,
        classmate=youth["classmate"].id,
        youth2=youth["youth2"].id,
        family1=family1.id,
        family2=family2.id,
        link1=link1.id,
        link2=link2.id,
        invitation1=invitation1,
        admin_b=admin_b.id,
        staff_b=staff["staff_b"][0].id,
        youth_b=youth["youth_b"].id,
        family_b=family_b.id,
        link_b=link_b.id,
        token_ids=token_ids,
        secrets=secrets,
        youth_names=dict(WORLD_YOUTH),
        cluster=cluster.id,
        occupation=occupation.id,
        soc_code=occupation.soc_code,
        instrument=instrument.id,
        instrument_slug=instrument.slug,
        attempt=attempt.id,
        classmate_attempt=classmate_attempt.id,
        attempt_b=attempt_b.id,
    )
    world = replace(
        world,
        exp=add_experiences(
            session,
            {
                key: getattr(world, key)
                for key in (
                    "org_a",
                    "org_b",
                    "program_a",
                    "program_b",
                    "cohort1",
                    "cohort2",
                    "cohort_b",
                    "staff1",
                    "staff2",
                    "staff_b",
                    "youth1",
                    "classmate",
                    "youth2",
                    "youth_b",
                    "cluster",
                    "occupation",
                )
            },  # fmt: skip
        ),
    )
    session.commit()
    return world


UNUSABLE_HASH = "!unusable"  # no password matches: for rows nobody signs in as


def add_youth_bulk(
    org_id: int,
    count: int,
    *,
    cohort_id: int | None = None,
    family_id: int | None = None,
) -> list[int]:
    """Insert ``count`` youth (user, profile, and an enrollment and/or an active family link)
    directly, without hashing or audit events: only for size and query-count tests."""
    batch = _n()
    users = [
        User(
            organization_id=org_id,
            role=Role.YOUTH.value,
            username=f"bulk{batch}-{i:04d}",
            display_name=f"Bulk Youth {batch}-{i:04d}",
            password_hash=UNUSABLE_HASH,
        )
        for i in range(count)
    ]
    db.session.add_all(users)
    db.session.flush()
    rows: list[object] = [YouthProfile(user_id=u.id, grade=7) for u in users]
    if cohort_id is not None:
        rows += [Enrollment(youth_id=u.id, cohort_id=cohort_id) for u in users]
    if family_id is not None:
        rows += [
            Guardianship(
                youth_id=u.id,
                family_id=family_id,
                status=GuardianshipStatus.ACTIVE.value,
                accepted_dt=utcnow(),
            )
            for u in users
        ]
    db.session.add_all(rows)
    db.session.commit()
    return [u.id for u in users]


# --- the career catalog --------------------------------------------------------------------

RIASEC_COLUMNS = ("riasec_r", "riasec_i", "riasec_a", "riasec_s", "riasec_e", "riasec_c")


def make_cluster(
    name: str | None = None,
    *,
    framework: str = "ncc_2024",
    parent: CareerCluster | None = None,
    code: str | None = None,
    summary: str = "",
    is_cross_cutting: bool = False,
) -> CareerCluster:
    """A cluster, or with ``parent`` a pathway (legacy_16) or sub-cluster (ncc_2024)."""
    n = _n()
    child_kind = "pathway" if framework == "legacy_16" else "subcluster"
    kind = "cluster" if parent is None else child_kind
    cluster = CareerCluster(
        framework=framework,
        code=code or f"C{n}",
        name=name or f"Cluster {n}",
        kind=kind,
        parent_id=parent.id if parent is not None else None,
        summary=summary,
        is_cross_cutting=is_cross_cutting,
    )
    db.session.add(cluster)
    db.session.commit()
    return cluster


def make_occupation(
    title: str | None = None,
    *,
    soc_code: str | None = None,
    description: str = "",
    job_zone: int | None = 3,
    riasec: tuple[float, float, float, float, float, float] = (1, 1, 1, 1, 1, 1),
    clusters: list[CareerCluster] = (),  # type: ignore[assignment]
    **columns: Any,
) -> Occupation:
    """An occupation linked to ``clusters``; other columns (wage, outlook, …) by keyword."""
    n = _n()
    occupation = Occupation(
        soc_code=soc_code or f"{n // 10000 % 100:02d}-{n % 10000:04d}.00",
        title=title or f"Occupation {n}",
        description=description,
        job_zone=job_zone,
        **dict(zip(RIASEC_COLUMNS, riasec, strict=True)),
        **columns,
    )
    db.session.add(occupation)
    db.session.flush()
    db.session.add_all(
        OccupationCluster(occupation_id=occupation.id, cluster_id=cluster.id)
        for cluster in clusters
    )
    db.session.commit()
    return occupation


# --- instruments and attempts --------------------------------------------------------------

RIASEC = ("R", "I", "A", "S", "E", "C")
AREA_NAMES = {
    "R": "Realistic",
    "I": "Investigative",
    "A": "Artistic",
    "S": "Social",
    "E": "Enterprising",
    "C": "Conventional",
}
THREE_POINT_SCALE = [
    {"value": 1, "label": "No", "icon": ""},
    {"value": 2, "label": "Not sure", "icon": ""},
    {"value": 3, "label": "Yes", "icon": ""},
]
#: youth1's answers in the world's inventory (one item per area).
WORLD_ANSWERS = {"r1": 3, "i1": 2, "a1": 3, "s1": 1, "e1": 2, "c1": 1}

#: (key, area, text) or (key, area, text, icon).
ItemSpec = tuple[str, str, str] | tuple[str, str, str, str]


def riasec_items(per_area: int = 1) -> list[ItemSpec]:
    """``per_area`` items for each RIASEC area, asked in turn (r1, i1, …, c1, r2, …)."""
    return [
        (f"{code.lower()}{n}", code, f"{AREA_NAMES[code]} activity {n}")
        for n in range(1, per_area + 1)
        for code in RIASEC
    ]


def add_instrument(
    session: Session,
    slug: str,
    kind: str = "riasec",
    grade_min: int = 6,
    grade_max: int = 12,
    scale: list[dict[str, Any]] | None = None,
    areas: list[dict[str, Any]] | None = None,
    items: list[ItemSpec] | None = None,
    *,
    min_answered_per_area: int = 1,
    title: str | None = None,
) -> Instrument:
    """Add an instrument and its items to the session (flushed, not committed)."""
    instrument = Instrument(
        slug=slug,
        title=title or f"Inventory {slug}",
        kind=kind,
        version="1",
        grade_min=grade_min,
        grade_max=grade_max,
        scale=scale or THREE_POINT_SCALE,
        areas=areas
        or [
            {
                "code": c,
                "name": AREA_NAMES[c],
                "summary": f"{AREA_NAMES[c]} work.",
                "summary_young": f"You like {AREA_NAMES[c].lower()} things.",
            }
            for c in RIASEC
        ],  # fmt: skip
        min_answered_per_area=min_answered_per_area,
    )
    session.add(instrument)
    session.flush()
    session.add_all(
        InstrumentItem(
            instrument_id=instrument.id,
            key=spec[0],
            area=spec[1],
            text=spec[2],
            icon=spec[3] if len(spec) > 3 else "",  # type: ignore[misc]
            position=position,
        )
        for position, spec in enumerate(items or riasec_items(), start=1)
    )
    session.flush()
    return instrument


def make_instrument(
    slug: str | None = None,
    kind: str = "riasec",
    grade_min: int = 6,
    grade_max: int = 12,
    scale: list[dict[str, Any]] | None = None,
    areas: list[dict[str, Any]] | None = None,
    items: list[ItemSpec] | None = None,
    **kw: Any,
) -> Instrument:
    """An instrument with items (default: a 3-point RIASEC inventory, one item per area)."""
    instrument = add_instrument(
        db.session, slug or f"inventory-{_n()}", kind, grade_min, grade_max, scale, areas,
        items, **kw,
    )  # fmt: skip
    db.session.commit()
    return instrument


def add_attempt(
    session: Session,
    youth: User,
    instrument: Instrument,
    answers: dict[str, int],
    *,
    completed: bool = False,
) -> AssessmentAttempt:
    """An online attempt with these answers, scored and finished when ``completed`` (added to
    the session straight, without the services' checks or audit events)."""
    attempt = AssessmentAttempt(youth_id=youth.id, instrument_id=instrument.id, source="online")
    session.add(attempt)
    session.flush()
    items = {
        item.key: item
        for item in session.scalars(
            select(InstrumentItem).where(InstrumentItem.instrument_id == instrument.id)
        )
    }
    session.add_all(
        AssessmentResponse(attempt_id=attempt.id, item_id=items[key].id, value=value)
        for key, value in answers.items()
    )
    if completed:
        spec = InstrumentSpec.from_definition(
            instrument.scale,
            instrument.areas,
            instrument.min_answered_per_area,
            {key: item.area for key, item in items.items()},
        )
        result = score_attempt(spec, answers, with_holland_code=instrument.kind == "riasec")
        attempt.status = "completed"
        attempt.completed_dt = utcnow()
        attempt.scores = result.to_json()
        attempt.holland_code = result.holland_code
    session.flush()
    return attempt


def world_submission(w: World) -> dict[str, object]:
    """A complete API response set for the world's inventory, items named by id."""
    items = db.session.execute(
        select(InstrumentItem.key, InstrumentItem.id).where(
            InstrumentItem.instrument_id == w.instrument
        )
    ).all()
    return {
        "instrument_id": w.instrument,
        "answers": {
            str(item_id): WORLD_ANSWERS[key] for key, item_id in items if key in WORLD_ANSWERS
        },
    }
