"""Pages for a partner's contacts and role models (staff and admins). The role-model form
takes an O*NET code, or finds occupations by job title and lets staff pick one, without
JavaScript: the "Find" button sends the form back with the matches as choices."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ccl_youth.careers import services as careers
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.extensions import db
from ccl_youth.partners import services
from ccl_youth.partners.forms import ContactForm, RoleModelForm
from ccl_youth.partners.views import STAFF_ROLES, bp
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.forms import apply_errors

OCCUPATION_MATCHES = 8


def _back(partner_id: int | None) -> Response:
    if partner_id is None:
        return redirect(url_for("partners.index"))
    return redirect(url_for("partners.partner", partner_id=partner_id))


# --- contacts ------------------------------------------------------------------------------


def _contact_fields(form: ContactForm) -> services.ContactFields:
    return services.ContactFields(
        name=form.name.data or "",
        title=form.title.data or "",
        email=form.email.data or "",
        phone=form.phone.data or "",
    )


def _save(form: Any, save: Callable[[], object]) -> bool:
    """Run ``save`` once the form is valid; commit, or put the service's errors on the form."""
    if not form.validate_on_submit():
        return False
    try:
        save()
    except ValidationFailed as error:
        db.session.rollback()
        apply_errors(form, error)
        return False
    db.session.commit()
    return True


@bp.route("/partners/<int:partner_id>/contacts/new", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def new_contact(partner_id: int) -> Any:
    partner = services.get_partner(db.session, actor(), partner_id)
    form = ContactForm()
    if _save(
        form, lambda: services.add_contact(db.session, actor(), partner_id, _contact_fields(form))
    ):
        flash(_("The contact is added."), "success")
        return _back(partner_id)
    return render_template("partners/contact_form.html", form=form, partner=partner, contact=None)


@bp.route("/partners/contacts/<int:contact_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def edit_contact(contact_id: int) -> Any:
    contact = services.contact_in_scope(db.session, actor(), contact_id)
    partner = services.get_partner(db.session, actor(), contact.partner_id)
    form = ContactForm(obj=contact if request.method == "GET" else None)
    if _save(
        form,
        lambda: services.update_contact(db.session, actor(), contact_id, _contact_fields(form)),
    ):
        flash(_("Saved."), "success")
        return _back(partner.id)
    return render_template(
        "partners/contact_form.html", form=form, partner=partner, contact=contact
    )


@bp.post("/partners/contacts/<int:contact_id>/remove")
@roles_required(*STAFF_ROLES)
def remove_contact(contact_id: int) -> Response:
    partner_id = services.remove_contact(db.session, actor(), contact_id)
    db.session.commit()
    flash(_("The contact is removed."), "info")
    return _back(partner_id)


# --- role models ---------------------------------------------------------------------------


def _offer_occupations(form: RoleModelForm) -> None:
    """Put the occupations matching the typed text on the form as choices, or say why not."""
    text = (form.occupation.data or "").strip()
    if not text:
        form.occupation.errors = [_("Type part of a job title, then press Find.")]
        return
    if careers.SOC_CODE.fullmatch(text):
        try:
            found = careers.find_occupation(db.session, text)
        except NotFound:
            form.occupation.errors = [_("No occupation has the code %(code)s.", code=text)]
            return
        form.occupation_pick.choices = [(found.soc_code, f"{found.title} ({found.soc_code})")]
        form.occupation_pick.data = found.soc_code
        return
    page = careers.search_occupations(db.session, query=text, page_size=OCCUPATION_MATCHES)
    form.occupation_pick.choices = [(r.soc_code, f"{r.title} ({r.soc_code})") for r in page.rows]
    if not page.rows:
        form.occupation.errors = [
            _("No occupation matches “%(text)s”. Try another word.", text=text)
        ]


def _role_model_fields(form: RoleModelForm) -> services.RoleModelFields:
    picked = (form.occupation_pick.data or "").strip()
    return services.RoleModelFields(
        display_name=form.display_name.data or "",
        soc_code=picked or (form.occupation.data or ""),
        story=form.story.data or "",
    )


def _offer_again(form: RoleModelForm) -> None:
    """After a failed save with search words in the occupation field, show the matches again
    (keeping the one picked), or ask to pick one."""
    text = (form.occupation.data or "").strip()
    if not text or careers.SOC_CODE.fullmatch(text):
        return
    picked, errors = form.occupation_pick.data, list(form.occupation.errors)
    _offer_occupations(form)
    if picked:
        form.occupation_pick.data, form.occupation.errors = picked, errors
    elif form.occupation_pick.choices:
        form.occupation.errors = [_("Pick one of the occupations below, or type a code.")]


def _role_model_page(form: RoleModelForm, save: Callable[[], object], **context: Any) -> str | None:
    """Handle a role-model form: "Find" offers occupations; saving runs ``save``. Returns the
    page to show, or None once saved."""
    if request.method == "POST" and "find" in request.form:
        form.occupation_pick.data = None
        _offer_occupations(form)
    elif _save(form, save):
        return None
    elif request.method == "POST":
        _offer_again(form)
    return render_template("partners/role_model_form.html", form=form, **context)


@bp.route("/partners/<int:partner_id>/role-models/new", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def new_role_model(partner_id: int) -> Any:
    partner = services.get_partner(db.session, actor(), partner_id)
    form = RoleModelForm()
    page = _role_model_page(
        form,
        lambda: services.add_role_model(db.session, actor(), partner_id, _role_model_fields(form)),
        partner=partner,
        role_model=None,
    )
    if page is None:
        flash(_("The role model is added."), "success")
        return _back(partner_id)
    return page


@bp.route("/partners/role-models/<int:role_model_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def edit_role_model(role_model_id: int) -> Any:
    row = services.role_model_for_edit(db.session, actor(), role_model_id)
    partner = services.get_partner(db.session, actor(), row.partner_id) if row.partner_id else None
    form = RoleModelForm()
    if request.method == "GET":
        form.display_name.data = row.display_name
        form.occupation.data = row.soc_code or ""
        form.story.data = row.story
    page = _role_model_page(
        form,
        lambda: services.update_role_model(
            db.session, actor(), role_model_id, _role_model_fields(form)
        ),
        partner=partner,
        role_model=row,
    )
    if page is None:
        flash(_("Saved."), "success")
        return _back(row.partner_id)
    return page


@bp.post("/partners/role-models/<int:role_model_id>/remove")
@roles_required(*STAFF_ROLES)
def remove_role_model(role_model_id: int) -> Response:
    partner_id = services.remove_role_model(db.session, actor(), role_model_id)
    db.session.commit()
    flash(_("The role model is removed."), "info")
    return _back(partner_id)
