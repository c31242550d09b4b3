"""Logging an activity for 40 youth in one request, and a youth's experience timeline with 500
activities, against 100 ms and 50 ms, with the SQL statements each request sends.

Builds a fresh app on a fresh database (SQLite in a temporary directory unless
``--database-url`` names another; on PostgreSQL everything lives in a schema of its own that
is created before and dropped after the run), loads the career catalog from ``content/`` as
``flask content sync`` does, fills one organization with bulk inserts (a cohort of 40 youth in
grade 9 and their staff member; a youth who attended 500 activities over two years, with
reflections and two work-based learning placements with hours; a youth who attended 5) and
times the requests in-process with the Flask test client.

    .venv/bin/python benchmarks/experiences.py
    .venv/bin/python benchmarks/experiences.py --write docs/benchmarks.md
    .venv/bin/python benchmarks/experiences.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/ccl_youth_bench \\
        --write docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import benchkit
from benchkit import ROOT, Database
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import func, insert, select
from werkzeug.test import TestResponse

from ccl_youth.accounts import services as accounts
from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.careers.models import CareerCluster, Occupation
from ccl_youth.careers.sync import sync_careers
from ccl_youth.core import secrets as core_secrets
from ccl_youth.core.content import ContentError, load_content
from ccl_youth.core.content_experiences import ExperienceCatalog, load_experience_catalog
from ccl_youth.core.roles import ConsentState, Role, stage_for_grade
from ccl_youth.db import Base, StatementCounter, utcnow
from ccl_youth.demo.services import FIRST_NAMES
from ccl_youth.experiences.models import (
    Activity,
    ActivityCluster,
    ActivityTactic,
    Participation,
    Reflection,
)
from ccl_youth.extensions import db, limiter
from ccl_youth.partners.models import Partner, RoleModel
from ccl_youth.placements.models import HoursEntry, Placement
from ccl_youth.programs import services as programs
from ccl_youth.programs.models import Enrollment

CONTENT = ROOT / "content"
PASSWORD = "bench-password-1"
PG_SCHEMA = "ccl_youth_experiences_bench"
HTTPS = "https://localhost"
MARKER = "<!-- experiences-bench:{name}:{end} -->"
SECTION_BEGIN = "<!-- experiences-bench:begin -->"
SECTION_END = "<!-- experiences-bench:end -->"

LOG_TARGET_MS = 100.0  # logging an activity: 95th percentile
TIMELINE_TARGET_MS = 50.0  # the youth's timeline with 500 activities: median
COHORT_SIZE = 40
GRADE = 9
BIG, SMALL = 500, 5
BIG_REFLECTIONS = 200
HOURS_PER_PLACEMENT = 25
SPAN_DAYS = 730  # the 500 activities are spread over about two years
#: Days before today each placement of a youth started; each lasts ``PLACEMENT_DAYS``.
PLACEMENT_STARTS = (200, 50)
PLACEMENT_DAYS = 100
PARTNERS = 12
ROLE_MODELS = 8
ACTIVITY_PATH = re.compile(r"/activities/(\d+)$")


# --- the app ------------------------------------------------------------------------------


def build_app(database: Database) -> Flask:
    """The production defaults, with CSRF off and an HTTPS-only session cookie."""
    return benchkit.build_app(database, SESSION_COOKIE_SECURE=True, WTF_CSRF_ENABLED=False)


# --- the data -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    staff_username: str
    big_username: str
    small_username: str
    big_id: int
    small_id: int
    cohort_id: int
    roster_ids: list[int]
    partner_id: int
    role_model_id: int
    cluster_ids: list[int]
    api_token: str
    counts: dict[str, int]
    #: Entries on each timeline: activities, placements and reflections of their own.
    big_entries: int
    small_entries: int
    newest_big_title: str


def _insert_ids(model: type, rows: list[dict]) -> list[int]:
    """Insert many rows in one statement per batch and return their ids in order."""
    result = db.session.scalars(
        insert(model).returning(model.id, sort_by_parameter_order=True), rows
    )
    return list(result)


def _youth_rows(
    names: list[tuple[str, str]], organization_id: int, shared_hash: str, now: datetime
) -> list[dict]:
    return [
        {
            "organization_id": organization_id,
            "role": Role.YOUTH.value,
            "username": username,
            "display_name": display_name,
            "password_hash": shared_hash,
            "is_active": True,
            "session_version": 1,
            "preferred_language": "en",
            "created_dt": now,
        }
        for username, display_name in names
    ]


def _profile_rows(youth_ids: list[int], today: date) -> list[dict]:
    return [
        {
            "user_id": youth_id,
            "grade": GRADE,
            "birth_year": today.year - GRADE - 6,
            "birth_month": index % 12 + 1,
            "school": "Eastside High",
            "stage": stage_for_grade(GRADE).value,
            "consent_state": ConsentState.NOT_REQUIRED.value,
            "directory_opt_out": False,
        }
        for index, youth_id in enumerate(youth_ids)
    ]


def load_catalog() -> int:
    """The career catalog from ``content/`` as ``flask content sync`` writes it (clusters for
    the activities, occupations for the guest speakers); returns the number of occupations."""
    try:
        content = load_content(CONTENT)
    except ContentError as error:
        raise SystemExit("\n".join([*error.messages, f"problems in {CONTENT}"])) from None
    sync_careers(db.session, content)
    return len(content.occupations)


def _activity_rows(
    catalog: ExperienceCatalog,
    *,
    count: int,
    today: date,
    now: datetime,
    base: dict[str, Any],
    partner_ids: list[int],
    role_model_ids: list[int],
) -> list[dict]:
    """``count`` activities of every type in turn, newest first, ``SPAN_DAYS`` apart in all;
    most with a partner, guest speakers and every seventh other one with a role model."""
    types = catalog.types
    rows = []
    for index in range(count):
        kind = types[index % len(types)]
        with_speaker = kind.slug == "guest_speaker" or index % 7 == 3
        rows.append(
            {
                **base,
                "type_slug": kind.slug,
                "title": f"{kind.name} {count - index}",
                "activity_date": today - timedelta(days=1 + index * SPAN_DAYS // count),
                "minutes": kind.default_minutes,
                "partner_id": partner_ids[index % len(partner_ids)] if index % 5 else None,
                "role_model_id": (
                    role_model_ids[index % len(role_model_ids)] if with_speaker else None
                ),
                "notes": "Went well; the youth asked many questions." if index % 3 == 0 else "",
                "created_dt": now,
                "updated_dt": now,
            }
        )
    return rows


def _reflection_rows(
    catalog: ExperienceCatalog,
    youth_id: int,
    activities: list[tuple[int, str]],
    now: datetime,
) -> list[dict]:
    """One answer to the first stage prompt of each activity, before or after in turn."""
    stage = stage_for_grade(GRADE).value
    rows = []
    for index, (activity_id, type_slug) in enumerate(activities):
        when = "pre" if index % 3 == 0 else "post"
        prompt = catalog.prompts_for(type_slug, stage, when)[0]
        rows.append(
            {
                "youth_id": youth_id,
                "activity_id": activity_id,
                "prompt_id": prompt.id,
                "prompt_text": prompt.text,
                "when": when,
                "answer": "I learned that engineers test things many times before they work. "
                "I would like to try building something like that myself.",
                "is_shared_with_family": index % 2 == 0,
                "created_dt": now,
                "updated_dt": now,
            }
        )
    return rows


def _placements(
    catalog: ExperienceCatalog,
    organization_id: int,
    youth_id: int,
    partner_ids: list[int],
    staff_id: int,
    count: int,
    today: date,
    now: datetime,
) -> list[int]:
    kinds = catalog.work_based_types()
    return _insert_ids(
        Placement,
        [
            {
                "organization_id": organization_id,
                "youth_id": youth_id,
                "partner_id": partner_ids[index],
                "type_slug": kinds[index % len(kinds)].slug,
                "title": f"Placement {index + 1}",
                "supervisor_name": "Pat Supervisor",
                "supervisor_email": "pat@example.org",
                "start_date": today - timedelta(days=PLACEMENT_STARTS[index]),
                "end_date": today - timedelta(days=PLACEMENT_STARTS[index] - PLACEMENT_DAYS),
                "planned_minutes": 60 * 80,
                "status": "completed" if PLACEMENT_STARTS[index] > PLACEMENT_DAYS else "active",
                "created_by_id": staff_id,
                "created_dt": now,
                "updated_dt": now,
            }
            for index in range(count)
        ],
    )


def _hours_rows(placement_id: int, youth_id: int, count: int, start: date, now: datetime) -> list:
    """``count`` entries three days apart from the placement's start, mostly verified."""
    statuses = ("verified", "verified", "submitted", "returned")
    return [
        {
            "placement_id": placement_id,
            "youth_id": youth_id,
            "work_date": start + timedelta(days=1 + index * 3),
            "minutes": 120 + 30 * (index % 4),
            "description": "Sorted parts and tested circuit boards.",
            "status": statuses[index % len(statuses)],
            "created_dt": now,
            "updated_dt": now,
        }
        for index in range(count)
    ]


