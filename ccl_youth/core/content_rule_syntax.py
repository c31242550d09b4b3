"""The rule language of badges, milestones and readiness (``core/rules.py`` evaluates it): the
parsed tree, the conditions and their parameters, and the parser that checks a rule from
content, naming the field path of every problem. Pure: no database, no Flask.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ccl_youth.core.content_framework import STAGES, STRATEGIES

LEVELS: dict[int, str] = {1: "Emerging", 2: "Developing", 3: "Proficient", 4: "Advanced"}
WHEN = ("pre", "post")
MAX_MIN = 100_000
MAX_DEPTH = 8


# --- the parsed tree ------------------------------------------------------------------------


class Rule:
    """A parsed rule: ``AllOf``, ``AnyOf``, ``NOf`` or ``Condition``."""

    __slots__ = ()

    def conditions(self) -> Iterator[Condition]:
        """Every condition in the tree, in order."""
        raise NotImplementedError

    def to_data(self) -> dict[str, Any]:
        """The rule as YAML-shaped data (what ``parse_rule`` reads)."""
        raise NotImplementedError

    def condition_names(self) -> frozenset[str]:
        """The kinds of record the rule reads (to know when to re-evaluate)."""
        return frozenset(c.name for c in self.conditions())

    def badge_slugs(self) -> frozenset[str]:
        """Badges named by ``badge`` conditions (for cycle checks)."""
        return frozenset(c.target for c in self.conditions() if c.name == "badge")


@dataclass(frozen=True)
class AllOf(Rule):
    parts: tuple[Rule, ...]

    def conditions(self) -> Iterator[Condition]:
        for part in self.parts:
            yield from part.conditions()

    def to_data(self) -> dict[str, Any]:
        return {"all": [p.to_data() for p in self.parts]}


@dataclass(frozen=True)
class AnyOf(Rule):
    parts: tuple[Rule, ...]

    def conditions(self) -> Iterator[Condition]:
        for part in self.parts:
            yield from part.conditions()

    def to_data(self) -> dict[str, Any]:
        return {"any": [p.to_data() for p in self.parts]}


@dataclass(frozen=True)
class NOf(Rule):
    n: int
    parts: tuple[Rule, ...]

    def conditions(self) -> Iterator[Condition]:
        for part in self.parts:
            yield from part.conditions()

    def to_data(self) -> dict[str, Any]:
        return {"n_of": {"n": self.n, "of": [p.to_data() for p in self.parts]}}


@dataclass(frozen=True)
class Condition(Rule):
    """One condition. ``target`` is the instrument kind, skill, badge or milestone id it names;
    ``among`` the types or skills it is narrowed to (empty: any)."""

    name: str
    min: int = 1
    level: int = 0
    target: str = ""
    among: tuple[str, ...] = ()
    when: str = ""
    stage: str = ""
    strategy: str = ""

    def conditions(self) -> Iterator[Condition]:
        yield self

    def to_data(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for param in CONDITIONS[self.name]:
            if param in ("min", "level"):
                values[param] = getattr(self, param)
            elif param in ("types", "skills"):
                if self.among:
                    values[param] = list(self.among)
            elif param in ("when", "stage", "strategy"):
                if getattr(self, param):
                    values[param] = getattr(self, param)
            else:
                values[param] = self.target
        return {self.name: values}


# --- parsing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Known:
    """What a rule may name."""

    skills: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    badges: frozenset[str] = frozenset()
    milestones: frozenset[str] = frozenset()
    instrument_kinds: frozenset[str] = frozenset()


#: Each condition's parameters: name -> (kind, required). Kinds: "min" (whole number from 1),
#: "level" (1..4), "kind"/"skill"/"badge"/"milestone" (a known name), "types"/"skills" (a list
#: of known names), "when", "stage", "strategy".
CONDITIONS: dict[str, dict[str, bool]] = {
    "assessment": {"kind": True, "min": False},
    "experiences": {"min": False, "types": False},
    "experience_types": {"min": False},
    "clusters": {"min": False},
    "verified_hours": {"min": True, "types": False},
    "placements_completed": {"min": False, "types": False},
    "skill": {"skill": True, "level": True},
    "skills_at": {"level": True, "min": False, "skills": False},
    "reflections": {"min": False, "when": False},
    "shared_reflections": {"min": False},
    "goals": {"min": False},
    "favorites": {"min": False},
    "badge": {"badge": True},
    "badges": {"min": False},
    "milestones": {"min": False, "stage": False, "strategy": False},
    "milestone": {"milestone": True},
}


class _Parser:
    def __init__(self, known: Known) -> None:
        self.known = known
        self.problems: list[str] = []
        self.names = {
            "kind": (known.instrument_kinds, "an instrument kind"),
            "skill": (known.skills, "a skill"),
            "badge": (known.badges, "a badge"),
            "milestone": (known.milestones, "a milestone"),
            "when": (frozenset(WHEN), "pre or post"),
            "stage": (frozenset(STAGES), "a stage"),
            "strategy": (frozenset(STRATEGIES), "a strategy"),
            "types": (known.types, "an experience type"),
            "skills": (known.skills, "a skill"),
        }

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def rule(self, data: object, path: str, depth: int = 0) -> Rule | None:
        if depth > MAX_DEPTH:
            self.problem(path, f"rules may nest at most {MAX_DEPTH} levels deep")
            return None
        if not isinstance(data, dict) or len(data) != 1:
            self.problem(
                path, "must be a mapping with exactly one key: all, any, n_of or a condition"
            )
            return None
        ((key, value),) = data.items()
        here = f"{path}.{key}"
        if key in ("all", "any"):
            parts = self.parts(value, here, depth)
            if parts is None:
                return None
            return AllOf(parts) if key == "all" else AnyOf(parts)
        if key == "n_of":
            return self.n_of(value, here, depth)
        if key in CONDITIONS:
            return self.condition(str(key), value, here)
        self.problem(
            path,
            f"unknown condition {key!r}; use all, any, n_of or one of: {', '.join(CONDITIONS)}",
        )
        return None

    def parts(self, value: object, path: str, depth: int) -> tuple[Rule, ...] | None:
        if not isinstance(value, list) or not value:
            self.problem(path, "must be a list with at least one rule")
            return None
        parts = [self.rule(item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value)]
        return tuple(p for p in parts if p is not None) if None not in parts else None

    def n_of(self, value: object, path: str, depth: int) -> Rule | None:
        if not isinstance(value, dict) or set(value) != {"n", "of"}:
            self.problem(path, "must be a mapping with n (a whole number) and of (a list of rules)")
            return None
        n = self.whole(value["n"], f"{path}.n", 1, MAX_MIN)
        parts = self.parts(value["of"], f"{path}.of", depth)
        count = len(value["of"]) if isinstance(value["of"], list) else None
        if n is not None and count and n > count:
            self.problem(f"{path}.n", f"is {n}, but of lists only {count} rules")
            return None
        return NOf(n, parts) if n is not None and parts is not None else None

    def whole(self, value: object, path: str, low: int, high: int) -> int | None:
        if type(value) is not int or not low <= value <= high:
            self.problem(path, f"must be a whole number from {low} to {high}, got {value!r}")
            return None
        return value

    def condition(self, name: str, value: object, path: str) -> Rule | None:
        spec = CONDITIONS[name]
        if not isinstance(value, dict):
            example = ", ".join(f"{p}: …" for p, required in spec.items() if required)
            self.problem(path, f"must be a mapping such as {{{example or 'min: 1'}}}")
            return None
        before = len(self.problems)
        for param in value:
            if param not in spec:
                self.problem(f"{path}.{param}", f"unknown field; {name} takes {', '.join(spec)}")
        for param, required in spec.items():
            if required and param not in value:
                self.problem(f"{path}.{param}", "is required")
        got: dict[str, Any] = {}
        for param in spec:
            if param in value:
                got[param] = self.param(param, value[param], f"{path}.{param}")
        if len(self.problems) > before:
            return None
        return Condition(
            name,
            min=got.get("min", 1),
            level=got.get("level", 0),
            target=got.get("kind")
            or got.get("skill")
            or got.get("badge")
            or got.get("milestone")
            or "",
            among=got.get("types") or got.get("skills") or (),
            when=got.get("when", ""),
            stage=got.get("stage", ""),
            strategy=got.get("strategy", ""),
        )

    def param(self, param: str, value: object, path: str) -> object:
        if param == "min":
            return self.whole(value, path, 1, MAX_MIN)
        if param == "level":
            return self.whole(value, path, 1, len(LEVELS))
        known, what = self.names[param]
        if param in ("types", "skills"):
            if not isinstance(value, list) or not value:
                self.problem(path, f"must be a list of slugs with at least one, got {value!r}")
                return None
            for item in value:
                self.known_name(item, path, known, what)
            if len(set(map(str, value))) != len(value):
                self.problem(path, "lists a slug twice")
            return tuple(value)
        return value if self.known_name(value, path, known, what) else None

    def known_name(self, value: object, path: str, known: frozenset[str], what: str) -> bool:
        if not isinstance(value, str) or value not in known:
            self.problem(path, f"{value!r} is not {what}")
            return False
        return True


def parse_rule(data: object, known: Known, path: str = "rule") -> tuple[Rule | None, list[str]]:
    """The parsed rule, or None with every problem as ``<field path>: <message>`` (paths start
    at ``path``, e.g. ``rule.all[1].experiences.types``)."""
    parser = _Parser(known)
    rule = parser.rule(data, path)
    return (rule if not parser.problems else None), parser.problems
