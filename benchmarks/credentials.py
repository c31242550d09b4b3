"""Signing one Open Badges 3.0 credential against 50 ms, and what the credential downloads cost
around it (verifying, the JSON and baked-PNG downloads, a CLR of 20 badges).

Builds a fresh app on a fresh database (SQLite in a temporary directory unless
``--database-url`` names another; on PostgreSQL in a schema of its own, dropped after), makes
one organization with a signing key, a staff member and a youth holding 20 badges of
``content/badges.yaml``, and times:

* signing one credential: building the award's OpenBadgeCredential and its eddsa-rdfc-2022
  proof (two RDFC-1.0 canonicalisations with the vendored contexts, SHA-256, Ed25519) — the
  issue's target, pure Python, no database;
* verifying one credential (the same canonicalisations, the key and status list resolved from
  the database);
* the requests, in-process with the Flask test client: an award's credential as JSON, the
  baked PNG, and the youth's CLR with 20 badges (every badge signed, then the CLR).

    .venv/bin/python benchmarks/credentials.py
    .venv/bin/python benchmarks/credentials.py --write docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import benchkit
from benchkit import Database
from flask import Flask
from flask.testing import FlaskClient

from ccl_youth.accounts import services as accounts
from ccl_youth.badges.models import BadgeAward
from ccl_youth.core.content_recognition import recognition_catalog
from ccl_youth.core.roles import Role
from ccl_youth.credentials import public, services
from ccl_youth.credentials.keys import active_key, generate_signing_key
from ccl_youth.credentials.public import Publishing
from ccl_youth.extensions import db, limiter
from ccl_youth.programs import services as programs
from ccl_youth.programs.models import Cohort, Organization, Program

PG_SCHEMA = "ccl_youth_credentials_bench"
MARKER = "<!-- credentials-bench:{name}:{end} -->"
SECTION_BEGIN = "<!-- credentials-bench:begin -->"
SECTION_END = "<!-- credentials-bench:end -->"
BADGES = 20
TARGET_MS = 50.0
BASE_URL = "https://ccl.example.org"
PASSWORD = "bench-password-2025"


@dataclass
class Result(benchkit.Percentiles):
    label: str
    call: str
    times_ms: list[float]
    target: str = "—"

    @property
    def n(self) -> int:
        return len(self.times_ms)


@dataclass
class Report:
    database: Database
    results: list[Result]
    badges: int
    started: datetime
    load: tuple[float, float]
    command: str
    setup_seconds: float

    @property
    def signing(self) -> Result:
        return self.results[0]

    @property
    def met(self) -> bool:
        return self.signing.p95 < TARGET_MS


def build_data(app: Flask) -> dict[str, int]:
    """One organization with a key, its staff member, and a youth holding ``BADGES`` badges."""
    catalog = recognition_catalog(app.config["CONTENT_PATH"])
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
        session,
        organization,
        Role.YOUTH,
        "bench-youth",
        PASSWORD,
        "Bench Youth",
        youth=accounts.YouthDetails(display_name="Bench Youth", grade=9),
    )
    programs.add_assignment(session, staff, cohort, None)
    programs.add_enrollment(session, youth, cohort, None)
    generate_signing_key(session, organization, app.config["SECRET_KEY"])
    start = datetime(2025, 9, 1, 16, 0, tzinfo=UTC)
    awards = [
        BadgeAward(
            organization_id=organization.id,
            youth_id=youth.id,
            badge_slug=badge.slug,
            method="staff",
            evidence_note="Benchmark.",
            awarded_dt=start + timedelta(days=7 * number),
            credential_id=f"urn:uuid:{uuid.uuid4()}",
            status_index=number,
        )
        for number, badge in enumerate(catalog.badges[:BADGES])
    ]
    session.add_all(awards)
    session.commit()
    return {
        "organization": organization.id,
        "staff": staff.id,
        "youth": youth.id,
        "award": awards[0].id,
        "badges": len(awards),
    }


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
    response = client.post(
        "/signin", data={"username": username, "password": PASSWORD}, base_url=BASE_URL
    )
    if response.status_code != 302:
        raise SystemExit(f"signing in as {username} answered {response.status_code}")
    limiter.reset()
    return client


def _get(client: FlaskClient, url: str) -> Callable[[], None]:
    def call() -> None:
        response = client.get(url, base_url=BASE_URL)
        if response.status_code != 200:
            raise SystemExit(f"GET {url}: HTTP {response.status_code}")

    return call


def measure(app: Flask, ids: dict[str, int], rounds: int, warmup: int) -> list[Result]:
    with app.app_context():
        organization = db.session.get_one(Organization, ids["organization"])
        award = db.session.get_one(BadgeAward, ids["award"])
        publishing = Publishing(
            BASE_URL,
            app.config["SECRET_KEY"],
            app.config["CONTENT_PATH"],
            recognition_catalog(app.config["CONTENT_PATH"]),
        )
        key = active_key(db.session, organization, app.config["SECRET_KEY"])
        signing = timed(
            lambda: services.sign_award(publishing, organization, key, award), rounds, warmup
        )
        credential = services.sign_award(publishing, organization, key, award)
        assert public.check_credential(db.session, publishing, credential).is_valid
        verifying = timed(
            lambda: public.check_credential(db.session, publishing, credential), rounds, warmup
        )
        db.session.remove()
    client = _client(app, "bench-staff")
    award_url = f"/badges/awards/{ids['award']}"
    small = max(10, rounds // 10)
    return [
        Result(
            "Sign one credential",
            "`services.sign_award` (build + eddsa-rdfc-2022)",
            signing,
            f"p95 < {TARGET_MS:.0f} ms",
        ),
        Result("Verify one credential", "`public.check_credential`", verifying),
        Result(
            "Download a credential (JSON)",
            f"`GET {award_url.replace(str(ids['award']), '<id>')}/credential.json`",
            timed(_get(client, f"{award_url}/credential.json"), rounds, warmup),
        ),
        Result(
            "Download the baked PNG",
            "`GET /badges/awards/<id>/badge.png`",
            timed(_get(client, f"{award_url}/badge.png"), rounds, warmup),
        ),
        Result(
            f"CLR of {ids['badges']} badges",
            "`GET /youth/<id>/clr.json`",
            timed(_get(client, f"/youth/{ids['youth']}/clr.json"), small, 2),
        ),
    ]


def table(report: Report) -> str:
    rows = [
        "| Measure | Call | n | p50 ms | p95 ms | Target |",
        "|---|---|--:|--:|--:|:-:|",
    ]
    for result in report.results:
        target = result.target
        if target != "—":
            target += ": met" if result.p95 < TARGET_MS else ": **not met**"
        rows.append(
            f"| {result.label} | {result.call} | {result.n} | {result.p50:.2f} | "
            f"{result.p95:.2f} | {target} |"
        )
    return "\n".join(rows)


def section(report: Report) -> str:
    title = benchkit.DATABASE_TITLES[report.database.dialect]
    signing = report.signing
    return "\n".join(
        [
            f"## Credentials: {title}",
            "",
            f"- Date: {report.started:%Y-%m-%d %H:%M} UTC",
            f"- Machine: {benchkit.machine(report.load)}",
            f"- Database: {report.database.description}",
            f"- Data: 1 organization with an Ed25519 signing key; a youth holding "
            f"{report.badges} badges of `content/badges.yaml` (built in "
            f"{report.setup_seconds:.1f} s)",
            f"- Command: `{report.command}`",
            "",
            table(report),
            "",
            f"- Signing one credential: p95 {signing.p95:.1f} ms — "
            + ("met" if report.met else "**not met**")
            + f" (target {TARGET_MS:.0f} ms).",
            "",
        ]
    )


HEADER = """# Credentials benchmarks

