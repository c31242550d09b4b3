"""The supervisors' workplace rubric rates the same durable skills content/skills.yaml lists,
so their ratings count as those skills' levels (skills/levels.py reads them by slug)."""

from __future__ import annotations

from ccl_youth.core.content_recognition import recognition_catalog
from ccl_youth.placements.rubric import LEVEL_NAMES, SKILLS
from tests.contentkit import CONTENT


def test_the_rubric_rates_the_durable_skills_of_the_content() -> None:
    catalog = recognition_catalog(str(CONTENT))
    durable = [skill.slug for skill in catalog.skills if skill.kind == "durable"]
    assert [skill.slug for skill in SKILLS] == durable
    assert LEVEL_NAMES == {1: "Emerging", 2: "Developing", 3: "Proficient", 4: "Advanced"}
