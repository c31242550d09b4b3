"""Time of the career catalog's searches over the whole catalog, against 20 ms per query.

Builds a fresh database (SQLite in a temporary directory unless ``--database-url`` names
another; on PostgreSQL everything lives in a schema of its own that is created before and
dropped after the run), loads the app's career catalog from ``content/`` as
``flask content sync`` does (``load_content`` checks the files, ``sync_careers`` writes every
cluster of both frameworks, every occupation and the crosswalk in bulk), and times the service
calls the pages and the API make, in-process, each in a database session of its own as a
request has.

    .venv/bin/python benchmarks/search.py
    .venv/bin/python benchmarks/search.py --write docs/benchmarks.md
    .venv/bin/python benchmarks/search.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/ccl_youth_bench \\
        --write docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import benchkit
from benchkit import ROOT, Database
from sqlalchemy import select

from ccl_youth.careers import services
from ccl_youth.careers.models import CareerCluster
from ccl_youth.careers.sync import sync_careers
from ccl_youth.core.content import ContentError, load_content
from ccl_youth.db import StatementCounter
from ccl_youth.extensions import db

CONTENT = ROOT / "content"
PG_SCHEMA = "ccl_youth_search_bench"
TARGET_MS = 20.0
MARKER = "<!-- search-bench:{name}:{end} -->"


# --- the catalog --------------------------------------------------------------------------


def load_catalog() -> dict[str, int]:
    """The app's content, checked and written to the database as ``flask content sync`` does
    it; returns the row counts."""
    try:
        content = load_content(CONTENT)
    except ContentError as error:
        raise SystemExit("\n".join([*error.messages, f"problems in {CONTENT}"])) from None
    sync_careers(db.session, content)
    db.session.commit()
    benchkit.analyze(db.engine, ("career_cluster", "occupation", "occupation_cluster"))
    return {
        "occupations": len(content.occupations),
        "clusters": len(content.clusters),
        "links": len(content.links),
    }


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
class Result(benchkit.Percentiles):
    query: Query
    matches: str = ""
    sql: int = 0
    times_ms: list[float] = field(default_factory=list)


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
            # End the read as a request does (see ccl_youth._commit_read_only_requests): with
            # COMMIT, so PostgreSQL keeps its prepared statements.
            db.session.commit()
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
            f"## Career search: {benchkit.DATABASE_TITLES[report.database.dialect]}",
            "",
            f"- Date: {report.started:%Y-%m-%d %H:%M} UTC",
            f"- Machine: {benchkit.machine(report.load)}",
            f"- Database: {report.database.description}",
            f"- Data: the whole catalog, {counts['occupations']:,} occupations, "
            f"{counts['clusters']} clusters, pathways and sub-clusters, {counts['links']:,} "
            f"occupation–cluster links (loaded in {report.load_seconds:.1f} s) from "
            f"`{CONTENT.relative_to(ROOT)}/` by the app's content sync",
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
occupation page's data. The catalog is the app's own `content/careers`, checked and
loaded as `flask content sync` does it (`load_content`, then `sync_careers`): every cluster of
both frameworks with their pathways and sub-clusters, every occupation and the crosswalk.
Each call runs in a database session of its own, as in a request; the queries
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
    benchkit.replace_section(
        path,
        (SECTION_BEGIN, SECTION_END),
        MARKER,
        report.database.dialect,
        section(report),
        heading="## Career search: ",
        header=HEADER,
    )


# --- main ---------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    benchkit.add_database_argument(parser)
    parser.add_argument("--rounds", type=int, default=200, help="timed calls per query")
    parser.add_argument("--warmup", type=int, default=20, help="untimed rounds first")
    parser.add_argument("--write", type=Path, help="write or update this Markdown file")
    args = parser.parse_args(argv)
    if args.rounds < 5 or args.warmup < 0:
        parser.error("time at least 5 calls per query")
    return args


def run(args: argparse.Namespace) -> Report:
    started = datetime.now(UTC)
    database = benchkit.open_database(args.database_url, name="search", schema=PG_SCHEMA)
    try:
        app = benchkit.build_app(database)
        with app.app_context():
            clock = time.perf_counter()
            counts = load_catalog()
            load_seconds = time.perf_counter() - clock
            load_before = benchkit.load_average()
            results = measure(queries(), args.rounds, args.warmup)
            load = (load_before, benchkit.load_average())
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
    return Report(database, counts, results, benchkit.command(), started, load_seconds, load)


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
