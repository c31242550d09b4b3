"""Server time and SQL statements per request for the main pages, against a floor.

Builds a fresh app on a fresh database (SQLite in a temporary directory unless
``--database-url`` names another; on PostgreSQL everything lives in a schema of its own that
is created before and dropped after the run), fills one organization with youth, cohorts,
staff and families, and times each page in-process with the Flask test client.

The floor is a bare page rendered by the same app through the same base layout while signed
in: it pays only the per-request overhead (session, user load, layout, security headers).
The target is each page's median at most 3x the floor's median. Sign-in POST is measured
separately: it verifies a password with the production argon2id parameters, which is slow on
purpose.

    .venv/bin/python benchmarks/pages.py
    .venv/bin/python benchmarks/pages.py --write docs/benchmarks.md
    .venv/bin/python benchmarks/pages.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/ccl_youth_bench \\
        --write docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import benchkit
from benchkit import Database
from flask import Flask, has_app_context, render_template
from flask.testing import FlaskClient
from sqlalchemy import insert
from werkzeug.test import TestResponse

from ccl_youth import config as settings
from ccl_youth.accounts import services as accounts
from ccl_youth.accounts.models import Guardianship, User, YouthProfile
from ccl_youth.core import secrets as core_secrets
from ccl_youth.core.roles import (
    ConsentState,
    GuardianshipStatus,
    Role,
    is_under_13,
    stage_for_grade,
)
from ccl_youth.db import Base, StatementCounter, utcnow
from ccl_youth.demo.services import FIRST_NAMES
from ccl_youth.extensions import db, limiter
from ccl_youth.programs import services as programs
from ccl_youth.programs.models import Enrollment
from ccl_youth.web.access import roles_required

PASSWORD = "bench-password-1"
PG_SCHEMA = "ccl_youth_bench"
HTTPS = "https://localhost"
TARGET_RATIO = 3.0
COHORT_SIZE = 30
FLOOR_PATH = "/_bench/floor"
FLOOR_TEMPLATE = '{% extends "base.html" %}{% block content %}<h1>floor</h1>{% endblock %}'
PROGRAMS = (
    ("Eastside Afterschool Club", "club"),
    ("Summer STEM Pathways", "camp"),
    ("Lincoln Middle School Site", "school"),
)
LAST_NAMES = [
    "Alvarez",
    "Brooks",
    "Chen",
    "Diaz",
    "Evans",
    "Flores",
    "Garcia",
    "Harris",
    "Ibrahim",
    "Johnson",
    "Kim",
    "Lopez",
    "Martin",
    "Nguyen",
    "Okafor",
    "Patel",
    "Quinn",
    "Rivera",
    "Smith",
    "Torres",
]
SCHOOLS = ("Lincoln Middle", "Roosevelt Elementary", "Eastside High", "Jefferson K-8", "")
MARKER = "<!-- pages-bench:{name}:{end} -->"


# --- the app ------------------------------------------------------------------------------


def build_app(database: Database) -> Flask:
    """The production defaults, with CSRF off, an HTTPS-only session cookie and the floor."""
    app = benchkit.build_app(database, SESSION_COOKIE_SECURE=True, WTF_CSRF_ENABLED=False)
    floor_template = app.jinja_env.from_string(FLOOR_TEMPLATE)

    @roles_required(Role.STAFF)
    def floor() -> str:
        # Compiled once above: render_template_string would compile it on every request.
        return render_template(floor_template)

    app.add_url_rule(FLOOR_PATH, "bench_floor", floor)
    return app


# --- the data -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    staff_username: str
    family_username: str
    admin_username: str
    cohort_id: int
    youth_id: int
    api_token: str
    password_hash: str
    counts: dict[str, int]


def _youth_row(index: int, organization_id: int, shared_hash: str, now: datetime) -> dict:
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[(index // len(FIRST_NAMES)) % len(LAST_NAMES)]
    return {
        "organization_id": organization_id,
        "role": Role.YOUTH.value,
        "username": f"{accounts.ascii_fold(first).lower()}{index + 1:05d}",
        "display_name": f"{first} {last}",
        "password_hash": shared_hash,
        "is_active": index % 97 != 96,
        "session_version": 1,
        "preferred_language": "es" if index % 6 == 0 else "en",
        "created_dt": now,
    }


def _profile_row(index: int, youth_id: int, grade: int, today: date) -> dict:
    birth_year, birth_month = today.year - grade - 6, index % 12 + 1
    consent = (
        ConsentState.PENDING
        if is_under_13(birth_year, birth_month, today)
        else ConsentState.NOT_REQUIRED
    )
    if consent is ConsentState.PENDING and index % 3:
        consent = ConsentState.GRANTED
    return {
        "user_id": youth_id,
        "grade": grade,
        "birth_year": birth_year,
        "birth_month": birth_month,
        "school": SCHOOLS[index % len(SCHOOLS)],
        "stage": stage_for_grade(grade).value,
        "consent_state": consent.value,
        "directory_opt_out": index % 20 == 0,
    }


def _insert_ids(model: type, rows: list[dict]) -> list[int]:
    """Insert many rows in one statement per batch and return their ids in order."""
    result = db.session.scalars(
        insert(model).returning(model.id, sort_by_parameter_order=True), rows
    )
    return list(result)


def build_data(youth_count: int) -> Dataset:
    """One organization; the accounts signed in as get their own argon2id hash of PASSWORD,
    the bulk accounts share one precomputed hash of it."""
    session = db.session
    today, now = date.today(), utcnow()
    shared_hash = core_secrets.hash_password(PASSWORD)
    organization = programs.create_organization(session, "bench", "Benchmark Youth Network")
    admin = accounts.create_user(
        session, organization, Role.ADMIN, "admin", PASSWORD, "Avery Admin"
    )
    program_rows = [programs.save_program(session, admin, name, kind) for name, kind in PROGRAMS]
    cohort_count = max(2, round(youth_count / COHORT_SIZE))
    year = f"{today.year if today.month >= 8 else today.year - 1}"
    school_year = f"{year}-{int(year) + 1}"
    cohorts = [
        programs.save_cohort(
            session,
            admin,
            program_rows[index % len(program_rows)].id,
            f"Cohort {index + 1:02d}",
            school_year,
        )
        for index in range(cohort_count)
    ]

    # Staff: one per two cohorts; the first one (two cohorts) is the roster user.
    staff_users = []
    for index in range(math.ceil(cohort_count / 2)):
        staff = accounts.create_user(
            session,
            organization,
            Role.STAFF,
            f"staff{index + 1:02d}",
            PASSWORD,
            f"{LAST_NAMES[index % len(LAST_NAMES)]} Staff {index + 1}",
            actor=admin,
            password_hash=None if index == 0 else shared_hash,
        )
        for cohort in cohorts[index * 2 : index * 2 + 2]:
            programs.add_assignment(session, staff, cohort, admin)
        staff_users.append(staff)
    roster_staff = staff_users[0]

    # Youth, their profiles and enrollments, in bulk.
    youth_ids = _insert_ids(
        User, [_youth_row(i, organization.id, shared_hash, now) for i in range(youth_count)]
    )
    profiles, enrollments = [], []
    for index, youth_id in enumerate(youth_ids):
        home = index % cohort_count
        profiles.append(_profile_row(index, youth_id, 3 + home % 10, today))
        enrollments.append({"youth_id": youth_id, "cohort_id": cohorts[home].id, "created_dt": now})
        if index % 10 == 0:  # some youth are in a second cohort, often in another program
            other = cohorts[(home + cohort_count // 2 + 1) % cohort_count]
            if other.id != cohorts[home].id:
                enrollments.append({"youth_id": youth_id, "cohort_id": other.id, "created_dt": now})
    session.execute(insert(YouthProfile), profiles)
    session.execute(insert(Enrollment), enrollments)

    # Families: about one per two youth, each linked to one or two of them.
    family_count = max(1, youth_count // 2)
    signed_in_family = accounts.create_user(
        session, organization, Role.FAMILY, "family00001", PASSWORD, "Parent One", actor=admin
    )
    family_ids = [signed_in_family.id] + _insert_ids(
        User,
        [
            {
                "organization_id": organization.id,
                "role": Role.FAMILY.value,
                "username": f"family{index + 1:05d}",
                "display_name": f"Parent {index + 1}",
                "password_hash": shared_hash,
                "is_active": True,
                "session_version": 1,
                "preferred_language": "es" if index % 5 == 0 else "en",
                "created_dt": now,
            }
            for index in range(1, family_count)
        ],
    )
    guardianships = []
    for index, family_id in enumerate(family_ids):
        children = youth_ids[index * 2 : index * 2 + (2 if index % 2 == 0 else 1)]
        guardianships.extend(
            {
                "youth_id": child,
                "family_id": family_id,
                "status": GuardianshipStatus.ACTIVE.value,
                "relationship_label": "Parent",
                "created_dt": now,
                "accepted_dt": now,
            }
            for child in children
        )
    session.execute(insert(Guardianship), guardianships)

    _token, secret = accounts.create_api_token(session, roster_staff, "benchmark")
    roster_cohort = cohorts[0]
    in_cohort = next(e["youth_id"] for e in enrollments if e["cohort_id"] == roster_cohort.id)
    session.commit()
    # Without fresh statistics PostgreSQL's planner picks nested loops over everything.
    benchkit.analyze(db.engine, (table.name for table in Base.metadata.sorted_tables))
    return Dataset(
        staff_username=roster_staff.username,
        family_username=signed_in_family.username,
        admin_username=admin.username,
        cohort_id=roster_cohort.id,
        youth_id=in_cohort,
        api_token=secret,
        password_hash=roster_staff.password_hash,
        counts={
            "youth": youth_count,
            "cohorts": cohort_count,
            "programs": len(program_rows),
            "staff": len(staff_users),
            "families": family_count,
            "guardianships": len(guardianships),
            "enrollments": len(enrollments),
        },
    )


# --- measuring ----------------------------------------------------------------------------


@dataclass
class Target:
    key: str
    label: str
    method: str
    path: str
    client: str
    expect: int = 200
    in_ratio_target: bool = True
    headers: dict[str, str] = field(default_factory=dict)
    data: dict[str, str] | None = None
    shown_path: str = ""


@dataclass
class Result(benchkit.Percentiles):
    target: Target
    times_ms: list[float]
    statements: list[int]

    @property
    def sql(self) -> str:
        low, high = min(self.statements), max(self.statements)
        return str(low) if low == high else f"{low}–{high}"


class BenchmarkFailed(SystemExit):
    pass


def _request(client: FlaskClient, target: Target) -> TestResponse:
    return client.open(
        target.path,
        method=target.method,
        base_url=HTTPS,
        headers=target.headers,
        data=target.data,
    )


def _check(target: Target, response: TestResponse) -> None:
    if response.status_code != target.expect:
        body = response.get_data(as_text=True)[:500]
        raise BenchmarkFailed(
            f"{target.method} {target.path} answered {response.status_code}, "
            f"expected {target.expect}:\n{body}"
        )


def _signed_in_client(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    response = client.post(
        "/signin", data={"username": username, "password": PASSWORD}, base_url=HTTPS
    )
    if response.status_code != 302:
        raise BenchmarkFailed(f"signing in as {username} answered {response.status_code}")
    limiter.reset()
    return client


def measure(
    app: Flask,
    engine: Any,
    targets: list[Target],
    clients: dict[str, FlaskClient],
    *,
    requests: int,
    warmup: int,
    time_limit: float,
) -> list[Result]:
    """Time ``requests`` rounds after ``warmup`` untimed ones, one request to each target per
    round, so a change in the machine's load reaches every target alike. Stops early when
    ``time_limit`` seconds have passed and at least 5 rounds are timed. A target whose client
    is "fresh" gets a new, signed-out client (and an emptied rate limiter) for each request."""
    # Each request must push and tear down its own app context and database session, as
    # under a real server: an outer app context would share one session across requests.
    if has_app_context():
        raise RuntimeError("measure outside an app context")
    results = [Result(target, [], []) for target in targets]
    deadline = time.monotonic() + time_limit
    for number in range(warmup + requests):
        for result in results:
            target = result.target
            if target.client == "fresh":
                client = app.test_client()
                limiter.reset()
            else:
                client = clients[target.client]
            with StatementCounter(engine) as counter:
                started = time.perf_counter()
                response = _request(client, target)
                elapsed = time.perf_counter() - started
            _check(target, response)
            if number >= warmup:
                result.times_ms.append(elapsed * 1000)
                result.statements.append(counter.count)
        if time.monotonic() > deadline and number - warmup + 1 >= 5:
            break
    return results


def targets(data: Dataset) -> list[Target]:
    bearer = {"Authorization": f"Bearer {data.api_token}"}
    return [
        Target("floor", "Floor (bare page, signed in)", "GET", FLOOR_PATH, "staff"),
        Target("signin_get", "Sign-in page", "GET", "/signin", "anonymous"),
        Target(
            "signin_post",
            "Sign-in POST (argon2id)",
            "POST",
            "/signin",
            "fresh",
            expect=302,
            in_ratio_target=False,
            data={"username": data.staff_username, "password": PASSWORD},
        ),
        Target(
            "cohort",
            "Staff cohort roster",
            "GET",
            f"/cohorts/{data.cohort_id}",
            "staff",
            shown_path="/cohorts/<id>",
        ),
        Target("roster", "Staff roster (2 cohorts)", "GET", "/roster", "staff"),
        Target("family", "Family home", "GET", "/family", "family"),
        Target(
            "api_list",
            "API youth list",
            "GET",
            "/api/v1/youth?per_page=50",
            "api",
            headers=bearer,
        ),
        Target(
            "api_item",
            "API one youth (audited)",
            "GET",
            f"/api/v1/youth/{data.youth_id}",
            "api",
            headers=bearer,
            shown_path="/api/v1/youth/<id>",
        ),
        Target("admin_roster", "Admin roster (all youth)", "GET", "/roster", "admin"),
    ]


def time_argon2(password_hash: str, rounds: int) -> float:
    """The median time of one verification with the configured parameters, in ms."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        if not core_secrets.verify_password(password_hash, PASSWORD):
            raise BenchmarkFailed("the sign-in user's hash does not verify")
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


