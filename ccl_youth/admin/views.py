"""Admin pages: programs, cohorts, staff, youth, families, assignments and enrollments."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from ccl_youth.accounts import services as accounts
from ccl_youth.accounts.models import Guardianship, User
from ccl_youth.admin.forms import (
    AdminYouthForm,
    CohortForm,
    PickForm,
    ProgramForm,
    ResetPasswordForm,
    StaffForm,
)
from ccl_youth.core import secrets as sec
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.policies import Action, require
from ccl_youth.core.roles import Role
from ccl_youth.core.scoping import organization_users, visible_cohorts, visible_youth
from ccl_youth.extensions import db
from ccl_youth.programs import services as program_services
from ccl_youth.programs.models import Cohort, Enrollment, Organization, Program, StaffAssignment
from ccl_youth.roster import services as roster
from ccl_youth.roster.views import _cards, _page, details_from
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.forms import apply_errors, options
from ccl_youth.web.i18n import error_text

bp = Blueprint("admin", __name__, template_folder="templates", url_prefix="/admin")


@bp.before_request
@roles_required(Role.ADMIN)
def _admins_only() -> None:
    """Every page here is for admins of the organization."""


def _in_org(model: type[Program] | type[Cohort] | type[User], object_id: int) -> Any:
    obj = db.session.get(model, object_id)
    if obj is None:
        raise NotFound(model.__name__.lower())
    require(db.session, actor(), Action.MANAGE_ORGANIZATION, obj)
    return obj


def _program_choices() -> list[SelectChoice]:
    return options(
        (p.id, p.name)
        for p in db.session.scalars(
            select(Program)
            .where(Program.organization_id == actor().organization_id)
            .order_by(Program.name)
        )
    )


def _cohort_choices() -> list[SelectChoice]:
    return options(
        (c.id, c.name) for c in db.session.scalars(visible_cohorts(actor()).order_by(Cohort.name))
    )


# --- programs ------------------------------------------------------------------------------


@bp.get("/programs")
def programs() -> str:
    rows = db.session.execute(
        select(Program, func.count(Cohort.id))
        .outerjoin(Cohort, Cohort.program_id == Program.id)
        .where(Program.organization_id == actor().organization_id)
        .group_by(Program.id)
        .order_by(Program.name)
    ).all()
    return render_template("admin/programs.html", rows=rows, kinds=program_services.PROGRAM_KINDS)


@bp.route("/programs/new", methods=["GET", "POST"])
@bp.route("/programs/<int:program_id>/edit", methods=["GET", "POST"])
def edit_program(program_id: int | None = None) -> Any:
    program = _in_org(Program, program_id) if program_id is not None else None
    form = ProgramForm(obj=program)
    if form.validate_on_submit():
        try:
            program_services.save_program(
                db.session,
                actor(),
                form.name.data or "",
                form.kind.data or "",
                form.description.data or "",
                program,
            )
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("admin.programs"))
    title = _("Edit program") if program else _("New program")
    return render_template(
        "admin/form.html", form=form, title=title, back=url_for("admin.programs")
    )


# --- cohorts -------------------------------------------------------------------------------


@bp.get("/cohorts")
def cohorts() -> str:
    return render_template(
        "admin/cohorts.html", cohorts=roster.cohort_summaries(db.session, actor())
    )


@bp.route("/cohorts/new", methods=["GET", "POST"])
def new_cohort() -> Any:
    form = CohortForm()
    form.program_id.choices = _program_choices()
    if form.validate_on_submit():
        try:
            cohort = program_services.save_cohort(
                db.session,
                actor(),
                form.program_id.data,
                form.name.data or "",
                form.school_year.data or "",
            )
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("admin.cohort", cohort_id=cohort.id))
    return render_template(
        "admin/form.html", form=form, title=_("New cohort"), back=url_for("admin.cohorts")
    )


@bp.route("/cohorts/<int:cohort_id>", methods=["GET", "POST"])
def cohort(cohort_id: int) -> Any:
    group = _in_org(Cohort, cohort_id)
    form = CohortForm(obj=group)
    form.program_id.choices = _program_choices()
    if form.validate_on_submit():
        try:
            program_services.save_cohort(
                db.session,
                actor(),
                form.program_id.data,
                form.name.data or "",
                form.school_year.data or "",
                group,
            )
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("admin.cohort", cohort_id=group.id))
    return _cohort_page(group, form)


def _cohort_page(
    group: Cohort,
    form: CohortForm,
    staff_form: PickForm | None = None,
    youth_form: PickForm | None = None,
) -> str:
    me = actor()
    staff = db.session.scalars(
        select(User)
        .join(StaffAssignment, StaffAssignment.staff_id == User.id)
        .where(StaffAssignment.cohort_id == group.id, User.organization_id == me.organization_id)
        .order_by(User.display_name)
    ).all()
    youth = db.session.scalars(
        visible_youth(me)
        .join(Enrollment, Enrollment.youth_id == User.id)
        .where(Enrollment.cohort_id == group.id)
        .order_by(User.display_name)
    ).all()
    staff_form = staff_form or PickForm(prefix="staff")
    staff_form.person_id.choices = options(
        (u.id, u.display_name)
        for u in db.session.scalars(
            organization_users(me, Role.STAFF)
            .where(User.is_active.is_(True), User.id.not_in([s.id for s in staff]))
            .order_by(User.display_name)
        )
    )
    youth_form = youth_form or PickForm(prefix="youth")
    youth_form.person_id.choices = options(
        (u.id, f"{u.display_name} ({u.username})")
        for u in db.session.scalars(
            organization_users(me, Role.YOUTH)
            .where(User.is_active.is_(True), User.id.not_in([y.id for y in youth]))
            .order_by(User.display_name)
            .limit(500)
        )
    )
    return render_template(
        "admin/cohort.html",
        cohort=group,
        form=form,
        staff=staff,
        youth=youth,
        staff_form=staff_form,
        youth_form=youth_form,
    )


@bp.post("/cohorts/<int:cohort_id>/staff")
def assign_staff(cohort_id: int) -> Any:
    group = _in_org(Cohort, cohort_id)
    form = PickForm(prefix="staff")
    if form.validate_on_submit():
        try:
            program_services.assign_staff(db.session, actor(), form.person_id.data, group.id)
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, _pick(error, "staff_id"))
        else:
            db.session.commit()
            flash(_("Assigned."), "success")
            return redirect(url_for("admin.cohort", cohort_id=group.id))
    return _cohort_page(group, CohortForm(obj=group, formdata=None), staff_form=form), 400


@bp.post("/cohorts/<int:cohort_id>/staff/<int:staff_id>/remove")
def unassign_staff(cohort_id: int, staff_id: int) -> Response:
    group = _in_org(Cohort, cohort_id)
    program_services.unassign_staff(db.session, actor(), staff_id, group.id)
    db.session.commit()
    flash(_("Removed from the cohort."), "info")
    return redirect(url_for("admin.cohort", cohort_id=group.id))


@bp.post("/cohorts/<int:cohort_id>/youth")
def enroll_youth(cohort_id: int) -> Any:
    group = _in_org(Cohort, cohort_id)
    form = PickForm(prefix="youth")
    if form.validate_on_submit():
        try:
            program_services.enroll_youth(db.session, actor(), form.person_id.data, group.id)
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, _pick(error, "youth_id"))
        else:
            db.session.commit()
            flash(_("Enrolled."), "success")
            return redirect(url_for("admin.cohort", cohort_id=group.id))
    return _cohort_page(group, CohortForm(obj=group, formdata=None), youth_form=form), 400


@bp.post("/cohorts/<int:cohort_id>/youth/<int:youth_id>/remove")
def unenroll_youth(cohort_id: int, youth_id: int) -> Response:
    group = _in_org(Cohort, cohort_id)
    program_services.unenroll_youth(db.session, actor(), youth_id, group.id)
    db.session.commit()
    flash(_("Removed from the cohort."), "info")
    return redirect(url_for("admin.cohort", cohort_id=group.id))


def _pick(error: ValidationFailed, field: str) -> ValidationFailed:
    """The service names the person field; the pick form calls it person_id."""
    return ValidationFailed(
        {("person_id" if k == field else k): v for k, v in error.errors.items()}
    )


# --- people --------------------------------------------------------------------------------


@bp.get("/staff")
def staff() -> str:
    people = db.session.scalars(
        select(User)
        .where(
            User.organization_id == actor().organization_id,
            User.role.in_([Role.STAFF.value, Role.ADMIN.value]),
        )
        .order_by(User.display_name)
    ).all()
    return render_template("admin/staff.html", people=people)


@bp.route("/staff/new", methods=["GET", "POST"])
def new_staff() -> Any:
    form = StaffForm()
    if form.validate_on_submit():
        password = form.password.data or sec.generate_password()
        organization = db.session.get(Organization, actor().organization_id)
        assert organization is not None
        try:
            user = accounts.create_user(
                db.session,
                organization,
                Role(form.role.data),
                form.username.data or "",
                password,
                form.display_name.data or "",
                actor=actor(),
            )
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            shown = None if form.password.data else password
            return render_template("admin/created.html", user=user, password=shown)
    return render_template(
        "admin/form.html", form=form, title=_("New staff member"), back=url_for("admin.staff")
    )


@bp.get("/youth")
def youth() -> str:
    query = request.args.get("q", "")[:100]
    page = roster.roster_page(
        db.session,
        actor(),
        query=query,
        page=_page(),
        page_size=current_app.config["ROSTER_PAGE_SIZE"],
    )
    return render_template("admin/youth.html", roster=page, query=query)


@bp.route("/youth/new", methods=["GET", "POST"])
def new_youth() -> Any:
    form = AdminYouthForm()
    form.cohort_id.choices = _cohort_choices()
    if form.validate_on_submit():
        group = db.session.get(Cohort, form.cohort_id.data)
        if group is None or group.organization_id != actor().organization_id:
            form.cohort_id.errors = [_("Choose a cohort from the list.")]
        else:
            try:
                credential = accounts.create_youth(
                    db.session,
                    actor(),
                    group,
                    details_from(form),
                    use_pin=form.credential.data == "pin",
                )
            except ValidationFailed as error:
                db.session.rollback()
                apply_errors(form, error)
            else:
                db.session.commit()
                return _cards([credential], group.name)
    return render_template(
        "admin/form.html", form=form, title=_("New youth"), back=url_for("admin.youth")
    )


@bp.get("/families")
def families() -> str:
    youth_user, family_user = aliased(User), aliased(User)
    rows = db.session.execute(
        select(Guardianship, youth_user, family_user)
        .join(youth_user, youth_user.id == Guardianship.youth_id)
        .outerjoin(family_user, family_user.id == Guardianship.family_id)
        .where(youth_user.organization_id == actor().organization_id)
        .order_by(youth_user.display_name, Guardianship.created_dt)
    ).all()
    return render_template("admin/families.html", rows=rows)


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
def reset_password(user_id: int) -> Any:
    person = _in_org(User, user_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.admin_reset_password(db.session, actor(), person, form.new_password.data or "")
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(
                _(
                    "The password is changed and %(name)s is signed out everywhere.",
                    name=person.display_name,
                ),
                "success",
            )
            return redirect(
                url_for("admin.staff" if person.role != Role.YOUTH.value else "admin.youth")
            )
    title = _("New password for %(name)s", name=person.display_name)
    return render_template("admin/form.html", form=form, title=title, back=url_for("admin.staff"))


@bp.post("/users/<int:user_id>/active")
def set_active(user_id: int) -> Response:
    person = _in_org(User, user_id)
    make_active = request.form.get("active") == "1"
    try:
        accounts.set_active(db.session, actor(), person, make_active)
    except ValidationFailed as error:
        db.session.rollback()
        flash(error_text(error), "error")
    else:
        db.session.commit()
        flash(_("Reactivated.") if make_active else _("Deactivated and signed out."), "info")
    return redirect(url_for("admin.youth" if person.role == Role.YOUTH.value else "admin.staff"))
