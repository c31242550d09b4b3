"""Badge, milestone and readiness rules: parse them from content, evaluate them on a youth's
record. Pure: no database, no Flask.

A rule is one condition or a combination, written in YAML with one key each::

    all: [<rule>, ...]           every one is met
    any: [<rule>, ...]           at least one is met
    n_of: {n: 2, of: [...]}      at least n of them are met
    assessment: {kind: riasec, min: 1}          completed attempts of an instrument kind
    experiences: {min: 2, types: [guest_speaker]}  activities attended (of these types; any)
    experience_types: {min: 3}                  distinct experience types attended
    clusters: {min: 2}                          distinct career clusters of attended activities
    verified_hours: {min: 20, types: [...]}     whole verified hours of placements (of types)
    placements_completed: {min: 1, types: [...]}
    skill: {skill: collaboration, level: 3}     highest verified level of one skill
    skills_at: {level: 2, min: 3, skills: [...]}  skills (of these; any) at or above a level
    reflections: {min: 2, when: post}           answered reflections (pre, post or both)
    shared_reflections: {min: 1}
    goals: {min: 1}
    favorites: {min: 3}                         saved occupations
    badge: {badge: first_steps}                 holds this badge
    badges: {min: 5}                            badges held
    milestones: {min: 6, stage: awareness, strategy: career_stem}  milestones met (filtered)
    milestone: {milestone: awareness.career_stem.met_a_pro}        this milestone met

``min`` may be left out and then means 1. ``milestones``/``milestone`` read
``YouthFacts.milestones``: decide the milestones first (``RecognitionCatalog.with_milestones``).

Progress (0..1, for "almost there"): a condition's is have/need capped at 1 (verified hours
count minutes, so 90 of 120 minutes is 0.75); ``all`` takes the mean of its parts, ``any`` the
best part, ``n_of`` the mean of its n best parts. Anything not met is capped at ``ALMOST`` (0.99),
so ``met`` holds exactly when ``progress == 1.0``. The sentences of the steps come from the
templates in ``content_rule_texts.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ccl_youth.core import content_rule_texts as texts
from ccl_youth.core.content_rule_syntax import (
    CONDITIONS,
    LEVELS,
    WHEN,
    AllOf,
    AnyOf,
    Condition,
    Known,
    NOf,
    Rule,
    parse_rule,
)

__all__ = [
    "ALMOST",
    "CONDITIONS",
    "LEVELS",
    "WHEN",
    "AllOf",
    "AnyOf",
    "Condition",
    "Known",
    "Labels",
    "NOf",
    "Outcome",
    "Rule",
    "Step",
    "YouthFacts",
    "evaluate",
    "is_met",
    "parse_rule",
]

ALMOST = 0.99


@dataclass(frozen=True)
class YouthFacts:
    """What the rules look at in one youth's record (see ``progress/facts.py``)."""

    grade: int
    stage: str
    assessments: Mapping[str, int]
    experiences: Mapping[str, int]
    clusters: frozenset[int]
    verified_minutes: Mapping[str, int]
    placements_completed: Mapping[str, int]
    skill_levels: Mapping[str, int]
    reflections: Mapping[str, int]
    reflections_shared: int
    goals_completed: int
    favorites: int
    badges: frozenset[str]
    milestones: frozenset[str] = frozenset()


# --- evaluating -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One condition, in plain words, with how far the youth is."""

    text: str
    have: int
    need: int
    met: bool


@dataclass(frozen=True)
class Outcome:
    met: bool
    progress: float
    steps: tuple[Step, ...]


def _humanize(slug: str) -> str:
    return slug.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Labels:
    """Names to show for slugs; a slug without one is shown humanized."""

    types: Mapping[str, str] = field(default_factory=dict)
    skills: Mapping[str, str] = field(default_factory=dict)
    badges: Mapping[str, str] = field(default_factory=dict)
    milestones: Mapping[str, str] = field(default_factory=dict)
    instruments: Mapping[str, str] = field(default_factory=lambda: dict(texts.INSTRUMENT_NAMES))
    stages: Mapping[str, str] = field(default_factory=dict)
    strategies: Mapping[str, str] = field(default_factory=dict)

    def name(self, kind: str, slug: str) -> str:
        """The name of a slug of one kind (``types``, ``skills``, ``badges`` …)."""
        names: Mapping[str, str] = getattr(self, kind)
        return names.get(slug) or _humanize(slug)