# --- reporting ----------------------------------------------------------------------------


@dataclass
class Report:
    database: Database
    data: Dataset
    results: list[Result]
    argon2_ms: float
    command: str
    started: datetime
    setup_seconds: float
    load: tuple[float, float]

    @property
    def floor(self) -> Result:
        return self.results[0]

    def ratio(self, result: Result) -> float:
        return result.p50 / self.floor.p50


def table(report: Report) -> str:
    lines = [
        "| Page | Request | n | p50 ms | p95 ms | SQL / request | p50 ÷ floor | ≤ 3× floor |",
        "|---|---|--:|--:|--:|--:|--:|:-:|",
    ]
    for result in report.results:
        target = result.target
        path = target.shown_path or target.path
        if target is report.floor.target:
            verdict = "—"
        elif not target.in_ratio_target:
            verdict = "excluded"
        else:
            verdict = "met" if report.ratio(result) <= TARGET_RATIO else "**missed**"
        lines.append(
            f"| {target.label} | `{target.method} {path}` | {len(result.times_ms)} "
            f"| {result.p50:.2f} | {result.p95:.2f} | {result.sql} "
            f"| {report.ratio(result):.2f}× | {verdict} |"
        )
    return "\n".join(lines)


def verdicts(report: Report) -> list[str]:
    lines = []
    for result in report.results[1:]:
        target, ratio = result.target, report.ratio(result)
        if not target.in_ratio_target:
            lines.append(
                f"- {target.label}: excluded from the ratio target. Every sign-in verifies an "
                f"argon2id hash with time cost {settings.DEFAULTS['ARGON2_TIME_COST']}, "
                f"{settings.DEFAULTS['ARGON2_MEMORY_COST'] // 1024} MiB memory cost and "
                f"parallelism {settings.DEFAULTS['ARGON2_PARALLELISM']}, which dominates by "
                f"design: one verification alone takes {report.argon2_ms:.1f} ms here, of the "
                f"{result.p50:.1f} ms median ({result.p50 / report.floor.p50:.0f}× the floor)."
            )
            continue
        state = "met" if ratio <= TARGET_RATIO else "not met"
        note = " (signed out: no session user to load)" if target.client == "anonymous" else ""
        lines.append(
            f"- {target.label}: {ratio:.2f}× the floor, {result.sql} SQL statements{note} — "
            f"{state}."
        )
    return lines