def build_data(catalog: ExperienceCatalog) -> Dataset:
    """One organization, one program; the 40-youth cohort and the timeline youth's cohort,
    both assigned to the staff member; everything else in bulk."""
    session = db.session
    today, now = date.today(), utcnow()
    shared_hash = core_secrets.hash_password(PASSWORD)
    occupations = load_catalog()
    organization = programs.create_organization(session, "bench", "Benchmark Youth Network")
    admin = accounts.create_user(
        session,
        organization,
        Role.ADMIN,
        "admin",
        PASSWORD,
        "Avery Admin",
        password_hash=shared_hash,
    )
    program = programs.save_program(session, admin, "Eastside Career Pathways", "school")
    year = today.year if today.month >= 8 else today.year - 1
    school_year = f"{year}-{year + 1}"
    cohort = programs.save_cohort(session, admin, program.id, "Grade 9 Period 3", school_year)
    timeline_cohort = programs.save_cohort(
        session, admin, program.id, "Grade 9 Mentors", school_year
    )
    staff = accounts.create_user(
        session,
        organization,
        Role.STAFF,
        "staff01",
        PASSWORD,
        "Jordan Staff",
        actor=admin,
        password_hash=shared_hash,
    )
    for assigned in (cohort, timeline_cohort):
        programs.add_assignment(session, staff, assigned, admin)

    names = [
        (
            f"{accounts.ascii_fold(FIRST_NAMES[i % len(FIRST_NAMES)]).lower()}{i + 1:03d}",
            f"{FIRST_NAMES[i % len(FIRST_NAMES)]} Rivera-{i + 1}",
        )
        for i in range(COHORT_SIZE)
    ]
    names += [("timeline500", "Tala Timeline"), ("timeline005", "Sam Small")]
    youth_ids = _insert_ids(User, _youth_rows(names, organization.id, shared_hash, now))
    roster_ids, (big_id, small_id) = youth_ids[:COHORT_SIZE], youth_ids[COHORT_SIZE:]
    session.execute(insert(YouthProfile), _profile_rows(youth_ids, today))
    session.execute(
        insert(Enrollment),
        [{"youth_id": y, "cohort_id": cohort.id, "created_dt": now} for y in roster_ids]
        + [
            {"youth_id": y, "cohort_id": timeline_cohort.id, "created_dt": now}
            for y in (big_id, small_id)
        ],
    )

    partner_ids = _insert_ids(
        Partner,
        [
            {
                "organization_id": organization.id,
                "name": f"Partner {index + 1:02d}",
                "kind": ("employer", "museum", "college", "community")[index % 4],
                "is_vetted": True,
                "is_archived": False,
                "created_dt": now,
                "updated_dt": now,
            }
            for index in range(PARTNERS)
        ],
    )
    occupation_ids = list(session.scalars(select(Occupation.id).order_by(Occupation.id).limit(40)))
    role_model_ids = _insert_ids(
        RoleModel,
        [
            {
                "organization_id": organization.id,
                "partner_id": partner_ids[index],
                "display_name": f"{FIRST_NAMES[index]} {chr(65 + index)}.",
                "occupation_id": occupation_ids[index * 5],
                "story": "I fixed bikes as a kid and now I build robots for a living.",
                "created_dt": now,
            }
            for index in range(ROLE_MODELS)
        ],
    )
    cluster_ids = list(
        session.scalars(
            select(CareerCluster.id)
            .where(CareerCluster.parent_id.is_(None))
            .order_by(CareerCluster.id)
        )
    )

    # The timeline youth's 500 activities (the small one attended the newest 5 of them).
    rows = _activity_rows(
        catalog,
        count=BIG,
        today=today,
        now=now,
        base={
            "organization_id": organization.id,
            "program_id": program.id,
            "cohort_id": timeline_cohort.id,
            "created_by_id": staff.id,
        },
        partner_ids=partner_ids,
        role_model_ids=role_model_ids,
    )
    activity_ids = _insert_ids(Activity, rows)
    session.execute(
        insert(ActivityCluster),
        [
            {"activity_id": a, "cluster_id": cluster_ids[(i + k) % len(cluster_ids)]}
            for i, a in enumerate(activity_ids)
            for k in range(1 + i % 2)
        ],
    )
    session.execute(
        insert(ActivityTactic),
        [
            {"activity_id": a, "tactic_id": t}
            for a, row in zip(activity_ids, rows, strict=True)
            for t in catalog.type(row["type_slug"]).tactics
        ],
    )
    session.execute(
        insert(Participation),
        [
            {"activity_id": a, "youth_id": y, "minutes": row["minutes"], "source": "roster"}
            for a, row in zip(activity_ids, rows, strict=True)
            for y in ((big_id, small_id) if a in activity_ids[:SMALL] else (big_id,))
        ],
    )
    typed = [(a, row["type_slug"]) for a, row in zip(activity_ids, rows, strict=True)]
    reflected = [typed[i] for i in range(BIG) if i % 5 in (0, 2)][:BIG_REFLECTIONS]
    reflections = _reflection_rows(catalog, big_id, reflected, now)
    reflections += _reflection_rows(catalog, small_id, typed[:2], now)
    session.execute(insert(Reflection), reflections)

    big_placements = _placements(
        catalog, organization.id, big_id, partner_ids, staff.id, 2, today, now
    )
    small_placements = _placements(
        catalog, organization.id, small_id, partner_ids, staff.id, 1, today, now
    )
    hours = [
        row
        for placement_id, days in zip(big_placements, PLACEMENT_STARTS, strict=False)
        for row in _hours_rows(
            placement_id, big_id, HOURS_PER_PLACEMENT, today - timedelta(days=days), now
        )
    ]
    hours += _hours_rows(
        small_placements[0], small_id, 3, today - timedelta(days=PLACEMENT_STARTS[0]), now
    )
    session.execute(insert(HoursEntry), hours)

    _token, secret = accounts.create_api_token(session, staff, "benchmark")
    session.commit()
    # Without fresh statistics PostgreSQL's planner takes the new tables for empty.
    benchkit.analyze(db.engine, (table.name for table in Base.metadata.sorted_tables))
    return Dataset(
        staff_username=staff.username,
        big_username="timeline500",
        small_username="timeline005",
        big_id=big_id,
        small_id=small_id,
        cohort_id=cohort.id,
        roster_ids=roster_ids,
        partner_id=partner_ids[0],
        role_model_id=role_model_ids[0],
        cluster_ids=cluster_ids[:2],
        api_token=secret,
        counts={
            "occupations": occupations,
            "clusters": len(cluster_ids),
            "partners": PARTNERS,
            "role_models": ROLE_MODELS,
            "big_reflections": len(reflected),
            "big_hours": HOURS_PER_PLACEMENT * len(big_placements),
            "big_placements": len(big_placements),
            "types": len({t for _a, t in typed}),
            "with_partner": sum(1 for row in rows if row["partner_id"]),
            "with_role_model": sum(1 for row in rows if row["role_model_id"]),
        },
        big_entries=BIG + len(big_placements),
        small_entries=SMALL + len(small_placements),
        newest_big_title=rows[0]["title"],
    )


