"""Goal services: hand-computed cases for the rules on titles, dates and steps, editing steps,
ticking, status changes, comments, refusals and double submits."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.extensions import db
from ccl_youth.goals import services as g
from ccl_youth.goals.models import Goal, GoalComment, GoalStep
from tests.goals.helpers import TODAY, setup

S = g.StepInput


def _goal(youth, title="Learn to code", steps=(), key=None, target=None):
    goal, created = g.create_goal(
        db.session,
        youth,
        youth.id,
        g.GoalInput(title, "Games are fun", target, tuple(steps)),
        TODAY,
        key,
    )
    db.session.commit()
    return goal, created


def test_latest_target_is_three_years_ahead_and_handles_29_february():
    assert g.latest_target(date(2026, 3, 10)) == date(2029, 3, 10)
    assert g.latest_target(date(2028, 2, 29)) == date(2031, 2, 28)


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        (g.GoalInput("   "), {"title"}),
        (g.GoalInput("x" * 201), {"title"}),
        (g.GoalInput("ok", "w" * 1001), {"why"}),
        (g.GoalInput("ok", target_date=TODAY - timedelta(days=1)), {"target_date"}),
        (g.GoalInput("ok", target_date=date(2029, 3, 11)), {"target_date"}),
        (g.GoalInput("ok", steps=(S("s" * 301),)), {"steps-0-text"}),
        (g.GoalInput("ok", steps=(S(""), S("a", date(2020, 1, 1)))), {"steps-1-target_date"}),
        (g.GoalInput("ok", steps=(S("", TODAY),)), {"steps-0-text"}),
        (g.GoalInput("ok", steps=tuple(S(f"step {n}") for n in range(11))), {"steps"}),
    ],
)
def test_bad_input_names_the_field(data, fields):
    _clean, errors = g.clean_goal(data, TODAY)
    assert set(errors) == fields


def test_edges_that_are_allowed():
    data = g.GoalInput(
        " " + "t" * 200 + " ", "w" * 1000, date(2029, 3, 10),
        tuple(S(f"step {n}", TODAY) for n in range(10)) + (S("  "),),
    )  # fmt: skip
    clean, errors = g.clean_goal(data, TODAY)
    assert errors == {}
    assert clean.title == "t" * 200 and len(clean.steps) == 10  # the blank row is left out


def test_create_saves_steps_in_order_and_audits_ids_only(app):
    s = setup()
    goal, created = _goal(s.youth, steps=[S("Find a class", TODAY), S(""), S("Make a game")])
    assert created and goal.status == "active" and goal.created_by_id == s.youth.id
    steps = db.session.scalars(select(GoalStep).order_by(GoalStep.position)).all()
    assert [(st.position, st.text) for st in steps] == [(1, "Find a class"), (2, "Make a game")]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "goal.create"))
    assert event.target_id == goal.id and "Learn" not in str(event.detail)


def test_the_same_submission_key_makes_one_goal(app):
    s = setup()
    first, created = _goal(s.youth, key="k1")
    again, created_again = _goal(s.youth, key="k1")
    assert created and not created_again and again.id == first.id
    assert db.session.scalar(select(func.count()).select_from(Goal)) == 1


def test_staff_cannot_create_a_youths_goal(app):
    s = setup()
    with pytest.raises(Forbidden):
        g.create_goal(db.session, s.staff, s.youth.id, g.GoalInput("Theirs"), TODAY)


def test_update_changes_adds_and_removes_steps(app):
    s = setup()
    goal, _ = _goal(s.youth, steps=[S("one"), S("two"), S("three")])
    one, two, three = db.session.scalars(select(GoalStep).order_by(GoalStep.position)).all()
    g.update_goal(
        db.session, s.youth, goal.id,
        g.GoalInput("Learn to code", "Games are fun", None,
                    (S("three first", None, three.id), S("one", None, one.id), S("four"))),
        TODAY,
    )  # fmt: skip
    db.session.commit()
    rows = db.session.execute(select(GoalStep.position, GoalStep.text).order_by(GoalStep.position))
    assert list(rows) == [(1, "three first"), (2, "one"), (3, "four")]
    assert db.session.get(GoalStep, two.id) is None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "goal.update"))
    assert event.detail["fields"] == ["steps"]


def test_update_refuses_a_step_of_another_goal_and_keeps_a_passed_date(app):
    s = setup()
    goal, _ = _goal(s.youth, target=TODAY)
    other, _ = _goal(s.youth, steps=[S("theirs")])
    theirs = db.session.scalar(select(GoalStep.id).where(GoalStep.goal_id == other.id))
    later = TODAY + timedelta(days=30)
    with pytest.raises(ValidationFailed) as error:
        g.update_goal(db.session, s.youth, goal.id, g.GoalInput("x", steps=(S("a", None, theirs),)),
                      later)  # fmt: skip
    assert set(error.value.errors) == {"steps-0-text"}
    db.session.rollback()
    # The saved target date has passed by now: keeping it is fine, a new past date is not.
    g.update_goal(db.session, s.youth, goal.id, g.GoalInput("New title", target_date=TODAY), later)
    with pytest.raises(ValidationFailed):
        g.update_goal(db.session, s.youth, goal.id,
                      g.GoalInput("x", target_date=TODAY + timedelta(days=1)), later)  # fmt: skip


def test_other_youths_goal_is_not_found(app):
    s = setup()
    goal, _ = _goal(s.youth, steps=[S("one")])
    step = db.session.scalar(select(GoalStep.id))
    with pytest.raises(NotFound):
        g.set_status(db.session, s.other_youth, goal.id, "complete")
    with pytest.raises(NotFound):
        g.set_step_done(db.session, s.other_youth, goal.id, step, True)
    with pytest.raises(NotFound):
        g.set_step_done(db.session, s.youth, goal.id, step + 999, True)


def test_ticking_is_a_state_not_a_flip(app):
    s = setup()
    goal, _ = _goal(s.youth, steps=[S("one")])
    step_id = db.session.scalar(select(GoalStep.id))
    assert g.set_step_done(db.session, s.youth, goal.id, step_id, True).done_dt is not None
    assert g.set_step_done(db.session, s.youth, goal.id, step_id, True).done_dt is not None
    assert g.set_step_done(db.session, s.youth, goal.id, step_id, False).done_dt is None
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action == "goal.step"))
    assert len(list(actions)) == 2


def test_complete_drop_reopen(app):
    s = setup()
    goal, _ = _goal(s.youth)
    assert g.set_status(db.session, s.youth, goal.id, "complete").completed_dt is not None
    assert goal.status == "completed"
    assert g.set_status(db.session, s.youth, goal.id, "reopen").completed_dt is None
    assert g.set_status(db.session, s.youth, goal.id, "drop").status == "dropped"
    with pytest.raises(ValidationFailed):
        g.set_status(db.session, s.youth, goal.id, "explode")


def test_comments_by_staff_admin_family_and_refusals(app):
    s = setup()
    goal, _ = _goal(s.youth)
    for author, body in ((s.staff, "Great plan"), (s.admin, " Keep going "), (s.family, "Proud")):
        g.add_comment(db.session, author, s.youth.id, goal.id, body)
    db.session.commit()
    views = g.goals_for(db.session, s.youth, s.youth.id)
    assert [c.body for c in views[0].comments] == ["Great plan", "Keep going", "Proud"]
    with pytest.raises(NotFound):
        g.add_comment(db.session, s.other_family, s.youth.id, goal.id, "hi")
    with pytest.raises(NotFound):  # a classmate cannot see the youth
        g.add_comment(db.session, s.other_youth, s.youth.id, goal.id, "hi")
    with pytest.raises(Forbidden):  # the youth sees their goal but comments are for others
        g.add_comment(db.session, s.youth, s.youth.id, goal.id, "hi")
    with pytest.raises(NotFound):  # the goal is not this youth's
        g.add_comment(db.session, s.staff, s.other_youth.id, goal.id, "hi")
    for body in ("   ", "x" * 1001):
        with pytest.raises(ValidationFailed) as error:
            g.add_comment(db.session, s.staff, s.youth.id, goal.id, body)
        assert set(error.value.errors) == {"body"}
    assert db.session.scalar(select(func.count()).select_from(GoalComment)) == 3


def test_list_order_active_first_and_reader_view_audited(app):
    s = setup()
    done, _ = _goal(s.youth, "Done one")
    g.set_status(db.session, s.youth, done.id, "complete")
    dropped, _ = _goal(s.youth, "Dropped one")
    g.set_status(db.session, s.youth, dropped.id, "drop")
    active, _ = _goal(s.youth, "Active one")
    titles = [v.goal.title for v in g.goals_for(db.session, s.staff, s.youth.id)]
    assert titles == ["Active one", "Done one", "Dropped one"]
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "goals.view")
        )
        == 1
    )
    with pytest.raises(NotFound):
        g.goals_for(db.session, s.other_family, s.youth.id)