def section(report: Report) -> str:
    counts = report.data.counts
    title = benchkit.DATABASE_TITLES[report.database.dialect]
    return "\n".join(
        [
            f"## {title}",
            "",
            f"- Date: {report.started:%Y-%m-%d %H:%M} UTC",
            f"- Machine: {benchkit.machine(report.load)}",
            f"- Database: {report.database.description}",
            f"- Data: 1 organization, {counts['youth']:,} youth in {counts['cohorts']} cohorts "
            f"of about {COHORT_SIZE} across {counts['programs']} programs "
            f"({counts['enrollments']:,} enrollments), {counts['staff']} staff with "
            f"{'2' if counts['cohorts'] % 2 == 0 else '1–2'} cohorts each, "
            f"{counts['families']:,} families with {counts['guardianships']:,} links, "
            f"1 admin (built in {report.setup_seconds:.1f} s)",
            f"- Command: `{report.command}`",
            "",
            table(report),
            "",
            f'Target "each page ≤ {TARGET_RATIO:g}× the floor" (median against median):',
            "",
            *verdicts(report),
            "",
        ]
    )


HEADER = """# Page benchmarks

`benchmarks/pages.py` builds a fresh app and database, fills one organization (by default
1,000 youth in cohorts of about 30 across 3 programs, staff with two cohorts each, about 500
families each linked to one or two youth, an admin) and times the main pages in-process with
the Flask test client: no web server and no network, so the numbers are the app's own server
time. For each page: the median (p50) and 95th percentile (p95) of the time around one
test-client request, the SQL statements one request sends, and the median divided by the
floor's median. Every response is checked (200; 302 for a successful sign-in POST) and the
run stops at the first unexpected one. The machine's load average is recorded with each
run: on a shared machine the medians move with it, the ratios much less.

The floor is a bare page that exists only in the benchmark: rendered through the same base
layout while signed in as the roster's staff member, it pays the per-request overhead every
page pays (session cookie, user load, layout, security headers) and nothing else. The target
is each page at most 3× the floor. The pages are timed in rounds, one request to each page
per round, so a change in the machine's load reaches all of them alike; sign-in POST comes
last, on its own, with a new signed-out client for each request. The admin roster row is an
extra: the same `/roster` page for the admin, who sees every youth of the organization.

Settings are the production defaults, argon2id parameters included, with an HTTPS-only
`__Host-` session cookie; only CSRF checks are off. Sign-in POST is excluded from the ratio
target: argon2id with 64 MiB memory cost dominates it by design. On PostgreSQL the script
runs `ANALYZE` after loading the data, as autovacuum would.

Run `make bench` for SQLite, or:

    .venv/bin/python benchmarks/pages.py --write docs/benchmarks.md
    .venv/bin/python benchmarks/pages.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/ccl_youth_bench \\
        --write docs/benchmarks.md

Each run with `--write` replaces its own database's section below and keeps the other.
"""