# --- measuring ----------------------------------------------------------------------------


@dataclass
class Target:
    key: str
    label: str
    path: str
    client: str
    shown: str
    size: int = 0  # activities on the timeline; 0 for logging
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Result(benchkit.Percentiles):
    target: Target
    times_ms: list[float] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)
    #: Logging only: the statements of each request that insert attendance rows.
    attendance_inserts: list[int] = field(default_factory=list)

    @property
    def sql(self) -> str:
        return _span(self.statements)


def _span(numbers: list[int]) -> str:
    low, high = min(numbers), max(numbers)
    return str(low) if low == high else f"{low}–{high}"


class BenchmarkFailed(SystemExit):
    pass


class AttendanceInserts(StatementCounter):
    """Counts the statements that insert attendance rows."""

    def _on_execute(self, *args: Any) -> None:
        statement = args[2]
        if statement.lstrip().upper().startswith("INSERT INTO PARTICIPATION"):
            self.count += 1


def _signed_in_client(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    response = client.post(
        "/signin", data={"username": username, "password": PASSWORD}, base_url=HTTPS
    )
    if response.status_code != 302:
        raise BenchmarkFailed(f"signing in as {username} answered {response.status_code}")
    limiter.reset()
    return client


def _fail(method: str, path: str, response: TestResponse, expected: str) -> BenchmarkFailed:
    body = response.get_data(as_text=True)[:800]
    return BenchmarkFailed(
        f"{method} {path} answered {response.status_code}, expected {expected}:\n{body}"
    )


def timeline_targets(data: Dataset) -> list[Target]:
    bearer = {"Authorization": f"Bearer {data.api_token}"}
    targets = []
    for size, youth_id, client in ((BIG, data.big_id, "big"), (SMALL, data.small_id, "small")):
        targets += [
            Target(
                f"youth_{size}",
                f"Youth's own timeline, {size} activities",
                "/my/experiences",
                client,
                "GET /my/experiences",
                size,
            ),
            Target(
                f"staff_{size}",
                f"Staff view of the timeline, {size} activities",
                f"/youth/{youth_id}/experiences",
                "staff",
                "GET /youth/<id>/experiences",
                size,
            ),
            Target(
                f"api_{size}",
                f"API timeline, {size} activities",
                f"/api/v1/youth/{youth_id}/experiences",
                "api",
                "GET /api/v1/youth/<id>/experiences",
                size,
                headers=bearer,
            ),
        ]
    order = ["youth_500", "youth_5", "staff_500", "staff_5", "api_500", "api_5"]
    return sorted(targets, key=lambda t: order.index(t.key))


def _check_timeline(target: Target, response: TestResponse, data: Dataset) -> None:
    """200, and on the first page what the youth's record holds: for the API the total and
    the page's entries; for the pages the newest activity's title (500) or every entry (5)."""
    if response.status_code != 200:
        raise _fail("GET", target.path, response, "200")
    entries = data.big_entries if target.size == BIG else data.small_entries
    if target.client == "api":
        body = response.get_json()
        shown = min(entries, body["per_page"])
        if body["total"] != entries or len(body["items"]) != shown:
            raise BenchmarkFailed(
                f"{target.path}: {body['total']} entries ({len(body['items'])} on the page), "
                f"expected {entries} ({shown})"
            )
    else:
        text = response.get_data(as_text=True)
        if target.size == BIG and data.newest_big_title not in text:
            raise BenchmarkFailed(f"{target.path}: the newest activity is not on the page")


def measure_timelines(
    app: Flask,
    engine: Any,
    data: Dataset,
    clients: dict[str, FlaskClient],
    *,
    requests: int,
    warmup: int,
    time_limit: float,
) -> list[Result]:
    """Rounds of one request to each timeline, so a change in the machine's load reaches all
    of them alike; every response checked."""
    if has_app_context():
        raise RuntimeError("measure outside an app context")
    results = [Result(target) for target in timeline_targets(data)]
    deadline = time.monotonic() + time_limit
    for number in range(warmup + requests):
        for result in results:
            target = result.target
            client = clients[target.client]
            with StatementCounter(engine) as counter:
                started = time.perf_counter()
                response = client.get(target.path, base_url=HTTPS, headers=target.headers)
                elapsed = time.perf_counter() - started
            _check_timeline(target, response, data)
            if number >= warmup:
                result.times_ms.append(elapsed * 1000)
                result.statements.append(counter.count)
        if time.monotonic() > deadline and number - warmup + 1 >= 5:
            break
    return results


def log_form(data: Dataset, key: str) -> dict[str, Any]:
    """The activity form as staff send it: a guest speaker with a partner and a role model,
    two clusters, the type's suggested tactics, and the whole roster ticked."""
    return {
        "submission_key": key,
        "cohort_id": str(data.cohort_id),
        "type_slug": "guest_speaker",
        "title": "Engineer visit",
        "activity_date": date.today().isoformat(),
        "minutes": "45",
        "partner_id": str(data.partner_id),
        "role_model_id": str(data.role_model_id),
        "cluster_ids": [str(c) for c in data.cluster_ids],
        "tactic_ids": [],  # none chosen: the type's suggested tactics
        "notes": "Talked about how robots are tested.",
        "attendees": [str(y) for y in data.roster_ids],
    }


def measure_logging(
    engine: Any,
    data: Dataset,
    client: FlaskClient,
    *,
    requests: int,
    warmup: int,
    time_limit: float,
) -> tuple[Result, list[int]]:
    """POST the activity form ``warmup + requests`` times, each with a fresh submission key;
    every response must be the redirect to the new activity's page. Returns the ids logged."""
    path = f"/activities/new?cohort={data.cohort_id}"
    result = Result(
        Target("log", f"Log an activity, {COHORT_SIZE} attendees", path, "staff", f"POST {path}")
    )
    result.target.shown = "POST /activities/new?cohort=<id>"
    logged: list[int] = []
    deadline = time.monotonic() + time_limit
    for number in range(warmup + requests):
        form = log_form(data, uuid4().hex)
        with StatementCounter(engine) as counter, AttendanceInserts(engine) as inserts:
            started = time.perf_counter()
            response = client.post(path, data=form, base_url=HTTPS)
            elapsed = time.perf_counter() - started
        found = ACTIVITY_PATH.search(response.headers.get("Location", ""))
        if response.status_code != 302 or found is None:
            raise _fail("POST", path, response, "302 to the new activity")
        logged.append(int(found.group(1)))
        # The browser would follow the redirect and show the flash; drop it so it does not
        # pile up in the session cookie.
        with client.session_transaction() as session:
            session.pop("_flashes", None)
        if number >= warmup:
            result.times_ms.append(elapsed * 1000)
            result.statements.append(counter.count)
            result.attendance_inserts.append(inserts.count)
        if time.monotonic() > deadline and number - warmup + 1 >= 5:
            break
    return result, logged


def verify_logged(app: Flask, data: Dataset, logged: list[int]) -> None:
    """Every POST made its own activity with the whole roster present."""
    if len(set(logged)) != len(logged):
        raise BenchmarkFailed("two POSTs with different submission keys gave the same activity")
    with app.app_context():
        found = dict(
            db.session.execute(
                select(Participation.activity_id, func.count(Participation.id))
                .join(Activity, Activity.id == Participation.activity_id)
                .where(Activity.id.in_(logged), Activity.cohort_id == data.cohort_id)
                .group_by(Participation.activity_id)
            ).all()
        )
        roster = set(data.roster_ids)
        attendees = set(
            db.session.scalars(
                select(Participation.youth_id)
                .where(Participation.activity_id.in_(logged))
                .distinct()
            )
        )
        db.session.remove()
    missing = [a for a in logged if found.get(a) != COHORT_SIZE]
    if missing or attendees != roster:
        raise BenchmarkFailed(
            f"{len(missing)} of {len(logged)} logged activities lack their {COHORT_SIZE} "
            "attendees (or list youth outside the roster)"
        )


# --- reporting ----------------------------------------------------------------------------


@dataclass
class Report:
    database: Database
    data: Dataset
    log: Result
    timelines: list[Result]
    command: str
    started: datetime
    setup_seconds: float
    load: tuple[float, float]
    logged: int

    def by_key(self, key: str) -> Result:
        return next(r for r in self.timelines if r.target.key == key)

    @property
    def log_met(self) -> bool:
        return self.log.p95 < LOG_TARGET_MS

    @property
    def timeline_met(self) -> bool:
        return self.by_key("youth_500").p50 < TIMELINE_TARGET_MS

    def pairs(self) -> list[tuple[str, Result, Result]]:
        """(view, 500-activity result, 5-activity result) for each of the three views."""
        return [
            (view, self.by_key(f"{view}_{BIG}"), self.by_key(f"{view}_{SMALL}"))
            for view in ("youth", "staff", "api")
        ]

    @property
    def constant(self) -> bool:
        return all(
            set(big.statements) == set(small.statements) and len(set(big.statements)) == 1
            for _view, big, small in self.pairs()
        )


def _verdict(result: Result, report: Report) -> str:
    key = result.target.key
    if key == "log":
        return "met" if report.log_met else "**not met**"
    if result.target.size != BIG:
        return "—"
    met = "met" if result.p50 < TIMELINE_TARGET_MS else "**not met**"
    return met if key == "youth_500" else f"{met} (extra)"


def table(report: Report) -> str:
    lines = [
        "| Request | Call | n | p50 ms | p95 ms | SQL / request | Target |",
        "|---|---|--:|--:|--:|--:|:-:|",
    ]
    for result in [report.log, *report.timelines]:
        target = result.target
        goal = (
            f"p95 < {LOG_TARGET_MS:g} ms"
            if target.key == "log"
            else f"p50 < {TIMELINE_TARGET_MS:g} ms"
        )
        verdict = _verdict(result, report)
        shown = verdict if verdict == "—" else f"{goal}: {verdict}"
        lines.append(
            f"| {target.label} | `{target.shown}` | {len(result.times_ms)} "
            f"| {result.p50:.2f} | {result.p95:.2f} | {result.sql} | {shown} |"
        )
    return "\n".join(lines)


def conclusions(report: Report) -> list[str]:
    log, youth = report.log, report.by_key("youth_500")
    lines = [
        f"- Logging an activity with {COHORT_SIZE} attendees: one request, "
        f"{log.sql} SQL statements (the {COHORT_SIZE} attendance rows in "
        f"{_span(log.attendance_inserts)} INSERT"
        f"{'' if max(log.attendance_inserts) == 1 else 's'}), p95 {log.p95:.1f} ms — "
        + ("met" if report.log_met else "**not met**")
        + f". All {report.logged} POSTs (warm-up included) were checked afterwards: one "
        f"activity each, with its {COHORT_SIZE} attendance rows.",
        f"- The youth's own timeline with {BIG} activities: p50 {youth.p50:.1f} ms — "
        + ("met" if report.timeline_met else "**not met**")
        + ".",
    ]
    counts = "; ".join(f"{view} {big.sql} and {small.sql}" for view, big, small in report.pairs())
    if report.constant:
        lines.append(
            f"- Statements per request, {BIG} activities and {SMALL}: {counts} — the same "
            "whatever the size of the record."
        )
    else:
        lines.append(
            f"- Statements per request, {BIG} activities and {SMALL}: {counts} — **they "
            "differ**: the count depends on the size of the record."
        )
    return lines


def section(report: Report) -> str:
    counts, data = report.data.counts, report.data
    title = benchkit.DATABASE_TITLES[report.database.dialect]
    return "\n".join(
        [
            f"## Experiences: {title}",
            "",
            f"- Date: {report.started:%Y-%m-%d %H:%M} UTC",
            f"- Machine: {benchkit.machine(report.load)}",
            f"- Database: {report.database.description}",
            f"- Data: 1 organization, 1 program; a cohort of {COHORT_SIZE} youth in grade "
            f"{GRADE} and its staff member; a youth who attended {BIG} activities over two "
            f"years ({counts['types']} experience types, {counts['with_partner']} with a "
            f"partner, {counts['with_role_model']} with a guest speaker, 1–2 career clusters "
            f"each), wrote {counts['big_reflections']} reflections and has "
            f"{counts['big_placements']} placements with {counts['big_hours']} hours entries "
            f"({data.big_entries} timeline entries, {-(-data.big_entries // 50)} pages of 50); "
            f"a youth who attended {SMALL} of them ({data.small_entries} entries); "
            f"{counts['partners']} partners, {counts['role_models']} guest speakers, "
            f"{counts['occupations']:,} occupations and {counts['clusters']} top-level "
            f"clusters from `content/` (built in {report.setup_seconds:.1f} s)",
            f"- Command: `{report.command}`",
            "",
            table(report),
            "",
            *conclusions(report),
            "",
        ]
    )


HEADER = """# Experiences benchmarks

`benchmarks/experiences.py` builds a fresh app and database, loads the career catalog from
`content/`, fills one organization with bulk inserts and times, in-process with the Flask test
client (no web server, no network): logging an activity for a cohort of 40 with the activity
form (`POST /activities/new`, the whole roster ticked, a guest speaker with a partner, two
clusters, the type's suggested tactics, a fresh submission key each time; each response must be
the redirect to the new activity, and every logged activity is checked afterwards for its 40
attendance rows), and the experience timeline of a youth with 500 activities (two years, every
experience type, 200 reflections, 2 placements with 50 hours entries) and of a youth with 5, as
the youth sees it (`/my/experiences`), as staff see it (`/youth/<id>/experiences`, audited) and
through the API with a bearer token (`/api/v1/youth/<id>/experiences`, audited). Timelines show
50 entries a page; the first page is timed. The timelines are timed in rounds, one request to
each per round; the POSTs on their own. For each: p50 and p95 of the time around one request,
and the SQL statements it sends.

Targets (issue 4): logging an activity with 40 attendees is one request under 100 ms (95th
percentile); the youth's timeline with 500 activities renders under 50 ms (median), with the
same number of statements as the timeline with 5 (checked for all three views; the script
exits non-zero if they differ or a target is missed). Settings are the production defaults
with an HTTPS-only session cookie; only CSRF checks are off. On PostgreSQL the script runs
`ANALYZE` after loading the data, as autovacuum would.

    .venv/bin/python benchmarks/experiences.py --write docs/benchmarks.md
    .venv/bin/python benchmarks/experiences.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/ccl_youth_bench \\
        --write docs/benchmarks.md

Each run with `--write` replaces its own database's part of this section and leaves the rest
of the file alone.
"""


def write_markdown(path: Path, report: Report) -> None:
    """Replace this benchmark's part of the file (appended at the end the first time)."""
    benchkit.replace_section(
        path,
        (SECTION_BEGIN, SECTION_END),
        MARKER,
        report.database.dialect,
        section(report),
        heading="## Experiences: ",
        header=HEADER,
    )


# --- main ---------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    benchkit.add_database_argument(parser)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per timeline")
    parser.add_argument("--warmup", type=int, default=20, help="untimed rounds first")
    parser.add_argument("--posts", type=int, default=100, help="timed activity POSTs (≥ 50)")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=40.0,
        help="stop timing the timelines after this many seconds (at least 5 rounds)",
    )
    parser.add_argument("--write", type=Path, help="write or update this Markdown file")
    args = parser.parse_args(argv)
    if args.requests < 5 or args.warmup < 0:
        parser.error("time at least 5 requests per timeline")
    if args.posts < 50:
        parser.error("time at least 50 POSTs")
    return args


