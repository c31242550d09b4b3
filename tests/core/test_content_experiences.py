"""``core/content_experiences.py``: the real framework, experience types and reflection prompts
load and fit together; broken copies fail with messages that name the file, the entry and the
field."""

from __future__ import annotations

import shutil
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml

from ccl_youth.core.content_experiences import (
    EXPERIENCE_TYPES_YAML,
    FRAMEWORK_YAML,
    REFLECTION_PROMPTS_YAML,
    STAGES,
    STRATEGIES,
    WHEN,
    ContentError,
    ExperienceCatalog,
    experience_catalog,
    load_experience_catalog,
)
from ccl_youth.core.roles import Stage, stage_for_grade
from tests.contentkit import CONTENT, replace_once

FILES = (FRAMEWORK_YAML, EXPERIENCE_TYPES_YAML, REFLECTION_PROMPTS_YAML)
TYPE_SLUGS = [
    "guest_speaker", "field_trip", "workplace_tour", "career_fair", "stem_challenge",
    "family_stem_night", "virtual_exposure", "mentoring", "job_shadow", "mock_interview",
    "networking_night", "community_service", "youth_led_project", "internship",
    "pre_apprenticeship", "apprenticeship", "part_time_job",
]  # fmt: skip
WORK_BASED = ["job_shadow", "internship", "pre_apprenticeship", "apprenticeship", "part_time_job"]
WITH_OWN_PROMPTS = [
    "guest_speaker", "field_trip", "workplace_tour", "career_fair", "stem_challenge",
    "job_shadow", "internship", "mock_interview", "community_service", "youth_led_project",
]  # fmt: skip


@cache
def catalog() -> ExperienceCatalog:
    return load_experience_catalog(CONTENT)


# --- the real content ----------------------------------------------------------------------


def test_the_real_content_has_the_seventeen_types_five_of_them_work_based():
    types = catalog().types
    assert [t.slug for t in types] == TYPE_SLUGS
    assert [t.slug for t in catalog().work_based_types()] == WORK_BASED
    assert list(catalog().type_names()) == TYPE_SLUGS
    assert catalog().type_names()["mock_interview"] == "Practice interview"
    assert all(5 <= t.default_minutes <= 1440 and t.strategies and t.stages for t in types)


def test_types_are_tagged_with_realistic_stages_and_strategies():
    cat = catalog()
    for slug in ("internship", "apprenticeship", "part_time_job", "pre_apprenticeship"):
        assert cat.type(slug).stages == ("preparedness",)
    assert cat.type("guest_speaker").stages == STAGES
    assert cat.type("family_stem_night").strategies == ("family_community",)
    for experience_type in cat.types:
        for tactic_id in experience_type.tactics:
            assert cat.framework.tactic(tactic_id).stage in experience_type.stages


def test_the_framework_has_three_stages_four_strategies_and_tactics_in_every_cell():
    framework = catalog().framework
    assert [(s.slug, s.grade_min, s.grade_max) for s in framework.stages] == [
        ("awareness", 0, 5),
        ("exploration", 6, 8),
        ("preparedness", 9, 12),
    ]
    assert tuple(s.slug for s in framework.strategies) == STRATEGIES
    assert framework.strategy("career_stem").name == "Career-Connected STEM"
    cells = Counter((t.stage, t.strategy) for t in framework.tactics)
    assert set(cells) == {(stage, strategy) for stage in STAGES for strategy in STRATEGIES}
    assert all(2 <= count <= 6 for count in cells.values())
    for stage in STAGES:
        for strategy in STRATEGIES:
            tactics = framework.tactics_for(stage, strategy)
            assert len(tactics) == cells[(stage, strategy)]
            assert all(t.id.startswith(f"{stage}.{strategy}.") and t.section for t in tactics)
    assert len(framework.tactics_for(stage="exploration")) == sum(
        n for (stage, _), n in cells.items() if stage == "exploration"
    )
    assert framework.tactics_for() == framework.tactics


def test_every_type_stage_and_when_it_serves_has_a_prompt():
    cat = catalog()
    for experience_type in cat.types:
        for stage in experience_type.stages:
            for when in WHEN:
                prompts = cat.prompts_for(experience_type.slug, stage, when)
                assert 1 <= len(prompts) <= 2, (experience_type.slug, stage, when)
                assert all(p.stage == stage and p.when == when for p in prompts)
    assert all(len(p.text) <= 300 for p in cat.prompts)


def test_the_common_types_have_their_own_prompts_for_every_stage_they_serve():
    cat = catalog()
    for slug in WITH_OWN_PROMPTS:
        for stage in cat.type(slug).stages:
            for when in WHEN:
                assert {p.experience_type for p in cat.prompts_for(slug, stage, when)} == {slug}


