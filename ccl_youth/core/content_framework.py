"""The framework in ``content/framework.yaml`` (stages, strategies and the tactics of every
stage × strategy cell), and the YAML reading the experience files share.

Fields (``content/README.md`` has the full description): stages (slug, name, grade_min,
grade_max, summary), strategies (slug, name, summary), tactics (id, stage, strategy, title,
summary, section). The top-level ``milestones`` and ``readiness`` keys are read by
``content_recognition.py``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ccl_youth.core.content_instruments import _Fields
from ccl_youth.core.content_issues import Issues

FRAMEWORK_YAML = "framework.yaml"
STAGES = ("awareness", "exploration", "preparedness")
STRATEGIES = ("broad_skills", "career_stem", "family_community", "pathways_partnerships")
SLUG = re.compile(r"[a-z][a-z0-9_]{0,39}")
DOTTED_ID = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_]+)*")
STAGE_WORDS = f"a stage ({', '.join(STAGES)})"
STRATEGY_WORDS = f"a strategy ({', '.join(STRATEGIES)})"


@dataclass(frozen=True, slots=True)
class StageEntry:
    slug: str
    name: str
    grade_min: int
    grade_max: int
    summary: str


@dataclass(frozen=True, slots=True)
class StrategyEntry:
    slug: str
    name: str
    summary: str


@dataclass(frozen=True, slots=True)
class Tactic:
    id: str
    stage: str
    strategy: str
    title: str
    summary: str
    section: str


@dataclass(frozen=True)
class Framework:
    """Stages in ``STAGES`` order, strategies in ``STRATEGIES`` order, tactics in file order."""

    stages: tuple[StageEntry, ...]
    strategies: tuple[StrategyEntry, ...]
    tactics: tuple[Tactic, ...]
    _stages: dict[str, StageEntry] = field(init=False, repr=False, compare=False)
    _strategies: dict[str, StrategyEntry] = field(init=False, repr=False, compare=False)
    _tactics: dict[str, Tactic] = field(init=False, repr=False, compare=False)
    _cells: dict[tuple[str, str], tuple[Tactic, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        cells: dict[tuple[str, str], list[Tactic]] = {}
        for tactic in self.tactics:
            cells.setdefault((tactic.stage, tactic.strategy), []).append(tactic)
        object.__setattr__(self, "_stages", {s.slug: s for s in self.stages})
        object.__setattr__(self, "_strategies", {s.slug: s for s in self.strategies})
        object.__setattr__(self, "_tactics", {t.id: t for t in self.tactics})
        object.__setattr__(self, "_cells", {key: tuple(ts) for key, ts in cells.items()})

    def stage(self, slug: str) -> StageEntry:
        """The stage with this slug; KeyError if there is none."""
        return self._stages[slug]

    def strategy(self, slug: str) -> StrategyEntry:
        """The strategy with this slug; KeyError if there is none."""
        return self._strategies[slug]

    def tactic(self, tactic_id: str) -> Tactic:
        """The tactic with this id; KeyError if there is none."""
        return self._tactics[tactic_id]

    def tactics_for(
        self, stage: str | None = None, strategy: str | None = None
    ) -> tuple[Tactic, ...]:
        """The tactics of one cell, one stage or one strategy (None matches any), in file order."""
        if stage is not None and strategy is not None:
            return self._cells.get((stage, strategy), ())
        return tuple(
            t
            for t in self.tactics
            if (stage is None or t.stage == stage) and (strategy is None or t.strategy == strategy)
        )

    def stage_for_grade(self, grade: int) -> str:
        """The stage a grade (0 = kindergarten) falls in; grades outside 0–12 get the nearest."""
        for stage in self.stages:
            if grade <= stage.grade_max:
                return stage.slug
        return self.stages[-1].slug


class Fields(_Fields):
    """The instrument files' field reader, plus slugs, lists of slugs and true/false flags."""

    def slug(self, name: str, dotted: bool = False) -> str:
        """A slug (``guest_speaker``) or, if ``dotted``, an id (``awareness.career_stem.x``)."""
        max_length = 120 if dotted else 40
        value = self.text(name, max_length)
        if value and len(value) <= max_length:
            if dotted and not DOTTED_ID.fullmatch(value):
                shape = "words of lowercase letters, digits and _ joined by dots"
            elif not dotted and not SLUG.fullmatch(value):
                shape = "lowercase letters, digits and _, starting with a letter"
            else:
                return value
            self.problem(name, f"must be {shape}, got {value!r}")
        return value

    def choice(self, name: str, choices: Collection[str], what: str) -> str:
        value = self.text(name, 120)
        if value and value not in choices:
            self.problem(name, f"{value!r} is not {what}")
        return value

    def names(
        self, name: str, choices: Collection[str] | None, what: str, at_least_one: bool = True
    ) -> tuple[str, ...]:
        """A list of slugs or ids, each one of ``choices`` (None: not checked)."""
        value = self.data.get(name)
        if value is None:
            self.problem(name, "is required")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(name, f"must be a list of slugs, got {value!r}")
            return ()
        if at_least_one and not value:
            self.problem(name, "must list at least one")
        for item in [v for v in value if choices is not None and v not in choices]:
            self.problem(name, f"{item!r} is not {what}")
        for item, count in Counter(value).items():
            if count > 1:
                self.problem(name, f"{item!r} is listed {count} times")
        return tuple(value)

    def flag(self, name: str) -> bool:
        value = self.data.get(name)
        if value is None:
            self.problem(name, "is required")
        elif not isinstance(value, bool):
            self.problem(name, f"must be true or false, got {value!r}")
        return value is True


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping (PyYAML keeps the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                if key_node.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"{key_node.value!r} appears twice", key_node.start_mark
                    )
                seen.add(key_node.value)
        return super().construct_mapping(node, deep)


