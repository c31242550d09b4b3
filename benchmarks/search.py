"""Time of the career catalog's searches over the whole catalog, against 20 ms per query.

Builds a fresh database (SQLite in a temporary directory unless ``--database-url`` names
another; on PostgreSQL everything lives in a schema of its own that is created before and
dropped after the run), loads the real catalog from the content sources with bulk inserts
(every occupation, both cluster frameworks, the legacy pathway links from the crosswalk and
2024 cluster links through the legacy-to-2024 cluster map), and times the service calls the
pages and the API make, in-process, each in a database session of its own as a request has.

    .venv/bin/python benchmarks/search.py
    .venv/bin/python benchmarks/search.py --write docs/benchmarks.md
    .venv/bin/python benchmarks/search.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/ccl_youth_bench \\
        --write docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import platform
import re
import secrets
import shlex
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import flask_migrate
import sqlalchemy
from flask import Flask
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ccl_youth import config as settings  # noqa: E402
from ccl_youth import create_app  # noqa: E402
from ccl_youth.careers import services  # noqa: E402
from ccl_youth.careers.models import CareerCluster, Occupation, OccupationCluster  # noqa: E402
from ccl_youth.db import StatementCounter  # noqa: E402
from ccl_youth.extensions import db  # noqa: E402

SOURCE_DATA = ROOT.parent / "shared" / "content-source"
APP_CONTENT = ROOT / "content" / "careers"
DEFAULT_SOURCE = SOURCE_DATA if SOURCE_DATA.is_dir() else APP_CONTENT
PG_SCHEMA = "ccl_youth_search_bench"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
TARGET_MS = 20.0
MARKER = "<!-- search-bench:{name}:{end} -->"
DATABASE_TITLES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


# --- the database -------------------------------------------------------------------------


@dataclass(frozen=True)
class Database:
    url: str
    dialect: str
    engine_options: dict[str, Any]
    description: str
    cleanup: Callable[[], None]


def _postgres(url_text: str) -> Database:
    url = make_url(url_text)
    if url.host and url.host not in LOOPBACK:
        raise SystemExit(f"refusing to use database host {url.host!r}: only 127.0.0.1 is used")
    admin_engine = create_engine(url, poolclass=sqlalchemy.pool.NullPool)
    try:
        with admin_engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
            version = connection.scalar(text("SHOW server_version"))
    except OperationalError as error:
        raise SystemExit(
            f"cannot reach {url.render_as_string(hide_password=True)}: {error.orig}"
        ) from None

    def drop_schema() -> None:
        with admin_engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        admin_engine.dispose()

    return Database(
        url=url_text,
        dialect="postgresql",
        engine_options={
            **settings.DEFAULTS["SQLALCHEMY_ENGINE_OPTIONS"],
            "connect_args": {"options": f"-csearch_path={PG_SCHEMA}"},
        },
        description=(
            f"PostgreSQL {version} on {url.host}:{url.port or 5432}, database "
            f"`{url.database}`, schema `{PG_SCHEMA}` (created for the run, dropped after)"
        ),
        cleanup=drop_schema,
    )


def open_database(url_text: str | None) -> Database:
    if url_text is None:
        directory = tempfile.TemporaryDirectory(prefix="ccl_youth_search_")
        return Database(
            url="sqlite:///" + str(Path(directory.name) / "search.sqlite3"),
            dialect="sqlite",
            engine_options=dict(settings.DEFAULTS["SQLALCHEMY_ENGINE_OPTIONS"]),
            description=f"SQLite {sqlite3.sqlite_version}, a file in a temporary directory (WAL)",
            cleanup=directory.cleanup,
        )
    backend = make_url(url_text).get_backend_name()
    if backend in ("postgresql", "postgres"):
        return _postgres(settings.normalise_database_url(url_text))
    raise SystemExit("give a PostgreSQL URL, or nothing for a temporary SQLite file")


def build_app(database: Database) -> Flask:
    app = create_app(
        {
            **settings.DEFAULTS,
            "SECRET_KEY": secrets.token_hex(32),
            "SQLALCHEMY_DATABASE_URI": database.url,
            "SQLALCHEMY_ENGINE_OPTIONS": database.engine_options,
            "REDIS_URL": "",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
        db.session.remove()
    return app


# --- the catalog --------------------------------------------------------------------------


def _read(source: Path, name: str) -> list[dict[str, str]]:
    with (source / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _number(text: str, kind: type) -> Any:
    return kind(text) if text.strip() else None


def _insert_ids(model: type, rows: list[dict[str, Any]], key: str) -> dict[Any, int]:
    """Bulk insert, then the new ids by ``key`` (one SELECT)."""
    db.session.execute(insert(model), rows)
    column = getattr(model, key)
    return {value: id_ for id_, value in db.session.execute(select(model.id, column))}


def _cluster_ids() -> dict[tuple[str, str], int]:
    return {
        (framework, code): id_
        for id_, framework, code in db.session.execute(
            select(CareerCluster.id, CareerCluster.framework, CareerCluster.code)
        )
    }


def _finish(counts: dict[str, int]) -> dict[str, int]:
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            for table in ("career_cluster", "occupation", "occupation_cluster"):
                connection.execute(text(f'ANALYZE "{table}"'))
    return counts


_CONTENT_NUMBERS: dict[str, type] = {
    "job_zone": int,
    "education_level": int,
    "median_annual_wage": int,
    "annual_openings": int,
    "median_hourly_wage": float,
    "employment_change_pct": float,
}


def _content_occupation(row: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = dict(row)
    for name, kind in _CONTENT_NUMBERS.items():
        values[name] = _number(row[name], kind)
    for name in ("riasec_r", "riasec_i", "riasec_a", "riasec_s", "riasec_e", "riasec_c"):
        values[name] = float(row[name])
    return values


def load_app_content(source: Path) -> dict[str, int]:
    """The catalog from the app's own ``content/careers`` files (their columns are the
    models'); returns the row counts."""
    rows = _read(source, "clusters.csv")

    def cluster(row: dict[str, str], parent_id: int | None) -> dict[str, Any]:
        fields = ("framework", "code", "name", "kind", "summary")
        return {
            **{name: row[name] for name in fields},
            "is_cross_cutting": row["is_cross_cutting"] == "Y",
            "parent_id": parent_id,
        }

    db.session.execute(
        insert(CareerCluster), [cluster(row, None) for row in rows if not row["parent_code"]]
    )
    ids = _cluster_ids()
    db.session.execute(
        insert(CareerCluster),
        [
            cluster(row, ids[(row["framework"], row["parent_code"])])
            for row in rows
            if row["parent_code"]
        ],
    )
    ids = _cluster_ids()
    occupation_ids = _insert_ids(
        Occupation,
        [_content_occupation(row) for row in _read(source, "occupations.csv")],
        "soc_code",
    )
    links = {
        (occupation_ids[row["soc_code"]], ids[(row["framework"], row["cluster_code"])])
        for row in _read(source, "occupation_clusters.csv")
    }
    db.session.execute(
        insert(OccupationCluster),
        [{"occupation_id": o, "cluster_id": c} for o, c in sorted(links)],
    )
    return _finish({"occupations": len(occupation_ids), "clusters": len(ids), "links": len(links)})