def test_prompts_fall_back_to_the_default_ones():
    cat = catalog()
    defaults = cat.prompts_for("mentoring", "exploration", "post")
    assert defaults and {p.experience_type for p in defaults} == {"default"}
    assert cat.prompts_for("no_longer_a_type", "exploration", "post") == defaults
    own = cat.prompts_for("guest_speaker", "awareness", "pre")
    assert [p.id for p in own] == ["guest_speaker.awareness.pre.1"]
    assert cat.prompts_for("guest_speaker", "college", "pre") == ()
    assert cat.prompt("default.awareness.post.1").text == "What did you see today that you liked?"


@pytest.mark.parametrize(
    ("grade", "stage"),
    [
        (-1, "awareness"),
        (0, "awareness"),
        (5, "awareness"),
        (6, "exploration"),
        (8, "exploration"),
        (9, "preparedness"),
        (12, "preparedness"),
        (13, "preparedness"),
    ],
)
def test_stage_for_grade(grade, stage):
    assert catalog().framework.stage_for_grade(grade) == stage


def test_unknown_slugs_and_ids_raise_key_error():
    cat = catalog()
    for lookup, key in (
        (cat.type, "bake_sale"),
        (cat.prompt, "default.awareness.pre.9"),
        (cat.framework.tactic, "awareness.career_stem.nothing"),
        (cat.framework.stage, "college"),
        (cat.framework.strategy, "luck"),
    ):
        with pytest.raises(KeyError):
            lookup(key)


def test_the_catalog_is_read_once_per_folder():
    assert experience_catalog(str(CONTENT)) is experience_catalog(str(CONTENT))
    assert experience_catalog(str(CONTENT)) == catalog()


# --- broken copies ---------------------------------------------------------------------------


def copy_files(tmp_path: Path) -> Path:
    for name in FILES:
        shutil.copy(CONTENT / name, tmp_path / name)
    return tmp_path


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_experience_catalog(root)
    return caught.value.messages


def test_milestones_and_readiness_keys_are_accepted_but_other_top_level_keys_are_not(tmp_path):
    # milestones and readiness are read and checked by content_recognition.py
    root = copy_files(tmp_path)
    assert len(load_experience_catalog(root).framework.tactics) == len(catalog().framework.tactics)
    replace_once(root / FRAMEWORK_YAML, "\nstages:\n", "\nrules: []\nstages:\n")
    assert problems(root) == ["framework.yaml, framework: rules: unknown field"]


def test_a_missing_field(tmp_path):
    root = copy_files(tmp_path)
    replace_once(
        root / EXPERIENCE_TYPES_YAML,
        "  is_work_based: false\n  default_minutes: 30\n",
        "  is_work_based: false\n",
    )
    assert problems(root) == [
        "experience_types.yaml, type mock_interview: default_minutes: is required"
    ]


def test_wrong_types_and_unknown_fields(tmp_path):
    root = copy_files(tmp_path)
    path = root / EXPERIENCE_TYPES_YAML
    replace_once(path, 'name: "Career fair"', "name: 12")
    replace_once(
        path,
        "  is_work_based: false\n  default_minutes: 30\n",
        '  is_work_based: sometimes\n  default_minutes: "30"\n  colour: red\n',
    )
    assert problems(root) == [
        "experience_types.yaml, type career_fair: name: must be text (put it in quotes), got 12",
        "experience_types.yaml, type mock_interview: colour: unknown field",
        "experience_types.yaml, type mock_interview: is_work_based: "
        "must be true or false, got 'sometimes'",
        "experience_types.yaml, type mock_interview: default_minutes: "
        "must be a whole number from 5 to 1440, got '30'",
    ]


def test_default_minutes_out_of_range(tmp_path):
    root = copy_files(tmp_path)
    replace_once(root / EXPERIENCE_TYPES_YAML, "default_minutes: 480", "default_minutes: 1441")
    assert problems(root) == [
        "experience_types.yaml, type apprenticeship: default_minutes: "
        "must be a whole number from 5 to 1440, got 1441"
    ]


def test_duplicate_slugs_and_ids(tmp_path):
    root = copy_files(tmp_path)
    replace_once(root / EXPERIENCE_TYPES_YAML, "- slug: networking_night", "- slug: mock_interview")
    replace_once(
        root / REFLECTION_PROMPTS_YAML,
        "- id: default.awareness.post.2",
        "- id: default.awareness.post.1",
    )
    replace_once(
        root / FRAMEWORK_YAML,
        "  - id: exploration.family_community.family_workshops",
        "  - id: exploration.family_community.role_models",
    )
    assert problems(root) == [
        "framework.yaml, tactic exploration.family_community.role_models: id: is used by 2 tactics",
        "experience_types.yaml, type family_stem_night: tactics: "
        "'exploration.family_community.family_workshops' is not a tactic id in framework.yaml",
        "experience_types.yaml, type mock_interview: slug: is used by 2 types",
        "reflection_prompts.yaml, prompt default.awareness.post.1: id: is used by 2 prompts",
    ]


