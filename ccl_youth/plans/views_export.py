"""The plan's downloads (one PDF, JSON by element, the staff CSV) and the admin page for the
organization's graduation requirements."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, current_app, flash, redirect, request, url_for
from flask import render_template as render
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, StringField
from wtforms.validators import Length, Optional

from ccl_youth.core.errors import ValidationFailed
from ccl_youth.core.roles import Role
from ccl_youth.extensions import db
from ccl_youth.plans.document_types import PlanDocument, school_year_label
from ccl_youth.plans.export import plan_json
from ccl_youth.plans.export_csv import plans_csv
from ccl_youth.plans.export_pdf import PdfText, plan_pdf
from ccl_youth.plans.export_queries import NoPlan, plan_document_for, staff_rows
from ccl_youth.plans.requirements import format_credits
from ccl_youth.plans.requirements_admin import (
    AREAS_MAX,
    NAME_MAX,
    SLUG_MAX,
    AreaInput,
    requirements_view,
    reset_requirements,
    save_requirements,
)
from ccl_youth.plans.rules import whole_number
from ccl_youth.plans.views_shared import year_arg
from ccl_youth.web import catalog
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.errors import render_error
from ccl_youth.web.forms import apply_errors
from ccl_youth.web.i18n import translate_errors
from ccl_youth.web.routing import MAX_ID

bp = Blueprint("plan_exports", __name__, template_folder="templates")
bp.add_app_template_filter(format_credits, "plan_credits")

READERS = (Role.YOUTH, Role.STAFF, Role.ADMIN, Role.FAMILY)
#: Ids a ``?cohort=`` may name (as for ids in paths); anything else is no cohort at all.
IDS = range(1, MAX_ID + 1)


# --- one youth's plan: PDF and JSON -----------------------------------------------------------


def _document(youth_id: int, section: str) -> PlanDocument | Any:
    try:
        document = plan_document_for(
            db.session, actor(), youth_id, catalog.plans(), section=section,
            school_year=year_arg(), experiences=catalog.catalog(),
            recognition=catalog.recognition(),
        )  # fmt: skip
    except NoPlan:
        return render_error(
            404,
            _("No plan yet"),
            _(
                "There is no High School and Beyond Plan for this school year yet. Start one "
                "on the plan page, then download it."
            ),  # fmt: skip
        )
    db.session.commit()  # the audit event of a read by someone other than the youth
    return document


def _filename(document: PlanDocument, extension: str) -> str:
    """``plan-2026-27-robin-planner.pdf``: ASCII letters, digits and dashes only."""
    ascii_name = unicodedata.normalize("NFKD", document.header.youth_name).encode("ascii", "ignore")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.decode().lower()).strip("-")[:40].strip("-")
    year = school_year_label(document.header.school_year, "-")
    return f"plan-{year}-{slug or 'youth'}.{extension}"


def _attachment(body: str | bytes, mimetype: str, filename: str) -> Response:
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def pdf_text() -> PdfText:
    """The PDF's words in the reader's language, dates as the locale writes them."""
    return PdfText(gettext=_, date_text=lambda day: format_date(day, "medium"))


def _pdf(youth_id: int) -> Any:
    document = _document(youth_id, "plan_pdf")
    if not isinstance(document, PlanDocument):
        return document
    return _attachment(plan_pdf(document, pdf_text()), "application/pdf",
                       _filename(document, "pdf"))  # fmt: skip


def _json(youth_id: int) -> Any:
    document = _document(youth_id, "plan_json")
    if not isinstance(document, PlanDocument):
        return document
    body = current_app.json.dumps(plan_json(document), ensure_ascii=False, indent=2)
    return _attachment(body, "application/json", _filename(document, "json"))


@bp.get("/my/plan.pdf")
@roles_required(Role.YOUTH)
def pdf_mine() -> Any:
    return _pdf(actor().id)


@bp.get("/my/plan.json")
@roles_required(Role.YOUTH)
def json_mine() -> Any:
    return _json(actor().id)


@bp.get("/youth/<int:youth_id>/plan.pdf")
@roles_required(*READERS)
def pdf(youth_id: int) -> Any:
    return _pdf(youth_id)


@bp.get("/youth/<int:youth_id>/plan.json")
@roles_required(*READERS)
def json(youth_id: int) -> Any:
    return _json(youth_id)


# --- the staff list --------------------------------------------------------------------------


@bp.get("/plans/export.csv")
@roles_required(Role.STAFF, Role.ADMIN)
def staff_csv() -> Response:
    """Every youth the staff member may see (``?cohort=<id>``: of one cohort)."""
    cohort_id = None
    if "cohort" in request.args:
        cohort_id = whole_number(request.args.get("cohort"), IDS)
        if cohort_id is None:
            abort(404)
    plans = catalog.plans()
    rows = staff_rows(db.session, actor(), plans, cohort_id)
    db.session.commit()  # the export's audit event
    body = plans_csv(rows, plans.names("pathways"), len(plans.aid_items))
    name = f"plans-{date.today().isoformat()}.csv"
    return _attachment(body, "text/csv", name)


# --- the organization's graduation requirements ------------------------------------------------


def _name(label: object) -> StringField:
    return StringField(
        label,
        validators=[Optional(), Length(max=NAME_MAX, message=_l(
            "Keep the name to %(max)d characters or less.", max=NAME_MAX))],
        render_kw={"maxlength": NAME_MAX},
    )  # fmt: skip


def _credits(label: object) -> StringField:
    return StringField(
        label,
        validators=[Optional(), Length(max=8)],
        render_kw={"inputmode": "decimal", "maxlength": 8, "size": 5},
    )


class AreaRowForm(Form):
    """One area (no CSRF of its own: the page's form has it)."""

    area = HiddenField(validators=[Optional(), Length(max=SLUG_MAX)])
    name = _name(_l("Name"))
    credits = _credits(_l("Credits"))
    position = StringField(
        _l("Order"),
        validators=[Optional(), Length(max=3)],
        render_kw={"inputmode": "numeric", "maxlength": 3, "size": 3},
    )
    remove = BooleanField(_l("Remove"))


class RequirementsForm(FlaskForm):
    areas = FieldList(FormField(AreaRowForm), min_entries=0, max_entries=AREAS_MAX)
    new_name = _name(_l("Name of a new local area"))
    new_credits = _credits(_l("Credits for the new area"))


class ResetForm(FlaskForm):
    """Reset to the default: the button alone (CSRF only)."""


def _fill(form: RequirementsForm) -> None:
    """The form's rows from what the organization uses now (its own rows or the default)."""
    view = requirements_view(db.session, actor(), catalog.plans())
    while form.areas.entries:
        form.areas.pop_entry()
    for position, area in enumerate(view.areas, start=1):
        form.areas.append_entry({
            "area": area.slug, "name": area.name, "credits": format_credits(area.credits),
            "position": str(position), "remove": False,
        })  # fmt: skip


def _apply_row_errors(form: RequirementsForm, error: ValidationFailed) -> None:
    """``areas-<row>-<field>`` errors go on that row's field; the rest as usual."""
    rest: dict[str, list[str]] = {}
    for name, messages in translate_errors(error.errors).items():
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == "areas" and parts[1].isascii() and parts[1].isdigit():
            row = int(parts[1])
            if row < len(form.areas.entries):
                field = getattr(form.areas.entries[row].form, parts[2], None)
                if field is not None:
                    field.errors = [*list(field.errors), *messages]
                    continue
        if name == "areas":
            form.form_errors.extend(messages)
            continue
        rest[name] = messages
    apply_errors(form, ValidationFailed(rest))


def _page(form: RequirementsForm, status: int = 200) -> tuple[str, int]:
    view = requirements_view(db.session, actor(), catalog.plans())
    return render(
        "plans/requirements.html", form=form, view=view, reset_form=ResetForm(formdata=None)
    ), status


@bp.route("/admin/graduation-requirements", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def requirements() -> Any:
    form = RequirementsForm()
    if request.method == "GET":
        _fill(form)
        return _page(form)
    if not form.validate_on_submit():
        return _page(form, 400)
    rows = [
        AreaInput(
            area=entry.form.area.data or "", name=entry.form.name.data or "",
            credits=entry.form.credits.data or "", position=entry.form.position.data or "",
            remove=bool(entry.form.remove.data),
        )
        for entry in form.areas.entries
    ]  # fmt: skip
    new = AreaInput("", form.new_name.data or "", form.new_credits.data or "")
    try:
        save_requirements(db.session, actor(), catalog.plans(), rows, new)
    except ValidationFailed as error:
        db.session.rollback()
        _apply_row_errors(form, error)
        return _page(form, 400)
    db.session.commit()
    flash(_("Graduation requirements saved."), "success")
    return redirect(url_for("plan_exports.requirements"))


@bp.post("/admin/graduation-requirements/reset")
@roles_required(Role.ADMIN)
def reset() -> Response:
    if not ResetForm().validate_on_submit():
        flash(_("That did not work. Please try again."), "error")
        return redirect(url_for("plan_exports.requirements"))
    reset_requirements(db.session, actor())
    db.session.commit()
    flash(_("The default graduation requirements apply again."), "success")
    return redirect(url_for("plan_exports.requirements"))