def load_catalog(source: Path) -> dict[str, int]:
    """Every cluster, every occupation with an interest profile (as the catalog holds them)
    and their links, from the content sources or from the app's content files; returns the
    row counts."""
    if not (source / "legacy_to_modern_cluster_map.csv").exists():
        return load_app_content(source)
    cluster_rows = _read(source, "clusters.csv")
    clusters: dict[tuple[str, str], dict[str, Any]] = {}
    children: list[tuple[dict[str, Any], tuple[str, str]]] = []
    for number, row in enumerate(cluster_rows, start=1):
        framework, cluster_code = row["framework"], row["cluster_code"]
        parent_key = (framework, cluster_code)
        clusters.setdefault(
            parent_key,
            {
                "framework": framework,
                "code": cluster_code,
                "name": row["cluster_name"],
                "kind": "cluster",
                "is_cross_cutting": row["is_cross_cutting"] == "Y",
                "summary": "",
            },
        )
        child_code = row["pathway_code"] or f"{cluster_code}.{number:03d}"
        child = {
            "framework": framework,
            "code": child_code,
            "name": row["pathway_name"],
            "kind": "pathway" if framework == "legacy_16" else "subcluster",
            "is_cross_cutting": False,
            "summary": "",
        }
        children.append((child, parent_key))
    db.session.execute(insert(CareerCluster), list(clusters.values()))
    ids = _cluster_ids()
    db.session.execute(
        insert(CareerCluster),
        [{**child, "parent_id": ids[parent_key]} for child, parent_key in children],
    )
    ids = _cluster_ids()

    occupation_ids = _insert_ids(
        Occupation,
        [
            {
                "soc_code": row["soc_code"],
                "title": row["title"],
                "description": row["description"],
                "job_zone": _number(row["job_zone"], int),
                "riasec_r": float(row["riasec_R"]),
                "riasec_i": float(row["riasec_I"]),
                "riasec_a": float(row["riasec_A"]),
                "riasec_s": float(row["riasec_S"]),
                "riasec_e": float(row["riasec_E"]),
                "riasec_c": float(row["riasec_C"]),
                "holland_code": row["holland_code"],
                "education_level": _number(row["onet_education_mode_category"], int),
                "education": row["onet_education_mode"],
                "median_annual_wage": _number(row["median_annual_wage_usd"], int),
                "median_hourly_wage": _number(row["median_hourly_wage_usd"], float),
                "employment_change_pct": _number(row["bls_employment_change_pct_2024_34"], float),
                "annual_openings": _number(row["bls_annual_openings_2024_34"], int),
            }
            for row in _read(source, "occupations.csv")
            if row["riasec_R"].strip()  # no interest profile: not in the catalog
        ],
        "soc_code",
    )
    modern = {
        row["legacy_cluster_code"]: row["modern_cluster_code"]
        for row in _read(source, "legacy_to_modern_cluster_map.csv")
        if row["modern_cluster_code"]
    }
    links: set[tuple[int, int]] = set()
    for row in _read(source, "occupation_clusters.csv"):
        occupation_id = occupation_ids.get(row["soc_code"])
        if occupation_id is None:
            continue
        links.add((occupation_id, ids[("legacy_16", row["pathway_code"])]))
        if row["cluster_code"] in modern:
            links.add((occupation_id, ids[("ncc_2024", modern[row["cluster_code"]])]))
    db.session.execute(
        insert(OccupationCluster),
        [{"occupation_id": o, "cluster_id": c} for o, c in sorted(links)],
    )
    return _finish({"occupations": len(occupation_ids), "clusters": len(ids), "links": len(links)})


