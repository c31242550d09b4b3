"""The plans as a CSV for staff: one row per visible youth with their latest plan in summary.
Pure: rows in, text out (RFC 4180, CRLF line ends); cells a spreadsheet would read as a
formula are kept as text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from ccl_youth.plans.document_types import school_year_label
from ccl_youth.plans.export import number

#: A cell starting with one of these is read as a formula by spreadsheets: it gets a leading
#: apostrophe so a name such as "=HYPERLINK(…)" stays text (as in experiences/export.py).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CSV_HEADER = (
    "youth",
    "grade",
    "plan_status",
    "school_year",
    "plan_grade",
    "pathways",
    "planned_credits",
    "completed_credits",
    "required_credits",
    "aid_items_received",
    "aid_items_total",
    "signed_by",
    "signed_on",
)


@dataclass(frozen=True, slots=True)
class StaffRow:
    """One youth's latest plan in summary (``plan_status`` none / draft / signed)."""

    youth_name: str
    grade: int | None
    plan_status: str
    school_year: int | None
    plan_grade: int | None
    pathways: tuple[str, ...]  # slugs
    planned_credits: Decimal
    completed_credits: Decimal
    required_credits: Decimal
    aid_received: int
    signed_by: str
    signed_dt: datetime | None


def safe_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _credits(value: Decimal) -> str:
    return str(number(value))


def plans_csv(rows: Iterable[StaffRow], pathway_names: Mapping[str, str], aid_total: int) -> str:
    """CSV text (RFC 4180, CRLF line ends) with ``CSV_HEADER`` and one line per youth."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        has_plan = row.plan_status != "none"
        writer.writerow([
            safe_cell(row.youth_name),
            "" if row.grade is None else row.grade,
            row.plan_status,
            school_year_label(row.school_year, "-") if row.school_year else "",
            "" if row.plan_grade is None else row.plan_grade,
            safe_cell("; ".join(pathway_names.get(s, s) for s in row.pathways)),
            _credits(row.planned_credits) if has_plan else "",
            _credits(row.completed_credits) if has_plan else "",
            _credits(row.required_credits),
            row.aid_received if has_plan else "",
            aid_total,
            safe_cell(row.signed_by),
            row.signed_dt.date().isoformat() if row.signed_dt else "",
        ])  # fmt: skip
    return out.getvalue()
