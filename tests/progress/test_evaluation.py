"""Milestones, what to do next, readiness and earlier stages from facts written by hand, on
a small hand-written catalog (expectations computed by hand) and on the real content."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from ccl_youth.core.rules import Step, YouthFacts
from ccl_youth.progress.evaluation import closest_open, evaluate_progress
from tests.progress.helpers import experiences, real_recognition, small_catalog

FRAMEWORK = experiences().framework


def facts(**changes: Any) -> YouthFacts:
    base = YouthFacts(
        grade=7,
        stage="exploration",
        assessments={},
        experiences={},
        clusters=frozenset(),
        verified_minutes={},
        placements_completed={},
        skill_levels={},
        reflections={},
        reflections_shared=0,
        goals_completed=0,
        favorites=0,
        badges=frozenset(),
    )
    return replace(base, **changes)


#: A grade-7 explorer: the quiz once, 3 guest speakers, 2 clusters, collaboration at
#: Developing, 2 reflections shared, no saved careers.
EXPLORER = facts(
    assessments={"riasec": 1},
    experiences={"guest_speaker": 3},
    clusters=frozenset({1, 2}),
    skill_levels={"collaboration": 2},
    reflections_shared=2,
)


def _ids(statuses) -> list[str]:
    return [s.milestone.id for s in statuses]


def _numbers(step: Step) -> tuple[int, int, bool]:
    return step.have, step.need, step.met


def _steps(status) -> list[tuple[int, int, bool, list[str]]]:
    """(have, need, met, which of ``EXPECTED_WORDS`` the text holds) of each step."""
    return [
        (*_numbers(step), [w for w in EXPECTED_WORDS if w in step.text])
        for step in status.outcome.steps
    ]


EXPECTED_WORDS = ("1", "2", "Guest speaker", "Proficient", "Collaboration")


def test_milestones_met_and_open_by_strategy():
    report = evaluate_progress(small_catalog(), FRAMEWORK, EXPLORER)
    assert _ids(s for s in report.milestones if s.met) == [
        "awareness.career_stem.speaker",
        "awareness.broad_skills.quiz",
        "exploration.family_community.shared",
    ]
    assert report.stage == "exploration"
    assert report.stage_name == "Career Exploration"
    by_strategy = {s.slug: (_ids(s.met), _ids(s.open)) for s in report.strategies}
    assert by_strategy == {
        "broad_skills": (
            [],
            ["exploration.broad_skills.quiz_twice", "exploration.broad_skills.collab"],
        ),
        "career_stem": (
            [],
            ["exploration.career_stem.three_clusters", "exploration.career_stem.four_speakers"],
        ),
        "family_community": (["exploration.family_community.shared"], []),
        "pathways_partnerships": ([], []),
    }
    assert (report.met_here, report.total_here) == (1, 5)
    assert _ids(report.met_now) == ["exploration.family_community.shared"]


def test_progress_and_steps_of_each_milestone():
    report = evaluate_progress(small_catalog(), FRAMEWORK, EXPLORER)
    by_id = {s.milestone.id: s for s in report.milestones}
    assert by_id["exploration.broad_skills.quiz_twice"].outcome.progress == 0.5
    assert by_id["exploration.broad_skills.collab"].outcome.progress == pytest.approx(2 / 3)
    assert by_id["exploration.career_stem.four_speakers"].outcome.progress == 0.75
    assert by_id["exploration.career_stem.four_speakers"].percent == 75
    # Each step's numbers, and its words naming things by their labels.
    assert _steps(by_id["exploration.career_stem.four_speakers"]) == [
        (3, 4, False, ["1", "Guest speaker"])
    ]
    assert _steps(by_id["exploration.broad_skills.collab"]) == [
        (2, 3, False, ["Proficient", "Collaboration"])
    ]
    assert _steps(by_id["exploration.family_community.shared"]) == [(2, 2, True, ["2"])]
    assert by_id["exploration.family_community.shared"].percent == 100


def test_what_to_do_next_is_the_three_closest_ties_in_file_order():
    report = evaluate_progress(small_catalog(), FRAMEWORK, EXPLORER)
    # 3/4 speakers; then collaboration 2/3 and clusters 2/3 (a tie: file order); quiz 1/2 out.
    assert _ids(report.next_steps) == [
        "exploration.career_stem.four_speakers",
        "exploration.broad_skills.collab",
        "exploration.career_stem.three_clusters",
    ]
    assert report.next_steps[0].milestone.next_step == "Do: Four speakers"
    assert closest_open(report.milestones, 1)[0].milestone.id == (
        "exploration.career_stem.four_speakers"
    )


def test_readiness_not_yet_with_its_reasons():
    report = evaluate_progress(small_catalog(), FRAMEWORK, EXPLORER)
    readiness = report.readiness
    assert readiness is not None
    assert (readiness.next_stage, readiness.next_stage_name) == (
        "preparedness",
        "Career Preparedness",
    )
    assert readiness.ready is False
    # all of: 1 of 3 exploration milestones (1/3), 0 of 1 saved careers (0): mean 1/6.
    assert readiness.progress == pytest.approx(1 / 6)
    assert [_numbers(step) for step in readiness.steps] == [(1, 3, False), (0, 1, False)]
    assert "2" in readiness.steps[0].text and "Exploration" in readiness.steps[0].text


def test_readiness_counts_the_milestones_met_first():
    """Three exploration milestones met from the record alone (none given in ``milestones``)
    and a saved career: ready."""
    ready = replace(
        EXPLORER,
        assessments={"riasec": 2},
        experiences={"guest_speaker": 4},
        favorites=1,
    )
    assert ready.milestones == frozenset()
    report = evaluate_progress(small_catalog(), FRAMEWORK, ready)
    assert report.readiness is not None and report.readiness.ready is True
    assert report.readiness.progress == 1.0
    assert all(step.met for step in report.readiness.steps)


def test_awareness_readiness_and_no_earlier_stages():
    young = facts(grade=3, stage="awareness", experiences={"guest_speaker": 1})
    report = evaluate_progress(small_catalog(), FRAMEWORK, young)
    assert report.earlier == ()
    assert report.readiness is not None
    assert report.readiness.next_stage == "exploration"
    assert report.readiness.ready is False
    assert [_numbers(step) for step in report.readiness.steps] == [(1, 2, False)]
    assert _ids(report.next_steps) == ["awareness.broad_skills.quiz"]


def test_last_stage_has_no_readiness_and_summarises_both_earlier_stages():
    senior = replace(EXPLORER, grade=11, stage="preparedness", verified_minutes={"x": 600})
    report = evaluate_progress(small_catalog(), FRAMEWORK, senior)
    assert report.readiness is None and report.next_stage is None
    assert [(e.slug, _ids(e.met), e.total) for e in report.earlier] == [
        ("awareness", ["awareness.career_stem.speaker", "awareness.broad_skills.quiz"], 2),
        ("exploration", ["exploration.family_community.shared"], 5),
    ]
    assert _ids(report.met_now) == ["preparedness.career_stem.hours"]
    assert report.next_steps == ()


@pytest.mark.parametrize(
    ("grade", "stage", "record", "suggested"),
    [
        (7, "exploration", {}, True),  # grade 6+, past awareness, nothing from awareness
        (6, "preparedness", {}, True),
        (7, "exploration", {"assessments": {"riasec": 1}}, False),  # an awareness milestone
        (7, "awareness", {}, False),  # already there
        (5, "exploration", {}, False),  # moved up early: not the framework's case
    ],
)
def test_older_youth_without_awareness_are_suggested_to_start_there(
    grade, stage, record, suggested
):
    report = evaluate_progress(
        small_catalog(), FRAMEWORK, facts(grade=grade, stage=stage, **record)
    )
    assert report.suggest_awareness is suggested


# --- the real content ------------------------------------------------------------------------


def test_real_catalog_awareness_youth():
    """A grade-3 youth: the interest quiz, 2 guest speakers, one field trip, 2 clusters,
    2 answers after activities (one shared), one saved career."""
    young = facts(
        grade=3,
        stage="awareness",
        assessments={"riasec": 1},
        experiences={"guest_speaker": 2, "field_trip": 1},
        clusters=frozenset({1, 2}),
        reflections={"post": 2},
        reflections_shared=1,
        favorites=1,
    )
    report = evaluate_progress(real_recognition(), FRAMEWORK, young)
    met = {s.milestone.id for s in report.milestones if s.met}
    assert met == {
        "awareness.broad_skills.interest_quiz",
        "awareness.career_stem.met_workers",
        "awareness.career_stem.two_clusters",
        "awareness.career_stem.told_what_i_learned",
        "awareness.family_community.shared_with_family",
        "awareness.family_community.community_helper",
        "awareness.pathways_partnerships.field_trip",
        "awareness.pathways_partnerships.saved_a_job",
        # the same record meets an exploration one as well
        "exploration.broad_skills.interest_inventory",
    }
    assert (report.met_here, report.total_here) == (8, 12)
    # Awareness readiness: 6 awareness milestones and one in each strategy — all there.
    assert report.readiness is not None and report.readiness.ready is True
    assert report.readiness.next_stage == "exploration"
    assert [s.met for s in report.readiness.steps] == [True] * 5
    # Open: 2 STEM challenges (0/2), a skill at Developing (0/1), family night (0/1), 3 kinds
    # (2/3 — the closest).
    assert _ids(report.next_steps)[0] == "awareness.pathways_partnerships.three_kinds"
    assert len(report.next_steps) == 3


def test_real_catalog_explorer_not_ready():
    report = evaluate_progress(real_recognition(), FRAMEWORK, EXPLORER)
    met_here = _ids(report.met_now)
    # interest inventory (riasec 1); shared twice; three professionals (3 guest speakers).
    assert met_here == [
        "exploration.broad_skills.interest_inventory",
        "exploration.career_stem.three_professionals",
        "exploration.family_community.shared_twice",
    ]
    assert report.readiness is not None and report.readiness.ready is False
    assert _numbers(report.readiness.steps[0]) == (3, 7, False)
    assert "Career Exploration" in report.readiness.steps[0].text
    assert not report.suggest_awareness  # the quiz and the speakers meet awareness ones
