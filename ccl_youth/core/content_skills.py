"""``content/skills.yaml``: the durable skills and STEM practices with their rubrics, read and
checked (see ``content_recognition.py`` for the ``Skill`` they become)."""

from __future__ import annotations

from typing import Any

from ccl_youth.core.content_framework import Fields, each_entry, report_duplicates
from ccl_youth.core.content_issues import Issues
from ccl_youth.core.content_recognition import GRADE_BANDS, SKILL_KINDS, Skill
from ccl_youth.core.rules import LEVELS

SKILLS_YAML = "skills.yaml"
LEVEL_KEYS = tuple(name.lower() for name in LEVELS.values())
DESCRIPTOR_MAX_LENGTH = 200


class _Nested(Fields):
    """Fields of a mapping inside an entry, reported as ``<prefix>.<field>``."""

    def __init__(self, parent: Fields, prefix: str, data: Any, known: set[str]) -> None:
        self.prefix = prefix
        super().__init__(parent.issues, parent.file, parent.entry, data, known)

    def problem(self, field: str | None, text: str) -> None:
        super().problem(f"{self.prefix}.{field}" if field else self.prefix, text)


def _rubric(fields: Fields) -> dict[str, tuple[str, str, str, str]]:
    value = fields.data.get("rubric")
    words = f"a mapping of the grade bands {', '.join(GRADE_BANDS)} (in quotes)"
    if not isinstance(value, dict):
        fields.problem("rubric", f"must be {words}")
        return {}
    for band in value:
        if band not in GRADE_BANDS:
            fields.problem("rubric", f"{band!r} is not a grade band; use {words}")
    rubric = {}
    for band in GRADE_BANDS:
        if band not in value:
            fields.problem(f"rubric.{band}", "is required")
            continue
        levels = _Nested(fields, f"rubric.{band}", value[band], set(LEVEL_KEYS))
        texts = [levels.text(level, DESCRIPTOR_MAX_LENGTH) for level in LEVEL_KEYS]
        fields.ok = fields.ok and levels.ok
        rubric[band] = (texts[0], texts[1], texts[2], texts[3])
    return rubric


def read_skills(issues: Issues, raw: list[Any]) -> tuple[list[Skill], set[str]]:
    """The skills that are fine, and every slug that reads (for rules)."""
    known = {"slug", "name", "kind", "summary", "rubric"}
    skills, slugs = [], []
    for fields in each_entry(issues, SKILLS_YAML, "skill", "slug", raw, known):
        skill = Skill(
            slug=fields.slug("slug"),
            name=fields.text("name", 60),
            kind=fields.choice("kind", SKILL_KINDS, "durable or stem"),
            summary=fields.text("summary", 300),
            rubric=_rubric(fields),
        )
        if skill.slug:
            slugs.append(skill.slug)
        if fields.ok:
            skills.append(skill)
    report_duplicates(issues, SKILLS_YAML, "skill", "slug", slugs)
    return skills, set(slugs)
