"""High School and Beyond Plan pages: the plan, starting a school year's version, changing
its words, the list of versions with what changed, staff sign-off and the student-led
conference view. The course grid and the aid checklist are in ``views_courses``.

Each page has two addresses: ``/my/plan…`` for the youth and ``/youth/<id>/plan…`` for staff
and admins (who may change the plan) and linked family (who read it).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.policies import Action, can
from ccl_youth.core.roles import Role
from ccl_youth.extensions import db
from ccl_youth.plans import services
from ccl_youth.plans import versions as plan_versions
from ccl_youth.plans.document_types import school_year_label
from ccl_youth.plans.forms import PlanForm, SignOffForm, StartForm
from ccl_youth.plans.requirements import format_credits
from ccl_youth.plans.rules import TEXT_FIELDS, PlanInput
from ccl_youth.plans.views_shared import form_year, links, year_arg
from ccl_youth.web import catalog
from ccl_youth.web.access import actor, roles_required, youth_or_404
from ccl_youth.web.forms import apply_errors, options

bp = Blueprint("plans", __name__, template_folder="templates")

READERS = (Role.STAFF, Role.ADMIN, Role.FAMILY)
EDITORS = (Role.STAFF, Role.ADMIN)

bp.add_app_template_filter(format_credits, "plan_credits")
bp.add_app_template_filter(school_year_label, "school_year")


def _today() -> date:
    return date.today()


def _state(youth_id: int, year: int | None) -> services.PlanState:
    """The plan to show; commits, to keep the audit event of a view by someone else."""
    state = services.plan_state(
        db.session,
        actor(),
        youth_id,
        catalog.plans(),
        _today(),
        year,
        experiences=catalog.catalog(),
        recognition=catalog.recognition(),
    )
    db.session.commit()
    return state


# --- the plan ----------------------------------------------------------------------------------


@bp.get("/my/plan")
@roles_required(Role.YOUTH)
def mine() -> str:
    me = actor()
    state = _state(me.id, year_arg())
    return render_template(
        "plans/mine.html", state=state, links=links(me.id, True), start_form=StartForm()
    )


def _plan_page(youth_id: int, sign_form: SignOffForm | None = None) -> Any:
    me = actor()
    state = _state(youth_id, year_arg())
    if Role(me.role) is Role.FAMILY:
        return render_template("plans/family.html", state=state, links=links(youth_id, False))
    form = sign_form or SignOffForm(formdata=None)
    if state.year is not None:
        form.year.data = str(state.year)
    return render_template(
        "plans/youth.html",
        state=state,
        links=links(youth_id, False),
        may_sign=can(db.session, me, Action.SIGN_OFF_PLAN, youth_id),
        sign_form=form,
        start_form=StartForm(),
    ), (400 if sign_form is not None else 200)


@bp.get("/youth/<int:youth_id>/plan")
@roles_required(*READERS)
def youth_plan(youth_id: int) -> Any:
    return _plan_page(youth_id)


# --- starting this school year's version --------------------------------------------------------


def _start(youth_id: int, target: str) -> Response:
    form = StartForm()
    if not form.validate_on_submit():
        flash(_("That did not work. Please try again."), "error")
        return redirect(target)
    plan, created = plan_versions.start_plan(db.session, actor(), youth_id, _today())
    year = plan.school_year
    db.session.commit()
    if created:
        flash(_("The plan for %(year)s is ready.", year=school_year_label(year)), "success")
    return redirect(target)


@bp.post("/my/plan/start")
@roles_required(Role.YOUTH)
def start_mine() -> Response:
    return _start(actor().id, url_for("plans.mine"))


@bp.post("/youth/<int:youth_id>/plan/start")
@roles_required(*EDITORS)
def start(youth_id: int) -> Response:
    youth_or_404(youth_id, Action.EDIT_PLAN)
    return _start(youth_id, url_for("plans.youth_plan", youth_id=youth_id))


# --- changing the words -----------------------------------------------------------------------


def _plan_input(form: PlanForm) -> PlanInput:
    values = {name: getattr(form, name).data or "" for name in TEXT_FIELDS}
    return PlanInput(
        **values,
        postsecondary_route=form.postsecondary_route.data or "",
        pathways=tuple(form.pathways.data or ()),
    )


def _edit(youth_id: int, mine: bool) -> Any:
    me = actor()
    youth_or_404(youth_id, Action.EDIT_PLAN)
    page = links(youth_id, mine)
    plans = catalog.plans()
    form = PlanForm()
    year = form_year(form) if form.is_submitted() else year_arg()
    try:
        edit = services.plan_to_edit(db.session, me, youth_id, plans, _today(), year,
                                     catalog.catalog(), catalog.recognition())  # fmt: skip
    except NotFound:
        flash(_("Start the plan first."), "error")
        return redirect(page["plan"])
    form.postsecondary_route.choices = options(
        [("", _("Not chosen yet"))] + [(r.slug, r.name) for r in plans.routes]
    )
    form.pathways.choices = options((p.slug, p.name) for p in plans.pathways)
    status = 200
    if not form.is_submitted():
        data = services.plan_input(edit.plan)
        for name in (*TEXT_FIELDS, "postsecondary_route"):
            getattr(form, name).data = getattr(data, name)
        form.pathways.data = list(data.pathways)
        form.year.data = str(edit.plan.school_year)
    elif form.validate():
        try:
            _plan, unsigned = services.update_plan(db.session, me, youth_id, edit.plan.school_year,
                                                   _plan_input(form), plans, _today())  # fmt: skip
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
            status = 400
        else:
            db.session.commit()
            flash(_("The plan is saved."), "success")
            if unsigned:
                flash(_("The plan changed, so the staff sign-off was cleared. "
                        "Ask staff to sign it again."), "notice")  # fmt: skip
            return redirect(page["plan"])
    else:
        status = 400
    return render_template("plans/edit.html", form=form, edit=edit, doc=edit.document,
                           links=page, mine=mine), status  # fmt: skip


@bp.route("/my/plan/edit", methods=["GET", "POST"])
@roles_required(Role.YOUTH)
def edit_mine() -> Any:
    return _edit(actor().id, True)


@bp.route("/youth/<int:youth_id>/plan/edit", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit(youth_id: int) -> Any:
    return _edit(youth_id, False)


# --- sign-off ----------------------------------------------------------------------------------


@bp.post("/youth/<int:youth_id>/plan/sign-off")
@roles_required(*EDITORS)
def sign_off(youth_id: int) -> Any:
    me = actor()
    youth_or_404(youth_id, Action.SIGN_OFF_PLAN)
    form = SignOffForm()
    if not form.validate_on_submit():
        return _plan_page(youth_id, form)
    try:
        services.sign_off(db.session, me, youth_id, form_year(form), form.note.data or "",
                          _today())  # fmt: skip
    except ValidationFailed as error:
        db.session.rollback()
        apply_errors(form, error)
        return _plan_page(youth_id, form)
    db.session.commit()
    flash(_("You signed the plan."), "success")
    return redirect(url_for("plans.youth_plan", youth_id=youth_id))


# --- versions ----------------------------------------------------------------------------------


def _versions(youth_id: int, mine: bool) -> str:
    youth = youth_or_404(youth_id)
    views = plan_versions.plan_versions(db.session, actor(), youth_id, _today())
    db.session.commit()  # keep the audit event of this view
    plans = catalog.plans()
    names = {
        "areas": plans.names("areas"),
        "routes": plans.names("routes"),
        "pathways": plans.names("pathways"),
        "aid_items": plans.names("aid_items"),
        "accelerations": plans.names("accelerations"),
    }
    return render_template("plans/versions.html", youth=youth, versions=views, names=names,
                           links=links(youth_id, mine), mine=mine)  # fmt: skip


@bp.get("/my/plan/versions")
@roles_required(Role.YOUTH)
def versions_mine() -> str:
    return _versions(actor().id, True)


@bp.get("/youth/<int:youth_id>/plan/versions")
@roles_required(*READERS)
def versions(youth_id: int) -> str:
    return _versions(youth_id, False)


# --- student-led conference ---------------------------------------------------------------------


def _conference(youth_id: int, back: str) -> str:
    state = _state(youth_id, year_arg())
    return render_template("plans/conference.html", state=state, doc=state.document, back=back)


@bp.get("/my/plan/conference")
@roles_required(Role.YOUTH)
def conference_mine() -> str:
    return _conference(actor().id, url_for("plans.mine"))


@bp.get("/youth/<int:youth_id>/plan/conference")
@roles_required(*READERS)
def conference(youth_id: int) -> str:
    return _conference(youth_id, url_for("plans.youth_plan", youth_id=youth_id))
