"""Checks on the rules of milestones, readiness and badges beyond what ``parse_rule`` checks:
types that fit the stages, conditions that can never be met, and badges that wait on each
other in a cycle."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.content_issues import Issues
from ccl_youth.core.rules import Condition, Known, Rule, parse_rule


def parse_entry_rule(
    issues: Issues, file: str, entry: str, data: object, known: Known
) -> Rule | None:
    """The parsed rule of one entry; each problem is added with its field path."""
    rule, problems = parse_rule(data, known, "rule")
    for problem in problems:
        path, _, message = problem.partition(": ")
        issues.add(file, entry, path, message)
    return rule


def type_problems(rule: Rule, stages: Collection[str], experiences: ExperienceCatalog) -> list[str]:
    """Experience types that serve none of ``stages`` (never logged for such youth), and
    types of hours or placements that are not work-based."""
    problems: list[str] = []
    if not stages:
        return problems  # the entry's stages are wrong, which is reported already
    for condition in rule.conditions():
        for slug in condition.among if condition.name != "skills_at" else ():
            kind = experiences.type(slug)
            if condition.name == "experiences" and not set(kind.stages) & set(stages):
                problems.append(
                    f"{slug} is not logged for {' or '.join(stages)} (see its stages in "
                    "experience_types.yaml)"
                )
            elif condition.name != "experiences" and not kind.is_work_based:
                problems.append(f"{slug} is not work-based learning, so it has no placements")
    return problems


def _describe(condition: Condition) -> str:
    data = condition.to_data()[condition.name]
    inner = ", ".join(f"{k}: {v}" for k, v in data.items())
    return f"{condition.name} {{{inner}}}"


def impossible(
    rule: Rule,
    milestone_ids: Sequence[str],
    badge_count: int,
    skill_count: int,
    type_count: int,
) -> list[str]:
    """Conditions that ask for more than the content has, so can never be met."""
    problems = []
    for c in rule.conditions():
        if c.name == "milestones":
            have = sum(
                1
                for m in milestone_ids
                if (not c.stage or m.split(".")[0] == c.stage)
                and (not c.strategy or m.split(".")[1:2] == [c.strategy])
            )
            what = "such milestones"
        elif c.name == "badges":
            have, what = badge_count, "badges"
        elif c.name == "skills_at":
            have, what = len(c.among) or skill_count, "such skills"
        elif c.name == "experience_types":
            have, what = type_count, "experience types"
        else:
            continue
        if c.min > have:
            problems.append(f"{_describe(c)} can never be met: there are only {have} {what}")
    return problems


def badge_cycles(depends: Mapping[str, Collection[str]]) -> dict[str, str]:
    """For each badge on a cycle of ``badge`` conditions, the cycle as ``a → b → a``."""
    cycles: dict[str, str] = {}
    state: dict[str, int] = {}  # 1 visiting, 2 done
    trail: list[str] = []

    def visit(slug: str) -> None:
        state[slug] = 1
        trail.append(slug)
        for nxt in sorted(depends.get(slug, ())):
            if state.get(nxt) == 1:
                loop = trail[trail.index(nxt) :] + [nxt]
                for member in loop[:-1]:
                    cycles.setdefault(member, " → ".join(loop))
            elif nxt in depends and state.get(nxt) is None:
                visit(nxt)
        trail.pop()
        state[slug] = 2

    for slug in depends:
        if state.get(slug) is None:
            visit(slug)
    return cycles
