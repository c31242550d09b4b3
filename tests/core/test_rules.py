"""``core/rules.py``: parsing rules (every problem named by its field path) and evaluating them
on hand-built records, with hand-computed met / progress / steps for every condition and
combinator."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import pytest

from ccl_youth.core.rules import (
    ALMOST,
    CONDITIONS,
    AllOf,
    AnyOf,
    Condition,
    Known,
    Labels,
    NOf,
    Outcome,
    Rule,
    Step,
    YouthFacts,
    evaluate,
    is_met,
    parse_rule,
)

KNOWN = Known(
    skills=frozenset({"collaboration", "communication", "measurement", "leadership"}),
    types=frozenset({"guest_speaker", "field_trip", "internship", "job_shadow"}),
    badges=frozenset({"team_player", "job_spotter"}),
    milestones=frozenset({"awareness.career_stem.met_workers"}),
    instrument_kinds=frozenset({"riasec", "skills"}),
)
LABELS = Labels(
    types={
        "guest_speaker": "Guest speaker",
        "field_trip": "Field trip",
        "internship": "Internship",
    },
    skills={"collaboration": "Collaboration", "communication": "Communication"},
    badges={"team_player": "Team Player"},
    milestones={"awareness.career_stem.met_workers": "I met 2 people who told me about their jobs"},
    stages={"awareness": "Career Awareness"},
    strategies={"career_stem": "Career-Connected STEM"},
)


def facts(**values: Any) -> YouthFacts:
    """An empty record, with ``values`` filled in."""
    empty: dict[str, Any] = {
        "grade": 7,
        "stage": "exploration",
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


def rule(data: object) -> Rule:
    parsed, problems = parse_rule(data, KNOWN)
    assert problems == []
    assert parsed is not None
    return parsed


def problems(data: object) -> list[str]:
    parsed, found = parse_rule(data, KNOWN)
    assert parsed is None
    return found


def run(data: object, record: YouthFacts) -> Outcome:
    return evaluate(rule(data), record, LABELS)


# --- parsing ---------------------------------------------------------------------------------


def test_a_condition_parses_with_min_defaulting_to_one():
    assert rule({"assessment": {"kind": "riasec"}}) == Condition("assessment", target="riasec")
    assert rule({"experiences": {"min": 2, "types": ["guest_speaker"]}}) == Condition(
        "experiences", min=2, among=("guest_speaker",)
    )
    assert rule({"skill": {"skill": "collaboration", "level": 3}}) == Condition(
        "skill", level=3, target="collaboration"
    )


def test_combinators_parse_into_a_tree():
    parsed = rule(
        {
            "all": [
                {"favorites": {"min": 3}},
                {"any": [{"goals": {}}, {"badge": {"badge": "team_player"}}]},
                {"n_of": {"n": 1, "of": [{"clusters": {"min": 2}}, {"badges": {"min": 2}}]}},
            ]
        }
    )
    assert parsed == AllOf(
        (
            Condition("favorites", min=3),
            AnyOf((Condition("goals"), Condition("badge", target="team_player"))),
            NOf(1, (Condition("clusters", min=2), Condition("badges", min=2))),
        )
    )
    assert parsed.condition_names() == {"favorites", "goals", "badge", "clusters", "badges"}
    assert parsed.badge_slugs() == {"team_player"}


def test_every_condition_round_trips_through_to_data():
    examples = [
        {"assessment": {"kind": "skills", "min": 2}},
        {"experiences": {"min": 2, "types": ["guest_speaker", "field_trip"]}},
        {"experiences": {"min": 1}},
        {"experience_types": {"min": 3}},
        {"clusters": {"min": 2}},
        {"verified_hours": {"min": 20, "types": ["internship"]}},
        {"placements_completed": {"min": 1}},
        {"skill": {"skill": "collaboration", "level": 2}},
        {"skills_at": {"level": 3, "min": 2, "skills": ["collaboration", "communication"]}},
        {"reflections": {"min": 2, "when": "post"}},
        {"shared_reflections": {"min": 1}},
        {"goals": {"min": 1}},
        {"favorites": {"min": 3}},
        {"badge": {"badge": "team_player"}},
        {"badges": {"min": 2}},
        {"milestones": {"min": 2, "stage": "awareness", "strategy": "career_stem"}},
        {"milestone": {"milestone": "awareness.career_stem.met_workers"}},
        {"n_of": {"n": 2, "of": [{"goals": {"min": 1}}, {"favorites": {"min": 1}}]}},
    ]
    assert {next(iter(e)) for e in examples} == set(CONDITIONS) | {"n_of"}
    for example in examples:
        assert rule(example).to_data() == example


def test_unknown_conditions_and_names_are_named_with_their_field_path():
    assert problems({"all": [{"experince": {"min": 1}}, {"goals": {"min": 1}}]}) == [
        "rule.all[0]: unknown condition 'experince'; use all, any, n_of or one of: "
        + ", ".join(CONDITIONS)
    ]
    assert problems(
        {
            "any": [
                {"skill": {"skill": "teamwork", "level": 2}},
                {"experiences": {"types": ["guest_speaker", "rocket_launch"]}},
                {"badge": {"badge": "astronaut"}},
                {"milestone": {"milestone": "awareness.nope.x"}},
                {"assessment": {"kind": "personality"}},
                {"skills_at": {"level": 2, "skills": ["juggling"]}},
            ]
        }
    ) == [
        "rule.any[0].skill.skill: 'teamwork' is not a skill",
        "rule.any[1].experiences.types: 'rocket_launch' is not an experience type",
        "rule.any[2].badge.badge: 'astronaut' is not a badge",
        "rule.any[3].milestone.milestone: 'awareness.nope.x' is not a milestone",
        "rule.any[4].assessment.kind: 'personality' is not an instrument kind",
        "rule.any[5].skills_at.skills: 'juggling' is not a skill",
    ]


def test_wrong_types_zero_mins_and_levels_out_of_range():
    assert problems(
        {
            "all": [
                {"goals": {"min": 0}},
                {"favorites": {"min": -2}},
                {"clusters": {"min": "2"}},
                {"badges": {"min": True}},
                {"skill": {"skill": "collaboration", "level": 0}},
                {"skills_at": {"level": 5}},
                {"reflections": {"when": "during"}},
                {"milestones": {"stage": "college", "strategy": "luck"}},
                {"experiences": {"types": "guest_speaker"}},
                {"experiences": {"types": []}},
                {"experiences": {"types": ["field_trip", "field_trip"]}},
                {"goals": 3},
            ]
        }
    ) == [
        "rule.all[0].goals.min: must be a whole number from 1 to 100000, got 0",
        "rule.all[1].favorites.min: must be a whole number from 1 to 100000, got -2",
        "rule.all[2].clusters.min: must be a whole number from 1 to 100000, got '2'",
        "rule.all[3].badges.min: must be a whole number from 1 to 100000, got True",
        "rule.all[4].skill.level: must be a whole number from 1 to 4, got 0",
        "rule.all[5].skills_at.level: must be a whole number from 1 to 4, got 5",
        "rule.all[6].reflections.when: 'during' is not pre or post",
        "rule.all[7].milestones.stage: 'college' is not a stage",
        "rule.all[7].milestones.strategy: 'luck' is not a strategy",
        "rule.all[8].experiences.types: must be a list of slugs with at least one, "
        "got 'guest_speaker'",
        "rule.all[9].experiences.types: must be a list of slugs with at least one, got []",
        "rule.all[10].experiences.types: lists a slug twice",
        "rule.all[11].goals: must be a mapping such as {min: 1}",
    ]


def test_required_and_unknown_parameters():
    assert problems({"skill": {"level": 2, "skills": ["collaboration"]}}) == [
        "rule.skill.skills: unknown field; skill takes skill, level",
        "rule.skill.skill: is required",
    ]
    assert problems({"verified_hours": {"types": ["internship"]}}) == [
        "rule.verified_hours.min: is required"
    ]
    assert problems({"assessment": None}) == [
        "rule.assessment: must be a mapping such as {kind: …}"
    ]


def test_badly_shaped_combinators():
    shape = "must be a mapping with exactly one key: all, any, n_of or a condition"
    assert problems(None) == [f"rule: {shape}"]
    assert problems({"goals": {}, "favorites": {}}) == [f"rule: {shape}"]
    assert problems({"all": []}) == ["rule.all: must be a list with at least one rule"]
    assert problems({"any": {"goals": {}}}) == ["rule.any: must be a list with at least one rule"]
    assert problems({"all": ["goals"]}) == [f"rule.all[0]: {shape}"]
    assert problems({"n_of": {"n": 3, "of": [{"goals": {}}, {"favorites": {}}]}}) == [
        "rule.n_of.n: is 3, but of lists only 2 rules"
    ]
    assert problems({"n_of": {"n": 0, "of": [{"goals": {}}]}}) == [
        "rule.n_of.n: must be a whole number from 1 to 100000, got 0"
    ]
    assert problems({"n_of": {"of": [{"goals": {}}]}}) == [
        "rule.n_of: must be a mapping with n (a whole number) and of (a list of rules)"
    ]
    deep: object = {"goals": {}}
    for _ in range(10):
        deep = {"all": [deep]}
    assert problems(deep) == ["rule" + ".all[0]" * 9 + ": rules may nest at most 8 levels deep"]


def test_the_path_prefix_can_be_chosen():
    _, found = parse_rule({"goals": {"min": 0}}, KNOWN, path="readiness.awareness")
    assert found == [
        "readiness.awareness.goals.min: must be a whole number from 1 to 100000, got 0"
    ]


# --- evaluating single conditions ----------------------------------------------------------


def test_assessment_counts_attempts_of_one_kind():
    data = {"assessment": {"kind": "riasec", "min": 2}}
    assert run(data, facts()) == Outcome(
        False, 0.0, (Step("Finish the interest quiz 2 more times", 0, 2, False),)
    )
    assert run(data, facts(assessments={"riasec": 1, "skills": 5})) == Outcome(
        False, 0.5, (Step("Finish the interest quiz", 1, 2, False),)
    )
    assert run(data, facts(assessments={"riasec": 3})) == Outcome(
        True, 1.0, (Step("Finished the interest quiz 3 times", 3, 2, True),)
    )


def test_experiences_of_any_type_or_of_some_types():
    record = facts(experiences={"guest_speaker": 1, "field_trip": 2, "job_shadow": 1})
    assert run({"experiences": {"min": 4}}, record).steps == (
        Step("Went to 4 activities", 4, 4, True),
    )
    outcome = run({"experiences": {"min": 4, "types": ["guest_speaker", "field_trip"]}}, record)
    assert outcome == Outcome(
        False,
        0.75,
        (Step("Go to 1 more activity: Guest speaker or Field trip", 3, 4, False),),
    )
    assert run({"experiences": {"min": 3, "types": ["guest_speaker", "field_trip"]}}, record).met


def test_experience_types_counts_distinct_types_attended():
    record = facts(experiences={"guest_speaker": 4, "field_trip": 1, "internship": 0})
    outcome = run({"experience_types": {"min": 3}}, record)
    assert (outcome.met, outcome.progress) == (False, pytest.approx(2 / 3))
    assert outcome.steps[0].text == "Try 1 more kind of activity"
    assert run({"experience_types": {"min": 2}}, record).steps[0].text == (
        "Tried 2 kinds of activity"
    )


def test_clusters_counts_distinct_clusters():
    outcome = run({"clusters": {"min": 4}}, facts(clusters=frozenset({3, 7})))
    assert outcome == Outcome(
        False, 0.5, (Step("Go to activities about 2 more career clusters", 2, 4, False),)
    )


def test_verified_hours_count_minutes_and_show_whole_hours():
    data = {"verified_hours": {"min": 2}}
    almost = facts(verified_minutes={"internship": 90, "job_shadow": 29})
    outcome = run(data, almost)
    assert outcome.met is False
    assert outcome.progress == ALMOST  # 119 / 120 minutes, capped below 1
    assert run(data, facts(verified_minutes={"internship": 80})).progress == pytest.approx(80 / 120)
    assert outcome.steps == (
        Step("Get 1 more hour of work experience checked by staff", 1, 2, False),
    )
    exactly = facts(verified_minutes={"internship": 90, "job_shadow": 30})
    assert run(data, exactly) == Outcome(
        True, 1.0, (Step("Has 2 hours of work experience checked by staff", 2, 2, True),)
    )
    only_internship = {"verified_hours": {"min": 2, "types": ["internship"]}}
    assert run(only_internship, exactly).steps == (
        Step("Get 1 more hour checked by staff at: Internship", 1, 2, False),
    )
    assert run(only_internship, exactly).progress == pytest.approx(0.75)


def test_placements_completed():
    record = facts(placements_completed={"internship": 1, "job_shadow": 1})
    assert run({"placements_completed": {"min": 2}}, record).met
    typed = run({"placements_completed": {"min": 2, "types": ["internship"]}}, record)
    assert typed == Outcome(False, 0.5, (Step("Finish 1 more of: Internship", 1, 2, False),))


def test_skill_reaches_a_level():
    data = {"skill": {"skill": "collaboration", "level": 3}}
    assert run(data, facts()) == Outcome(
        False, 0.0, (Step("Reach Proficient in Collaboration", 0, 3, False),)
    )
    assert run(data, facts(skill_levels={"collaboration": 2})).progress == pytest.approx(2 / 3)
    assert run(data, facts(skill_levels={"collaboration": 3})) == Outcome(
        True, 1.0, (Step("Reached Proficient in Collaboration", 3, 3, True),)
    )
    assert run(data, facts(skill_levels={"collaboration": 4})).met


def test_skills_at_counts_skills_at_or_above_a_level():
    levels = facts(skill_levels={"collaboration": 3, "communication": 2, "measurement": 4})
    assert run({"skills_at": {"level": 3, "min": 2}}, levels).steps == (
        Step("Reached Proficient in 2 skills", 2, 2, True),
    )
    narrowed = {"skills_at": {"level": 3, "min": 2, "skills": ["collaboration", "communication"]}}
    assert run(narrowed, levels) == Outcome(
        False,
        0.5,
        (
            Step(
                "Reach Proficient in 1 more of these skills: Collaboration or Communication",
                1,
                2,
                False,
            ),
        ),
    )


def test_reflections_before_after_or_both():
    record = facts(reflections={"pre": 2, "post": 1})
    assert run({"reflections": {"min": 3}}, record).met
    assert run({"reflections": {"min": 2, "when": "post"}}, record).steps == (
        Step("Answer 1 more question after an activity", 1, 2, False),
    )
    assert run({"reflections": {"min": 2, "when": "pre"}}, record).steps == (
        Step("Answered 2 questions before activities", 2, 2, True),
    )


def test_shared_reflections_goals_and_favorites():
    record = facts(reflections_shared=1, goals_completed=2, favorites=4)
    assert run({"shared_reflections": {"min": 2}}, record).steps == (
        Step("Share 1 more reflection with your family", 1, 2, False),
    )
    assert run({"goals": {"min": 2}}, record).steps == (Step("Completed 2 goals", 2, 2, True),)
    assert run({"favorites": {"min": 5}}, record).steps == (
        Step("Save 1 more career you like", 4, 5, False),
    )
    assert run({"favorites": {}}, facts()).steps == (
        Step("Save 1 more career you like", 0, 1, False),
    )


def test_badge_and_badges():
    record = facts(badges=frozenset({"team_player", "job_spotter"}))
    assert run({"badge": {"badge": "team_player"}}, record).steps == (
        Step("Earned the Team Player badge", 1, 1, True),
    )
    assert run({"badge": {"badge": "team_player"}}, facts()).steps == (
        Step("Earn the Team Player badge", 0, 1, False),
    )
    # A badge without a label is shown humanized.
    assert run({"badge": {"badge": "job_spotter"}}, facts()).steps[0].text == (
        "Earn the Job spotter badge"
    )
    assert run({"badges": {"min": 3}}, record) == Outcome(
        False, pytest.approx(2 / 3), (Step("Earn 1 more badge", 2, 3, False),)
    )


def test_milestones_counted_by_stage_and_strategy():
    record = facts(
        milestones=frozenset(
            {
                "awareness.career_stem.met_workers",
                "awareness.career_stem.two_clusters",
                "awareness.broad_skills.interest_quiz",
                "exploration.career_stem.three_clusters",
            }
        )
    )
    assert run({"milestones": {"min": 4}}, record).met
    assert run({"milestones": {"min": 3, "stage": "awareness"}}, record).steps == (
        Step("Reached 3 milestones in Career Awareness", 3, 3, True),
    )
    both = {"milestones": {"min": 3, "stage": "awareness", "strategy": "career_stem"}}
    assert run(both, record).steps == (
        Step("Reach 1 more milestone in Career Awareness for Career-Connected STEM", 2, 3, False),
    )
    assert run({"milestones": {"min": 3, "strategy": "career_stem"}}, record).met
    one = {"milestone": {"milestone": "awareness.career_stem.met_workers"}}
    assert run(one, record).steps == (
        Step("Reached this milestone: I met 2 people who told me about their jobs", 1, 1, True),
    )
    assert not run(one, facts()).met


def test_without_labels_slugs_are_humanized_and_instruments_have_default_names():
    outcome = evaluate(
        rule(
            {
                "all": [
                    {"skill": {"skill": "leadership", "level": 1}},
                    {"assessment": {"kind": "skills"}},
                ]
            }
        ),
        facts(),
    )
    assert [s.text for s in outcome.steps] == [
        "Reach Emerging in Leadership",
        "Finish the skills check-in",
    ]


# --- combinators -----------------------------------------------------------------------------

HALF = {"favorites": {"min": 2}}  # 1 favorite: progress 0.5
DONE = {"goals": {"min": 1}}  # 1 goal: met
NONE = {"clusters": {"min": 4}}  # no clusters: progress 0
QUARTER = {"experiences": {"min": 4}}  # 1 activity: progress 0.25
RECORD = facts(favorites=1, goals_completed=1, experiences={"field_trip": 1})


def test_all_is_met_when_every_part_is_and_progress_is_the_mean():
    outcome = run({"all": [HALF, DONE, NONE]}, RECORD)
    assert (outcome.met, outcome.progress) == (False, pytest.approx(1.5 / 3))
    assert [s.met for s in outcome.steps] == [False, True, False]
    assert run({"all": [DONE, DONE]}, RECORD) == Outcome(
        True, 1.0, (Step("Completed 1 goal", 1, 1, True), Step("Completed 1 goal", 1, 1, True))
    )


def test_any_is_met_when_one_part_is_and_progress_is_the_best():
    assert run({"any": [HALF, QUARTER, NONE]}, RECORD).progress == 0.5
    assert not run({"any": [HALF, QUARTER, NONE]}, RECORD).met
    outcome = run({"any": [NONE, DONE]}, RECORD)
    assert (outcome.met, outcome.progress, len(outcome.steps)) == (True, 1.0, 2)


def test_n_of_is_met_with_n_parts_and_progress_is_the_mean_of_the_n_best():
    parts = [HALF, DONE, NONE, QUARTER]
    assert run({"n_of": {"n": 1, "of": parts}}, RECORD).met
    two = run({"n_of": {"n": 2, "of": parts}}, RECORD)
    assert (two.met, two.progress) == (False, 0.75)  # (1 + 0.5) / 2
    three = run({"n_of": {"n": 3, "of": parts}}, RECORD)
    assert three.progress == pytest.approx((1 + 0.5 + 0.25) / 3)
    assert len(three.steps) == 4


def test_nesting():
    data = {"all": [DONE, {"any": [NONE, {"n_of": {"n": 2, "of": [HALF, DONE, QUARTER]}}]}]}
    outcome = run(data, RECORD)
    # inner n_of: (1 + 0.5) / 2 = 0.75; any: max(0, 0.75); all: (1 + 0.75) / 2
    assert (outcome.met, outcome.progress) == (False, pytest.approx(0.875))
    assert len(outcome.steps) == 5


def test_nothing_unmet_reaches_one():
    # 9999 of 10000 favorites would round to 1.0 in a percentage: capped below it.
    outcome = run({"favorites": {"min": 10000}}, facts(favorites=9999))
    assert (outcome.met, outcome.progress) == (False, ALMOST)
    outcome = run(
        {"all": [DONE, {"favorites": {"min": 10000}}]}, facts(favorites=9999, goals_completed=1)
    )
    assert (outcome.met, outcome.progress) == (False, ALMOST)


def test_is_met_agrees_with_evaluate():
    for data in (
        {"all": [HALF, DONE]},
        {"any": [HALF, DONE]},
        {"n_of": {"n": 2, "of": [DONE, HALF]}},
    ):
        assert is_met(rule(data), RECORD) == evaluate(rule(data), RECORD).met


# --- property: met exactly when progress is 1 -------------------------------------------------


def random_condition(rng: random.Random) -> dict[str, Any]:
    choice = rng.choice(
        [
            {"assessment": {"kind": rng.choice(["riasec", "skills"]), "min": rng.randint(1, 3)}},
            {"experiences": {"min": rng.randint(1, 5)}},
            {"experiences": {"min": rng.randint(1, 3), "types": ["guest_speaker", "job_shadow"]}},
            {"experience_types": {"min": rng.randint(1, 4)}},
            {"clusters": {"min": rng.randint(1, 4)}},
            {"verified_hours": {"min": rng.randint(1, 5)}},
            {"placements_completed": {"min": rng.randint(1, 2), "types": ["internship"]}},
            {"skill": {"skill": "collaboration", "level": rng.randint(1, 4)}},
            {"skills_at": {"level": rng.randint(1, 4), "min": rng.randint(1, 3)}},
            {"reflections": {"min": rng.randint(1, 3), "when": rng.choice(["pre", "post"])}},
            {"shared_reflections": {"min": rng.randint(1, 3)}},
            {"goals": {"min": rng.randint(1, 2)}},
            {"favorites": {"min": rng.randint(1, 4)}},
            {"badge": {"badge": "team_player"}},
            {"badges": {"min": rng.randint(1, 2)}},
            {"milestones": {"min": rng.randint(1, 2), "stage": "awareness"}},
            {"milestone": {"milestone": "awareness.career_stem.met_workers"}},
        ]
    )
    return choice


def random_rule(rng: random.Random, depth: int = 0) -> dict[str, Any]:
    if depth >= 3 or rng.random() < 0.4:
        return random_condition(rng)
    parts = [random_rule(rng, depth + 1) for _ in range(rng.randint(1, 4))]
    kind = rng.choice(["all", "any", "n_of"])
    if kind == "n_of":
        return {"n_of": {"n": rng.randint(1, len(parts)), "of": parts}}
    return {kind: parts}


def random_facts(rng: random.Random) -> YouthFacts:
    def some(keys: list[str], high: int) -> dict[str, int]:
        return {k: rng.randint(0, high) for k in keys if rng.random() < 0.6}

    return facts(
        assessments=some(["riasec", "skills"], 3),
        experiences=some(["guest_speaker", "field_trip", "job_shadow", "internship"], 3),
        clusters=frozenset(rng.sample(range(1, 15), rng.randint(0, 4))),
        verified_minutes=some(["internship", "job_shadow"], 200),
        placements_completed=some(["internship"], 2),
        skill_levels=some(["collaboration", "communication", "measurement"], 4),
        reflections=some(["pre", "post"], 3),
        reflections_shared=rng.randint(0, 3),
        goals_completed=rng.randint(0, 2),
        favorites=rng.randint(0, 4),
        badges=frozenset(rng.sample(["team_player", "job_spotter"], rng.randint(0, 2))),
        milestones=frozenset(
            rng.sample(
                ["awareness.career_stem.met_workers", "awareness.broad_skills.interest_quiz"],
                rng.randint(0, 2),
            )
        ),
    )


def test_met_exactly_when_progress_is_one_on_random_rules_and_records():
    rng = random.Random(20240605)
    seen = {True: 0, False: 0}
    for _ in range(3000):
        parsed = rule(random_rule(rng))
        record = random_facts(rng)
        outcome = evaluate(parsed, record)
        assert outcome.met == (outcome.progress == 1.0)
        assert 0.0 <= outcome.progress <= 1.0
        assert outcome.met == is_met(parsed, record)
        assert len(outcome.steps) == sum(1 for _ in parsed.conditions())
        for step in outcome.steps:
            assert step.met == (step.have >= step.need)
        seen[outcome.met] += 1
    assert min(seen.values()) > 300  # both outcomes were exercised


def test_facts_are_immutable():
    record = facts()
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.favorites = 3  # type: ignore[misc]
