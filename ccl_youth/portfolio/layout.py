"""What a portfolio is made of and how the youth's choices turn the record into one: the
section kinds and their default order, which records each section can show, and ``assemble``,
which puts sections and items in the youth's order. Pure: plain values in, plain values out.

A section with no ``PortfolioSection`` row is shown, in the default order. A section whose
records the youth never picked shows the most recent ones by default (verified or earned
records only: see ``Entry.is_default``), at most ``DEFAULT_CAP``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

#: Every section, in the default order.
SECTION_KINDS: tuple[str, ...] = (
    "about",
    "interests",
    "careers",
    "experiences",
    "evidence",
    "badges",
    "skills",
    "goals",
)
#: The kinds of record each section can show (sections not listed show no chosen records).
ITEM_KINDS: dict[str, tuple[str, ...]] = {
    "careers": ("occupation",),
    "experiences": ("activity", "placement"),
    "evidence": ("evidence",),
    "badges": ("badge_award",),
    "goals": ("goal",),
}
SECTION_OF: dict[str, str] = {kind: s for s, kinds in ITEM_KINDS.items() for kind in kinds}
#: How many records a section shows when the youth has picked none.
DEFAULT_CAP = 10
#: How many records a section may show when the youth picks them.
CHOSEN_MAX = 50
HEADLINE_MAX = 200
ABOUT_MAX = 2000
NOTE_MAX = 300
#: Skill levels as the rubric names them.
LEVEL_NAMES = {1: "Emerging", 2: "Developing", 3: "Proficient", 4: "Advanced"}


@dataclass(frozen=True, slots=True)
class ReflectionText:
    prompt: str
    answer: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One record that can show in a section. ``day`` orders the default (newest first) and
    is the date shown; ``is_default`` says whether it shows when the youth picked nothing
    (verified evidence, standing badges, finished or ongoing work, goals not dropped)."""

    kind: str
    ref_id: int
    title: str
    day: date
    #: Words from the record or the content (a type, a partner, skills), shown as they are.
    facts: tuple[str, ...] = ()
    #: A status code the page puts in words (completed, verified, submitted, active…).
    status: str = ""
    #: Attended or verified minutes (0: none to show).
    minutes: int = 0
    body: str = ""
    url: str = ""
    reflections: tuple[ReflectionText, ...] = ()
    note: str = ""
    is_default: bool = True


@dataclass(frozen=True, slots=True)
class Interests:
    """The latest finished interest inventory: its top areas by name and the career clusters
    that matched best."""

    instrument_title: str
    finished_on: date
    code: str
    areas: tuple[str, ...]
    clusters: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SkillLevel:
    """How one skill grew: the first level confirmed and when, and the level now (the
    highest confirmed) and when it was first confirmed."""

    name: str
    level: int
    reached_on: date
    first_level: int
    first_on: date

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES.get(self.level, str(self.level))

    @property
    def has_grown(self) -> bool:
        return self.first_level < self.level


@dataclass(frozen=True, slots=True)
class Section:
    kind: str
    is_shown: bool
    entries: tuple[Entry, ...] = ()
    #: True when the youth picked the records; False when they are the default.
    is_chosen: bool = False


@dataclass(frozen=True)
class Portfolio:
    youth_id: int
    display_name: str
    headline: str
    about_me: str
    interests: Interests | None
    skills: tuple[SkillLevel, ...]
    #: Every section, in the youth's order, shown or not.
    sections: tuple[Section, ...]

    @property
    def first_name(self) -> str:
        parts = self.display_name.split()
        return parts[0] if parts else ""

    def shown(self, kinds: Iterable[str] | None = None) -> tuple[Section, ...]:
        """The shown sections in order; with ``kinds``, only those of them."""
        wanted = set(kinds) if kinds is not None else set(SECTION_KINDS)
        return tuple(s for s in self.sections if s.is_shown and s.kind in wanted)

    def shown_badge_ids(self) -> tuple[int, ...]:
        """The badge awards the shown badges section holds (none when it is hidden)."""
        return tuple(
            entry.ref_id
            for section in self.shown(("badges",))
            for entry in section.entries
            if entry.kind == "badge_award"
        )


@dataclass(frozen=True, slots=True)
class Choice:
    """A record the youth picked: ``position`` orders it inside its section."""

    kind: str
    ref_id: int
    position: int
    note: str = ""


def section_order(rows: Mapping[str, tuple[int, bool]]) -> list[tuple[str, bool]]:
    """(kind, is_shown) for every section: those with a row by their position, then the rest
    in the default order, shown. Unknown kinds in ``rows`` are ignored."""
    default = {kind: n for n, kind in enumerate(SECTION_KINDS)}
    known = [kind for kind in SECTION_KINDS if kind in rows]
    known.sort(key=lambda kind: (rows[kind][0], default[kind]))
    rest = [kind for kind in SECTION_KINDS if kind not in rows]
    return [(kind, rows[kind][1]) for kind in known] + [(kind, True) for kind in rest]


def _recent_first(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.day, e.kind, e.ref_id), reverse=True)


def section_entries(
    kind: str,
    candidates: Mapping[str, Sequence[Entry]],
    choices: Sequence[Choice],
    cap: int = DEFAULT_CAP,
) -> tuple[tuple[Entry, ...], bool]:
    """The entries a section shows and whether the youth chose them. Picked records that no
    longer exist (or no longer count, such as a revoked badge) are skipped."""
    kinds = ITEM_KINDS.get(kind, ())
    if not kinds:
        return (), False
    by_key = {(e.kind, e.ref_id): e for k in kinds for e in candidates.get(k, ())}
    mine = sorted((c for c in choices if c.kind in kinds), key=lambda c: (c.position, c.kind))
    if mine:
        picked = []
        for choice in mine:
            entry = by_key.get((choice.kind, choice.ref_id))
            if entry is not None:
                picked.append(_with_note(entry, choice.note))
        return tuple(picked), True
    everything = _recent_first(e for e in by_key.values() if e.is_default)
    return tuple(everything[:cap]), False


def _with_note(entry: Entry, note: str) -> Entry:
    return replace(entry, note=note)


def assemble(
    youth_id: int,
    display_name: str,
    headline: str,
    about_me: str,
    section_rows: Mapping[str, tuple[int, bool]],
    choices: Sequence[Choice],
    candidates: Mapping[str, Sequence[Entry]],
    interests: Interests | None,
    skills: Sequence[SkillLevel],
) -> Portfolio:
    """The whole portfolio, every section in the youth's order (hidden ones included)."""
    sections = []
    for kind, is_shown in section_order(section_rows):
        entries, is_chosen = section_entries(kind, candidates, choices)
        sections.append(Section(kind, is_shown, entries, is_chosen))
    return Portfolio(
        youth_id=youth_id,
        display_name=display_name,
        headline=headline,
        about_me=about_me,
        interests=interests,
        skills=tuple(skills),
        sections=tuple(sections),
    )


def parse_sections(value: str) -> tuple[str, ...]:
    """A share link's stored section list, in the default order; unknown kinds dropped."""
    chosen = {part.strip() for part in value.split(",")}
    return tuple(kind for kind in SECTION_KINDS if kind in chosen)


def join_sections(kinds: Iterable[str]) -> str:
    """The stored form of a section list (known kinds, default order, comma-separated)."""
    chosen = set(kinds)
    return ",".join(kind for kind in SECTION_KINDS if kind in chosen)