def write_markdown(path: Path, report: Report) -> None:
    """Rewrite the file from the header through the last page section: this run's database
    section replaced, the other kept, and whatever follows (other benchmarks) kept as it is."""
    existing = benchkit.read_markdown(path)
    parts = benchkit.database_parts(
        existing, MARKER, report.database.dialect, section(report), heading="## "
    )
    last_end = MARKER.format(name=list(benchkit.DATABASE_TITLES)[-1], end="end") + "\n"
    tail = existing.split(last_end, 1)[1] if last_end in existing else ""
    benchkit.write_markdown(path, HEADER + "\n" + parts + tail)


# --- main ---------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    benchkit.add_database_argument(parser)
    parser.add_argument("--youth", type=int, default=1000, help="youth in the organization")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests first")
    parser.add_argument(
        "--signin-requests", type=int, default=30, help="timed sign-in POSTs (argon2id)"
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=300.0,
        help="stop timing after this many seconds (pages, then sign-in; at least 5 rounds)",
    )
    parser.add_argument("--write", type=Path, help="write or update this Markdown file")
    args = parser.parse_args(argv)
    if args.youth < 2 * COHORT_SIZE:
        parser.error(f"--youth must be at least {2 * COHORT_SIZE}")
    if args.requests < 5 or args.signin_requests < 5 or args.warmup < 0:
        parser.error("time at least 5 requests per page")
    return args


