"""The plan as JSON (one youth, by statutory element, every part of (c) and (d) keyed by its
numeral). Pure: a ``PlanDocument`` in, a dict out. No database ids leave here: courses, aid
items and résumé lines are named by their content and slugs. The PDF is in ``export_pdf.py``,
the staff CSV in ``export_csv.py``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ccl_youth.plans.document_types import (
    C_PARTS,
    AidElement,
    CourseElement,
    CourseLine,
    InterestResult,
    PlanDocument,
    school_year_label,
)
from ccl_youth.plans.requirements import AreaTally
from ccl_youth.resume.assembly import ResumeItem

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


def _work_based(c: CourseElement) -> dict[str, list[dict[str, Any]]]:
    return {
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
            {"title": x.title, "type": x.type_name, "date": _day(x.activity_date),
             "hours": number(x.hours)}
            for x in c.activities
        ],
    }  # fmt: skip


def _c_parts(c: CourseElement, grades: list[Any], tally: dict[str, Any]) -> dict[str, Any]:
    """Every part of (c) by numeral: its title, the guidance shown for it (None: none), what
    the youth wrote there ("" not yet; None: the plan has no box for it) and the courses or
    records it lists. Parts repeat the lists of the element so each stands alone."""
    guidance = {g.part: g.text for g in c.guidance}
    written = {"iii": c.course_alignment, "iv": c.acceleration_notes, "vii": c.cte_notes,
               "viii": c.credit_recovery_notes}  # fmt: skip
    lists: dict[str, dict[str, Any]] = {
        "i": {"grades": grades},
        "ii": tally,
        "iv": {"courses": [_course(line) for line in c.accelerated]},
        "vi": {"courses": [_course(line) for line in c.cte_equivalency]},
        "vii": _work_based(c),
        "viii": {"courses": [_course(line) for line in c.credit_recovery]},
    }
    return {
        numeral: {
            "title": title,
            "guidance": guidance.get(numeral),
            "written": written.get(numeral),
            **lists.get(numeral, {}),
        }
        for numeral, title in C_PARTS
    }


def _element_c(c: CourseElement) -> dict[str, Any]:
    grades = [
        {"grade": g.grade, "credits": number(g.credits),
         "courses": [_course(line) for line in g.courses]}
        for g in c.grades
    ]  # fmt: skip
    t = c.totals
    tally = {
        "requirements": [_tally(row) for row in c.tally],
        "totals": {"required": number(t.required), "planned": number(t.planned),
                   "completed": number(t.completed), "short_by": number(t.short_by),
                   "met": t.met},
    }  # fmt: skip
    return {
        "heading": c.heading,
        "grades": grades,
        **tally,
        "guidance": {g.part: g.text for g in c.guidance},
        "course_alignment": c.course_alignment,
        "acceleration_notes": c.acceleration_notes,
        "cte_notes": c.cte_notes,
        "credit_recovery_notes": c.credit_recovery_notes,
        "work_based_learning": _work_based(c),
        "parts": _c_parts(c, grades, tally),
    }


def _element_d(d: AidElement) -> dict[str, Any]:
    return {
        "heading": d.heading,
        "received_count": d.received_count,
        "items": [
            {"item": i.slug, "part": i.part, "name": i.name, "received_on": _day(i.received_on),
             "recorded_by": i.recorded_by or None}
            for i in d.items
        ],
        "parts": {
            part.numeral: {
                "title": part.title,
                "items": [
                    {"item": i.slug, "name": i.name, "summary": i.summary, "url": i.url or None,
                     "received_on": _day(i.received_on)}
                    for i in part.items
                ],
            }
            for part in d.parts
        },
    }  # fmt: skip


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
            "c": _element_c(c),
            "d": _element_d(d),
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
