"""Rosters, youth records, sign-in cards and family invitations (staff and admins)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ccl_youth.accounts import services as accounts
from ccl_youth.accounts.models import Guardianship, YouthProfile
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.policies import Action, require
from ccl_youth.core.roles import ConsentState, Role
from ccl_youth.extensions import db
from ccl_youth.programs.models import Cohort, Organization
from ccl_youth.roster import services
from ccl_youth.roster.forms import ConsentForm, CredentialForm, InviteForm, NewYouthForm, YouthForm
from ccl_youth.web.access import actor, roles_required, youth_or_404
from ccl_youth.web.forms import apply_errors
from ccl_youth.web.i18n import error_text

bp = Blueprint("roster", __name__, template_folder="templates")
STAFF_ROLES = (Role.STAFF, Role.ADMIN)


def _page() -> int:
    value = request.args.get("page", "1")
    # ASCII digits only (int() rejects "²", which isdigit() accepts) and at most 99 999.
    if len(value) <= 5 and value.isascii() and value.isdigit() and int(value) > 0:
        return int(value)
    return 1


def _cohort_or_404(cohort_id: int, action: Action = Action.VIEW_COHORT) -> Cohort:
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise NotFound("cohort")
    require(db.session, actor(), action, cohort)
    return cohort


def details_from(form: YouthForm) -> accounts.YouthDetails:
    return accounts.YouthDetails(
        display_name=form.display_name.data or "",
        grade=int(form.grade.data or 0),
        birth_year=form.birth_year.data,
        birth_month=int(form.birth_month.data) if form.birth_month.data else None,
        school=form.school.data or "",
        preferred_language=form.preferred_language.data or "en",
        directory_opt_out=bool(form.directory_opt_out.data),
    )


@bp.get("/roster")
@roles_required(*STAFF_ROLES)
def roster() -> str:
    query = request.args.get("q", "")[:100]
    page = services.roster_page(
        db.session,
        actor(),
        query=query,
        page=_page(),
        page_size=current_app.config["ROSTER_PAGE_SIZE"],
    )
    return render_template("roster/roster.html", roster=page, query=query, cohort=None)


@bp.get("/cohorts/<int:cohort_id>")
@roles_required(*STAFF_ROLES)
def cohort(cohort_id: int) -> str:
    group = _cohort_or_404(cohort_id)
    query = request.args.get("q", "")[:100]
    page = services.roster_page(
        db.session,
        actor(),
        query=query,
        cohort_id=group.id,
        page=_page(),
        page_size=current_app.config["ROSTER_PAGE_SIZE"],
    )
    return render_template("roster/roster.html", roster=page, query=query, cohort=group)


@bp.route("/cohorts/<int:cohort_id>/youth/new", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def new_youth(cohort_id: int) -> Any:
    group = _cohort_or_404(cohort_id, Action.ADD_YOUTH_TO_COHORT)
    form = NewYouthForm()
    if form.validate_on_submit():
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
    return render_template("roster/youth_form.html", form=form, cohort=group, youth=None)


@bp.route("/cohorts/<int:cohort_id>/cards", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def cohort_cards(cohort_id: int) -> Any:
    group = _cohort_or_404(cohort_id)
    form = CredentialForm()
    if form.validate_on_submit():
        credentials = accounts.issue_cohort_cards(
            db.session, actor(), group, use_pin=form.credential.data == "pin"
        )
        db.session.commit()
        return _cards(credentials, group.name)
    return render_template("roster/cards_confirm.html", form=form, cohort=group)


def _cards(credentials: list[accounts.Credential], heading: str) -> str:
    organization = db.session.get(Organization, actor().organization_id)
    return render_template(
        "roster/cards.html",
        credentials=credentials,
        heading=heading,
        organization=organization,
        sign_in_url=url_for("accounts.sign_in", _external=True),
    )


@bp.get("/youth/<int:youth_id>")
@roles_required(*STAFF_ROLES)
def youth(youth_id: int) -> str:
    record = services.youth_record(db.session, actor(), youth_id)
    db.session.commit()  # keep the audit event of this view
    return render_template(
        "roster/youth.html",
        record=record,
        credential_form=CredentialForm(),
        invite_form=InviteForm(),
        consent_form=ConsentForm(),
    )


@bp.route("/youth/<int:youth_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def edit_youth(youth_id: int) -> Any:
    person = youth_or_404(youth_id, Action.EDIT_YOUTH)
    profile = db.session.get(YouthProfile, person.id)
    form = YouthForm()
    if request.method == "GET":
        form.display_name.data = person.display_name
        form.preferred_language.data = person.preferred_language
        if profile is not None:
            form.grade.data = str(profile.grade)
            form.birth_year.data = profile.birth_year
            form.birth_month.data = str(profile.birth_month or "")
            form.school.data = profile.school
            form.directory_opt_out.data = profile.directory_opt_out
    if form.validate_on_submit():
        try:
            accounts.update_youth(db.session, actor(), person, details_from(form))
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("roster.youth", youth_id=person.id))
    return render_template("roster/youth_form.html", form=form, cohort=None, youth=person)


@bp.post("/youth/<int:youth_id>/credentials")
@roles_required(*STAFF_ROLES)
def reset_credentials(youth_id: int) -> Any:
    person = youth_or_404(youth_id, Action.RESET_CREDENTIALS)
    form = CredentialForm()
    if not form.validate_on_submit():
        flash(_("Choose password or PIN and try again."), "error")
        return redirect(url_for("roster.youth", youth_id=person.id))
    credential = accounts.reset_youth_credentials(
        db.session, actor(), person, use_pin=form.credential.data == "pin"
    )
    db.session.commit()
    return _cards([credential], person.display_name)


@bp.post("/youth/<int:youth_id>/invitations")
@roles_required(*STAFF_ROLES)
def invite(youth_id: int) -> Any:
    person = youth_or_404(youth_id, Action.INVITE_FAMILY)
    form = InviteForm()
    if not form.validate_on_submit():
        flash(_("The relationship can be at most 40 characters."), "error")
        return redirect(url_for("roster.youth", youth_id=person.id))
    code = accounts.invite_family(db.session, actor(), person, form.relationship_label.data or "")
    db.session.commit()
    organization = db.session.get(Organization, actor().organization_id)
    return render_template(
        "roster/invitation.html",
        youth=person,
        code=code,
        organization=organization,
        days=accounts.INVITATION_DAYS,
        join_url=url_for("accounts.join", _external=True),
    )


@bp.post("/youth/<int:youth_id>/consent")
@roles_required(*STAFF_ROLES)
def record_consent(youth_id: int) -> Any:
    person = youth_or_404(youth_id, Action.EDIT_YOUTH)
    form = ConsentForm()
    if form.validate_on_submit():
        try:
            accounts.record_consent(
                db.session,
                actor(),
                person,
                ConsentState(form.state.data),
                form.method.data or "",
                form.note.data or "",
            )
        except ValidationFailed as error:
            db.session.rollback()
            flash(error_text(error), "error")
        else:
            db.session.commit()
            flash(_("Consent recorded."), "success")
    else:
        flash(_("Choose whether consent was given or withdrawn, and how."), "error")
    return redirect(url_for("roster.youth", youth_id=person.id))


@bp.post("/guardianships/<int:guardianship_id>/revoke")
@roles_required(*STAFF_ROLES)
def revoke_guardianship(guardianship_id: int) -> Response:
    guardianship = db.session.get(Guardianship, guardianship_id)
    if guardianship is None:
        raise NotFound("guardianship")
    accounts.revoke_guardianship(db.session, actor(), guardianship)
    db.session.commit()
    flash(_("The family link is ended."), "info")
    return redirect(url_for("roster.youth", youth_id=guardianship.youth_id))
