"""The plan's course grid (grades 9–12, against the graduation requirements) and the
financial-aid checklist, for the youth (``/my/plan/…``) and for staff and admins
(``/youth/<id>/plan/…``). Both change only the current school year's version."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.policies import Action
from ccl_youth.core.roles import Role
from ccl_youth.extensions import db
from ccl_youth.plans import courses, services
from ccl_youth.plans.forms import AidForm, CourseForm, aid_form
from ccl_youth.plans.models import PlanCourse
from ccl_youth.plans.requirements import format_credits
from ccl_youth.plans.rules import COURSE_GRADES, EARLIEST_RECEIVED, CourseInput
from ccl_youth.plans.views_shared import form_year, links
from ccl_youth.web import catalog
from ccl_youth.web.access import actor, roles_required, youth_or_404
from ccl_youth.web.forms import apply_errors, options

bp = Blueprint("plan_courses", __name__, template_folder="templates")

EDITORS = (Role.STAFF, Role.ADMIN)


def _today() -> date:
    return date.today()


def _edit_state(youth_id: int, mine: bool) -> services.EditState | Response:
    """The current version with its document, or a redirect to the plan page when there is
    no plan yet. An earlier year's version raises ValidationFailed (a 400 page saying so)."""
    youth_or_404(youth_id, Action.EDIT_PLAN)
    try:
        return services.plan_to_edit(db.session, actor(), youth_id, catalog.plans(), _today(),
                                     None, catalog.catalog(), catalog.recognition())  # fmt: skip
    except NotFound:
        flash(_("Start the plan first."), "error")
        return redirect(links(youth_id, mine)["plan"])


def _choose(form: CourseForm, edit: services.EditState) -> None:
    plans = catalog.plans()
    form.grade.choices = options((str(g), _("Grade %(grade)d", grade=g)) for g in COURSE_GRADES)
    form.area.choices = options((t.slug, t.name) for t in edit.document.c.tally)
    form.acceleration.choices = options(
        [("", _("None"))] + [(a.slug, a.name) for a in plans.accelerations]
    )


def _course_input(form: CourseForm) -> CourseInput:
    return CourseInput(
        grade=str(form.grade.data or ""),
        area=form.area.data or "",
        title=form.title.data or "",
        credits=form.credits.data or "",
        acceleration=form.acceleration.data or "",
        is_cte_equivalency=bool(form.is_cte_equivalency.data),
        is_credit_recovery=bool(form.is_credit_recovery.data),
        status=form.status.data or "",
    )


def _grid(youth_id: int, mine: bool) -> Any:
    edit = _edit_state(youth_id, mine)
    if isinstance(edit, Response):
        return edit
    page = links(youth_id, mine)
    form = CourseForm()
    _choose(form, edit)
    status = 200
    if not form.is_submitted():
        form.year.data = str(edit.plan.school_year)
        form.status.data = "planned"
        form.credits.data = "1"
    elif form.validate():
        try:
            courses.add_course(db.session, actor(), youth_id, form_year(form), _course_input(form),
                               catalog.plans(), _today())  # fmt: skip
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
            status = 400
        else:
            db.session.commit()
            flash(_("The course is added."), "success")
            return redirect(page["courses"])
    else:
        status = 400
    return render_template("plans/courses.html", edit=edit, doc=edit.document, form=form,
                           links=page, mine=mine), status  # fmt: skip


@bp.route("/my/plan/courses", methods=["GET", "POST"])
@roles_required(Role.YOUTH)
def mine() -> Any:
    return _grid(actor().id, True)


@bp.route("/youth/<int:youth_id>/plan/courses", methods=["GET", "POST"])
@roles_required(*EDITORS)
def youth(youth_id: int) -> Any:
    return _grid(youth_id, False)


def _fill(form: CourseForm, course: PlanCourse) -> None:
    form.grade.data = str(course.grade)
    form.area.data = course.area
    form.title.data = course.title
    form.credits.data = format_credits(course.credits)
    form.acceleration.data = course.acceleration
    form.is_cte_equivalency.data = course.is_cte_equivalency
    form.is_credit_recovery.data = course.is_credit_recovery
    form.status.data = course.status