def _measure(c: Condition, facts: YouthFacts) -> tuple[int, int, float, bool]:
    """have, need, have/need (uncapped) and met, for one condition."""
    name, need = c.name, c.min
    if name == "verified_hours":
        minutes = sum(v for k, v in facts.verified_minutes.items() if not c.among or k in c.among)
        return minutes // 60, need, minutes / (need * 60), minutes >= need * 60
    if name == "skill":
        have, need = facts.skill_levels.get(c.target, 0), c.level
    elif name in ("badge", "milestone"):
        have = int(c.target in (facts.badges if name == "badge" else facts.milestones))
    else:
        have = _count(c, facts)
    return have, need, have / need, have >= need


def _count(c: Condition, facts: YouthFacts) -> int:
    name = c.name
    if name == "assessment":
        return facts.assessments.get(c.target, 0)
    if name in ("experiences", "placements_completed"):
        counts = facts.experiences if name == "experiences" else facts.placements_completed
        return sum(v for k, v in counts.items() if not c.among or k in c.among)
    if name == "experience_types":
        return sum(1 for v in facts.experiences.values() if v > 0)
    if name == "clusters":
        return len(facts.clusters)
    if name == "skills_at":
        levels = facts.skill_levels
        return sum(1 for k, v in levels.items() if v >= c.level and (not c.among or k in c.among))
    if name == "reflections":
        return sum(v for k, v in facts.reflections.items() if not c.when or k == c.when)
    if name == "milestones":
        return sum(1 for m in facts.milestones if _in_cell(m, c.stage, c.strategy))
    simple = {
        "shared_reflections": facts.reflections_shared,
        "goals": facts.goals_completed,
        "favorites": facts.favorites,
        "badges": len(facts.badges),
    }
    return simple[name]


def _in_cell(milestone_id: str, stage: str, strategy: str) -> bool:
    """Whether ``<stage>.<strategy>.<short>`` is in the stage and strategy ("" matches any)."""
    parts = milestone_id.split(".")
    return (not stage or parts[0] == stage) and (not strategy or parts[1:2] == [strategy])


def _text(c: Condition, have: int, need: int, met: bool, labels: Labels) -> str:
    key = c.name
    values: dict[str, str] = {}
    if c.among:
        key += ".types" if c.name != "skills_at" else ".skills"
        kind = "skills" if c.name == "skills_at" else "types"
        values[kind] = texts.join_or([labels.name(kind, s) for s in c.among])
    if c.when:
        key += "." + c.when
    if c.name in ("skill", "skills_at"):
        values["level"] = LEVELS[c.level]
    if c.name == "assessment":
        values["what"] = labels.name("instruments", c.target)
    elif c.name in ("skill", "badge"):
        values[c.name] = labels.name(c.name + "s", c.target)
    elif c.name == "milestone":
        values["milestone"] = labels.name("milestones", c.target)
    elif c.name == "milestones":
        where = texts.WHERE_STAGE.format(stage=labels.name("stages", c.stage)) if c.stage else ""
        if c.strategy:
            where += texts.WHERE_STRATEGY.format(strategy=labels.name("strategies", c.strategy))
        values["where"] = where
    n = have if met else need - have
    return texts.step_text(key, met, n, **values)


def _evaluate(
    rule: Rule, facts: YouthFacts, labels: Labels | None, steps: list[Step]
) -> tuple[bool, float]:
    if isinstance(rule, Condition):
        have, need, ratio, met = _measure(rule, facts)
        if labels is not None:
            steps.append(Step(_text(rule, have, need, met, labels), have, need, met))
        return met, 1.0 if met else min(ratio, ALMOST)
    assert isinstance(rule, AllOf | AnyOf | NOf)
    results = [_evaluate(part, facts, labels, steps) for part in rule.parts]
    if isinstance(rule, AllOf):
        met = all(m for m, _ in results)
        progress = sum(p for _, p in results) / len(results)
    elif isinstance(rule, AnyOf):
        met = any(m for m, _ in results)
        progress = max(p for _, p in results)
    else:
        met = sum(1 for m, _ in results if m) >= rule.n
        progress = sum(sorted((p for _, p in results), reverse=True)[: rule.n]) / rule.n
    return met, 1.0 if met else min(progress, ALMOST)


def evaluate(rule: Rule, facts: YouthFacts, labels: Labels | None = None) -> Outcome:
    """Whether the youth meets the rule, how close they are (0..1) and every condition as a
    step in plain words (names from ``labels``; humanized slugs without)."""
    steps: list[Step] = []
    met, progress = _evaluate(rule, facts, labels or Labels(), steps)
    return Outcome(met, progress, tuple(steps))


def is_met(rule: Rule, facts: YouthFacts) -> bool:
    """Whether the youth meets the rule (no steps: for re-evaluating many youth)."""
    return _evaluate(rule, facts, None, [])[0]