`benchmarks/credentials.py` builds a fresh app and database, gives one organization an Ed25519
signing key and a youth 20 badges of `content/badges.yaml`, and times signing one Open Badges
3.0 credential (the award's `OpenBadgeCredential` built and given its `eddsa-rdfc-2022` proof:
two RDFC-1.0 canonicalisations over the vendored contexts, SHA-256 and Ed25519; pure Python, no
database), verifying it (key and status list from the database), and, in-process with the Flask
test client, downloading the credential as JSON, as a baked PNG and the youth's CLR of 20
badges (each badge signed, then the CLR). For each: p50 and p95 of one call.

Target (issue 5): signing one credential under 50 ms (95th percentile; the script exits
non-zero if it is missed).

    .venv/bin/python benchmarks/credentials.py --write docs/benchmarks.md

Each run with `--write` replaces its own database's part of this section and leaves the rest
of the file alone.
"""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    benchkit.add_database_argument(parser)
    parser.add_argument("--rounds", type=int, default=200, help="timed calls per measure")
    parser.add_argument("--warmup", type=int, default=10, help="untimed calls first")
    parser.add_argument("--write", type=Path, help="write or update this Markdown file")
    args = parser.parse_args(argv)
    if args.rounds < 10 or args.warmup < 0:
        parser.error("time at least 10 calls")
    return args


def run(args: argparse.Namespace) -> Report:
    started = datetime.now(UTC)
    database = benchkit.open_database(args.database_url, name="credentials", schema=PG_SCHEMA)
    try:
        clock = time.perf_counter()
        app = benchkit.build_app(
            database, WTF_CSRF_ENABLED=False, CREDENTIAL_BASE_URL="http://127.0.0.1"
        )
        with app.app_context():
            ids = build_data(app)
            db.session.remove()
        setup_seconds = time.perf_counter() - clock
        load_before = benchkit.load_average()
        results = measure(app, ids, args.rounds, args.warmup)
        load = (load_before, benchkit.load_average())
        for result in results:
            print(
                f"  {result.label:<32} p50 {result.p50:7.2f} ms  p95 {result.p95:7.2f} ms",
                file=sys.stderr,
            )
        with app.app_context():
            db.engine.dispose()
    finally:
        database.cleanup()
    return Report(
        database, results, ids["badges"], started, load, benchkit.command(), setup_seconds
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report = run(args)
    print(section(report))
    if args.write:
        benchkit.replace_section(
            args.write,
            (SECTION_BEGIN, SECTION_END),
            MARKER,
            report.database.dialect,
            section(report),
            heading="## Credentials: ",
            header=HEADER,
        )
        print(f"wrote {args.write}", file=sys.stderr)
    return 0 if report.met else 1


if __name__ == "__main__":
    sys.exit(main())