def read_yaml(root: Path, file: str, issues: Issues) -> tuple[bool, Any]:
    """(True, the parsed document), or (False, None) after reporting why it could not be read."""
    path = root / file
    if not path.is_file():
        issues.add(file, None, None, "file is missing")
        return False, None
    try:
        return True, yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # noqa: S506
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        issues.add(file, None, None, f"is not valid YAML: {problem}", line=line)
        return False, None


def each_entry(
    issues: Issues, file: str, kind: str, key: str, raw: list[Any], known: set[str]
) -> Iterator[Fields]:
    """A reader for every mapping in ``raw``, named ``<kind> <key>`` (``<kind> #<n>`` when the
    key is unusable); an entry that is not a mapping is reported once and skipped."""
    for number, data in enumerate(raw, start=1):
        value = data.get(key) if isinstance(data, dict) else None
        entry = f"{kind} {value}" if isinstance(value, str) and value else f"{kind} #{number}"
        fields = Fields(issues, file, entry, data, known)
        if isinstance(data, dict):
            yield fields


def report_duplicates(issues: Issues, file: str, kind: str, key: str, values: list[str]) -> None:
    consonant_y = kind.endswith("y") and kind[-2:-1] not in ("a", "e", "i", "o", "u")
    plural = kind[:-1] + "ies" if consonant_y else kind + "s"
    for value, count in Counter(values).items():
        if count > 1:
            issues.add(file, f"{kind} {value}", key, f"is used by {count} {plural}")


def _require_each(
    top: Fields, kind: str, key: str, slugs: list[str], expected: Sequence[str]
) -> None:
    """Every expected slug once: the app relies on each stage and strategy being there."""
    report_duplicates(top.issues, FRAMEWORK_YAML, kind, "slug", [s for s in slugs if s])
    for slug in expected if top.data.get(key) else ():
        if slug not in slugs:
            top.problem(key, f"{slug} is missing")


