"""Skills, milestones, readiness and badges: ``content/skills.yaml``, the ``milestones`` and
``readiness`` parts of ``content/framework.yaml`` and ``content/badges.yaml`` (with the SVG
images in ``content/badges/``), read, checked against each other and handed back as one
``RecognitionCatalog``.

Every problem becomes one message naming the file, the entry and the field (see
``content_issues.py``); ``content/README.md`` describes every field. The files are read by
``content_recognition_files.py`` and ``content_skills.py``; rules are parsed and evaluated by
``core/rules.py``.

Evaluation order: milestones first (their rules use only the record), then badges (which may
name other badges and milestones), then readiness (which counts milestones).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from ccl_youth.core.content_issues import ContentError
from ccl_youth.core.rules import LEVELS, Labels, Rule, YouthFacts, is_met

__all__ = [
    "GRADE_BANDS",
    "LEVELS",
    "SKILL_KINDS",
    "Badge",
    "ContentError",
    "Milestone",
    "RecognitionCatalog",
    "Skill",
    "grade_band",
    "recognition_catalog",
]

GRADE_BANDS = ("k5", "6_8", "9_12")
SKILL_KINDS = ("durable", "stem")


def grade_band(grade: int) -> str:
    """The rubric band of a grade (0 = kindergarten): k5 up to 5, 6_8, 9_12 from 9."""
    return "k5" if grade <= 5 else "6_8" if grade <= 8 else "9_12"


@dataclass(frozen=True, slots=True)
class Skill:
    slug: str
    name: str
    kind: str  # durable | stem
    summary: str
    #: grade band -> descriptors of levels 1..4
    rubric: Mapping[str, tuple[str, str, str, str]]

    def descriptor(self, level: int, grade: int) -> str:
        """What the level (1..4) looks like at this grade; IndexError outside 1..4."""
        if not 1 <= level <= len(LEVELS):
            raise IndexError(level)
        return self.rubric[grade_band(grade)][level - 1]


@dataclass(frozen=True, slots=True)
class Milestone:
    id: str  # <stage>.<strategy>.<short>
    stage: str
    strategy: str
    title: str
    next_step: str
    rule: Rule


@dataclass(frozen=True, slots=True)
class Badge:
    slug: str
    name: str
    description: str
    criteria: str
    image: str  # path under the content folder, e.g. badges/team_player.svg
    stages: tuple[str, ...]
    strategies: tuple[str, ...]
    skills: tuple[str, ...]
    clusters: tuple[str, ...]  # ncc_2024 cluster codes
    rule: Rule | None  # None: awarded by staff only

    @property
    def is_staff_only(self) -> bool:
        return self.rule is None


@dataclass(frozen=True)
class RecognitionCatalog:
    """The checked skills, milestones (file order), readiness rules and badges (file order),
    with ``labels`` to name types, skills, badges, milestones, stages and strategies."""

    skills: tuple[Skill, ...]
    milestones: tuple[Milestone, ...]
    readiness: Mapping[str, Rule]
    badges: tuple[Badge, ...]
    labels: Labels = field(default_factory=Labels)
    _skills: dict[str, Skill] = field(init=False, repr=False, compare=False)
    _badges: dict[str, Badge] = field(init=False, repr=False, compare=False)
    _milestones: dict[str, Milestone] = field(init=False, repr=False, compare=False)
    _badge_order: tuple[Badge, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_skills", {s.slug: s for s in self.skills})
        object.__setattr__(self, "_badges", {b.slug: b for b in self.badges})
        object.__setattr__(self, "_milestones", {m.id: m for m in self.milestones})
        object.__setattr__(self, "_badge_order", _dependency_order(self.badges))

    def skill(self, slug: str) -> Skill:
        """The skill with this slug; KeyError if there is none."""
        return self._skills[slug]

    def skills_of_kind(self, kind: str) -> tuple[Skill, ...]:
        """The durable skills or the STEM practices, in file order."""
        return tuple(s for s in self.skills if s.kind == kind)

    def badge(self, slug: str) -> Badge:
        """The badge with this slug; KeyError if there is none."""
        return self._badges[slug]

    def milestone(self, milestone_id: str) -> Milestone:
        """The milestone with this id; KeyError if there is none."""
        return self._milestones[milestone_id]

    def milestones_for(self, stage: str, strategy: str | None = None) -> tuple[Milestone, ...]:
        """The milestones of one stage (and strategy), in file order."""
        return tuple(
            m
            for m in self.milestones
            if m.stage == stage and (strategy is None or m.strategy == strategy)
        )

    def milestones_met(self, facts: YouthFacts) -> frozenset[str]:
        """The ids of every milestone (of any stage) whose rule the record meets."""
        return frozenset(m.id for m in self.milestones if is_met(m.rule, facts))

    def with_milestones(self, facts: YouthFacts) -> YouthFacts:
        """The facts with ``milestones`` filled in (before badges and readiness)."""
        return dataclasses.replace(facts, milestones=self.milestones_met(facts))

    def badges_earned(self, facts: YouthFacts) -> tuple[str, ...]:
        """Badges with a rule that the record meets and the youth does not hold, each after
        the badges it names; counts badges earned in the same pass (``badges: {min}``).
        ``facts`` should have milestones filled in (``with_milestones``)."""
        current, earned = facts, []
        changed = True
        while changed:
            changed = False
            for badge in self._badge_order:
                if badge.rule is None or badge.slug in current.badges:
                    continue
                if is_met(badge.rule, current):
                    earned.append(badge.slug)
                    current = dataclasses.replace(current, badges=current.badges | {badge.slug})
                    changed = True
        return tuple(earned)


def _dependency_order(badges: tuple[Badge, ...]) -> tuple[Badge, ...]:
    """Badges ordered so that each comes after the badges its rule names (file order
    otherwise); the loader has refused cycles, any left over keep file order."""
    by_slug = {b.slug: b for b in badges}
    order: list[Badge] = []
    placed: set[str] = set()

    def place(badge: Badge, visiting: frozenset[str]) -> None:
        if badge.slug in placed or badge.slug in visiting:
            return
        for slug in sorted(badge.rule.badge_slugs() if badge.rule else ()):
            if slug in by_slug:
                place(by_slug[slug], visiting | {badge.slug})
        placed.add(badge.slug)
        order.append(badge)

    for badge in badges:
        place(badge, frozenset())
    return tuple(order)


@functools.lru_cache(maxsize=4)
def recognition_catalog(root: str) -> RecognitionCatalog:
    """The checked catalog of one content folder, read once per process (for the web layer);
    raises ContentError listing every problem in the folder."""
    # Imported here: content.py imports this module to load the catalog with everything else,
    # and badge clusters are checked against the career clusters it reads.
    from ccl_youth.core.content import load_content

    return load_content(root).recognition
