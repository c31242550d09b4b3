"""Load instruments and their items from checked content into the database.

Instruments are matched on slug and items on (instrument, key), so ids never change and
attempts keep pointing at the same rows. Nothing is deleted: an item or instrument that content
no longer lists is switched off (``is_active = False``) and comes back on if it returns. The
caller commits.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.assessments.models import Instrument, InstrumentItem
from ccl_youth.core.content import Content, InstrumentEntry
from ccl_youth.core.content_sync import SyncCounts, switch_off, upsert_rows

INSTRUMENT_FIELDS = (
    "title",
    "kind",
    "version",
    "grade_min",
    "grade_max",
    "scale",
    "areas",
    "min_answered_per_area",
    "intro",
    "credit",
    "is_active",
)
ITEM_FIELDS = ("position", "text", "area", "icon", "is_active")


def sync_instruments(session: Session, content: Content) -> dict[str, SyncCounts]:
    """Make the instrument tables match ``content``; returns what changed per table.
    Flushes, never commits."""
    session.flush()
    instruments = SyncCounts()
    existing = _instrument_rows(session)
    wanted = {i.slug: _instrument_values(i) for i in content.instruments}
    upsert_rows(session, Instrument, wanted, existing, INSTRUMENT_FIELDS, instruments)
    switch_off(session, Instrument, existing, set(wanted), instruments)
    ids = {slug: row["id"] for slug, row in _instrument_rows(session).items()}
    items = _sync_items(session, content.instruments, ids)
    return {"instruments": instruments, "items": items}


def _instrument_values(entry: InstrumentEntry) -> dict[str, Any]:
    return {
        "slug": entry.slug,
        "title": entry.title,
        "kind": entry.kind,
        "version": entry.version,
        "grade_min": entry.grade_min,
        "grade_max": entry.grade_max,
        "scale": entry.scale_json(),
        "areas": entry.areas_json(),
        "min_answered_per_area": entry.min_answered_per_area,
        "intro": entry.intro,
        "credit": entry.credit,
        "is_active": True,
    }


def _instrument_rows(session: Session) -> dict[str, dict[str, Any]]:
    columns = [Instrument.id, Instrument.slug, *(getattr(Instrument, f) for f in INSTRUMENT_FIELDS)]
    return {row.slug: dict(row._mapping) for row in session.execute(select(*columns))}


def _sync_items(
    session: Session, entries: tuple[InstrumentEntry, ...], instrument_ids: dict[str, int]
) -> SyncCounts:
    counts = SyncCounts()
    columns = [InstrumentItem.id, InstrumentItem.instrument_id, InstrumentItem.key]
    columns += [getattr(InstrumentItem, f) for f in ITEM_FIELDS]
    existing = {
        (row.instrument_id, row.key): dict(row._mapping)
        for row in session.execute(select(*columns))
    }
    wanted: dict[Any, dict[str, Any]] = {}
    for entry in entries:
        instrument_id = instrument_ids[entry.slug]
        for position, item in enumerate(entry.items, start=1):
            wanted[(instrument_id, item.key)] = {
                "instrument_id": instrument_id,
                "key": item.key,
                "position": position,
                "text": item.text,
                "area": item.area,
                "icon": item.icon,
                "is_active": True,
            }
    upsert_rows(session, InstrumentItem, wanted, existing, ITEM_FIELDS, counts)
    # Only items of instruments still in content are switched off; a removed instrument is
    # switched off as a whole and keeps its items as they were.
    listed = set(instrument_ids[e.slug] for e in entries)
    in_listed = {key: row for key, row in existing.items() if key[0] in listed}
    switch_off(session, InstrumentItem, in_listed, set(wanted), counts)
    return counts
