"""The High School and Beyond Plan's rules as pure functions: school years, who is old enough
for a plan, and the checks on the plan's text fields, its courses and the aid checklist.

Every ``clean_*`` function returns the input trimmed plus its problems by field name, with
messages that name the field, so a form shows each next to the box it is about.
"""

from __future__ import annotations

from collections.abc import Collection, Container, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from ccl_youth.core.i18n import N_

#: A school year starts on 1 July: 30 June 2026 is in 2025–26, 1 July 2026 in 2026–27.
FIRST_MONTH = 7
#: Plans are for grades 7–12 (a career and interest inventory begins by grade 7).
MIN_GRADE = 7
MAX_GRADE = 12
COURSE_GRADES = (9, 10, 11, 12)
CREDITS_MIN = Decimal("0.25")
CREDITS_MAX = Decimal(2)
COURSE_STATUSES = ("planned", "in_progress", "completed")
MAX_PATHWAYS = 3
TEXT_MAX = 2000
TITLE_MAX = 120
SIGN_OFF_NOTE_MAX = 1000
#: The earliest day an aid item can have been received (the plan's school years start in 2000).
EARLIEST_RECEIVED = date(2000, 1, 1)
#: The plan's own words, element by element (``Plan`` columns).
TEXT_FIELDS = (
    "career_goals",
    "interests_note",
    "secondary_goals",
    "postsecondary_goals",
    "course_alignment",
    "acceleration_notes",
    "cte_notes",
    "credit_recovery_notes",
    "pathway_notes",
)


