"""``core/content_recognition.py``: the real skills, milestones, readiness rules and badges load
and fit together; broken copies fail ``load_content`` and ``flask content validate`` with
messages naming the file, the entry and the field."""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from ccl_youth.core.content import ContentError, load_content
from ccl_youth.core.content_experiences import STAGES, STRATEGIES
from ccl_youth.core.content_recognition import (
    GRADE_BANDS,
    LEVELS,
    RecognitionCatalog,
    grade_band,
    recognition_catalog,
)
from ccl_youth.core.content_svg import check_svg
from ccl_youth.core.rules import YouthFacts, evaluate, is_met
from ccl_youth.placements.rubric import SKILL_SLUGS as SUPERVISOR_SKILLS
from ccl_youth.web.catalog import recognition
from tests.contentkit import CONTENT, copy_content, real_content, replace_once

DURABLE = [
    "critical_thinking", "collaboration", "communication", "creativity", "growth_mindset",
    "goal_setting", "leadership", "problem_solving",
]  # fmt: skip
STEM = ["measurement", "tool_use", "data_analysis", "computational_thinking"]
SVG = "{http://www.w3.org/2000/svg}"


def catalog() -> RecognitionCatalog:
    return real_content().recognition


def facts(**values: Any) -> YouthFacts:
    empty: dict[str, Any] = {
        "grade": 4,
        "stage": "awareness",
        "assessments": {},
        "experiences": {},
        "clusters": frozenset(),
        "verified_minutes": {},
        "placements_completed": {},
        "skill_levels": {},
        "reflections": {},
        "reflections_shared": 0,
        "goals_completed": 0,
        "favorites": 0,
        "badges": frozenset(),
    }
    return YouthFacts(**{**empty, **values})


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(root)
    return caught.value.messages


# --- skills ----------------------------------------------------------------------------------


def test_the_eight_durable_skills_and_four_stem_practices():
    cat = catalog()
    assert [s.slug for s in cat.skills_of_kind("durable")] == DURABLE
    assert [s.slug for s in cat.skills_of_kind("stem")] == STEM
    # The supervisor rubric rates the same durable skills.
    assert list(SUPERVISOR_SKILLS) == DURABLE
    for skill in cat.skills:
        assert tuple(skill.rubric) == GRADE_BANDS
        descriptors = [d for band in skill.rubric.values() for d in band]
        assert len(descriptors) == 12 and all(d.endswith(".") for d in descriptors)
        assert len(set(descriptors)) >= 11, skill.slug  # each band says its own thing
        assert skill.summary and skill.name


def test_a_descriptor_is_chosen_by_level_and_grade():
    skill = catalog().skill("measurement")
    assert LEVELS == {1: "Emerging", 2: "Developing", 3: "Proficient", 4: "Advanced"}
    assert [grade_band(g) for g in (-1, 0, 5, 6, 8, 9, 12, 13)] == [
        "k5", "k5", "k5", "6_8", "6_8", "9_12", "9_12", "9_12",
    ]  # fmt: skip
    assert skill.descriptor(1, 0) == "Compares things by looking: longer, shorter, heavier."
    assert skill.descriptor(4, 7) == skill.rubric["6_8"][3]
    assert skill.descriptor(3, 11) == skill.rubric["9_12"][2]
    with pytest.raises(IndexError):
        skill.descriptor(5, 11)
    with pytest.raises(KeyError):
        catalog().skill("juggling")


# --- milestones and readiness ----------------------------------------------------------------


def test_every_cell_has_two_to_four_milestones_with_plain_words():
    cat = catalog()
    cells = Counter((m.stage, m.strategy) for m in cat.milestones)
    assert set(cells) == {(s, t) for s in STAGES for t in STRATEGIES}
    assert all(2 <= n <= 4 for n in cells.values())
    for milestone in cat.milestones:
        assert milestone.id.startswith(f"{milestone.stage}.{milestone.strategy}.")
        assert len(milestone.title) <= 70 and len(milestone.next_step) <= 110, milestone.id
        assert not milestone.rule.condition_names() & {"badge", "badges", "milestone", "milestones"}
    assert [m.id for m in cat.milestones_for("awareness", "career_stem")] == [
        "awareness.career_stem.met_workers",
        "awareness.career_stem.two_clusters",
        "awareness.career_stem.told_what_i_learned",
    ]
    assert cat.milestone("preparedness.career_stem.twenty_hours").rule.to_data() == {
        "verified_hours": {"min": 20}
    }


