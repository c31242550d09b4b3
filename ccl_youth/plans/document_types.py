"""The plan as one document: a frozen tree holding everything a High School and Beyond Plan
shows, per statutory element (HSBP.md §2.1), built by ``plans.document.build_plan_document``
and read by the plan pages, the PDF, the JSON export and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from ccl_youth.plans.requirements import AreaTally, TallyTotals
from ccl_youth.resume.assembly import ResumeItem

#: The parts of element (c) that have guidance text, in statute order, and the catalog key.
GUIDANCE_PARTS = (
    ("i", "course_options"),
    ("iv", "acceleration"),
    ("v", "postsecondary_effects"),
    ("vi", "cte_equivalency"),
    ("vii", "work_based_learning"),
    ("viii", "credit_recovery"),
)
GRADES = (9, 10, 11, 12)
#: Every part of element (c) (RCW 28A.230.212(5)(c)) and its title, in statute order: the
#: page, the PDF and the JSON show each one, written in or not.
C_PARTS = (
    ("i", "Course options"),
    ("ii", "Graduation requirements"),
    ("iii", "How courses fit my goals"),
    ("iv", "Advanced courses and dual credit"),
    ("v", "How course choices affect what comes after"),
    ("vi", "Career and technical (CTE) equivalency courses"),
    ("vii", "Career and technical education (CTE) and work-based learning"),
    ("viii", "Credit recovery and acceleration"),
)
#: Every part of element (d) (RCW 28A.230.212(5)(d)) and its title; aid items name theirs as
#: ``d_i`` … ``d_v``.
D_PARTS = (
    ("i", "Scholarships and grants"),
    ("ii", "Papers, timelines and deadlines for aid applications"),
    ("iii", "Help for students in special situations"),
    ("iv", "Financial-aid advising days and seminars"),
    ("v", "A sample aid letter and the aid calculator"),
)


def element_title(key: str, heading: str) -> str:
    """An element's heading with its statutory letter: "(a) Career goals and interests"; the
    graduation pathway has none."""
    return heading if key == "pathway" else f"({key}) {heading}"


def part_title(numeral: str, title: str) -> str:
    """A part's title with its numeral: "(iv) Advanced courses and dual credit"."""
    return f"({numeral}) {title}"


def school_year_label(year: int, dash: str = "–") -> str:
    """2026 → "2026–27" (the school year that starts in ``year``)."""
    return f"{year}{dash}{(year + 1) % 100:02d}"


@dataclass(frozen=True, slots=True)
class Header:
    youth_id: int
    youth_name: str
    school: str
    grade: int
    school_year: int
    school_year_label: str
    signed_by: str | None
    signed_dt: datetime | None
    sign_off_note: str
    updated_dt: datetime

    @property
    def is_signed(self) -> bool:
        return self.signed_dt is not None


@dataclass(frozen=True, slots=True)
class InterestResult:
    """The latest finished interest inventory: its top areas (names, highest first), the
    Holland code and the career clusters its answers match best."""

    instrument_title: str
    completed_dt: datetime | None
    holland_code: str
    top_areas: tuple[str, ...]
    clusters: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CareerElement:  # (a)
    heading: str
    career_goals: str
    interests_note: str
    inventory: InterestResult | None
    favourite_careers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GoalLine:
    title: str
    status: str  # active | completed
    target_date: date | None
    completed_dt: datetime | None


@dataclass(frozen=True, slots=True)
class EducationElement:  # (b)
    heading: str
    secondary_goals: str
    postsecondary_goals: str
    route: str  # slug, "" when not chosen
    route_name: str
    goals: tuple[GoalLine, ...]


@dataclass(frozen=True, slots=True)
class CourseLine:
    id: int
    grade: int
    area: str
    area_name: str
    title: str
    credits: Decimal
    acceleration: str
    acceleration_name: str
    is_cte_equivalency: bool
    is_credit_recovery: bool
    status: str


