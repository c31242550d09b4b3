"""The framework, the experience types and the reflection prompts: ``content/framework.yaml``,
``content/experience_types.yaml`` and ``content/reflection_prompts.yaml``, read, checked against
each other and handed back as one ``ExperienceCatalog``.

Every problem becomes one message naming the file, the entry and the field (see
``content_issues.py``); ``content/README.md`` describes every field. The framework itself is
read by ``content_framework.py``; its names are re-exported here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ccl_youth.core.content_framework import (
    FRAMEWORK_YAML,
    STAGE_WORDS,
    STAGES,
    STRATEGIES,
    STRATEGY_WORDS,
    Framework,
    StageEntry,
    StrategyEntry,
    Tactic,
    each_entry,
    load_framework,
    read_yaml,
    report_duplicates,
)
from ccl_youth.core.content_issues import ContentError, Issues

__all__ = [
    "EXPERIENCE_TYPES_YAML",
    "FRAMEWORK_YAML",
    "REFLECTION_PROMPTS_YAML",
    "STAGES",
    "STRATEGIES",
    "WHEN",
    "ContentError",
    "ExperienceCatalog",
    "ExperienceType",
    "Framework",
    "ReflectionPrompt",
    "StageEntry",
    "StrategyEntry",
    "Tactic",
    "experience_catalog",
    "load_experience_catalog",
    "load_experience_catalog_into",
]

EXPERIENCE_TYPES_YAML = "experience_types.yaml"
REFLECTION_PROMPTS_YAML = "reflection_prompts.yaml"
WHEN = ("pre", "post")
DEFAULT = "default"
MIN_MINUTES, MAX_MINUTES = 5, 1440
PROMPT_MAX_LENGTH = 300


@dataclass(frozen=True, slots=True)
class ExperienceType:
    slug: str
    name: str
    summary: str
    stages: tuple[str, ...]
    strategies: tuple[str, ...]
    tactics: tuple[str, ...]
    is_work_based: bool
    default_minutes: int


@dataclass(frozen=True, slots=True)
class ReflectionPrompt:
    id: str
    experience_type: str
    stage: str
    when: str
    text: str


@dataclass(frozen=True)
class ExperienceCatalog:
    """The checked framework, experience types (file order) and prompts (file order)."""

    framework: Framework
    types: tuple[ExperienceType, ...]
    prompts: tuple[ReflectionPrompt, ...]
    _types: dict[str, ExperienceType] = field(init=False, repr=False, compare=False)
    _prompts: dict[str, ReflectionPrompt] = field(init=False, repr=False, compare=False)
    _by_use: dict[tuple[str, str, str], tuple[ReflectionPrompt, ...]] = field(
        init=False, repr=False, compare=False
    )
    _work_based: tuple[ExperienceType, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_use: dict[tuple[str, str, str], list[ReflectionPrompt]] = {}
        for prompt in self.prompts:
            key = (prompt.experience_type, prompt.stage, prompt.when)
            by_use.setdefault(key, []).append(prompt)
        object.__setattr__(self, "_types", {t.slug: t for t in self.types})
        object.__setattr__(self, "_prompts", {p.id: p for p in self.prompts})
        object.__setattr__(self, "_by_use", {key: tuple(ps) for key, ps in by_use.items()})
        object.__setattr__(self, "_work_based", tuple(t for t in self.types if t.is_work_based))

    def type(self, slug: str) -> ExperienceType:
        """The experience type with this slug; KeyError if there is none."""
        return self._types[slug]

    def type_names(self) -> dict[str, str]:
        """Slug → name of every type, in file order (for choice lists)."""
        return {t.slug: t.name for t in self.types}

    def work_based_types(self) -> tuple[ExperienceType, ...]:
        return self._work_based

    def prompts_for(self, type_slug: str, stage: str, when: str) -> tuple[ReflectionPrompt, ...]:
        """The type's own prompts for this stage and when, else the default ones (also for a
        type slug content no longer has); empty only for an unknown stage or when."""
        own = self._by_use.get((type_slug, stage, when))
        return own if own else self._by_use.get((DEFAULT, stage, when), ())

    def prompt(self, prompt_id: str) -> ReflectionPrompt:
        """The prompt with this id; KeyError if there is none."""
        return self._prompts[prompt_id]


def _top_list(issues: Issues, file: str, data: Any, what: str) -> list[Any] | None:
    if isinstance(data, list) and data:
        return data
    issues.add(file, None, None, f"must be a list of {what} with at least one entry")
    return None


def _types(
    issues: Issues, raw: list[Any], tactic_stages: dict[str, str] | None
) -> tuple[list[ExperienceType], dict[str, tuple[str, ...]]]:
    """The types that are fine, and the stages of every type whose slug reads."""
    file = EXPERIENCE_TYPES_YAML
    known = {
        "slug", "name", "summary", "stages", "strategies", "tactics", "is_work_based",
        "default_minutes",
    }  # fmt: skip
    types, slugs, stages_of = [], [], {}
    for fields in each_entry(issues, file, "type", "slug", raw, known):
        slug = fields.slug("slug")
        if slug == DEFAULT:
            fields.problem("slug", f"{DEFAULT!r} is kept for the default reflection prompts")
        stages = fields.names("stages", STAGES, STAGE_WORDS)
        tactics = fields.names(
            "tactics", tactic_stages, f"a tactic id in {FRAMEWORK_YAML}", at_least_one=False
        )
        for tactic_id in tactics:
            stage = (tactic_stages or {}).get(tactic_id)
            if stage and stage not in stages:
                fields.problem(
                    "tactics", f"{tactic_id!r} is for {stage}, which is not one of the stages"
                )
        experience_type = ExperienceType(
            slug=slug,
            name=fields.text("name", 80),
            summary=fields.text("summary", 300),
            stages=stages,
            strategies=fields.names("strategies", STRATEGIES, STRATEGY_WORDS),
            tactics=tactics,
            is_work_based=fields.flag("is_work_based"),
            default_minutes=fields.whole("default_minutes", MIN_MINUTES, MAX_MINUTES),
        )
        if slug:
            slugs.append(slug)
            stages_of[slug] = stages
        if fields.ok:
            types.append(experience_type)
    report_duplicates(issues, file, "type", "slug", slugs)
    return types, stages_of


def _prompts(
    issues: Issues, raw: list[Any], stages_of: dict[str, tuple[str, ...]] | None
) -> list[ReflectionPrompt]:
    file = REFLECTION_PROMPTS_YAML
    known = {"id", "experience_type", "stage", "when", "text"}
    prompts, ids, defaults = [], [], set()
    for fields in each_entry(issues, file, "prompt", "id", raw, known):
        prompt = ReflectionPrompt(
            id=fields.slug("id", dotted=True),
            experience_type=fields.text("experience_type", 40),
            stage=fields.choice("stage", STAGES, STAGE_WORDS),
            when=fields.choice("when", WHEN, "pre or post"),
            text=fields.text("text", PROMPT_MAX_LENGTH),
        )
        kind, stage = prompt.experience_type, prompt.stage
        if kind == DEFAULT and stage in STAGES and prompt.when in WHEN:
            defaults.add((stage, prompt.when))
        elif kind and stages_of is not None and kind != DEFAULT:
            if kind not in stages_of:
                fields.problem(
                    "experience_type",
                    f"{kind!r} is not a type in {EXPERIENCE_TYPES_YAML} (or {DEFAULT!r})",
                )
            elif stage in STAGES and stages_of[kind] and stage not in stages_of[kind]:
                fields.problem("stage", f"{kind} does not serve {stage}, so this is never asked")
        if prompt.id:
            ids.append(prompt.id)
        if fields.ok:
            prompts.append(prompt)
    report_duplicates(issues, file, "prompt", "id", ids)
    for stage in STAGES:
        for when in WHEN:
            if (stage, when) not in defaults:
                issues.add(
                    file,
                    f"{DEFAULT} {stage} {when}",
                    None,
                    f"has no prompt; add one with experience_type: {DEFAULT}",
                )
    return prompts


def load_experience_catalog_into(root: Path, issues: Issues) -> ExperienceCatalog | None:
    """Read and check the three files under ``root``, adding every problem to ``issues``.

    Returns None when a file is missing, is not valid YAML or has the wrong shape; otherwise a
    catalog of the entries that are fine, which is complete only when no problem was added.
    """
    framework, tactic_stages = load_framework(root, issues)
    readable, data = read_yaml(root, EXPERIENCE_TYPES_YAML, issues)
    raw_types = _top_list(issues, EXPERIENCE_TYPES_YAML, data, "types") if readable else None
    types, stages_of = _types(issues, raw_types or [], tactic_stages)
    readable, data = read_yaml(root, REFLECTION_PROMPTS_YAML, issues)
    raw_prompts = _top_list(issues, REFLECTION_PROMPTS_YAML, data, "prompts") if readable else None
    prompts = (
        _prompts(issues, raw_prompts, stages_of if raw_types is not None else None)
        if raw_prompts is not None
        else []
    )
    if framework is None or raw_types is None or raw_prompts is None:
        return None
    return ExperienceCatalog(framework, tuple(types), tuple(prompts))


def load_experience_catalog(root: Path | str) -> ExperienceCatalog:
    """Read and check the three files under ``root``; raises ContentError listing every problem
    found (file, entry, field), not just the first."""
    root = Path(root)
    issues = Issues()
    if not root.is_dir():
        issues.add(str(root), None, None, "content folder not found")
        raise ContentError(issues.messages)
    catalog = load_experience_catalog_into(root, issues)
    if issues or catalog is None:
        raise ContentError(issues.messages)
    return catalog


@functools.lru_cache(maxsize=4)
def experience_catalog(root: str) -> ExperienceCatalog:
    """The checked catalog of one content folder, read once per process (for the web layer)."""
    return load_experience_catalog(root)
