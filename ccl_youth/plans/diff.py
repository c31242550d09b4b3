"""What changed between two versions of a plan, as a list of ``Change`` records the pages turn
into plain sentences ("Career goals were rewritten.", "Added Chemistry to grade 10.").

Pure: it compares two ``Snapshot`` values. Courses have no identity across versions (a new
version copies them), so a course is matched by its grade and name (case and spacing ignored);
one whose grade or name changed shows as removed and added. Aid items are matched by slug.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ccl_youth.plans.rules import TEXT_FIELDS

#: The course attributes compared, in the order changes are listed.
COURSE_ATTRIBUTES = (
    "area",
    "credits",
    "acceleration",
    "is_cte_equivalency",
    "is_credit_recovery",
    "status",
)


@dataclass(frozen=True)
class CourseLine:
    grade: int
    title: str
    area: str
    credits: Decimal
    acceleration: str = ""
    is_cte_equivalency: bool = False
    is_credit_recovery: bool = False
    status: str = "planned"

    @property
    def key(self) -> tuple[int, str]:
        return self.grade, " ".join(self.title.split()).casefold()


@dataclass(frozen=True)
class Snapshot:
    """One version as plain data: its words (``TEXT_FIELDS``), route, pathway slugs, courses
    and the day each aid item was received."""

    school_year: int
    grade: int
    texts: Mapping[str, str] = field(default_factory=dict)
    postsecondary_route: str = ""
    pathways: tuple[str, ...] = ()
    courses: tuple[CourseLine, ...] = ()
    aid: Mapping[str, date] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    """One difference. ``kind`` is one of:

    - ``grade``: ``before``/``after`` the grades;
    - ``text``: the text field ``name`` was ``written`` (was empty), ``cleared`` or ``rewritten``
      (in ``how``);
    - ``route``: ``before``/``after`` route slugs ("" for none);
    - ``pathways``: ``added``/``removed`` pathway slugs;
    - ``course_added`` / ``course_removed``: ``course``;
    - ``course_changed``: ``course`` (the new line) and ``fields``: (attribute, before, after);
    - ``aid_received`` (``name`` the item, ``after`` its day), ``aid_cleared`` (``name``),
      ``aid_redated`` (``name``, ``before``, ``after``).
    """

    kind: str
    name: str = ""
    how: str = ""
    before: object = None
    after: object = None
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    course: CourseLine | None = None
    fields: tuple[tuple[str, object, object], ...] = ()


def _texts(before: Snapshot, after: Snapshot) -> list[Change]:
    changes = []
    for name in TEXT_FIELDS:
        old = (before.texts.get(name) or "").strip()
        new = (after.texts.get(name) or "").strip()
        if old == new:
            continue
        how = "written" if not old else "cleared" if not new else "rewritten"
        changes.append(Change("text", name=name, how=how))
    return changes


def _courses(before: Snapshot, after: Snapshot) -> list[Change]:
    remaining: dict[tuple[int, str], list[tuple[int, CourseLine]]] = {}
    for index, line in enumerate(before.courses):
        remaining.setdefault(line.key, []).append((index, line))
    added, changed = [], []
    for line in after.courses:
        olds = remaining.get(line.key)
        if not olds:
            added.append(Change("course_added", course=line))
            continue
        _index, old = olds.pop(0)
        diffs = tuple(
            (name, getattr(old, name), getattr(line, name))
            for name in COURSE_ATTRIBUTES
            if getattr(old, name) != getattr(line, name)
        )
        if diffs:
            changed.append(Change("course_changed", course=line, fields=diffs))
    left = sorted((pair for pairs in remaining.values() for pair in pairs), key=lambda p: p[0])
    removed = [Change("course_removed", course=line) for _index, line in left]
    return added + removed + changed


def _aid(before: Snapshot, after: Snapshot) -> list[Change]:
    changes = []
    for slug in sorted(before.aid.keys() | after.aid.keys()):
        old, new = before.aid.get(slug), after.aid.get(slug)
        if old == new:
            continue
        if old is None:
            changes.append(Change("aid_received", name=slug, after=new))
        elif new is None:
            changes.append(Change("aid_cleared", name=slug, before=old))
        else:
            changes.append(Change("aid_redated", name=slug, before=old, after=new))
    return changes


def compare(before: Snapshot, after: Snapshot) -> list[Change]:
    """Every difference from ``before`` to ``after``: grade, words, route, pathways, courses
    (added, removed, changed), aid items; empty when they hold the same plan."""
    changes: list[Change] = []
    if before.grade != after.grade:
        changes.append(Change("grade", before=before.grade, after=after.grade))
    changes += _texts(before, after)
    if before.postsecondary_route != after.postsecondary_route:
        changes.append(
            Change("route", before=before.postsecondary_route, after=after.postsecondary_route)
        )
    added = tuple(p for p in after.pathways if p not in before.pathways)
    removed = tuple(p for p in before.pathways if p not in after.pathways)
    if added or removed:
        changes.append(Change("pathways", added=added, removed=removed))
    changes += _courses(before, after)
    changes += _aid(before, after)
    return changes