# --- the queries --------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    label: str
    call: str
    run: Callable[[], Any]
    is_search: bool = True


def _cluster_id(framework: str, name: str) -> int:
    found = db.session.scalar(
        select(CareerCluster.id).where(
            CareerCluster.framework == framework, CareerCluster.name == name
        )
    )
    if found is None:
        raise SystemExit(f"no {framework} cluster named {name!r} in the sources")
    return found


def queries() -> list[Query]:
    """The searches pages and the API make most, and the catalog's other two page queries."""
    healthcare = _cluster_id("ncc_2024", "Healthcare & Human Services")
    manufacturing = _cluster_id("ncc_2024", "Advanced Manufacturing")
    health_science = _cluster_id("legacy_16", "Health Science")
    therapeutic = _cluster_id("legacy_16", "Therapeutic Services")
    session = db.session

    def search(**kwargs: Any) -> Callable[[], Any]:
        return lambda: services.search_occupations(session, **kwargs)

    return [
        Query("Keyword, one word", 'q="nurse"', search(query="nurse")),
        Query("Keyword, a common word", 'q="data"', search(query="data")),
        Query("Keyword, two words", 'q="computer systems"', search(query="computer systems")),
        Query("Keyword, no match", 'q="xylophone"', search(query="xylophone")),
        Query("Cluster (2024)", "Healthcare & Human Services", search(cluster_id=healthcare)),
        Query(
            "Cluster with its pathways (16)",
            "Health Science",
            search(cluster_id=health_science),
        ),
        Query("Pathway (16)", "Therapeutic Services", search(cluster_id=therapeutic)),
        Query("Job zones", "job zones 1 and 2", search(job_zones=(1, 2))),
        Query(
            "Combined",
            'q="technician", Advanced Manufacturing, job zones 3–4',
            search(query="technician", cluster_id=manufacturing, job_zones=(3, 4)),
        ),
        Query(
            "Combined, with education",
            'q="teach", job zones 4–5, education ≤ 8 (master\'s)',
            search(query="teach", job_zones=(4, 5), max_education=8),
        ),
        Query("Everything, page 10", "no filters, page 10 of 20 a page", search(page=10)),
        Query(
            "Cluster list (2024)",
            'list_clusters("ncc_2024")',
            lambda: services.list_clusters(session, "ncc_2024"),
            is_search=False,
        ),
        Query(
            "Cluster list (16)",
            'list_clusters("legacy_16")',
            lambda: services.list_clusters(session, "legacy_16"),
            is_search=False,
        ),
        Query(
            "Occupation page data",
            'occupation_detail("29-1141.00")',
            lambda: services.occupation_detail(session, "29-1141.00"),
            is_search=False,
        ),
    ]


