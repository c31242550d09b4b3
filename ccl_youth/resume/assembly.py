"""The résumé as items (assembled from the record, with the youth's edits and own lines) and as
PDF blocks. A ``ResumeEntry`` with the same ``source_kind`` / ``source_ref`` as a record item
replaces it; one with an empty title only carries the youth's ``is_hidden`` choice over the
record's words. Entries without a source are the youth's own. Six statements whatever the
size of the record. No Flask.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.core.content_recognition import RecognitionCatalog
from ccl_youth.core.pdf import Block, Heading, Para
from ccl_youth.resume.models import ResumeEntry
from ccl_youth.resume.record import (
    CATEGORIES,
    SERVICE_TYPES,
    SOURCE_KINDS,
    ResumeItem,
    assembled_items,
    hours_of,
)

__all__ = [
    "CATEGORIES",
    "SERVICE_TYPES",
    "SOURCE_KINDS",
    "ResumeItem",
    "ResumeWords",
    "assembled_items",
    "hours_of",
    "resume_blocks",
    "resume_items",
]


def _from_entry(entry: ResumeEntry, assembled: ResumeItem | None) -> ResumeItem:
    if assembled is not None and not entry.title:
        # Only the choice to hide: the record's words, not an edit (no entry_id).
        return replace(assembled, is_hidden=entry.is_hidden)
    return ResumeItem(
        category=entry.category,
        title=entry.title,
        organization_name=entry.organization_name,
        start_date=entry.start_date,
        end_date=entry.end_date,
        description=entry.description,
        # Hours of a record item stay the verified ones whatever the youth typed.
        hours=assembled.hours if assembled is not None else entry.hours,
        recognition=entry.recognition,
        source_kind=entry.source_kind,
        source_ref=entry.source_ref,
        entry_id=entry.id,
        is_hidden=entry.is_hidden,
    )


def _sort_key(item: ResumeItem) -> tuple[int, int, str, int]:
    when = item.end_date or item.start_date
    return (when is None, -(when.toordinal() if when else 0), item.title.casefold(),
            item.entry_id or item.source_ref or 0)  # fmt: skip


def resume_items(
    session: Session,
    youth_id: int,
    *,
    include_hidden: bool = False,
    recognition: RecognitionCatalog | None = None,
) -> list[ResumeItem]:
    """The youth's résumé: record items with the youth's edits applied, then their own lines,
    by category (``CATEGORIES`` order) and newest first. Pass ``recognition`` (the web layer's
    ``catalog.recognition()``) for experience-type and badge names and service recognition;
    without it slugs are shown humanized and no badge is named as recognition. No access
    check: callers ask the policy first."""
    assembled = assembled_items(session, youth_id, recognition)
    entries = list(
        session.scalars(
            select(ResumeEntry)
            .where(ResumeEntry.youth_id == youth_id)
            .order_by(ResumeEntry.position, ResumeEntry.id)
        )
    )
    by_source: dict[tuple[str | None, int | None], ResumeEntry] = {
        (e.source_kind, e.source_ref): e for e in entries if e.source_kind
    }
    items = []
    for item in assembled:
        entry = by_source.get((item.source_kind, item.source_ref))
        items.append(item if entry is None else _from_entry(entry, item))
    # Edits of records that no longer exist are left out with them.
    items += [_from_entry(e, None) for e in entries if e.source_kind is None]
    if not include_hidden:
        items = [item for item in items if not item.is_hidden]
    order = {category: index for index, category in enumerate(CATEGORIES)}
    return sorted(items, key=lambda i: (order.get(i.category, len(order)), _sort_key(i)))


@dataclass(frozen=True)
class ResumeWords:
    """The words ``resume_blocks`` adds around the items (the web layer translates them)."""

    hours: str = "{hours} hours"
    recognition: str = "Recognised with: {recognition}"
    ongoing: str = "now"
    date_text: Callable[[date], str] = field(default=lambda d: d.strftime("%b %Y"))


def date_span(item: ResumeItem, words: ResumeWords) -> str:
    """ "Sep 2025 – Jun 2026", one date when both are the same month, "" when undated."""
    start = words.date_text(item.start_date) if item.start_date else ""
    end = words.date_text(item.end_date) if item.end_date else ""
    if start and not end:
        return start if item.category == "award" else f"{start} – {words.ongoing}"
    if start == end or not start:
        return end
    return f"{start} – {end}"


def format_hours(hours: Decimal) -> str:
    """12.50 → "12.5", 3.00 → "3"."""
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def resume_blocks(
    items: Sequence[ResumeItem],
    headings: Mapping[str, str],
    *,
    words: ResumeWords | None = None,
    level: int = 2,
) -> list[Block]:
    """A heading per category with items (``headings``: category → heading; ``level`` 2 to
    sit under a section of a larger document, 1 for the résumé on its own), then per item a
    line (title — organization · dates) and a muted line of the details."""
    words = words or ResumeWords()
    blocks: list[Block] = []
    for category in CATEGORIES:
        chosen = [item for item in items if item.category == category]
        if not chosen:
            continue
        blocks.append(Heading(headings.get(category, category), level=level))
        for item in chosen:
            head = " — ".join(part for part in (item.title, item.organization_name) if part)
            span = date_span(item, words)
            blocks.append(Para(f"{head} · {span}" if span else head))
            details = [item.description] if item.description else []
            if item.hours is not None:
                details.append(words.hours.format(hours=format_hours(item.hours)))
            if item.recognition:
                details.append(words.recognition.format(recognition=item.recognition))
            if details:
                blocks.append(Para(" · ".join(details), muted=True))
    return blocks
