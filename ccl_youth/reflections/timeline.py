"""A youth's experience timeline, assembled from rows: activities attended, work-based
learning placements and reflections, newest first, a page at a time, grouped by month.

Pure: plain rows in, plain data out. Loading happens in two steps so that the number of SQL
statements never depends on how many experiences a youth has: every entry's *key* (kind, date,
id) is read first and one page is chosen here (``choose_page``); then the page's details are
read, a fixed set of queries, and put together here (``assemble``).

Reflections hang under the activity or placement they are about. A reflection whose activity
or placement is no longer on the youth's record (attendance was corrected afterwards) is an
entry of its own, dated when it was written, so the youth's words never disappear.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

ACTIVITY, PLACEMENT, REFLECTION = "activity", "placement", "reflection"
#: On the same day, activities come before placements, placements before loose reflections.
_KIND_ORDER = {ACTIVITY: 0, PLACEMENT: 1, REFLECTION: 2}
PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class EntryKey:
    kind: str
    day: date
    id: int


@dataclass(frozen=True, slots=True)
class RoleModelCard:
    """The guest speaker as youth see them."""

    display_name: str
    occupation_title: str
    story: str


@dataclass(frozen=True, slots=True)
class ActivityRow:
    id: int
    type_slug: str
    title: str
    activity_date: date
    minutes: int
    partner_name: str | None
    role_model: RoleModelCard | None


@dataclass(frozen=True, slots=True)
class PlacementRow:
    id: int
    type_slug: str
    title: str
    partner_name: str | None
    status: str
    start_date: date
    end_date: date | None


@dataclass(frozen=True, slots=True)
class ReflectionRow:
    id: int
    activity_id: int | None
    placement_id: int | None
    prompt_id: str
    prompt_text: str
    when: str
    answer: str
    is_shared_with_family: bool
    created_dt: datetime
    updated_dt: datetime


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    kind: str
    id: int
    day: date
    title: str
    type_slug: str
    type_name: str
    minutes: int | None = None
    partner: str | None = None
    role_model: RoleModelCard | None = None
    clusters: tuple[str, ...] = ()
    status: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    verified_minutes: int | None = None
    submitted_minutes: int | None = None
    reflections: tuple[ReflectionRow, ...] = ()


@dataclass(frozen=True, slots=True)
class MonthGroup:
    year: int
    month: int
    entries: tuple[TimelineEntry, ...]

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)


@dataclass(frozen=True)
class Timeline:
    groups: tuple[MonthGroup, ...]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def entries(self) -> list[TimelineEntry]:
        return [entry for group in self.groups for entry in group.entries]


def _newest_first(key: EntryKey) -> tuple[int, int, int]:
    return (-key.day.toordinal(), _KIND_ORDER[key.kind], -key.id)


def choose_page(
    keys: Iterable[EntryKey], page: int, page_size: int = PAGE_SIZE
) -> tuple[list[EntryKey], int]:
    """The keys on ``page`` (1-based) in timeline order, and how many keys there are."""
    ordered = sorted(keys, key=_newest_first)
    start = (page - 1) * page_size
    return ordered[start : start + page_size], len(ordered)


#: Hours entry statuses counted as submitted (returned hours wait for the youth to fix them).
SUBMITTED_STATUSES = ("submitted", "verified")


def hours_totals(minutes_by_status: Mapping[str, int]) -> tuple[int, int]:
    """(verified, submitted) minutes of one placement; submitted includes the verified ones."""
    verified = minutes_by_status.get("verified", 0)
    return verified, sum(minutes_by_status.get(status, 0) for status in SUBMITTED_STATUSES)


def _by_when(reflections: Iterable[ReflectionRow]) -> tuple[ReflectionRow, ...]:
    """Before-answers first, then after-answers, each in the order written."""
    return tuple(sorted(reflections, key=lambda r: (r.when != "pre", r.created_dt, r.id)))


def assemble(
    chosen: Sequence[EntryKey],
    total: int,
    page: int,
    page_size: int,
    *,
    activities: Mapping[int, ActivityRow],
    clusters: Mapping[int, Sequence[str]],
    placements: Mapping[int, PlacementRow],
    hours: Mapping[int, Mapping[str, int]],
    reflections: Iterable[ReflectionRow],
    type_names: Mapping[str, str],
) -> Timeline:
    """One page of the timeline from the chosen keys and the rows loaded for them, in the
    keys' order, grouped by month. Keys whose rows are missing are left out."""
    by_activity: dict[int, list[ReflectionRow]] = {}
    by_placement: dict[int, list[ReflectionRow]] = {}
    by_id: dict[int, ReflectionRow] = {}
    for reflection in reflections:
        by_id[reflection.id] = reflection
        if reflection.activity_id is not None:
            by_activity.setdefault(reflection.activity_id, []).append(reflection)
        elif reflection.placement_id is not None:
            by_placement.setdefault(reflection.placement_id, []).append(reflection)

    def type_name(slug: str) -> str:
        return type_names.get(slug) or slug.replace("_", " ").capitalize()

    entries: list[TimelineEntry] = []
    for key in chosen:
        if key.kind == ACTIVITY and key.id in activities:
            activity = activities[key.id]
            entries.append(
                TimelineEntry(
                    kind=ACTIVITY,
                    id=activity.id,
                    day=activity.activity_date,
                    title=activity.title,
                    type_slug=activity.type_slug,
                    type_name=type_name(activity.type_slug),
                    minutes=activity.minutes,
                    partner=activity.partner_name,
                    role_model=activity.role_model,
                    clusters=tuple(clusters.get(activity.id, ())),
                    reflections=_by_when(by_activity.get(activity.id, ())),
                )
            )
        elif key.kind == PLACEMENT and key.id in placements:
            placement = placements[key.id]
            verified, submitted = hours_totals(hours.get(placement.id, {}))
            entries.append(
                TimelineEntry(
                    kind=PLACEMENT,
                    id=placement.id,
                    day=placement.start_date,
                    title=placement.title,
                    type_slug=placement.type_slug,
                    type_name=type_name(placement.type_slug),
                    partner=placement.partner_name,
                    status=placement.status,
                    start_date=placement.start_date,
                    end_date=placement.end_date,
                    verified_minutes=verified,
                    submitted_minutes=submitted,
                    reflections=_by_when(by_placement.get(placement.id, ())),
                )
            )
        elif key.kind == REFLECTION and key.id in by_id:
            reflection = by_id[key.id]
            entries.append(
                TimelineEntry(
                    kind=REFLECTION,
                    id=reflection.id,
                    day=key.day,
                    title=reflection.prompt_text,
                    type_slug="",
                    type_name="",
                    reflections=(reflection,),
                )
            )
    return Timeline(_months(entries), total, page, page_size)


def _months(entries: Sequence[TimelineEntry]) -> tuple[MonthGroup, ...]:
    groups: list[MonthGroup] = []
    current: list[TimelineEntry] = []
    for entry in entries:
        if current and (entry.day.year, entry.day.month) != (
            current[0].day.year,
            current[0].day.month,
        ):
            groups.append(MonthGroup(current[0].day.year, current[0].day.month, tuple(current)))
            current = []
        current.append(entry)
    if current:
        groups.append(MonthGroup(current[0].day.year, current[0].day.month, tuple(current)))
    return tuple(groups)