def run(args: argparse.Namespace) -> Report:
    started = datetime.now(UTC)
    database = benchkit.open_database(args.database_url, name="bench", schema=PG_SCHEMA)
    try:
        clock = time.perf_counter()
        app = build_app(database)
        with app.app_context():
            data = build_data(args.youth)
            engine = db.engine
            db.session.remove()
        setup_seconds = time.perf_counter() - clock
        load_before = benchkit.load_average()
        clients = {
            "anonymous": app.test_client(),
            "api": app.test_client(),
            "staff": _signed_in_client(app, data.staff_username),
            "family": _signed_in_client(app, data.family_username),
            "admin": _signed_in_client(app, data.admin_username),
        }
        pages = [t for t in targets(data) if t.client != "fresh"]
        signin = [t for t in targets(data) if t.client == "fresh"]
        results = measure(
            app,
            engine,
            pages,
            clients,
            requests=args.requests,
            warmup=args.warmup,
            time_limit=args.time_limit,
        )
        # Sign-in POST last and on its own: its argon2id work would weigh on its neighbours.
        results += measure(
            app,
            engine,
            signin,
            clients,
            requests=args.signin_requests,
            warmup=2,
            time_limit=args.time_limit,
        )
        order = [t.key for t in targets(data)]
        results.sort(key=lambda result: order.index(result.target.key))
        for result in results:
            print(
                f"  {result.target.label:<32} p50 {result.p50:8.2f} ms  "
                f"p95 {result.p95:8.2f} ms  SQL {result.sql}",
                file=sys.stderr,
            )
        argon2_ms = time_argon2(data.password_hash, 10)
        load = (load_before, benchkit.load_average())
        engine.dispose()
    finally:
        database.cleanup()
    return Report(
        database, data, results, argon2_ms, benchkit.command(), started, setup_seconds, load
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report = run(args)
    print(section(report))
    if args.write:
        write_markdown(args.write, report)
        print(f"wrote {args.write}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
