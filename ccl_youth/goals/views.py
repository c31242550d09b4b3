"""Goal pages: a youth's own goals (set, edit, tick steps, complete / drop / reopen) and the
goals of a youth for staff, admins and linked family, who may comment on each."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ccl_youth.core.errors import ValidationFailed
from ccl_youth.core.policies import Action, can
from ccl_youth.core.roles import Role
from ccl_youth.extensions import db
from ccl_youth.goals import services
from ccl_youth.goals.forms import CommentForm, GoalForm, StatusForm, StepDoneForm
from ccl_youth.web.access import actor, roles_required, youth_or_404
from ccl_youth.web.forms import apply_errors
from ccl_youth.web.i18n import translate_errors

bp = Blueprint("goals", __name__, template_folder="templates")

READERS = (Role.STAFF, Role.ADMIN, Role.FAMILY)
BLANK_ROWS = 3


def _today() -> date:
    return date.today()


def _input(form: GoalForm) -> services.GoalInput:
    steps = tuple(
        services.StepInput(
            text=entry.form.text.data or "",
            target_date=entry.form.target_date.data,
            step_id=entry.form.step_id.data,
        )
        for entry in form.steps.entries
    )
    return services.GoalInput(
        title=form.title.data or "",
        why=form.why.data or "",
        target_date=form.target_date.data,
        steps=steps,
    )


def _apply_goal_errors(form: GoalForm, error: ValidationFailed) -> None:
    """``steps-<row>-<field>`` errors go on that row's field; the rest as usual."""
    rest: dict[str, list[str]] = {}
    for name, messages in translate_errors(error.errors).items():
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == "steps" and parts[1].isdigit():
            row = int(parts[1])
            if row < len(form.steps.entries):
                field = getattr(form.steps.entries[row].form, parts[2], None)
                if field is not None:
                    field.errors = [*list(field.errors), *messages]
                    continue
        if name == "steps":
            form.form_errors.extend(messages)
            continue
        rest[name] = messages
    apply_errors(form, ValidationFailed(rest))


def _show_hidden_errors(form: GoalForm) -> None:
    """A bad hidden step id shows on that row's step text (the field people can see)."""
    for entry in form.steps.entries:
        if entry.form.step_id.errors:
            entry.form.text.errors = [
                *entry.form.text.errors,
                _("This step is not part of the goal."),
            ]


def _pad(form: GoalForm) -> None:
    """Blank step rows to fill in, up to the most a goal may have."""
    wanted = min(services.STEPS_MAX, len(form.steps.entries) + BLANK_ROWS)
    while len(form.steps.entries) < wanted:
        form.steps.append_entry()


def _mine() -> Response:
    return redirect(url_for("goals.mine"))


# --- youth -----------------------------------------------------------------------------------


@bp.get("/my/goals")
@roles_required(Role.YOUTH)
def mine() -> str:
    me = actor()
    goals = services.goals_for(db.session, me, me.id)
    return render_template(
        "goals/mine.html",
        goals=goals,
        step_form=StepDoneForm(),
        status_form=StatusForm(),
    )


@bp.route("/my/goals/new", methods=["GET", "POST"])
@roles_required(Role.YOUTH)
def new() -> Any:
    me = actor()
    form = GoalForm()
    status = 200
    if form.validate_on_submit():
        try:
            _goal, created = services.create_goal(
                db.session, me, me.id, _input(form), _today(), form.submission_key.data
            )
        except ValidationFailed as error:
            db.session.rollback()
            _apply_goal_errors(form, error)
            status = 400
        else:
            db.session.commit()
            if created:
                flash(_("Your goal is saved. You can do it!"), "success")
            return _mine()
    elif form.is_submitted():
        _show_hidden_errors(form)
        status = 400
    if not form.submission_key.data:
        form.submission_key.data = uuid.uuid4().hex
    _pad(form)
    return render_template("goals/edit.html", form=form, goal=None), status


