"""Operator commands: ``flask content validate`` and ``flask content sync``."""

from __future__ import annotations

from pathlib import Path
from time import perf_counter

import click
from flask import current_app
from flask.cli import with_appcontext

from ccl_youth.assessments.sync import sync_instruments
from ccl_youth.careers.sync import sync_careers
from ccl_youth.core.content import Content, ContentError, load_content
from ccl_youth.extensions import db

content_cli = click.Group("content", help="Career and instrument content (the content/ folder).")

PATH_OPTION = click.option(
    "--path",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Content folder (default: the CONTENT_PATH setting, the project's content/).",
)


def _load(path: Path | None) -> tuple[Content, Path, float]:
    """Load and check the content, or print every problem and exit 1."""
    root = path or Path(current_app.config["CONTENT_PATH"])
    started = perf_counter()
    try:
        content = load_content(root)
    except ContentError as error:
        for message in error.messages:
            click.echo(message, err=True)
        count = len(error.messages)
        click.echo(f"{count} problem{'s' if count != 1 else ''} in {root}", err=True)
        raise SystemExit(1) from None
    return content, root, perf_counter() - started


def _summary(content: Content) -> str:
    tops = sum(1 for c in content.clusters if c.parent_code is None)
    items = sum(len(i.items) for i in content.instruments)
    return (
        f"{tops} clusters with {len(content.clusters) - tops} pathways and sub-clusters, "
        f"{len(content.occupations)} occupations, {len(content.links)} occupation links, "
        f"{len(content.instruments)} instruments with {items} items"
    )


@content_cli.command("validate")
@PATH_OPTION
@with_appcontext
def validate_command(path: Path | None) -> None:
    """Check every content file; print OK with counts, or every problem and exit 1."""
    content, root, elapsed = _load(path)
    click.echo(f"OK {root}: {_summary(content)} (checked in {elapsed * 1000:.0f} ms)")


@content_cli.command("sync")
@PATH_OPTION
@with_appcontext
def sync_command(path: Path | None) -> None:
    """Check the content, then load it into the database (safe to run again)."""
    started = perf_counter()
    content, root, _ = _load(path)
    counts = {**sync_careers(db.session, content), **sync_instruments(db.session, content)}
    db.session.commit()
    elapsed = perf_counter() - started
    for table, table_counts in counts.items():
        click.echo(f"{table}: {table_counts}")
    changes = sum(c.changes for c in counts.values())
    click.echo(f"synced {root}: {changes} changes in {elapsed:.2f} s")
