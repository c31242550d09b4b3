"""The High School and Beyond Plan's reference content, ``content/graduation_requirements.yaml``:
default graduation requirements (subject areas and credits), graduation pathway options, the
financial-aid information checklist (element (d)), advanced-course kinds, postsecondary routes,
the guidance shown beside the course plan and the names of the statutory elements.

Read, checked (every problem named by file, entry and field) and handed back as one
``PlanCatalog``. ``content/README.md`` describes every field."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ccl_youth.core.content_framework import Fields, each_entry, read_yaml, report_duplicates
from ccl_youth.core.content_issues import ContentError, Issues

PLANS_YAML = "graduation_requirements.yaml"
ELEMENTS = ("a", "b", "c", "d", "e", "pathway")
AID_ELEMENTS = ("d_i", "d_ii", "d_iii", "d_iv", "d_v")
GUIDANCE = (
    "course_options",
    "postsecondary_effects",
    "acceleration",
    "cte_equivalency",
    "work_based_learning",
    "credit_recovery",
)
MAX_CREDITS = Decimal(99)
URL_MAX = 300


@dataclass(frozen=True, slots=True)
class RequirementArea:
    slug: str
    name: str
    credits: Decimal
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Choice:
    """A named option: a graduation pathway, an advanced-course kind or a route."""

    slug: str
    name: str
    summary: str = ""


@dataclass(frozen=True, slots=True)
class AidItem:
    slug: str
    element: str  # d_i … d_v
    name: str
    summary: str
    url: str = ""  # an https:// address to read or use the information, or ""


@dataclass(frozen=True, slots=True)
class PlanCatalog:
    state: str
    name: str
    total_credits: Decimal
    areas: tuple[RequirementArea, ...]
    pathways: tuple[Choice, ...]
    aid_items: tuple[AidItem, ...]
    accelerations: tuple[Choice, ...]
    routes: tuple[Choice, ...]
    #: one of GUIDANCE -> a short paragraph
    guidance: Mapping[str, str]
    #: one of ELEMENTS -> its heading
    elements: Mapping[str, str]

    def names(self, what: str) -> dict[str, str]:
        """slug -> name of ``pathways``, ``accelerations``, ``routes``, ``areas`` or
        ``aid_items``."""
        return {entry.slug: entry.name for entry in getattr(self, what)}


def show_credits(value: Decimal) -> str:
    """Credits as people write them: 24, 0.5, 1.25."""
    return f"{value.normalize():f}"


def _credits(fields: Fields, name: str) -> Decimal:
    value = fields.data.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        fields.problem(name, f"must be a number of credits, got {value!r}")
        return Decimal(0)
    try:
        credits = Decimal(str(value))
    except InvalidOperation:
        fields.problem(name, f"must be a number of credits, got {value!r}")
        return Decimal(0)
    if not Decimal(0) < credits <= MAX_CREDITS or credits * 4 != int(credits * 4):
        fields.problem(name, f"must be more than 0 and at most 99, in quarters, got {value!r}")
        return Decimal(0)
    return credits


def _choices(issues: Issues, top: Fields, key: str, kind: str) -> tuple[Choice, ...]:
    out, slugs = [], []
    for fields in each_entry(issues, PLANS_YAML, kind, "slug", top.sequence(key),
                             {"slug", "name", "summary"}):  # fmt: skip
        choice = Choice(
            slug=fields.slug("slug"),
            name=fields.text("name", 80),
            summary=fields.text("summary", 300, required=False),
        )
        slugs.append(choice.slug)
        if fields.ok:
            out.append(choice)
    report_duplicates(issues, PLANS_YAML, kind, "slug", [s for s in slugs if s])
    return tuple(out)


def _areas(issues: Issues, top: Fields) -> tuple[RequirementArea, ...]:
    out, slugs = [], []
    for fields in each_entry(issues, PLANS_YAML, "area", "slug", top.sequence("areas"),
                             {"slug", "name", "credits", "summary"}):  # fmt: skip
        area = RequirementArea(
            slug=fields.slug("slug"),
            name=fields.text("name", 80),
            credits=_credits(fields, "credits"),
            summary=fields.text("summary", 300, required=False),
        )
        slugs.append(area.slug)
        if fields.ok:
            out.append(area)
    report_duplicates(issues, PLANS_YAML, "area", "slug", [s for s in slugs if s])
    return tuple(out)


def _url(fields: Fields, name: str) -> str:
    """An optional https:// address of at most ``URL_MAX`` characters, with a host and no
    spaces."""
    value = fields.text(name, URL_MAX, required=False)
    if not value or len(value) > URL_MAX:
        return ""
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or not value.isprintable() or " " in value:
        fields.problem(name, f"must be an https:// address, got {value!r}")
        return ""
    return value


def _aid_items(issues: Issues, top: Fields) -> tuple[AidItem, ...]:
    out, slugs = [], []
    for fields in each_entry(issues, PLANS_YAML, "aid item", "slug", top.sequence("aid_items"),
                             {"slug", "element", "name", "summary", "url"}):  # fmt: skip
        item = AidItem(
            slug=fields.slug("slug"),
            element=fields.choice("element", AID_ELEMENTS, "one of " + ", ".join(AID_ELEMENTS)),
            name=fields.text("name", 80),
            summary=fields.text("summary", 300),
            url=_url(fields, "url"),
        )
        slugs.append(item.slug)
        if fields.ok:
            out.append(item)
    report_duplicates(issues, PLANS_YAML, "aid item", "slug", [s for s in slugs if s])
    for element in AID_ELEMENTS:
        if slugs and element not in {i.element for i in out}:
            problem = "has no item; the plan must show evidence for every part of (d)"
            issues.add(PLANS_YAML, f"element {element}", "aid_items", problem)
    return tuple(out)


def _mapping(top: Fields, key: str, expected: tuple[str, ...], limit: int) -> dict[str, str]:
    value: Any = top.data.get(key)
    if not isinstance(value, dict):
        top.problem(key, "must be a mapping of " + ", ".join(expected))
        return {}
    out = {}
    for name in expected:
        text = value.get(name)
        if not isinstance(text, str) or not text.strip():
            top.problem(key, f"{name} is required")
        elif len(text) > limit:
            top.problem(key, f"{name} is longer than {limit} characters")
        else:
            out[name] = " ".join(text.split())
    for name in value:
        if name not in expected:
            top.problem(key, f"{name!r} is not one of " + ", ".join(expected))
    return out


def load_plan_catalog_into(root: Path, issues: Issues) -> PlanCatalog | None:
    """Read and check the file under ``root``, adding every problem to ``issues``; None when
    it cannot be read or has the wrong shape."""
    readable, data = read_yaml(root, PLANS_YAML, issues)
    if not readable:
        return None
    known = {"state", "name", "total_credits", "areas", "pathways", "aid_items",
             "accelerations", "routes", "guidance", "elements"}  # fmt: skip
    top = Fields(issues, PLANS_YAML, "", data, known)
    if not isinstance(data, dict):
        return None
    total = _credits(top, "total_credits")
    before = len(issues.messages)
    areas = _areas(issues, top)
    added = sum((a.credits for a in areas), Decimal(0))
    # A total over areas that were themselves wrong would only add a confusing second message.
    if areas and total and len(issues.messages) == before and added != total:
        top.problem("total_credits", f"is {show_credits(total)} but the areas add up to "
                    f"{show_credits(added)}")  # fmt: skip
    return PlanCatalog(
        state=top.text("state", 10),
        name=top.text("name", 120),
        total_credits=total,
        areas=areas,
        pathways=_choices(issues, top, "pathways", "pathway"),
        aid_items=_aid_items(issues, top),
        accelerations=_choices(issues, top, "accelerations", "acceleration"),
        routes=_choices(issues, top, "routes", "route"),
        guidance=_mapping(top, "guidance", GUIDANCE, 600),
        elements=_mapping(top, "elements", ELEMENTS, 80),
    )


def load_plan_catalog(root: Path | str) -> PlanCatalog:
    """Read and check the file; raises ContentError listing every problem."""
    issues = Issues()
    catalog = load_plan_catalog_into(Path(root), issues)
    if issues or catalog is None:
        raise ContentError(issues.messages)
    return catalog


@functools.lru_cache(maxsize=4)
def plan_catalog(root: str) -> PlanCatalog:
    """The checked catalog of one content folder, read once per process (for the web layer)."""
    return load_plan_catalog(root)