def test_nothing_is_met_by_an_empty_record():
    cat = catalog()
    empty = facts()
    assert cat.milestones_met(empty) == frozenset()
    assert cat.badges_earned(cat.with_milestones(empty)) == ()
    for stage, rule in cat.readiness.items():
        assert not is_met(rule, empty), stage


def test_milestones_met_from_a_record():
    cat = catalog()
    record = facts(
        assessments={"riasec": 1},
        experiences={"guest_speaker": 2, "stem_challenge": 2, "family_stem_night": 1},
        reflections_shared=1,
    )
    assert cat.milestones_met(record) == {
        "awareness.broad_skills.interest_quiz",
        "awareness.broad_skills.stem_challenges",
        "awareness.career_stem.met_workers",
        "awareness.family_community.family_night",
        "awareness.family_community.shared_with_family",
        "awareness.family_community.community_helper",
        "awareness.pathways_partnerships.three_kinds",
        "exploration.broad_skills.interest_inventory",
        "exploration.career_stem.worked_like_a_pro",
        "exploration.family_community.family_event",
        "preparedness.career_stem.real_world_projects",
    }
    assert cat.with_milestones(record).milestones == cat.milestones_met(record)


def test_ready_for_the_next_stage_needs_half_the_milestones_and_one_per_strategy():
    cat = catalog()
    assert set(cat.readiness) == {"awareness", "exploration"}
    rule = cat.readiness["awareness"]
    # Seven awareness milestones, but none for pathways and partnerships: not ready.
    seven = facts(
        assessments={"riasec": 1},
        experiences={"guest_speaker": 2, "stem_challenge": 2},
        skill_levels={"collaboration": 2},
        reflections={"post": 2},
        reflections_shared=1,
    )
    assert len(cat.milestones_met(seven) & {m.id for m in cat.milestones_for("awareness")}) == 7
    outcome = evaluate(rule, cat.with_milestones(seven), cat.labels)
    assert not outcome.met
    assert outcome.progress == pytest.approx((1 + 1 + 1 + 1 + 0) / 5)
    assert [s.text for s in outcome.steps if not s.met] == [
        "Reach 1 more milestone in Career Awareness for Connected Pathways and Partnerships"
    ]
    ready = dataclasses.replace(seven, favorites=1)
    assert is_met(rule, cat.with_milestones(ready))
    assert not is_met(cat.readiness["exploration"], cat.with_milestones(ready))


# --- badges ----------------------------------------------------------------------------------


def test_at_least_twenty_badges_cover_every_stage_and_strategy():
    badges = catalog().badges
    assert len(badges) >= 20
    covered = {(s, t) for b in badges for s in b.stages for t in b.strategies}
    assert covered == {(s, t) for s in STAGES for t in STRATEGIES}
    staff_only = [b.slug for b in badges if b.is_staff_only]
    assert len(staff_only) >= 3
    assert all("staff only" in catalog().badge(s).criteria for s in staff_only)
    clusters = {c.code for c in real_content().clusters if c.framework == "ncc_2024"}
    for badge in badges:
        assert set(badge.clusters) <= clusters
        assert set(badge.skills) <= {s.slug for s in catalog().skills}


