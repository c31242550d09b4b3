"""What the benchmark scripts share: the database they run on, the app, the machine's
description, percentiles and the Markdown sections they write.

Importing this module puts the project on ``sys.path``, so a script run as
``.venv/bin/python benchmarks/<name>.py`` imports ``ccl_youth`` after it.
"""

from __future__ import annotations

import argparse
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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import flask_migrate
import sqlalchemy
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import OperationalError

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ccl_youth import config as settings  # noqa: E402
from ccl_youth import create_app  # noqa: E402
from ccl_youth.extensions import db  # noqa: E402

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
DATABASE_TITLES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


# --- the database -------------------------------------------------------------------------


@dataclass(frozen=True)
class Database:
    """Where a benchmark runs: a URL for the app, engine options, and how to clean up."""

    url: str
    dialect: str
    engine_options: dict[str, Any]
    description: str
    cleanup: Callable[[], None]


def _check_loopback(url: URL) -> None:
    if url.host and url.host not in LOOPBACK:
        raise SystemExit(f"refusing to use database host {url.host!r}: only 127.0.0.1 is used")


def _postgres(url_text: str, schema: str) -> Database:
    url = make_url(url_text)
    _check_loopback(url)
    admin_engine = create_engine(url, poolclass=sqlalchemy.pool.NullPool)
    try:
        with admin_engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {schema}"))
            version = connection.scalar(text("SHOW server_version"))
    except OperationalError as error:
        raise SystemExit(
            f"cannot reach {url.render_as_string(hide_password=True)}: {error.orig}\n"
            f"create it with: psql -h {url.host or '127.0.0.1'} -U {url.username or 'postgres'} "
            f"-c 'CREATE DATABASE {url.database}' postgres"
        ) from None

    def drop_schema() -> None:
        with admin_engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin_engine.dispose()

    return Database(
        url=url_text,
        dialect="postgresql",
        engine_options={
            **settings.DEFAULTS["SQLALCHEMY_ENGINE_OPTIONS"],
            "connect_args": {"options": f"-csearch_path={schema}"},
        },
        description=(
            f"PostgreSQL {version} on {url.host}:{url.port or 5432}, database "
            f"`{url.database}`, schema `{schema}` (created for the run, dropped after)"
        ),
        cleanup=drop_schema,
    )


def _sqlite(url_text: str | None, name: str) -> Database:
    description = f"SQLite {sqlite3.sqlite_version}, a file in a temporary directory (WAL)"
    if url_text is None:
        directory = tempfile.TemporaryDirectory(prefix=f"ccl_youth_{name}_")
        url_text = "sqlite:///" + str(Path(directory.name) / f"{name}.sqlite3")
        cleanup: Callable[[], None] = directory.cleanup
    else:
        path = make_url(url_text).database
        if not path or path == ":memory:" or Path(path).exists():
            raise SystemExit("give a SQLite file that does not exist yet; it is built fresh")
        description = f"SQLite {sqlite3.sqlite_version}, file `{path}` (WAL)"

        def cleanup() -> None:
            return None

    return Database(
        url=url_text,
        dialect="sqlite",
        engine_options=dict(settings.DEFAULTS["SQLALCHEMY_ENGINE_OPTIONS"]),
        description=description,
        cleanup=cleanup,
    )


def open_database(url_text: str | None, *, name: str, schema: str) -> Database:
    """A new SQLite file (in a temporary directory named after ``name`` unless ``url_text``
    names one), or ``schema`` created afresh in a PostgreSQL database on this machine."""
    if url_text is None:
        return _sqlite(None, name)
    backend = make_url(url_text).get_backend_name()
    if backend == "sqlite":
        return _sqlite(url_text, name)
    if backend in ("postgresql", "postgres"):
        return _postgres(settings.normalise_database_url(url_text), schema)
    raise SystemExit(f"unsupported database {backend!r}: use SQLite or PostgreSQL")


