"""Access matrix rows and IDOR probes for goals: the youth's own pages (set, edit, tick a step,
complete / drop / reopen) and the goals of a youth for staff, admins and family, with comments.

The world has no goals: ``_goal_of`` adds one goal with one step for a youth the first time it
is asked (youth1 for the matrix; youth1, the classmate, youth2 and org B's youth for the
probes, added by ``_goals_to_probe`` before anything is probed)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from ccl_youth.accounts.models import User
from ccl_youth.extensions import db
from ccl_youth.goals.models import Goal, GoalStep
from tests.factories import World
from tests.idor import IdRoute, Ids
from tests.matrix import DENY_403, DENY_404, LOGIN, OK, REDIRECT, Key, Row

PROBE_TITLE = "A goal to probe"


def _goal_of(youth_id: int) -> tuple[int, int]:
    """(goal id, step id) of the youth's probe goal, added the first time."""
    goal = db.session.scalar(
        select(Goal).where(Goal.youth_id == youth_id, Goal.title == PROBE_TITLE)
    )
    if goal is None:
        youth = db.session.get(User, youth_id)
        assert youth is not None
        goal = Goal(organization_id=youth.organization_id, youth_id=youth_id, title=PROBE_TITLE,
                    why="", status="active", created_by_id=youth_id)  # fmt: skip
        db.session.add(goal)
        db.session.flush()
        db.session.add(GoalStep(goal_id=goal.id, position=1, text="First step"))
        db.session.commit()
    step_id = db.session.scalar(select(GoalStep.id).where(GoalStep.goal_id == goal.id))
    assert step_id is not None
    return goal.id, step_id


def _goals_to_probe(w: World) -> None:
    for youth_id in (w.youth1, w.classmate, w.youth2, w.youth_b):
        _goal_of(youth_id)


def _edit(w: World) -> dict[str, str]:
    _goal_id, step_id = _goal_of(w.youth1)
    return {"title": "Changed by the probes", "steps-0-step_id": str(step_id),
            "steps-0-text": "Changed step"}  # fmt: skip


def _done(w: World) -> dict[str, str]:
    return {"done": "1"}


def _complete(w: World) -> dict[str, str]:
    return {"action": "complete"}


def _comment(w: World) -> dict[str, str]:
    return {"body": "A comment from the probes."}


URL_IDS: dict[str, Callable[[World], int | str]] = {
    "goal_id": lambda w: _goal_of(w.youth1)[0],
    "step_id": lambda w: _goal_of(w.youth1)[1],
}
IN_SCOPE: dict[str, Callable[[World, str], int | str]] = {
    "goal_id": lambda w, actor: _goal_of(w.youth1)[0],
    "step_id": lambda w, actor: _goal_of(w.youth1)[1],
}
OTHER_ORG: dict[str, Callable[[World], Ids]] = {
    "goal_id": lambda w: [("org B youth's goal", _goal_of(w.youth_b)[0])],
    "step_id": lambda w: [("org B youth's goal step", _goal_of(w.youth_b)[1])],
}
SAME_ORG: dict[tuple[str, str], Callable[[World], Ids]] = {
    ("goal_id", "youth"): lambda w: [("the classmate's goal", _goal_of(w.classmate)[0])],
    ("step_id", "youth"): lambda w: [("the classmate's goal step", _goal_of(w.classmate)[1])],
    # Under youth1's address, another youth's goal (even one the reader may see) is not found.
    ("goal_id", "staff"): lambda w: [("the classmate's goal", _goal_of(w.classmate)[0]),
                                     ("cohort 2 youth's goal", _goal_of(w.youth2)[0])],
    ("goal_id", "admin"): lambda w: [("the classmate's goal", _goal_of(w.classmate)[0])],
    ("goal_id", "family"): lambda w: [("the classmate's goal", _goal_of(w.classmate)[0])],
}  # fmt: skip

# fmt: off
MATRIX_ROWS: dict[Key, Row] = {
    #       anonymous youth     family    family2   staff     staff2    admin     admin2
    ("goals.mine", "GET", "/my/goals"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("goals.new", "GET", "/my/goals/new"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("goals.new", "POST", "/my/goals/new"):
        Row(LOGIN,    REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403,
            form=lambda w: {"title": "Learn to code", "steps-0-text": "Find a class"}),
    ("goals.edit", "GET", "/my/goals/<int:goal_id>/edit"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("goals.edit", "POST", "/my/goals/<int:goal_id>/edit"):
        Row(LOGIN,    REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403,
            form=_edit),
    ("goals.step_done", "POST", "/my/goals/<int:goal_id>/steps/<int:step_id>/done"):
        Row(LOGIN,    REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403,
            form=_done),
    ("goals.status", "POST", "/my/goals/<int:goal_id>/status"):
        Row(LOGIN,    REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403,
            form=_complete),
    ("goals.youth_goals", "GET", "/youth/<int:youth_id>/goals"):
        Row(LOGIN,    DENY_403, OK,       DENY_404, OK,       DENY_404, OK,       DENY_404),
    ("goals.comment", "POST", "/youth/<int:youth_id>/goals/<int:goal_id>/comments"):
        Row(LOGIN,    DENY_403, REDIRECT, DENY_404, REDIRECT, DENY_404, REDIRECT, DENY_404,
            form=_comment),
}
# fmt: on

ID_ROUTES: dict[Key, IdRoute] = {
    ("goals.edit", "GET", "/my/goals/<int:goal_id>/edit"): IdRoute(
        ("youth",), setup=_goals_to_probe
    ),
    ("goals.edit", "POST", "/my/goals/<int:goal_id>/edit"): IdRoute(
        ("youth",), form=_edit, setup=_goals_to_probe
    ),
    ("goals.step_done", "POST", "/my/goals/<int:goal_id>/steps/<int:step_id>/done"): IdRoute(
        ("youth",), form=_done, setup=_goals_to_probe
    ),
    ("goals.status", "POST", "/my/goals/<int:goal_id>/status"): IdRoute(
        ("youth",), form=_complete, setup=_goals_to_probe
    ),
    # Family members may read a linked youth's goals too; a youth has /my/goals.
    ("goals.youth_goals", "GET", "/youth/<int:youth_id>/goals"): IdRoute(
        ("staff", "admin", "family"), refused=("anonymous", "youth"), setup=_goals_to_probe
    ),
    ("goals.comment", "POST", "/youth/<int:youth_id>/goals/<int:goal_id>/comments"): IdRoute(
        ("staff", "admin", "family"),
        form=_comment,
        refused=("anonymous", "youth"),
        setup=_goals_to_probe,
    ),
}