@dataclass
class Result:
    query: Query
    matches: str = ""
    sql: int = 0
    times_ms: list[float] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def _matches(value: Any) -> str:
    if isinstance(value, services.OccupationPage):
        return f"{value.total:,} ({len(value.rows)} shown)"
    if isinstance(value, list):
        return f"{len(value)} clusters"
    if isinstance(value, services.OccupationDetail):
        return f"{len(value.clusters)} clusters, {len(value.related)} related"
    return ""


def measure(queries_: list[Query], rounds: int, warmup: int) -> list[Result]:
    """Each query once per round, rounds after warm-up; each call in a session of its own."""
    results = [Result(query) for query in queries_]
    for result in results:
        with StatementCounter(db.engine) as counter:
            result.matches = _matches(result.query.run())
        result.sql = counter.count
        db.session.remove()
    for round_ in range(warmup + rounds):
        for result in results:
            start = time.perf_counter()
            result.query.run()
            elapsed = (time.perf_counter() - start) * 1000
            db.session.remove()
            if round_ >= warmup:
                result.times_ms.append(elapsed)
    return results


# --- the report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    database: Database
    counts: dict[str, int]
    results: list[Result]
    command: str
    started: datetime
    load_seconds: float
    load: tuple[float, float]
    source: Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def table(report: Report) -> str:
    lines = [
        "| Query | Call | Matches | n | p50 ms | p95 ms | SQL | p95 < 20 ms |",
        "|---|---|--:|--:|--:|--:|--:|:-:|",
    ]
    for result in report.results:
        query = result.query
        verdict = "met" if result.p95 < TARGET_MS else "**missed**"
        if not query.is_search:
            verdict += " (extra)"
        lines.append(
            f"| {query.label} | {query.call} | {result.matches} | {len(result.times_ms)} "
            f"| {result.p50:.2f} | {result.p95:.2f} | {result.sql} | {verdict} |"
        )
    return "\n".join(lines)


def section(report: Report) -> str:
    counts = report.counts
    searches = [r for r in report.results if r.query.is_search]
    worst = max(searches, key=lambda r: r.p95)
    met = all(r.p95 < TARGET_MS for r in searches)
    return "\n".join(
        [
            f"## Career search: {DATABASE_TITLES[report.database.dialect]}",
            "",
            f"- Date: {report.started:%Y-%m-%d %H:%M} UTC",
            f"- Machine: {len(os.sched_getaffinity(0))} CPUs (nproc), {_cpu_model()}, "
            f"{platform.system()} {platform.machine()}; Python {platform.python_version()}, "
            f"SQLAlchemy {sqlalchemy.__version__}; load average (1 min) "
            f"{report.load[0]:.1f} before timing, {report.load[1]:.1f} after",
            f"- Database: {report.database.description}",
            f"- Data: the whole catalog, {counts['occupations']:,} occupations, "
            f"{counts['clusters']} clusters, pathways and sub-clusters, {counts['links']:,} "
            f"occupation–cluster links (loaded in {report.load_seconds:.1f} s) from "
            f"`{_shown(report.source)}`",
            f"- Command: `{report.command}`",
            "",
            table(report),
            "",
            f"Target: every search under {TARGET_MS:g} ms (95th percentile) — "
            + ("met" if met else "**not met**")
            + f"; the slowest is {worst.query.label.lower()} at {worst.p95:.2f} ms.",
            "",
        ]
    )


HEADER = """# Career search benchmarks

`benchmarks/search.py` builds a fresh database, loads the whole career catalog with bulk
inserts and times `careers.services.search_occupations` for typical searches (keyword,
cluster, job zone, combined; 20 a page, as the pages ask), plus the cluster list and an
occupation page's data. The catalog comes from the content sources
(`../shared/content-source`: every occupation with an interest profile, both cluster
frameworks, the 16 clusters' pathway links from the crosswalk and 2024 cluster links through
the legacy-to-2024 cluster map) or, with `--source content/careers`, from the app's own
content files. Each call runs in a database session of its own, as in a request; the queries
are timed in rounds, one call each per round, after a warm-up. The target is each search
under 20 ms at the 95th percentile. No index was added for these: a search reads the
occupation table once (about a thousand rows), and the cluster filter uses the crosswalk's
existing cluster index.

    .venv/bin/python benchmarks/search.py --write docs/benchmarks.md
    .venv/bin/python benchmarks/search.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/ccl_youth_bench \\
        --write docs/benchmarks.md

Each run with `--write` replaces its own database's part of this section and leaves the rest
of the file alone.
"""
SECTION_BEGIN = "<!-- search-bench:begin -->"
SECTION_END = "<!-- search-bench:end -->"