@bp.route("/my/goals/<int:goal_id>/edit", methods=["GET", "POST"])
@roles_required(Role.YOUTH)
def edit(goal_id: int) -> Any:
    me = actor()
    goal, steps = services.own_goal(db.session, me, goal_id)
    form = GoalForm()
    status = 200
    if not form.is_submitted():
        form.title.data, form.why.data = goal.title, goal.why
        form.target_date.data = goal.target_date
        for step in steps:
            form.steps.append_entry(
                {"step_id": step.id, "text": step.text, "target_date": step.target_date}
            )
    elif form.validate():
        try:
            services.update_goal(db.session, me, goal_id, _input(form), _today())
        except ValidationFailed as error:
            db.session.rollback()
            _apply_goal_errors(form, error)
            status = 400
        else:
            db.session.commit()
            flash(_("Your goal is saved."), "success")
            return _mine()
    else:
        _show_hidden_errors(form)
        status = 400
    _pad(form)
    return render_template("goals/edit.html", form=form, goal=goal), status


@bp.post("/my/goals/<int:goal_id>/steps/<int:step_id>/done")
@roles_required(Role.YOUTH)
def step_done(goal_id: int, step_id: int) -> Response:
    form = StepDoneForm()
    if not form.validate_on_submit():
        flash(_("That did not work. Please try again."), "error")
        return _mine()
    step = services.set_step_done(db.session, actor(), goal_id, step_id, form.done.data == "1")
    db.session.commit()
    flash(_("Step done. Nice!") if step.done_dt else _("Step marked not done."), "success")
    return _mine()


@bp.post("/my/goals/<int:goal_id>/status")
@roles_required(Role.YOUTH)
def status(goal_id: int) -> Response:
    form = StatusForm()
    if not form.validate_on_submit():
        flash(_("That did not work. Please try again."), "error")
        return _mine()
    goal = services.set_status(db.session, actor(), goal_id, form.action.data or "")
    db.session.commit()
    messages = {
        "completed": _("You reached your goal. Great work!"),
        "dropped": _("You put this goal aside."),
        "active": _("This goal is active again."),
    }
    flash(messages[goal.status], "success")
    return _mine()


# --- staff, admins, family --------------------------------------------------------------------


def _comment_form(goal_id: int, form: CommentForm | None = None) -> CommentForm:
    """A goal's comment form; its field id names the goal (many forms share the page)."""
    form = form if form is not None else CommentForm(formdata=None)
    form.body.id = form.body.label.field_id = f"comment-{goal_id}"
    return form


def _youth_page(youth_id: int, form: CommentForm | None = None, bad_goal: int | None = None) -> Any:
    me = actor()
    youth = youth_or_404(youth_id)
    goals = services.goals_for(db.session, me, youth_id)
    may_comment = can(db.session, me, Action.COMMENT_ON_GOALS, youth_id)
    forms = {
        view.goal.id: _comment_form(view.goal.id, form if view.goal.id == bad_goal else None)
        for view in goals
    }
    return render_template(
        "goals/youth.html", youth=youth, goals=goals, may_comment=may_comment, forms=forms
    ), (400 if bad_goal else 200)


@bp.get("/youth/<int:youth_id>/goals")
@roles_required(*READERS)
def youth_goals(youth_id: int) -> Any:
    return _youth_page(youth_id)


@bp.post("/youth/<int:youth_id>/goals/<int:goal_id>/comments")
@roles_required(*READERS)
def comment(youth_id: int, goal_id: int) -> Any:
    me = actor()
    services.goal_of(db.session, me, youth_id, goal_id)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            services.add_comment(db.session, me, youth_id, goal_id, form.body.data or "")
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("Your comment is saved. They can read it."), "success")
            return redirect(url_for("goals.youth_goals", youth_id=youth_id))
    return _youth_page(youth_id, form, goal_id)