def test_badge_images_are_small_titled_svgs_shaped_by_strategy():
    shapes: dict[str, set[str]] = {}
    for badge in catalog().badges:
        path = CONTENT / badge.image
        assert badge.image == f"badges/{badge.slug}.svg"
        assert path.stat().st_size <= 3 * 1024
        assert check_svg(CONTENT, badge.image) == []
        svg = ET.parse(path).getroot()  # noqa: S314 - our own file
        assert svg.findtext(f"{SVG}title") == f"{badge.name} badge"
        first = svg[1]  # the outline after the title
        shapes.setdefault(badge.strategies[0], set()).add(ET.tostring(first, encoding="unicode"))
    assert all(len(s) == 1 for s in shapes.values())  # one shape per strategy …
    assert len({next(iter(s)) for s in shapes.values()}) == 4  # … and four different ones
    assert sorted(p.name for p in (CONTENT / "badges").iterdir()) == sorted(
        f"{b.slug}.svg" for b in catalog().badges
    )


def test_badges_earned_in_one_pass_follow_their_dependencies():
    cat = catalog()
    record = facts(
        grade=11,
        stage="preparedness",
        assessments={"riasec": 1},
        experiences={"mock_interview": 1, "guest_speaker": 3, "stem_challenge": 3},
        verified_minutes={"internship": 20 * 60},
        skill_levels={slug: 3 for slug in DURABLE},
        favorites=3,
    )
    earned = cat.badges_earned(cat.with_milestones(record))
    assert set(earned) == {
        "curious_explorer", "job_spotter", "young_builder", "team_player", "interest_finder",
        "interview_ready", "work_based_learner", "skill_builder", "badge_collector",
        "career_ready",
    }  # fmt: skip
    # Career Ready names three badges; Badge Collector counts five: both come after them.
    assert earned.index("career_ready") > max(
        earned.index(b) for b in ("interview_ready", "work_based_learner", "skill_builder")
    )
    assert earned.index("badge_collector") >= 5
    # Held badges are not earned again.
    again = dataclasses.replace(record, badges=frozenset(earned))
    assert cat.badges_earned(cat.with_milestones(again)) == ()


def test_labels_name_everything_the_rules_mention():
    cat = catalog()
    labels = cat.labels
    assert labels.name("types", "virtual_exposure") == "Online career visit"
    assert labels.name("skills", "tool_use") == "Tool use"
    assert labels.name("badges", "interview_ready") == "Interview Ready"
    assert labels.name("stages", "awareness") == "Career Awareness"
    outcome = evaluate(cat.badge("career_ready").rule, facts(), labels)  # type: ignore[arg-type]
    assert [s.text for s in outcome.steps] == [
        "Earn the Interview Ready badge",
        "Earn the Work-Based Learner badge",
        "Earn the Skill Builder badge",
    ]


def test_the_catalog_is_cached_and_reachable_from_the_web_layer(app: Flask):
    assert recognition_catalog(str(CONTENT)) is recognition_catalog(str(CONTENT))
    with app.app_context():
        assert recognition().badge("team_player").name == "Team Player"


# --- broken copies ---------------------------------------------------------------------------


def test_unknown_conditions_skills_and_badges_in_rules(tmp_path):
    root = copy_content(tmp_path)
    badges = root / "badges.yaml"
    replace_once(
        badges,
        "rule: {skill: {skill: collaboration, level: 2}}",
        "rule: {skill: {skill: teamwork, level: 2}}",
    )
    replace_once(badges, "rule: {clusters: {min: 4}}", "rule: {clusterz: {min: 4}}")
    replace_once(
        badges, "      - badge: {badge: skill_builder}", "      - badge: {badge: skill_master}"
    )
    replace_once(
        root / "framework.yaml",
        "rule: {favorites: {min: 3}}",
        "rule: {favorites: {min: 0}}",
    )
    conditions = ", ".join(
        ["assessment", "experiences", "experience_types", "clusters", "verified_hours"]
        + ["placements_completed", "skill", "skills_at", "reflections", "shared_reflections"]
        + ["goals", "favorites", "badge", "badges", "milestones", "milestone"]
    )
    assert problems(root) == [
        "framework.yaml, milestone exploration.pathways_partnerships.three_saved_careers: "
        "rule.favorites.min: must be a whole number from 1 to 100000, got 0",
        "badges.yaml, badge team_player: rule.skill.skill: 'teamwork' is not a skill",
        "badges.yaml, badge cluster_hopper: rule: unknown condition 'clusterz'; use all, any, "
        f"n_of or one of: {conditions}",
        "badges.yaml, badge career_ready: rule.all[2].badge.badge: 'skill_master' is not a badge",
    ]