def write_markdown(path: Path, report: Report) -> None:
    """Replace this benchmark's part of the file (appended at the end the first time)."""
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    found = re.search(
        re.escape(SECTION_BEGIN) + r"\n(.*?)" + re.escape(SECTION_END), existing, re.S
    )
    ours = found.group(1) if found else ""
    parts = {}
    for name, title in DATABASE_TITLES.items():
        begin, end = MARKER.format(name=name, end="begin"), MARKER.format(name=name, end="end")
        part = re.search(re.escape(begin) + r"\n(.*?)" + re.escape(end), ours, re.S)
        parts[name] = part.group(1) if part else f"## Career search: {title}\n\nNot run yet.\n\n"
    parts[report.database.dialect] = section(report) + "\n"
    body = "\n".join(
        [HEADER]
        + [
            MARKER.format(name=name, end="begin")
            + "\n"
            + parts[name]
            + MARKER.format(name=name, end="end")
            + "\n"
            for name in DATABASE_TITLES
        ]
    )
    block = f"{SECTION_BEGIN}\n{body}{SECTION_END}\n"
    if found:
        text_ = existing[: found.start()] + block + existing[found.end() :].lstrip("\n")
    else:
        text_ = existing.rstrip("\n") + ("\n\n" if existing else "") + block
    path.write_text(text_, encoding="utf-8")


def _shown(path: Path) -> str:
    """The path relative to the project (``../`` for a sibling directory)."""
    resolved = path.resolve()
    if resolved.is_relative_to(ROOT):
        return str(resolved.relative_to(ROOT))
    if resolved.is_relative_to(ROOT.parent):
        return str(Path("..") / resolved.relative_to(ROOT.parent))
    return str(path)


def _command() -> str:
    argv = list(sys.argv)
    script = Path(argv[0]).resolve()
    if script.is_relative_to(ROOT):
        argv[0] = str(script.relative_to(ROOT))
    for index, argument in enumerate(argv):
        if "://" in argument:
            argv[index] = make_url(argument).render_as_string(hide_password=True)
    return shlex.join([".venv/bin/python", *argv])


# --- main ---------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", help="PostgreSQL database on 127.0.0.1; default: temporary SQLite"
    )
    parser.add_argument(
        "--source",
        type=Path,
        default=DEFAULT_SOURCE,
        help=f"the content sources' directory (default: {DEFAULT_SOURCE})",
    )
    parser.add_argument("--rounds", type=int, default=200, help="timed calls per query")
    parser.add_argument("--warmup", type=int, default=20, help="untimed rounds first")
    parser.add_argument("--write", type=Path, help="write or update this Markdown file")
    args = parser.parse_args(argv)
    if args.rounds < 5 or args.warmup < 0:
        parser.error("time at least 5 calls per query")
    return args


def run(args: argparse.Namespace) -> Report:
    started = datetime.now(UTC)
    database = open_database(args.database_url)
    try:
        app = build_app(database)
        with app.app_context():
            clock = time.perf_counter()
            counts = load_catalog(args.source)
            load_seconds = time.perf_counter() - clock
            load_before = os.getloadavg()[0]
            results = measure(queries(), args.rounds, args.warmup)
            load = (load_before, os.getloadavg()[0])
            for result in results:
                print(
                    f"  {result.query.label:<32} p50 {result.p50:7.2f} ms  "
                    f"p95 {result.p95:7.2f} ms  SQL {result.sql}  {result.matches}",
                    file=sys.stderr,
                )
            db.session.remove()
            db.engine.dispose()
    finally:
        database.cleanup()
    return Report(database, counts, results, _command(), started, load_seconds, load, args.source)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report = run(args)
    print(section(report))
    if args.write:
        write_markdown(args.write, report)
        print(f"wrote {args.write}", file=sys.stderr)
    searches = [r for r in report.results if r.query.is_search]
    return 0 if all(r.p95 < TARGET_MS for r in searches) else 1


if __name__ == "__main__":
    sys.exit(main())
