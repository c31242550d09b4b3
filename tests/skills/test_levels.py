"""``skills/levels.py``: the highest confirmed level per skill, from verified evidence and
submitted supervisor evaluations only, with hand-computed expectations."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from ccl_youth.db import StatementCounter
from ccl_youth.extensions import db
from ccl_youth.skills.levels import LevelPoint, current_levels, skill_history, skill_levels
from tests.factories import World, make_world
from tests.skills.support import T0, add_evaluation, add_evidence_row


def _record(w: World) -> dict[str, int]:
    """youth1's record (hand-computed result in the tests):

    evidence  e1 verified   T0+1d  collaboration 2, communication 1
              e2 verified   T0+5d  collaboration 3
              e3 returned          collaboration 4   (returned: does not count)
              e4 submitted         leadership 4      (waiting: does not count)
    evaluations v1 submitted T0+3d communication 3, leadership 2
                v2 cancelled       collaboration 4   (cancelled: does not count)
                v3 sent (open)     creativity 4      (not submitted: does not count)
    → collaboration 3 (e2), communication 3 (v1), leadership 2 (v1)."""
    org, youth, placement = w.org_a, w.youth1, w.exp.placement1
    return {
        "e1": add_evidence_row(youth, org, {"collaboration": 2, "communication": 1},
                               reviewed_dt=T0 + timedelta(days=1)),
        "e2": add_evidence_row(youth, org, {"collaboration": 3},
                               reviewed_dt=T0 + timedelta(days=5)),
        "e3": add_evidence_row(youth, org, {"collaboration": 4}, status="returned"),
        "e4": add_evidence_row(youth, org, {"leadership": 4}, status="submitted"),
        "v1": add_evaluation(placement, youth, {"communication": 3, "leadership": 2},
                             submitted_dt=T0 + timedelta(days=3)),
        "v2": add_evaluation(placement, youth, {"collaboration": 4}, status="cancelled"),
        "v3": add_evaluation(placement, youth, {"creativity": 4}, status="sent"),
    }  # fmt: skip


def test_the_highest_confirmed_level_wins_across_evidence_and_evaluations(app: Flask) -> None:
    w = make_world()
    _record(w)
    add_evidence_row(w.youth2, w.org_a, {"problem_solving": 1})
    add_evaluation(w.exp.placement2, w.youth2, {"problem_solving": 2, "collaboration": 1})
    add_evidence_row(w.youth_b, w.org_b, {"measurement": 4})
    levels = skill_levels(db.session, [w.youth1, w.youth2, w.classmate, w.youth_b])
    assert levels == {
        w.youth1: {"collaboration": 3, "communication": 3, "leadership": 2},
        w.youth2: {"problem_solving": 2, "collaboration": 1},
        w.youth_b: {"measurement": 4},
    }
    assert skill_levels(db.session, [w.youth1])[w.youth1]["collaboration"] == 3
    assert skill_levels(db.session, []) == {}


def test_a_level_outside_the_rubric_is_ignored(app: Flask) -> None:
    w = make_world()
    add_evidence_row(w.youth1, w.org_a, {"collaboration": 7, "creativity": 0, "tool_use": 2})
    add_evaluation(w.exp.placement1, w.youth1, {"leadership": 9})
    assert skill_levels(db.session, [w.youth1]) == {w.youth1: {"tool_use": 2}}
    assert [p.skill_slug for p in skill_history(db.session, w.youth1)] == ["tool_use"]


def test_the_history_lists_every_confirmed_level_oldest_first(app: Flask) -> None:
    w = make_world()
    ids = _record(w)
    history = skill_history(db.session, w.youth1)
    assert history == [
        LevelPoint("collaboration", 2, T0 + timedelta(days=1), "evidence", ids["e1"]),
        LevelPoint("communication", 1, T0 + timedelta(days=1), "evidence", ids["e1"]),
        LevelPoint("communication", 3, T0 + timedelta(days=3), "evaluation", ids["v1"]),
        LevelPoint("leadership", 2, T0 + timedelta(days=3), "evaluation", ids["v1"]),
        LevelPoint("collaboration", 3, T0 + timedelta(days=5), "evidence", ids["e2"]),
    ]
    # The same levels as skill_levels, from the history.
    assert current_levels(history) == skill_levels(db.session, [w.youth1])[w.youth1]
    assert skill_history(db.session, w.classmate) == []


def test_a_constant_number_of_statements_for_any_number_of_youth(app: Flask) -> None:
    w = make_world()
    _record(w)
    many_ids = [w.youth1, w.youth2, w.classmate, *range(10_000, 10_500)]
    counts = []
    for ids in ([w.youth1], many_ids):
        with StatementCounter(db.engine) as counter:
            skill_levels(db.session, ids)
        counts.append(counter.count)
    assert counts == [1, 1]
    with StatementCounter(db.engine) as counter:
        skill_history(db.session, w.youth1)
    assert counter.count == 2