def whole_number(text: str | None, allowed: Container[int]) -> int | None:
    """``text`` as a whole number in ``allowed``, else None. ASCII digits only: "²" passes
    ``str.isdigit()`` but ``int()`` refuses it, and ``int()`` reads "٣" as 3."""
    text = (text or "").strip()
    if not (0 < len(text) <= 9 and text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if value in allowed else None


def school_year_of(day: date) -> int:
    """The year the school year of ``day`` starts in (1 July boundary)."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def grade_problem(grade: int | None) -> str | None:
    """Why a youth in ``grade`` cannot have a plan, or None when they can."""
    if grade is None:
        return N_("A plan needs the youth's grade. Ask staff to add it to their profile.")
    if grade < MIN_GRADE:
        return N_(
            "The High School and Beyond Plan starts in grade %(min_grade)s; this youth is in "
            "grade %(grade)s.",
            min_grade=MIN_GRADE,
            grade=grade,
        )
    if grade > MAX_GRADE:
        return N_(
            "The plan is for grades %(min_grade)s to %(max_grade)s; this youth is past grade 12.",
            min_grade=MIN_GRADE,
            max_grade=MAX_GRADE,
        )
    return None


# --- the plan's words --------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanInput:
    career_goals: str = ""
    interests_note: str = ""
    secondary_goals: str = ""
    postsecondary_goals: str = ""
    postsecondary_route: str = ""
    course_alignment: str = ""
    acceleration_notes: str = ""
    cte_notes: str = ""
    credit_recovery_notes: str = ""
    pathways: tuple[str, ...] = ()
    pathway_notes: str = ""


def clean_plan(
    data: PlanInput, routes: Collection[str], pathways: Collection[str]
) -> tuple[PlanInput, dict[str, list[str]]]:
    """Trimmed text (each at most ``TEXT_MAX``), a known route or none, and one to
    ``MAX_PATHWAYS`` known pathways without repeats (none is allowed: not chosen yet)."""
    errors: dict[str, list[str]] = {}
    texts = {name: (getattr(data, name) or "").strip() for name in TEXT_FIELDS}
    for name, text in texts.items():
        if len(text) > TEXT_MAX:
            errors[name] = [N_("Keep this to %(text_max)s characters or less.", text_max=TEXT_MAX)]
    route = (data.postsecondary_route or "").strip()
    if route and route not in routes:
        errors["postsecondary_route"] = [N_("After high school: pick one of the routes listed.")]
    chosen: list[str] = []
    for slug in data.pathways:
        slug = (slug or "").strip()
        if not slug:
            continue
        if slug not in pathways:
            errors["pathways"] = [N_("Graduation pathway: pick from the pathways listed.")]
        elif slug not in chosen:
            chosen.append(slug)
    if len(chosen) > MAX_PATHWAYS and "pathways" not in errors:
        errors["pathways"] = [
            N_("Graduation pathway: pick at most %(max_pathways)s.", max_pathways=MAX_PATHWAYS)
        ]
    clean = PlanInput(**texts, postsecondary_route=route, pathways=tuple(chosen))
    return clean, errors


def split_pathways(stored: str) -> tuple[str, ...]:
    """The ``Plan.pathways`` column ("a,b") as slugs."""
    return tuple(slug for slug in (stored or "").split(",") if slug)


# --- courses -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseInput:
    """A course as typed: grade and credits as text, so bad input gets a named message."""

    grade: str = ""
    area: str = ""
    title: str = ""
    credits: str = ""
    acceleration: str = ""
    is_cte_equivalency: bool = False
    is_credit_recovery: bool = False
    status: str = "planned"


@dataclass(frozen=True)
class CleanCourse:
    grade: int
    area: str
    title: str
    credits: Decimal
    acceleration: str
    is_cte_equivalency: bool
    is_credit_recovery: bool
    status: str


def parse_credits(text: str) -> Decimal | None:
    """Credits from 0.25 to 2 in quarters ("1", "0.5", "1.75"), else None."""
    try:
        value = Decimal((text or "").strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or not CREDITS_MIN <= value <= CREDITS_MAX:
        return None
    if value * 4 != (value * 4).to_integral_value():
        return None
    return value


def clean_course(
    data: CourseInput, areas: Iterable[str], accelerations: Collection[str]
) -> tuple[CleanCourse | None, dict[str, list[str]]]:
    """The course checked field by field; None with the problems when anything is wrong."""
    errors: dict[str, list[str]] = {}
    grade = whole_number(data.grade, COURSE_GRADES)
    if grade is None:
        errors["grade"] = [N_("Grade: pick 9, 10, 11 or 12.")]
    area = (data.area or "").strip()
    if area not in set(areas):
        errors["area"] = [N_("Requirement area: pick one of the areas listed.")]
    title = " ".join((data.title or "").split())
    if not title:
        errors["title"] = [N_("Course name: write the name of the course.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [
            N_("Course name: keep it to %(title_max)s characters or less.", title_max=TITLE_MAX)
        ]
    credits = parse_credits(data.credits)
    if credits is None:
        errors["credits"] = [
            N_("Credits: write a number from 0.25 to 2 in quarters (0.5, 1, 1.25).")
        ]
    acceleration = (data.acceleration or "").strip()
    if acceleration and acceleration not in accelerations:
        errors["acceleration"] = [
            N_("Advanced or dual credit: pick one of the kinds listed, or none.")
        ]
    status = (data.status or "").strip()
    if status not in COURSE_STATUSES:
        errors["status"] = [N_("Status: pick planned, taking it now or done.")]
    if errors or grade is None or credits is None:
        return None, errors
    clean = CleanCourse(
        grade=grade,
        area=area,
        title=title,
        credits=credits,
        acceleration=acceleration,
        is_cte_equivalency=bool(data.is_cte_equivalency),
        is_credit_recovery=bool(data.is_credit_recovery),
        status=status,
    )
    return clean, {}


# --- the aid checklist -------------------------------------------------------------------------


def received_problem(name: str, received_on: date | None, today: date) -> str | None:
    """Why the day an aid item ``name`` was received cannot be saved (None: it can; None as
    the day clears the item): not after ``today``, not before ``EARLIEST_RECEIVED``."""
    if received_on is not None and received_on > today:
        return N_("Date received for %(name)s: pick today or a day before.", name=name)
    if received_on is not None and received_on < EARLIEST_RECEIVED:
        return N_(
            "Date received for %(name)s: pick a day in %(year)s or later.",
            name=name,
            year=EARLIEST_RECEIVED.year,
        )
    return None
