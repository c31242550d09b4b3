"""Bulk upserts shared by the content syncs (``careers/sync.py``, ``assessments/sync.py``).

A sync reads the current rows once, compares them with what content wants, and sends one bulk
INSERT and one bulk UPDATE (by primary key) per table, so a full load of the catalog is a handful
of statements on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

Rows = dict[Any, dict[str, Any]]


@dataclass
class SyncCounts:
    """What one sync did to one table."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    #: rows switched off (items, instruments) or deleted (crosswalk links)
    removed: int = 0
    #: rows content no longer lists that are left as they are
    kept: int = 0

    @property
    def changes(self) -> int:
        return self.added + self.updated + self.removed

    def __str__(self) -> str:
        text = f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"
        if self.removed:
            text += f", {self.removed} removed"
        if self.kept:
            text += f", {self.kept} no longer in content (kept)"
        return text


def upsert_rows(
    session: Session,
    model: Any,
    wanted: Rows,
    existing: Rows,
    fields: tuple[str, ...],
    counts: SyncCounts,
) -> None:
    """Insert the ``wanted`` rows missing from ``existing`` (both keyed by natural key) and
    update those whose ``fields`` differ; ``existing`` rows carry their ``id``."""
    inserts, updates = [], []
    for key, values in wanted.items():
        row = existing.get(key)
        if row is None:
            inserts.append(values)
        elif any(row[f] != values[f] for f in fields):
            updates.append({"id": row["id"], **{f: values[f] for f in fields}})
        else:
            counts.unchanged += 1
    if inserts:
        session.execute(insert(model), inserts)
    if updates:
        session.execute(update(model), updates)
    counts.added += len(inserts)
    counts.updated += len(updates)


def switch_off(
    session: Session, model: Any, existing: Rows, listed: set[Any], counts: SyncCounts
) -> None:
    """Mark the ``existing`` rows whose key is not ``listed`` inactive; rows already inactive
    count as kept."""
    gone = [row for key, row in existing.items() if key not in listed]
    active = [{"id": row["id"], "is_active": False} for row in gone if row["is_active"]]
    if active:
        session.execute(update(model), active)
    counts.removed += len(active)
    counts.kept += len(gone) - len(active)