def test_validate_names_file_entry_and_field_of_a_bad_rule(app: Flask, tmp_path):
    root = copy_content(tmp_path)
    replace_once(
        root / "badges.yaml",
        "rule: {experiences: {min: 2, types: [mentoring]}}",
        "rule: {experiences: {min: 2, types: [mentorin]}}",
    )
    replace_once(
        root / "framework.yaml",
        "rule: {clusters: {min: 2}}",
        "rule: {skill: {skill: kindness, level: 2}}",
    )
    result = app.test_cli_runner().invoke(args=["content", "validate", "--path", str(root)])
    assert result.exit_code == 1
    assert result.stderr == (
        "framework.yaml, milestone awareness.career_stem.two_clusters: rule.skill.skill: "
        "'kindness' is not a skill\n"
        "badges.yaml, badge mentor_match: rule.experiences.types: "
        "'mentorin' is not an experience type\n"
        f"2 problems in {root}\n"
    )


def test_badges_that_wait_on_each_other_are_refused(tmp_path):
    root = copy_content(tmp_path)
    badges = root / "badges.yaml"
    replace_once(
        badges,
        "rule: {verified_hours: {min: 20}}",
        "rule: {all: [{verified_hours: {min: 20}}, {badge: {badge: career_ready}}]}",
    )
    replace_once(badges, "rule: {badges: {min: 5}}", "rule: {badge: {badge: badge_collector}}")
    cycle = "badges wait on each other in a cycle: work_based_learner → career_ready → " + (
        "work_based_learner"
    )
    assert problems(root) == [
        f"badges.yaml, badge work_based_learner: rule: {cycle}",
        f"badges.yaml, badge career_ready: rule: {cycle}",
        "badges.yaml, badge badge_collector: rule: badges wait on each other in a cycle: "
        "badge_collector → badge_collector",
    ]


def test_rules_that_can_never_be_met_or_name_the_wrong_types(tmp_path):
    root = copy_content(tmp_path)
    framework = root / "framework.yaml"
    replace_once(
        framework,
        "milestones: {stage: awareness, min: 6}",
        "milestones: {stage: awareness, min: 13}",
    )
    replace_once(
        framework,
        "rule: {experiences: {types: [mock_interview]}}",
        "rule: {experiences: {types: [field_trip, apprenticeship]}}",
    )
    replace_once(framework, "rule: {favorites: {min: 1}}", "rule: {badges: {min: 1}}")
    replace_once(
        framework,
        "rule: {verified_hours: {min: 20}}",
        "rule: {verified_hours: {min: 20, types: [mentoring]}}",
    )
    replace_once(root / "badges.yaml", "rule: {badges: {min: 5}}", "rule: {badges: {min: 28}}")
    assert problems(root) == [
        "framework.yaml, milestone awareness.pathways_partnerships.saved_a_job: rule: a milestone "
        "rule cannot use badge, badges, milestone or milestones (milestones are decided first)",
        "framework.yaml, milestone preparedness.career_stem.twenty_hours: rule: mentoring is not "
        "work-based learning, so it has no placements",
        "framework.yaml, readiness awareness: rule: milestones {min: 13, stage: awareness} can "
        "never be met: there are only 12 such milestones",
        "badges.yaml, badge badge_collector: rule: badges {min: 28} can never be met: there are "
        "only 27 badges",
    ]


def test_a_type_must_be_logged_for_the_milestone_stage(tmp_path):
    root = copy_content(tmp_path)
    replace_once(
        root / "framework.yaml",
        "rule: {experiences: {types: [field_trip, virtual_exposure]}}",
        "rule: {experiences: {types: [field_trip, internship]}}",
    )
    assert problems(root) == [
        "framework.yaml, milestone awareness.pathways_partnerships.field_trip: rule: internship "
        "is not logged for awareness (see its stages in experience_types.yaml)"
    ]


