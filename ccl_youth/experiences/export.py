"""The activity list as CSV: one row per activity, no youth named. Pure: rows in, text out."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

from ccl_youth.experiences.queries import ExportRow

HEADER = (
    "id",
    "date",
    "type",
    "title",
    "minutes",
    "program",
    "cohort",
    "partner",
    "clusters",
    "tactics",
    "attendees",
)
#: A cell starting with one of these is read as a formula by spreadsheets: it gets a leading
#: apostrophe so a title such as "=HYPERLINK(…)" stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def activities_csv(rows: Iterable[ExportRow], type_names: Mapping[str, str]) -> str:
    """CSV text (RFC 4180, CRLF line ends) with ``HEADER`` and one line per activity."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for item in rows:
        row = item.row
        writer.writerow(
            [
                row.id,
                row.activity_date.isoformat(),
                safe_cell(type_names.get(row.type_slug, row.type_slug)),
                safe_cell(row.title),
                row.minutes,
                safe_cell(row.program_name),
                safe_cell(row.cohort_name or ""),
                safe_cell(row.partner_name or ""),
                safe_cell("; ".join(item.clusters)),
                "; ".join(item.tactic_ids),
                row.attendee_count,
            ]
        )
    return out.getvalue()