def test_unknown_stages_strategies_and_tactics_in_a_type(tmp_path):
    root = copy_files(tmp_path)
    path = root / EXPERIENCE_TYPES_YAML
    replace_once(
        path,
        "  stages: [awareness, exploration, preparedness]\n  strategies: [career_stem]\n",
        "  stages: [awareness, preparedness, middle_school]\n  strategies: [career_stem, luck]\n",
    )
    replace_once(
        path,
        "    - preparedness.broad_skills.apply_skills\n  is_work_based: true\n"
        "  default_minutes: 480\n",
        "    - preparedness.broad_skills.apply_skill\n  is_work_based: true\n"
        "  default_minutes: 480\n",
    )
    messages = problems(root)
    assert messages[:4] == [
        "experience_types.yaml, type career_fair: stages: "
        "'middle_school' is not a stage (awareness, exploration, preparedness)",
        "experience_types.yaml, type career_fair: tactics: "
        "'exploration.career_stem.career_fairs' is for exploration, which is not one of the stages",
        "experience_types.yaml, type career_fair: strategies: 'luck' is not a strategy "
        "(broad_skills, career_stem, family_community, pathways_partnerships)",
        "experience_types.yaml, type apprenticeship: tactics: "
        "'preparedness.broad_skills.apply_skill' is not a tactic id in framework.yaml",
    ]
    # career_fair no longer serves exploration, so its exploration prompts are never asked.
    assert messages[4:] == [
        f"reflection_prompts.yaml, prompt career_fair.exploration.{when}.1: stage: "
        "career_fair does not serve exploration, so this is never asked"
        for when in WHEN
    ]


def test_prompts_with_an_unknown_type_or_when(tmp_path):
    root = copy_files(tmp_path)
    path = root / REFLECTION_PROMPTS_YAML
    replace_once(
        path,
        "- id: internship.preparedness.post.2\n  experience_type: internship\n",
        "- id: internship.preparedness.post.2\n  experience_type: intern\n",
    )
    replace_once(
        path,
        "  experience_type: mock_interview\n  stage: preparedness\n  when: pre\n",
        "  experience_type: mock_interview\n  stage: preparedness\n  when: before\n",
    )
    assert problems(root) == [
        "reflection_prompts.yaml, prompt internship.preparedness.post.2: experience_type: "
        "'intern' is not a type in experience_types.yaml (or 'default')",
        "reflection_prompts.yaml, prompt mock_interview.preparedness.pre.1: when: "
        "'before' is not pre or post",
    ]


def test_a_tactic_id_must_name_its_cell(tmp_path):
    root = copy_files(tmp_path)
    replace_once(
        root / FRAMEWORK_YAML,
        "  - id: preparedness.career_stem.industry_projects\n    stage: preparedness\n",
        "  - id: preparedness.career_stem.industry_projects\n    stage: exploration\n",
    )
    assert problems(root) == [
        "framework.yaml, tactic preparedness.career_stem.industry_projects: id: "
        "must be exploration.career_stem.<short name>, "
        "got 'preparedness.career_stem.industry_projects'"
    ]


def test_an_empty_cell(tmp_path):
    root = copy_files(tmp_path)
    path = root / FRAMEWORK_YAML
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cell = ("exploration", "family_community")
    removed = {t["id"] for t in data["tactics"] if (t["stage"], t["strategy"]) == cell}
    data["tactics"] = [t for t in data["tactics"] if t["id"] not in removed]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    messages = problems(root)
    assert (
        messages[0] == "framework.yaml, cell exploration/family_community: tactics: has no tactic"
    )
    # The types that suggested those tactics are reported too, each by name.
    assert messages[1:]
    for message in messages[1:]:
        assert message.startswith("experience_types.yaml, type ")
        assert message.endswith("is not a tactic id in framework.yaml")
        assert any(f"'{tactic_id}'" in message for tactic_id in removed)


def test_a_stage_and_when_without_a_default_prompt(tmp_path):
    root = copy_files(tmp_path)
    replace_once(
        root / REFLECTION_PROMPTS_YAML,
        "- id: default.exploration.pre.1\n  experience_type: default",
        "- id: default.exploration.pre.1\n  experience_type: guest_speaker",
    )
    assert problems(root) == [
        "reflection_prompts.yaml, default exploration pre: "
        "has no prompt; add one with experience_type: default"
    ]