def test_milestone_fields_ids_and_cells(tmp_path):
    root = copy_content(tmp_path)
    framework = root / "framework.yaml"
    text = framework.read_text(encoding="utf-8")
    block = re.search(
        r"  - id: awareness\.family_community\.family_night\n.*?(?=\n  - id: )", text, re.S
    )
    assert block is not None
    text = text.replace(block.group(0) + "\n", "")
    text = text.replace(
        "  - id: awareness.family_community.shared_with_family\n    stage: awareness\n"
        "    strategy: family_community\n",
        "  - id: awareness.family_community.shared_with_family\n    stage: awareness\n"
        "    strategy: career_stem\n",
    )
    text = text.replace(
        '    title: "I met a STEM helper from my community"\n', "    headline: hello\n"
    )
    text = text.replace(
        "  - id: exploration.career_stem.three_clusters\n",
        "  - id: exploration.career_stem.three_professionals\n",
    )
    framework.write_text(text, encoding="utf-8")
    assert problems(root) == [
        "framework.yaml, milestone awareness.family_community.shared_with_family: id: "
        "must be awareness.career_stem.<short name>, got "
        "'awareness.family_community.shared_with_family'",
        "framework.yaml, milestone awareness.family_community.community_helper: headline: "
        "unknown field",
        "framework.yaml, milestone awareness.family_community.community_helper: title: is required",
        "framework.yaml, milestone exploration.career_stem.three_professionals: id: "
        "is used by 2 milestones",
    ]


def test_readiness_must_cover_each_stage_but_the_last(tmp_path):
    root = copy_content(tmp_path)
    framework = root / "framework.yaml"
    text = framework.read_text(encoding="utf-8")
    start = text.index("  exploration:\n    all:\n      - milestones: {stage: exploration, min: 7}")
    framework.write_text(text[:start] + "  preparedness: {goals: {min: 1}}\n", encoding="utf-8")
    assert problems(root) == [
        "framework.yaml, readiness: preparedness: is not a stage with a next stage "
        "(awareness, exploration)",
        "framework.yaml, readiness: exploration: is required",
    ]


def test_skill_fields_and_rubric(tmp_path):
    root = copy_content(tmp_path)
    skills = root / "skills.yaml"
    replace_once(
        skills,
        '    "6_8":\n      emerging: "Accepts a claim',
        '    6_8:\n      emerging: "Accepts a claim',
    )
    replace_once(
        skills,
        '      advanced: "Invents something new, tries it, and changes it to make it better."\n',
        "",
    )
    replace_once(
        skills, 'kind: stem\n  summary: "Measuring', 'kind: science\n  summary: "Measuring'
    )
    tool_use = re.search(r"- slug: tool_use\n.*?\n\n", skills.read_text(encoding="utf-8"), re.S)
    assert tool_use is not None
    skills.write_text(skills.read_text(encoding="utf-8") + "\n" + tool_use.group(0), "utf-8")
    assert problems(root) == [
        "skills.yaml, skill critical_thinking: rubric: 68 is not a grade band; use a mapping of "
        "the grade bands k5, 6_8, 9_12 (in quotes)",
        "skills.yaml, skill critical_thinking: rubric.6_8: is required",
        "skills.yaml, skill creativity: rubric.k5.advanced: is required",
        "skills.yaml, skill measurement: kind: 'science' is not durable or stem",
        "skills.yaml, skill tool_use: slug: is used by 2 skills",
    ]


