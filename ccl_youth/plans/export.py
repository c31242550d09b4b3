"""The plan as JSON (one youth, by statutory element) and the staff CSV (one row per youth).
Pure: a ``PlanDocument`` or rows in, a dict or text out. No database ids leave here: courses,
aid items and résumé lines are named by their content and slugs. The PDF is in
``export_pdf.py``."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ccl_youth.plans.document_types import (
    CourseLine,
    InterestResult,
    PlanDocument,
    school_year_label,
)
from ccl_youth.plans.requirements import AreaTally
from ccl_youth.resume.assembly import ResumeItem

#: A cell starting with one of these is read as a formula by spreadsheets: it gets a leading
#: apostrophe so a name such as "=HYPERLINK(…)" stays text (as in experiences/export.py).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
JSON_FORMAT = "ccl_youth.hsbp.v1"


def number(value: Decimal) -> int | float:
    """Credits and hours as JSON numbers: 3, 0.5, 7.25."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _day(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _course(line: CourseLine) -> dict[str, Any]:
    return {
        "grade": line.grade,
        "title": line.title,
        "area": line.area,
        "area_name": line.area_name,
        "credits": number(line.credits),
        "status": line.status,
        "acceleration": line.acceleration or None,
        "acceleration_name": line.acceleration_name or None,
        "is_cte_equivalency": line.is_cte_equivalency,
        "is_credit_recovery": line.is_credit_recovery,
    }


def _tally(row: AreaTally) -> dict[str, Any]:
    return {
        "area": row.slug,
        "name": row.name,
        "required": number(row.required),
        "planned": number(row.planned),
        "completed": number(row.completed),
        "short_by": number(row.short_by),
        "met": row.met,
    }


def _inventory(result: InterestResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    return {
        "instrument": result.instrument_title,
        "completed_on": _day(result.completed_dt.date() if result.completed_dt else None),
        "holland_code": result.holland_code,
        "top_areas": list(result.top_areas),
        "matched_clusters": list(result.clusters),
    }


def _resume_item(item: ResumeItem) -> dict[str, Any]:
    return {
        "category": item.category,
        "title": item.title,
        "organization": item.organization_name,
        "start_date": _day(item.start_date),
        "end_date": _day(item.end_date),
        "description": item.description,
        "verified_hours": number(item.hours) if item.hours is not None else None,
        "recognition": item.recognition,
    }


def plan_json(doc: PlanDocument) -> dict[str, Any]:
    """The whole plan, JSON-ready: ``elements`` a–e by key, then ``pathway``."""
    h, a, b, c, d = doc.header, doc.a, doc.b, doc.c, doc.d
    return {
        "format": JSON_FORMAT,
        "school_year": school_year_label(h.school_year, "-"),
        "youth": {"name": h.youth_name, "school": h.school, "grade": h.grade},
        "sign_off": {
            "signed_by": h.signed_by,
            "signed_at": _day(h.signed_dt),
            "note": h.sign_off_note,
        }
        if h.is_signed
        else None,  # fmt: skip
        "updated_at": _day(h.updated_dt),
        "elements": {
            "a": {
                "heading": a.heading,
                "career_goals": a.career_goals,
                "interests": a.interests_note,
                "interest_inventory": _inventory(a.inventory),
                "favourite_careers": list(a.favourite_careers),
            },
            "b": {
                "heading": b.heading,
                "secondary_goals": b.secondary_goals,
                "postsecondary_goals": b.postsecondary_goals,
                "postsecondary_route": b.route or None,
                "postsecondary_route_name": b.route_name or None,
                "goals": [
                    {
                        "title": g.title,
                        "status": g.status,
                        "target_date": _day(g.target_date),
                        "completed_on": _day(g.completed_dt.date() if g.completed_dt else None),
                    }
                    for g in b.goals
                ],  # fmt: skip
            },
            "c": {
                "heading": c.heading,
                "grades": [
                    {
                        "grade": g.grade,
                        "credits": number(g.credits),
                        "courses": [_course(line) for line in g.courses],
                    }
                    for g in c.grades
                ],  # fmt: skip
                "requirements": [_tally(row) for row in c.tally],
                "totals": {
                    "required": number(c.totals.required),
                    "planned": number(c.totals.planned),
                    "completed": number(c.totals.completed),
                    "short_by": number(c.totals.short_by),
                    "met": c.totals.met,
                },
                "guidance": {g.part: g.text for g in c.guidance},
                "course_alignment": c.course_alignment,
                "acceleration_notes": c.acceleration_notes,
                "cte_notes": c.cte_notes,
                "credit_recovery_notes": c.credit_recovery_notes,
                "work_based_learning": {
                    "placements": [
                        {
                            "title": p.title,
                            "type": p.type_name,
                            "partner": p.partner_name,
                            "start_date": _day(p.start_date),
                            "end_date": _day(p.end_date),
                            "status": p.status,
                            "verified_hours": number(p.verified_hours),
                        }
                        for p in c.placements
                    ],
                    "activities": [
                        {
                            "title": x.title,
                            "type": x.type_name,
                            "date": _day(x.activity_date),
                            "hours": number(x.hours),
                        }
                        for x in c.activities
                    ],
                },  # fmt: skip
            },
            "d": {
                "heading": d.heading,
                "received_count": d.received_count,
                "items": [
                    {
                        "item": i.slug,
                        "part": i.part,
                        "name": i.name,
                        "received_on": _day(i.received_on),
                        "recorded_by": i.recorded_by or None,
                    }
                    for i in d.items
                ],  # fmt: skip
            },
            "e": {"heading": doc.e.heading, "items": [_resume_item(i) for i in doc.e.items]},
        },
        "pathway": {
            "heading": doc.pathway.heading,
            "pathways": [
                {"slug": p.slug, "name": p.name, "summary": p.summary} for p in doc.pathway.pathways
            ],
            "notes": doc.pathway.notes,
        },
    }


# --- the staff CSV ---------------------------------------------------------------------------

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
