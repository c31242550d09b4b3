"""The High School and Beyond Plan as one PDF against 1 s, and what the plan downloads cost
around it (building the document, the JSON download, the staff CSV).

Builds a fresh app on a fresh database (SQLite in a temporary directory unless
``--database-url`` names another; on PostgreSQL in a schema of its own, dropped after) with a
realistic full plan: 4 years × 7 courses, all 9 financial-aid items received, 30 résumé lines,
goals, a placement with verified hours, work-based activities and a finished interest inventory
matched against the real career catalog; then times:

* building the ``PlanDocument`` (every query of the plan and the record);
* rendering the PDF from it (pure ReportLab, no database);
* the requests, in-process with the Flask test client as the youth's staff member: the PDF
  download (the target: p95 under 1 s), the JSON download and the staff CSV.

    .venv/bin/python benchmarks/plans.py
    .venv/bin/python benchmarks/plans.py --database-url postgresql+psycopg://…
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import benchkit
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.accounts import services as accounts
from ccl_youth.assessments.models import AssessmentAttempt, Instrument, InstrumentItem
from ccl_youth.assessments.scoring import InstrumentSpec, score_attempt
from ccl_youth.assessments.sync import sync_instruments
from ccl_youth.careers.sync import sync_careers
from ccl_youth.core.content import load_content
from ccl_youth.core.content_experiences import experience_catalog
from ccl_youth.core.content_plans import plan_catalog
from ccl_youth.core.content_recognition import recognition_catalog
from ccl_youth.core.roles import Role
from ccl_youth.experiences.models import Activity, Participation
from ccl_youth.extensions import db, limiter
from ccl_youth.goals.models import Goal
from ccl_youth.placements.models import HoursEntry, Placement
from ccl_youth.plans.document import build_plan_document
from ccl_youth.plans.export_pdf import plan_pdf
from ccl_youth.plans.models import Plan, PlanAidItem, PlanCourse
from ccl_youth.programs import services as programs
from ccl_youth.programs.models import Cohort, Program
from ccl_youth.resume.models import ResumeEntry

PG_SCHEMA = "ccl_youth_plans_bench"
TARGET_MS = 1000.0
PASSWORD = "bench-password-2025"
AREAS = ("english", "math", "science", "social_studies", "arts", "world_languages", "pe")
RESUME_LINES = 30


@dataclass
class Result(benchkit.Percentiles):
    label: str
    call: str
    times_ms: list[float]
    target: str = "—"


def build_data(app: Flask) -> dict[str, int]:
    """One organization, a staff member and a grade-11 youth with a full 2026–27 plan."""
    catalog = plan_catalog(app.config["CONTENT_PATH"])
    session = db.session
    organization = programs.create_organization(session, "bench", "Bench Youth Club")
    program = Program(organization_id=organization.id, name="Bench Program", kind="club")
    session.add(program)
    session.flush()
    cohort = Cohort(organization_id=organization.id, program_id=program.id, name="Bench Cohort")
    session.add(cohort)
    session.flush()
    staff = accounts.create_user(session, organization, Role.STAFF, "bench-staff", PASSWORD, "S")
    youth = accounts.create_user(
        session, organization, Role.YOUTH, "bench-youth", PASSWORD, "Bench Youth",
        youth=accounts.YouthDetails(display_name="Bench Youth", grade=11),
    )  # fmt: skip
    programs.add_assignment(session, staff, cohort, None)
    programs.add_enrollment(session, youth, cohort, None)
    plan = Plan(
        organization_id=organization.id, youth_id=youth.id, school_year=2026, grade=11,
        career_goals="Build bridges. " * 20, interests_note="Math and drawing. " * 10,
        secondary_goals="Graduate with honors.", postsecondary_goals="A civil engineering degree.",
        postsecondary_route="four_year", course_alignment="Math and physics every year. " * 5,
        acceleration_notes="AP Calculus in grade 12.", cte_notes="Drafting counts as CTE.",
        pathways="state_tests,ap_ib_cambridge", pathway_notes="Both English and math.",
        signed_by_id=staff.id, signed_dt=datetime(2026, 10, 2, tzinfo=UTC),
    )  # fmt: skip
    session.add(plan)
    session.flush()
    session.add_all(
        PlanCourse(
            plan_id=plan.id, grade=grade, area=AREAS[n], title=f"{AREAS[n].title()} {grade}",
            credits=Decimal(1), acceleration="ap" if grade == 12 and n < 2 else "",
            status="completed" if grade < 11 else "planned", position=n,
        )
        for grade in (9, 10, 11, 12)
        for n in range(7)
    )  # fmt: skip
    session.add_all(
        PlanAidItem(plan_id=plan.id, item=item.slug, received_on=date(2026, 9, 1 + n),
                    recorded_by_id=staff.id)
        for n, item in enumerate(catalog.aid_items)
    )  # fmt: skip
    session.add_all(
        ResumeEntry(
            organization_id=organization.id, youth_id=youth.id,
            category=("extracurricular", "service", "award", "work", "other")[n % 5],
            title=f"Résumé line {n + 1}", organization_name="Bench Youth Club",
            start_date=date(2024, 1 + n % 12, 1), description="Did useful things. " * 3,
            position=n,
        )
        for n in range(RESUME_LINES)
    )  # fmt: skip
    session.add_all(
        Goal(organization_id=organization.id, youth_id=youth.id, title=f"Goal {n}")
        for n in range(5)
    )
    placement = Placement(
        organization_id=organization.id, youth_id=youth.id, type_slug="internship",
        title="Survey intern", supervisor_name="Pat", start_date=date(2026, 6, 1),
        status="completed",
    )  # fmt: skip
    session.add(placement)
    session.flush()
    session.add_all(
        HoursEntry(placement_id=placement.id, youth_id=youth.id, work_date=date(2026, 6, d),
                   minutes=240, description="Field work", status="verified")
        for d in range(1, 21)
    )  # fmt: skip
    for n in range(10):
        activity = Activity(
            organization_id=organization.id, program_id=program.id, type_slug="job_shadow",
            title=f"Shadow {n}", activity_date=date(2026, 3, 1 + n), minutes=120,
        )  # fmt: skip
        session.add(activity)
        session.flush()
        session.add(Participation(activity_id=activity.id, youth_id=youth.id, minutes=120))
    _add_inventory(session, app, youth.id)
    session.commit()
    return {"youth": youth.id, "plan": plan.id}


def _add_inventory(session: Session, app: Flask, youth_id: int) -> None:
    """The real career catalog and interest inventory, and a finished attempt of the youth, so
    element (a) ranks every occupation for its matched clusters."""
    content = load_content(app.config["CONTENT_PATH"])
    sync_careers(session, content)
    sync_instruments(session, content)
    instrument = session.scalars(select(Instrument).where(Instrument.kind == "riasec")).first()
    if instrument is None:
        return
    items = session.scalars(
        select(InstrumentItem).where(InstrumentItem.instrument_id == instrument.id)
    ).all()
    answers = {item.key: (3 if item.area in "RI" else 1) for item in items}
    spec = InstrumentSpec.from_definition(
        instrument.scale, instrument.areas, instrument.min_answered_per_area,
        {item.key: item.area for item in items},
    )  # fmt: skip
    result = score_attempt(spec, answers, with_holland_code=True)
    session.add(
        AssessmentAttempt(
            youth_id=youth_id, instrument_id=instrument.id, status="completed",
            completed_dt=datetime(2026, 9, 15, tzinfo=UTC), scores=result.to_json(),
            holland_code=result.holland_code,
        )
    )  # fmt: skip


def timed(call: Callable[[], object], rounds: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        call()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _client(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    response = client.post("/signin", data={"username": username, "password": PASSWORD})
    if response.status_code != 302:
        raise SystemExit(f"signing in as {username} answered {response.status_code}")
    limiter.reset()
    return client


def _get(client: FlaskClient, url: str) -> Callable[[], None]:
    def call() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url}: HTTP {response.status_code}")

    return call


def measure(app: Flask, ids: dict[str, int], rounds: int, warmup: int) -> list[Result]:
    content = app.config["CONTENT_PATH"]
    catalogs = (
        plan_catalog(content), experience_catalog(content), recognition_catalog(content),
    )  # fmt: skip
    with app.app_context():
        plan = db.session.get_one(Plan, ids["plan"])

        def build() -> object:
            return build_plan_document(db.session, plan, *catalogs)

        building = timed(build, rounds, warmup)
        document = build_plan_document(db.session, plan, *catalogs)
        if document.a.inventory is None or not document.a.inventory.clusters:
            raise SystemExit("the youth's interest inventory did not match any career cluster")
        rendering = timed(lambda: plan_pdf(document), rounds, warmup)
        pages = plan_pdf(document).count(b"/Type /Page\n") or "?"
        db.session.remove()
    client = _client(app, "bench-staff")
    youth = ids["youth"]
    return [
        Result("Build the plan document", "`build_plan_document`", building),
        Result(f"Render the PDF ({pages} pages)", "`export_pdf.plan_pdf`", rendering),
        Result(
            "Download the plan PDF",
            "`GET /youth/<id>/plan.pdf`",
            timed(_get(client, f"/youth/{youth}/plan.pdf"), rounds, warmup),
            f"p95 < {TARGET_MS:.0f} ms",
        ),  # fmt: skip
        Result(
            "Download the plan JSON",
            "`GET /youth/<id>/plan.json`",
            timed(_get(client, f"/youth/{youth}/plan.json"), rounds, warmup),
        ),  # fmt: skip
        Result(
            "Staff CSV",
            "`GET /plans/export.csv`",
            timed(_get(client, "/plans/export.csv"), rounds, warmup),
        ),  # fmt: skip
    ]


def table(results: list[Result]) -> str:
    rows = ["| Measure | Call | n | p50 ms | p95 ms | Target |", "|---|---|--:|--:|--:|:-:|"]
    for result in results:
        target = result.target
        if target != "—":
            target += ": met" if result.p95 < TARGET_MS else ": **not met**"
        rows.append(
            f"| {result.label} | {result.call} | {len(result.times_ms)} | {result.p50:.2f} | "
            f"{result.p95:.2f} | {target} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    benchkit.add_database_argument(parser)
    parser.add_argument("--rounds", type=int, default=30, help="timed calls per measure")
    parser.add_argument("--warmup", type=int, default=3, help="untimed calls first")
    args = parser.parse_args(argv)
    database = benchkit.open_database(args.database_url, name="plans", schema=PG_SCHEMA)
    try:
        app = benchkit.build_app(database, WTF_CSRF_ENABLED=False)
        with app.app_context():
            ids = build_data(app)
            db.session.remove()
        load_before = benchkit.load_average()
        results = measure(app, ids, args.rounds, args.warmup)
        load = (load_before, benchkit.load_average())
        with app.app_context():
            db.engine.dispose()
    finally:
        database.cleanup()
    title = benchkit.DATABASE_TITLES[database.dialect]
    print(f"## Plans: {title}\n")
    print(f"- Machine: {benchkit.machine(load)}")
    print(f"- Database: {database.description}")
    print(f"- Data: 4 years × 7 courses, 9 aid items, {RESUME_LINES} résumé lines\n")
    print(table(results))
    download = results[2]
    return 0 if download.p95 < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