@dataclass(frozen=True, slots=True)
class GradeCourses:
    grade: int
    courses: tuple[CourseLine, ...]

    @property
    def credits(self) -> Decimal:
        return sum((course.credits for course in self.courses), Decimal(0))


@dataclass(frozen=True, slots=True)
class Guidance:
    part: str  # the roman numeral of (c)
    key: str
    text: str


@dataclass(frozen=True, slots=True)
class PlacementLine:
    """Work-based learning at a partner with its verified hours."""

    title: str
    type_name: str
    partner_name: str
    start_date: date
    end_date: date | None
    status: str
    verified_hours: Decimal


@dataclass(frozen=True, slots=True)
class ActivityLine:
    """A work-based learning activity the youth attended (job shadow, site visit…)."""

    title: str
    type_name: str
    activity_date: date
    hours: Decimal


@dataclass(frozen=True, slots=True)
class CourseElement:  # (c)
    heading: str
    grades: tuple[GradeCourses, ...]
    tally: tuple[AreaTally, ...]
    totals: TallyTotals
    guidance: tuple[Guidance, ...]
    course_alignment: str  # (iii)
    acceleration_notes: str  # (iv)
    cte_notes: str  # (vi), (vii)
    credit_recovery_notes: str  # (viii)
    accelerated: tuple[CourseLine, ...]
    cte_equivalency: tuple[CourseLine, ...]
    credit_recovery: tuple[CourseLine, ...]
    placements: tuple[PlacementLine, ...]
    activities: tuple[ActivityLine, ...]

    @property
    def part_titles(self) -> dict[str, str]:
        """numeral -> title of every part of (c) (``C_PARTS``)."""
        return dict(C_PARTS)

    @property
    def guidance_by_part(self) -> dict[str, str]:
        """numeral -> the guidance shown for that part (not every part has one)."""
        return {g.part: g.text for g in self.guidance}


@dataclass(frozen=True, slots=True)
class AidLine:
    slug: str
    part: str  # d_i … d_v
    name: str
    summary: str
    received_on: date | None  # None: not yet
    recorded_by: str
    note: str
    url: str = ""  # where to read or use it (https://), or ""


@dataclass(frozen=True, slots=True)
class AidPart:
    """One part of (d) with its items (every part has at least one: the content says so)."""

    numeral: str  # i … v
    title: str
    items: tuple[AidLine, ...]


@dataclass(frozen=True, slots=True)
class AidElement:  # (d)
    heading: str
    items: tuple[AidLine, ...]

    @property
    def received_count(self) -> int:
        return sum(1 for item in self.items if item.received_on is not None)

    @property
    def parts(self) -> tuple[AidPart, ...]:
        """The items grouped by part of (d), (i) to (v), each part shown even when empty."""
        return tuple(
            AidPart(numeral, title, tuple(i for i in self.items if i.part == f"d_{numeral}"))
            for numeral, title in D_PARTS
        )


@dataclass(frozen=True, slots=True)
class ResumeElement:  # (e)
    heading: str
    items: tuple[ResumeItem, ...]


@dataclass(frozen=True, slots=True)
class PathwayLine:
    slug: str
    name: str
    summary: str


@dataclass(frozen=True, slots=True)
class PathwayElement:
    heading: str
    pathways: tuple[PathwayLine, ...]
    notes: str


@dataclass(frozen=True, slots=True)
class PlanDocument:
    header: Header
    a: CareerElement
    b: EducationElement
    c: CourseElement
    d: AidElement
    e: ResumeElement
    pathway: PathwayElement

    @property
    def headings(self) -> tuple[tuple[str, str], ...]:
        """(key, heading) of every element in order: a, b, c, d, e, pathway."""
        return tuple(
            (key, getattr(self, key).heading) for key in ("a", "b", "c", "d", "e", "pathway")
        )

    @property
    def titles(self) -> tuple[str, ...]:
        """Every element's heading with its letter, in order."""
        return tuple(element_title(key, heading) for key, heading in self.headings)