def _stages(issues: Issues, top: Fields) -> list[StageEntry]:
    known = {"slug", "name", "grade_min", "grade_max", "summary"}
    stages, slugs = [], []
    for fields in each_entry(
        issues, FRAMEWORK_YAML, "stage", "slug", top.sequence("stages"), known
    ):
        slug = fields.choice("slug", STAGES, STAGE_WORDS)
        stage = StageEntry(
            slug,
            fields.text("name", 80),
            fields.whole("grade_min", 0, 12),
            fields.whole("grade_max", 0, 12),
            fields.text("summary", 500),
        )
        slugs.append(slug)
        if fields.ok:
            stages.append(stage)
    _require_each(top, "stage", "stages", slugs, STAGES)
    stages.sort(key=lambda s: STAGES.index(s.slug))
    if [s.slug for s in stages] == list(STAGES):
        # The stages must cover grades 0–12 in order, without gaps or overlaps.
        expected = 0
        for stage in stages:
            if stage.grade_min != expected:
                issues.add(
                    FRAMEWORK_YAML,
                    f"stage {stage.slug}",
                    "grade_min",
                    f"must be {expected} to follow the stage before, got {stage.grade_min}",
                )
            expected = stage.grade_max + 1
        if expected != 13:
            issues.add(FRAMEWORK_YAML, f"stage {stages[-1].slug}", "grade_max", "must be 12")
    return stages


def _strategies(issues: Issues, top: Fields) -> list[StrategyEntry]:
    strategies, slugs = [], []
    known = {"slug", "name", "summary"}
    raw = top.sequence("strategies")
    for fields in each_entry(issues, FRAMEWORK_YAML, "strategy", "slug", raw, known):
        slug = fields.choice("slug", STRATEGIES, STRATEGY_WORDS)
        strategy = StrategyEntry(slug, fields.text("name", 80), fields.text("summary", 500))
        slugs.append(slug)
        if fields.ok:
            strategies.append(strategy)
    _require_each(top, "strategy", "strategies", slugs, STRATEGIES)
    strategies.sort(key=lambda s: STRATEGIES.index(s.slug))
    return strategies


def _tactics(issues: Issues, top: Fields) -> tuple[list[Tactic], dict[str, str]]:
    """The tactics that are fine, and the stage of every tactic whose id reads ("" if its stage
    does not)."""
    known = {"id", "stage", "strategy", "title", "summary", "section"}
    tactics, ids, stage_of, cells = [], [], {}, set()
    for fields in each_entry(
        issues, FRAMEWORK_YAML, "tactic", "id", top.sequence("tactics"), known
    ):
        tactic_id = fields.slug("id", dotted=True)
        stage = fields.choice("stage", STAGES, STAGE_WORDS)
        strategy = fields.choice("strategy", STRATEGIES, STRATEGY_WORDS)
        if stage in STAGES and strategy in STRATEGIES:
            cells.add((stage, strategy))
            parts = tactic_id.split(".")
            if tactic_id and (len(parts) != 3 or parts[:2] != [stage, strategy]):
                fields.problem("id", f"must be {stage}.{strategy}.<short name>, got {tactic_id!r}")
        tactic = Tactic(
            tactic_id,
            stage,
            strategy,
            fields.text("title", 80),
            fields.text("summary", 300),
            fields.text("section", 120),
        )
        if tactic_id:
            ids.append(tactic_id)
            stage_of[tactic_id] = stage if stage in STAGES else ""
        if fields.ok:
            tactics.append(tactic)
    report_duplicates(issues, FRAMEWORK_YAML, "tactic", "id", ids)
    for stage in STAGES if top.data.get("tactics") else ():
        for strategy in STRATEGIES:
            if (stage, strategy) not in cells:
                issues.add(FRAMEWORK_YAML, f"cell {stage}/{strategy}", "tactics", "has no tactic")
    return tactics, stage_of


def load_framework(root: Path, issues: Issues) -> tuple[Framework | None, dict[str, str] | None]:
    """The framework (None when the file is unusable) and the stage of every tactic id for
    cross-checks (None when the file is unusable)."""
    readable, data = read_yaml(root, FRAMEWORK_YAML, issues)
    if not readable:
        return None, None
    # milestones and readiness are read by content_recognition.py
    known = {"stages", "strategies", "tactics", "milestones", "readiness"}
    top = Fields(issues, FRAMEWORK_YAML, "framework", data, known)
    if not isinstance(data, dict):
        return None, None
    stages = _stages(issues, top)
    strategies = _strategies(issues, top)
    tactics, stage_of = _tactics(issues, top)
    return Framework(tuple(stages), tuple(strategies), tuple(tactics)), stage_of
