"""Reading and checking the milestones and readiness of ``framework.yaml`` and ``badges.yaml``,
with ``skills.yaml`` (``content_skills.py``), into a ``RecognitionCatalog`` (see
``content_recognition.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.content_framework import (
    FRAMEWORK_YAML,
    STAGE_WORDS,
    STAGES,
    STRATEGIES,
    STRATEGY_WORDS,
    Fields,
    each_entry,
    read_yaml,
    report_duplicates,
)
from ccl_youth.core.content_instruments import KINDS as INSTRUMENT_KINDS
from ccl_youth.core.content_issues import Issues
from ccl_youth.core.content_recognition import Badge, Milestone, RecognitionCatalog
from ccl_youth.core.content_rule_checks import (
    badge_cycles,
    impossible,
    parse_entry_rule,
    type_problems,
)
from ccl_youth.core.content_skills import SKILLS_YAML, read_skills
from ccl_youth.core.content_svg import check_svg
from ccl_youth.core.rules import Known, Labels, Rule

BADGES_YAML = "badges.yaml"
#: Conditions milestone rules may not use: milestones are decided before badges and readiness.
AFTER_MILESTONES = frozenset({"badge", "badges", "milestone", "milestones"})


def _top_list(issues: Issues, file: str, data: Any, what: str) -> list[Any] | None:
    if isinstance(data, list) and data:
        return data
    issues.add(file, None, None, f"must be a list of {what} with at least one entry")
    return None


# --- framework.yaml: milestones and readiness ----------------------------------------------


@dataclass
class _Pending:
    """An entry whose fields are read, waiting for its rule (which may name any entry)."""

    fields: Fields
    values: dict[str, Any]


def _milestone_entries(issues: Issues, raw: list[Any]) -> list[_Pending]:
    known = {"id", "stage", "strategy", "title", "next_step", "rule"}
    pending, ids, cells = [], [], set()
    for fields in each_entry(issues, FRAMEWORK_YAML, "milestone", "id", raw, known):
        milestone_id = fields.slug("id", dotted=True)
        stage = fields.choice("stage", STAGES, STAGE_WORDS)
        strategy = fields.choice("strategy", STRATEGIES, STRATEGY_WORDS)
        if stage in STAGES and strategy in STRATEGIES:
            cells.add((stage, strategy))
            parts = milestone_id.split(".")
            if milestone_id and (len(parts) != 3 or parts[:2] != [stage, strategy]):
                fields.problem(
                    "id", f"must be {stage}.{strategy}.<short name>, got {milestone_id!r}"
                )
        values = {
            "id": milestone_id,
            "stage": stage,
            "strategy": strategy,
            "title": fields.text("title", 100),
            "next_step": fields.text("next_step", 200),
        }
        if "rule" not in fields.data:
            fields.problem("rule", "is required")
        if milestone_id:
            ids.append(milestone_id)
        pending.append(_Pending(fields, values))
    report_duplicates(issues, FRAMEWORK_YAML, "milestone", "id", ids)
    for stage in STAGES:
        for strategy in STRATEGIES:
            if (stage, strategy) not in cells:
                issues.add(FRAMEWORK_YAML, f"cell {stage}/{strategy}", "milestones", "has none")
    return pending


# --- badges.yaml -----------------------------------------------------------------------------


def _clusters(fields: Fields, cluster_codes: frozenset[str] | None) -> tuple[str, ...]:
    value = fields.data.get("clusters")
    if value is None:
        fields.problem("clusters", "is required (use [] for none)")
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        fields.problem(
            "clusters",
            f'must be a list of cluster codes in quotes, such as ["010100"], got {value!r}',
        )
        return ()
    for code in value:
        if cluster_codes is not None and code not in cluster_codes:
            fields.problem("clusters", f"{code!r} is not a ncc_2024 code in careers/clusters.csv")
    if len(set(value)) != len(value):
        fields.problem("clusters", "lists a code twice")
    return tuple(value)


def _badge_entries(
    issues: Issues,
    root: Path,
    raw: list[Any],
    skills: set[str] | None,
    cluster_codes: frozenset[str] | None,
) -> list[_Pending]:
    """The badges whose fields are read (``skills`` None: skill slugs not checked)."""
    known = {
        "slug", "name", "description", "criteria", "image", "stages", "strategies", "skills",
        "clusters", "rule",
    }  # fmt: skip
    pending, slugs = [], []
    for fields in each_entry(issues, BADGES_YAML, "badge", "slug", raw, known):
        values: dict[str, Any] = {
            "slug": fields.slug("slug"),
            "name": fields.text("name", 60),
            "description": fields.text("description", 300),
            "criteria": fields.text("criteria", 300),
            "image": fields.text("image", 120),
            "stages": fields.names("stages", STAGES, STAGE_WORDS),
            "strategies": fields.names("strategies", STRATEGIES, STRATEGY_WORDS),
            "skills": fields.names(
                "skills", skills, f"a skill in {SKILLS_YAML}", at_least_one=False
            ),
            "clusters": _clusters(fields, cluster_codes),
        }
        for problem in check_svg(root, values["image"]) if values["image"] else ():
            fields.problem("image", problem)
        if "rule" not in fields.data:
            fields.problem("rule", "is required (null for a badge only staff award)")
        elif fields.data["rule"] is None and "staff" not in values["criteria"].lower():
            fields.problem("criteria", "must say that only staff award this badge (rule is null)")
        if values["slug"]:
            slugs.append(values["slug"])
        pending.append(_Pending(fields, values))
    report_duplicates(issues, BADGES_YAML, "badge", "slug", slugs)
    return pending


# --- putting it together -------------------------------------------------------------------


class _Rules:
    """Parses and checks the rules of every entry once all names are known."""

    def __init__(
        self, issues: Issues, experiences: ExperienceCatalog, known: Known, milestone_ids: list[str]
    ) -> None:
        self.issues, self.experiences, self.known = issues, experiences, known
        self.milestone_ids = milestone_ids

    def rule(
        self, file: str, entry: str, data: object, stages: tuple[str, ...]
    ) -> tuple[Rule | None, bool]:
        """The parsed rule and whether it is fine."""
        before = len(self.issues.messages)
        rule = parse_entry_rule(self.issues, file, entry, data, self.known)
        if rule is not None:
            problems = impossible(
                rule,
                self.milestone_ids,
                len(self.known.badges),
                len(self.known.skills),
                len(self.known.types),
            ) + type_problems(rule, stages, self.experiences)
            for problem in problems:
                self.issues.add(file, entry, "rule", problem)
        return rule, len(self.issues.messages) == before


def _readiness(data: Any, rules: _Rules) -> dict[str, Rule]:
    issues, readiness = rules.issues, {}
    if not isinstance(data, dict):
        issues.add(FRAMEWORK_YAML, None, "readiness", "must map each stage but the last to a rule")
        return {}
    for stage in data:
        if stage not in STAGES[:-1]:
            issues.add(
                FRAMEWORK_YAML,
                "readiness",
                str(stage),
                f"is not a stage with a next stage ({', '.join(STAGES[:-1])})",
            )
    for stage in STAGES[:-1]:
        if stage not in data:
            issues.add(FRAMEWORK_YAML, "readiness", stage, "is required")
            continue
        rule, ok = rules.rule(FRAMEWORK_YAML, f"readiness {stage}", data[stage], (stage,))
        if rule is not None and ok:
            readiness[stage] = rule
    return readiness


def _milestones(entries: list[_Pending], rules: _Rules) -> list[Milestone]:
    milestones = []
    for entry in entries:
        fields, values = entry.fields, entry.values
        if "rule" not in fields.data:
            continue
        rule, ok = rules.rule(FRAMEWORK_YAML, fields.entry, fields.data["rule"], (values["stage"],))
        if rule is not None and rule.condition_names() & AFTER_MILESTONES:
            ok = False
            rules.issues.add(
                FRAMEWORK_YAML,
                fields.entry,
                "rule",
                "a milestone rule cannot use badge, badges, milestone or milestones "
                "(milestones are decided first)",
            )
        if fields.ok and ok and rule is not None:
            milestones.append(Milestone(**values, rule=rule))
    return milestones


def _badges(entries: list[_Pending], rules: _Rules) -> list[Badge]:
    badges, depends = [], {}
    for entry in entries:
        fields, values = entry.fields, entry.values
        rule, ok = None, "rule" in fields.data
        if fields.data.get("rule") is not None:
            stages = tuple(s for s in values["stages"] if s in STAGES)
            rule, ok = rules.rule(BADGES_YAML, fields.entry, fields.data["rule"], stages)
            if rule is not None and values["slug"]:
                depends[values["slug"]] = rule.badge_slugs()
        if fields.ok and ok:
            badges.append(Badge(**values, rule=rule))
    cycles = badge_cycles(depends)
    for slug, cycle in cycles.items():
        rules.issues.add(
            BADGES_YAML, f"badge {slug}", "rule", f"badges wait on each other in a cycle: {cycle}"
        )
    return [b for b in badges if b.slug not in cycles]


def _read_list(root: Path, file: str, issues: Issues, what: str) -> list[Any] | None:
    readable, data = read_yaml(root, file, issues)
    return _top_list(issues, file, data, what) if readable else None


def load_recognition_into(
    root: Path,
    issues: Issues,
    experiences: ExperienceCatalog | None,
    cluster_codes: frozenset[str] | None,
) -> RecognitionCatalog | None:
    """Read and check skills, milestones, readiness and badges under ``root``, adding every
    problem to ``issues``. ``experiences`` is the catalog of the same folder (None when its
    files are unusable); ``cluster_codes`` the ncc_2024 codes of careers/clusters.csv (None:
    not checked). Without the experience files or skills.yaml only the skills and the badges'
    own fields are checked: the names rules may use are not known.

    Returns None when a file is unusable; otherwise a catalog of the entries that are fine,
    which is complete only when no problem was added.
    """
    raw_skills = _read_list(root, SKILLS_YAML, issues, "skills")
    skills, skill_slugs = read_skills(issues, raw_skills or [])
    raw_badges = _read_list(root, BADGES_YAML, issues, "badges")
    skill_choices = skill_slugs if raw_skills is not None else None
    badge_entries = _badge_entries(issues, root, raw_badges or [], skill_choices, cluster_codes)
    if experiences is None or raw_skills is None:
        return None  # the names rules may use are unknown: fix the problems reported first
    _, framework = read_yaml(root, FRAMEWORK_YAML, Issues())  # read fine for experiences
    framework = framework if isinstance(framework, dict) else {}
    raw_milestones = framework.get("milestones")
    if not isinstance(raw_milestones, list) or not raw_milestones:
        issues.add(FRAMEWORK_YAML, None, "milestones", "must be a list with at least one entry")
        raw_milestones = []
    milestone_entries = _milestone_entries(issues, raw_milestones)
    milestone_ids = [e.values["id"] for e in milestone_entries if e.values["id"]]
    known = Known(
        skills=frozenset(skill_slugs),
        types=frozenset(t.slug for t in experiences.types),
        badges=frozenset(e.values["slug"] for e in badge_entries if e.values["slug"]),
        milestones=frozenset(milestone_ids),
        instrument_kinds=frozenset(INSTRUMENT_KINDS),
    )
    rules = _Rules(issues, experiences, known, milestone_ids)
    milestones = _milestones(milestone_entries, rules)
    readiness = _readiness(framework.get("readiness"), rules)
    badges = _badges(badge_entries, rules)
    if raw_skills is None or raw_badges is None:
        return None
    framework_entries = experiences.framework
    labels = Labels(
        types=experiences.type_names(),
        skills={s.slug: s.name for s in skills},
        badges={b.slug: b.name for b in badges},
        milestones={m.id: m.title for m in milestones},
        stages={s.slug: s.name for s in framework_entries.stages},
        strategies={s.slug: s.name for s in framework_entries.strategies},
    )
    return RecognitionCatalog(tuple(skills), tuple(milestones), readiness, tuple(badges), labels)