def test_badge_fields_clusters_and_staff_only_criteria(tmp_path):
    root = copy_content(tmp_path)
    badges = root / "badges.yaml"
    replace_once(
        badges, 'clusters: ["060100"]\n  rule: {skill', "clusters: [060100]\n  rule: {skill"
    )
    replace_once(badges, 'clusters: ["040200", "040300"]', 'clusters: ["040200", "999999"]')
    replace_once(
        badges,
        'criteria: "Awarded by staff only, to a youth who planned or led part of a project, '
        'event or activity."',
        'criteria: "Plan or lead part of a project."',
    )
    replace_once(
        badges,
        "  stages: [awareness]\n  strategies: [career_stem]\n",
        "  stages: [kindergarten]\n  strategies: [career_stem]\n",
    )
    replace_once(badges, "- slug: mentor_match\n", "- slug: mentor_match\n  colour: red\n")
    assert problems(root) == [
        "badges.yaml, badge job_spotter: stages: 'kindergarten' is not a stage (awareness, "
        "exploration, preparedness)",
        "badges.yaml, badge code_cracker: clusters: must be a list of cluster codes in quotes, "
        'such as ["010100"], got [24640]',
        "badges.yaml, badge community_helper: clusters: '999999' is not a ncc_2024 code in "
        "careers/clusters.csv",
        "badges.yaml, badge mentor_match: colour: unknown field",
        "badges.yaml, badge youth_voice: criteria: must say that only staff award this badge "
        "(rule is null)",
    ]


SVG_CASES = {
    "missing": (None, "badges/team_player.svg is missing"),
    "script": (
        '<svg xmlns="http://www.w3.org/2000/svg"><title>T</title><script>alert(1)</script></svg>',
        "badges/team_player.svg must not contain a script",
    ),
    "external href": (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<title>T</title><image xlink:href="https://example.org/a.png"/></svg>',
        "badges/team_player.svg must not link outside the file ('https://example.org/a.png')",
    ),
    "event handler": (
        '<svg xmlns="http://www.w3.org/2000/svg" onload="x()"><title>T</title></svg>',
        "badges/team_player.svg must not have event handlers such as onload",
    ),
    "external style": (
        '<svg xmlns="http://www.w3.org/2000/svg"><title>T</title>'
        '<rect style="fill:url(https://x/y)"/></svg>',
        "badges/team_player.svg must not load anything from outside the file",
    ),
    "no title": (
        '<svg xmlns="http://www.w3.org/2000/svg"><circle r="3"/></svg>',
        "badges/team_player.svg needs a <title> naming the image (for screen readers)",
    ),
    "not svg": (
        "<html><title>T</title></html>",
        "badges/team_player.svg is not an SVG image (the root must be <svg> in the SVG namespace)",
    ),
    "entities": (
        '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg"/>',
        "badges/team_player.svg must not have a DOCTYPE or entities",
    ),
    "too big": (
        '<svg xmlns="http://www.w3.org/2000/svg"><title>T</title>'
        + "<!--"
        + "x" * 11000
        + "--></svg>",
        "badges/team_player.svg is ",
    ),
    "broken": ("<svg", "badges/team_player.svg is not valid XML: "),
}


@pytest.mark.parametrize("case", list(SVG_CASES))
def test_badge_images_are_checked(tmp_path, case):
    root = copy_content(tmp_path)
    text, message = SVG_CASES[case]
    image = root / "badges" / "team_player.svg"
    if text is None:
        image.unlink()
    else:
        image.write_text(text, encoding="utf-8")
    found = problems(root)
    assert len(found) == 1
    assert found[0].startswith(f"badges.yaml, badge team_player: image: {message}")


@pytest.mark.parametrize(
    "image",
    ["../secrets.svg", "/etc/badge.svg", "badges\\team_player.svg", "badges/team_player.png"],
)
def test_badge_image_paths_stay_inside_content_and_are_svg(tmp_path, image):
    root = copy_content(tmp_path)
    replace_once(
        root / "badges.yaml", "image: badges/team_player.svg", f"image: {json.dumps(image)}"
    )
    (found,) = problems(root)
    assert found.startswith("badges.yaml, badge team_player: image: must be ")
    assert repr(image) in found


def test_missing_files(tmp_path):
    root = copy_content(tmp_path)
    (root / "skills.yaml").unlink()
    (root / "badges.yaml").write_text("[]\n", encoding="utf-8")
    assert problems(root) == [
        "skills.yaml: file is missing",
        "badges.yaml: must be a list of badges with at least one entry",
    ]