def analyze(engine: Engine, tables: Iterable[str]) -> None:
    """Fresh planner statistics on PostgreSQL, as autovacuum would gather after a bulk load;
    without them the planner takes the new tables for empty."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in tables:
            connection.execute(text(f'ANALYZE "{table}"'))


# --- the app ------------------------------------------------------------------------------


def build_app(database: Database, **config: Any) -> Flask:
    """An app with the production defaults (plus ``config``) on ``database``, migrated."""
    app = create_app(
        {
            **settings.DEFAULTS,
            "SECRET_KEY": secrets.token_hex(32),
            "SQLALCHEMY_DATABASE_URI": database.url,
            "SQLALCHEMY_ENGINE_OPTIONS": database.engine_options,
            "REDIS_URL": "",
            "RATELIMIT_STORAGE_URI": "memory://",
            **config,
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
        db.session.remove()
    return app


# --- numbers and the machine --------------------------------------------------------------


def p50(times_ms: list[float]) -> float:
    return statistics.median(times_ms)


def p95(times_ms: list[float]) -> float:
    """The nearest-rank 95th percentile."""
    ordered = sorted(times_ms)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


class Percentiles:
    """``p50`` and ``p95`` of a result's ``times_ms`` (milliseconds)."""

    times_ms: list[float]

    @property
    def p50(self) -> float:
        return p50(self.times_ms)

    @property
    def p95(self) -> float:
        return p95(self.times_ms)


def load_average() -> float:
    return os.getloadavg()[0]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _nproc() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def machine(load: tuple[float, float]) -> str:
    """The machine line of a report: CPUs, system, versions, and the 1-minute load average
    before and after timing."""
    return (
        f"{_nproc()} CPUs (nproc), {_cpu_model()}, "
        f"{platform.system()} {platform.machine()}; Python {platform.python_version()}, "
        f"SQLAlchemy {sqlalchemy.__version__}; load average (1 min) "
        f"{load[0]:.1f} before timing, {load[1]:.1f} after"
    )


def command() -> str:
    """This run's command line, relative to the project, with any password hidden."""
    argv = list(sys.argv)
    script = Path(argv[0]).resolve()
    if script.is_relative_to(ROOT):
        argv[0] = str(script.relative_to(ROOT))
    for index, argument in enumerate(argv):
        if "://" in argument:
            argv[index] = make_url(argument).render_as_string(hide_password=True)
    return shlex.join([".venv/bin/python", *argv])


# --- the command line ---------------------------------------------------------------------


def add_database_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        help="SQLite file (new) or PostgreSQL database on 127.0.0.1; default: temporary SQLite",
    )


# --- Markdown -----------------------------------------------------------------------------


def marked(text_: str, begin: str, end: str) -> re.Match[str] | None:
    """The first stretch of ``text_`` from the line ``begin`` to ``end``; group 1 is what lies
    between them."""
    return re.search(re.escape(begin) + r"\n(.*?)" + re.escape(end), text_, re.S)


def database_parts(existing: str, marker: str, dialect: str, section: str, heading: str) -> str:
    """One marked part per database, each ``marker.format(name=..., end="begin"|"end")``:
    ``section`` for ``dialect``, what ``existing`` holds for the others (or, the first time,
    ``heading`` followed by the database's name and "Not run yet.")."""
    parts = []
    for name, database_title in DATABASE_TITLES.items():
        begin, end = marker.format(name=name, end="begin"), marker.format(name=name, end="end")
        if name == dialect:
            body = section + "\n"
        else:
            found = marked(existing, begin, end)
            body = found.group(1) if found else f"{heading}{database_title}\n\nNot run yet.\n\n"
        parts.append(f"{begin}\n{body}{end}\n")
    return "\n".join(parts)


def read_markdown(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def write_markdown(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def replace_section(
    path: Path,
    bounds: tuple[str, str],
    marker: str,
    dialect: str,
    section: str,
    *,
    heading: str,
    header: str,
) -> None:
    """Write one benchmark's marked block of ``path`` (``bounds``: its begin and end lines):
    ``header``, then this run's database part replaced and the other kept; the block is
    appended at the end of the file the first time, and the rest of the file is left alone."""
    begin, end = bounds
    existing = read_markdown(path)
    found = marked(existing, begin, end)
    parts = database_parts(found.group(1) if found else "", marker, dialect, section, heading)
    block = f"{begin}\n{header}\n{parts}{end}\n"
    if found:
        text = existing[: found.start()] + block + existing[found.end() :].lstrip("\n")
    else:
        text = existing.rstrip("\n") + ("\n\n" if existing else "") + block
    write_markdown(path, text)