def _edit_course(youth_id: int, course_id: int, mine: bool) -> Any:
    me = actor()
    youth_or_404(youth_id, Action.EDIT_PLAN)
    plan, course = courses.course_of(db.session, me, youth_id, course_id, _today())
    page = links(youth_id, mine)
    edit = services.plan_to_edit(db.session, me, youth_id, catalog.plans(), _today(),
                                 plan.school_year)  # fmt: skip
    form = CourseForm()
    _choose(form, edit)
    status = 200
    if not form.is_submitted():
        _fill(form, course)
        form.year.data = str(plan.school_year)
    elif form.validate():
        try:
            courses.update_course(db.session, me, youth_id, course_id, _course_input(form),
                                  catalog.plans(), _today())  # fmt: skip
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
            status = 400
        else:
            db.session.commit()
            flash(_("The course is saved."), "success")
            return redirect(page["courses"])
    else:
        status = 400
    remove = (
        url_for("plan_courses.remove_mine", course_id=course_id)
        if mine
        else url_for("plan_courses.remove", youth_id=youth_id, course_id=course_id)
    )
    return render_template("plans/course_edit.html", form=form, course=course, links=page,
                           remove_url=remove), status  # fmt: skip


@bp.route("/my/plan/courses/<int:course_id>/edit", methods=["GET", "POST"])
@roles_required(Role.YOUTH)
def edit_mine(course_id: int) -> Any:
    return _edit_course(actor().id, course_id, True)


@bp.route("/youth/<int:youth_id>/plan/courses/<int:course_id>/edit", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit(youth_id: int, course_id: int) -> Any:
    return _edit_course(youth_id, course_id, False)


def _remove(youth_id: int, course_id: int, mine: bool) -> Response:
    youth_or_404(youth_id, Action.EDIT_PLAN)
    courses.remove_course(db.session, actor(), youth_id, course_id, _today())
    db.session.commit()
    flash(_("The course is removed."), "success")
    return redirect(links(youth_id, mine)["courses"])


@bp.post("/my/plan/courses/<int:course_id>/remove")
@roles_required(Role.YOUTH)
def remove_mine(course_id: int) -> Response:
    return _remove(actor().id, course_id, True)


@bp.post("/youth/<int:youth_id>/plan/courses/<int:course_id>/remove")
@roles_required(*EDITORS)
def remove(youth_id: int, course_id: int) -> Response:
    return _remove(youth_id, course_id, False)


# --- financial-aid checklist ---------------------------------------------------------------------


def _aid(youth_id: int, mine: bool) -> Any:
    edit = _edit_state(youth_id, mine)
    if isinstance(edit, Response):
        return edit
    page = links(youth_id, mine)
    items = [(line.slug, line.name) for line in edit.document.d.items]
    form: AidForm = aid_form(items)
    status = 200
    if not form.is_submitted():
        form.year.data = str(edit.plan.school_year)
        for line in edit.document.d.items:
            form[courses.aid_field(line.slug)].data = line.received_on
    elif form.validate():
        received = {slug: form[courses.aid_field(slug)].data for slug, _name in items}
        try:
            changed = courses.record_aid(db.session, actor(), youth_id, form_year(form), received,
                                         catalog.plans(), _today())  # fmt: skip
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
            status = 400
        else:
            db.session.commit()
            if changed:
                flash(_("The checklist is saved."), "success")
            return redirect(page["plan"] + "#element-d")
    else:
        status = 400
    return render_template("plans/aid.html", edit=edit, doc=edit.document, form=form, links=page,
                           today=_today(), earliest=EARLIEST_RECEIVED), status  # fmt: skip


@bp.route("/my/plan/aid", methods=["GET", "POST"])
@roles_required(Role.YOUTH)
def aid_mine() -> Any:
    return _aid(actor().id, True)


@bp.route("/youth/<int:youth_id>/plan/aid", methods=["GET", "POST"])
@roles_required(*EDITORS)
def aid(youth_id: int) -> Any:
    return _aid(youth_id, False)