def run(args: argparse.Namespace) -> Report:
    started = datetime.now(UTC)
    database = benchkit.open_database(args.database_url, name="experiences", schema=PG_SCHEMA)
    try:
        clock = time.perf_counter()
        app = build_app(database)
        catalog = load_experience_catalog(app.config["CONTENT_PATH"])
        with app.app_context():
            data = build_data(catalog)
            engine = db.engine
            db.session.remove()
        setup_seconds = time.perf_counter() - clock
        clients = {
            "api": app.test_client(),
            "staff": _signed_in_client(app, data.staff_username),
            "big": _signed_in_client(app, data.big_username),
            "small": _signed_in_client(app, data.small_username),
        }
        load_before = benchkit.load_average()
        timelines = measure_timelines(
            app,
            engine,
            data,
            clients,
            requests=args.requests,
            warmup=args.warmup,
            time_limit=args.time_limit,
        )
        log, logged = measure_logging(
            engine,
            data,
            clients["staff"],
            requests=args.posts,
            warmup=5,
            time_limit=args.time_limit,
        )
        load = (load_before, benchkit.load_average())
        verify_logged(app, data, logged)
        for result in [log, *timelines]:
            print(
                f"  {result.target.label:<44} p50 {result.p50:7.2f} ms  "
                f"p95 {result.p95:7.2f} ms  SQL {result.sql}",
                file=sys.stderr,
            )
        engine.dispose()
    finally:
        database.cleanup()
    return Report(
        database,
        data,
        log,
        timelines,
        benchkit.command(),
        started,
        setup_seconds,
        load,
        len(logged),
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report = run(args)
    print(section(report))
    if args.write:
        write_markdown(args.write, report)
        print(f"wrote {args.write}", file=sys.stderr)
    if not report.constant:
        print(
            "the number of SQL statements of a timeline depends on its size",
            file=sys.stderr,
        )
        return 1
    return 0 if report.log_met and report.timeline_met else 1


if __name__ == "__main__":
    sys.exit(main())