def test_a_prompt_that_is_too_long(tmp_path):
    root = copy_files(tmp_path)
    replace_once(
        root / REFLECTION_PROMPTS_YAML,
        '"Where are we going? What do you think you will see?"',
        '"' + "Where are we going? " * 16 + '"',
    )
    assert problems(root) == [
        "reflection_prompts.yaml, prompt field_trip.awareness.pre.1: text: "
        "is longer than 300 characters"
    ]


def test_stages_must_cover_every_grade_in_order(tmp_path):
    root = copy_files(tmp_path)
    replace_once(root / FRAMEWORK_YAML, "grade_min: 6", "grade_min: 7")
    replace_once(root / FRAMEWORK_YAML, "grade_max: 12", "grade_max: 11")
    assert problems(root) == [
        "framework.yaml, stage exploration: grade_min: must be 6 to follow the stage before, got 7",
        "framework.yaml, stage preparedness: grade_max: must be 12",
    ]


def test_an_unknown_stage_slug_leaves_that_stage_missing(tmp_path):
    root = copy_files(tmp_path)
    replace_once(root / FRAMEWORK_YAML, "  - slug: exploration\n", "  - slug: middle\n")
    assert problems(root) == [
        "framework.yaml, stage middle: slug: "
        "'middle' is not a stage (awareness, exploration, preparedness)",
        "framework.yaml, framework: stages: exploration is missing",
    ]


def test_default_is_not_a_type_slug(tmp_path):
    root = copy_files(tmp_path)
    replace_once(root / EXPERIENCE_TYPES_YAML, "- slug: mentoring", "- slug: default")
    assert problems(root) == [
        "experience_types.yaml, type default: slug: "
        "'default' is kept for the default reflection prompts"
    ]


@pytest.mark.parametrize("name", FILES)
def test_yaml_that_does_not_parse_names_the_file_and_line(tmp_path, name):
    root = copy_files(tmp_path)
    path = root / name
    path.write_text(path.read_text(encoding="utf-8") + "- [unclosed\n", encoding="utf-8")
    [message] = problems(root)
    assert message.startswith(f"{name} line ")
    assert "is not valid YAML" in message


def test_a_key_given_twice_is_an_error_not_silently_dropped(tmp_path):
    root = copy_files(tmp_path)
    replace_once(
        root / REFLECTION_PROMPTS_YAML,
        '  text: "What job did you learn about today?"\n',
        '  text: "What job did you learn about today?"\n  text: "Again?"\n',
    )
    [message] = problems(root)
    assert message.startswith("reflection_prompts.yaml line ")
    assert message.endswith(": is not valid YAML: 'text' appears twice")


def test_missing_files_and_a_file_of_the_wrong_shape(tmp_path):
    root = copy_files(tmp_path)
    (root / FRAMEWORK_YAML).unlink()
    replace_once(
        root / EXPERIENCE_TYPES_YAML, "- slug: guest_speaker\n", "types:\n- slug: guest_speaker\n"
    )
    messages = problems(root)
    assert messages == [
        "framework.yaml: file is missing",
        "experience_types.yaml: must be a list of types with at least one entry",
    ]


def test_every_problem_is_reported_at_once(tmp_path):
    root = copy_files(tmp_path)
    replace_once(root / EXPERIENCE_TYPES_YAML, "default_minutes: 480", "default_minutes: 2")
    replace_once(
        root / REFLECTION_PROMPTS_YAML,
        '  when: pre\n  text: "What do you think we',
        '  when: during\n  text: "What do you think we',
    )
    with pytest.raises(ContentError) as caught:
        load_experience_catalog(root)
    assert str(caught.value).startswith("3 problems in content:\n  experience_types.yaml, type ")


def test_a_folder_that_does_not_exist(tmp_path):
    assert problems(tmp_path / "nowhere") == [f"{tmp_path / 'nowhere'}: content folder not found"]


def test_an_entry_that_is_not_a_mapping_is_reported_once(tmp_path):
    root = copy_files(tmp_path)
    replace_once(
        root / REFLECTION_PROMPTS_YAML,
        "- id: default.awareness.post.2\n  experience_type: default\n  stage: awareness\n"
        "  when: post\n",
        "- default.awareness.post.2\n- experience_type: default\n  stage: awareness\n"
        "  when: post\n",
    )
    assert problems(root) == [
        "reflection_prompts.yaml, prompt #3: must be a mapping of field: value",
        "reflection_prompts.yaml, prompt #4: id: is required",
    ]


def test_the_framework_and_core_roles_agree_on_stages():
    framework = catalog().framework
    assert tuple(stage.value for stage in Stage) == STAGES
    for grade in range(-1, 14):
        assert framework.stage_for_grade(grade) == stage_for_grade(grade).value
