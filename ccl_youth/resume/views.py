"""Résumé pages: the youth's own résumé (add, change, hide / show, delete or take back their
changes, PDF) and a youth's résumé for staff, admins and linked family (read only, PDF)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ccl_youth.core.errors import ValidationFailed
from ccl_youth.core.roles import Role
from ccl_youth.extensions import db
from ccl_youth.resume import services
from ccl_youth.resume.assembly import CATEGORIES, ResumeItem, format_hours
from ccl_youth.resume.document import pdf_filename, resume_pdf
from ccl_youth.resume.forms import EntryForm, HideForm, category_headings, resume_words
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.catalog import recognition
from ccl_youth.web.forms import apply_errors

bp = Blueprint("resume", __name__, template_folder="templates")

READERS = (Role.STAFF, Role.ADMIN, Role.FAMILY)


@bp.app_template_filter("resume_month")
def _resume_month(day: date) -> str:
    """ "Sep 2025" in the reader's language."""
    return resume_words().date_text(day)


@bp.app_template_filter("resume_hours")
def _resume_hours(hours: Decimal) -> str:
    return format_hours(hours)


def _input(form: EntryForm) -> services.EntryInput:
    hours = form.hours.data if "hours" in form else None
    return services.EntryInput(
        category=form.category.data or "",
        title=form.title.data or "",
        organization_name=form.organization_name.data or "",
        start_date=form.start_date.data,
        end_date=form.end_date.data,
        description=form.description.data or "",
        hours=Decimal(hours) if hours is not None else None,
        recognition=form.recognition.data or "",
    )


def _by_category(items: list[ResumeItem]) -> list[tuple[str, str, list[ResumeItem]]]:
    """(category, heading, items) of each category with items, in résumé order."""
    headings = category_headings()
    return [
        (c, headings[c], chosen)
        for c in CATEGORIES
        if (chosen := [item for item in items if item.category == c])
    ]


def pdf_response(view: services.ResumeView) -> Response:
    body = resume_pdf(
        view.youth_name,
        view.items,
        category_headings(),
        subtitle=_("Résumé"),
        empty=_("Nothing on this résumé yet."),
        words=resume_words(),
        language=str(get_locale() or "en"),
    )
    response = Response(body, mimetype="application/pdf")
    filename = pdf_filename(view.youth_name, fallback=f"resume-{view.youth_id}")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _mine() -> Response:
    return redirect(url_for("resume.mine"))


# --- youth -----------------------------------------------------------------------------------


@bp.get("/my/resume")
@roles_required(Role.YOUTH)
def mine() -> str:
    view = services.my_resume(db.session, actor(), recognition())
    return render_template(
        "resume/mine.html", view=view, sections=_by_category(view.items), hide_form=HideForm()
    )


@bp.get("/my/resume.pdf")
@roles_required(Role.YOUTH)
def my_pdf() -> Response:
    me = actor()
    view = services.youth_resume(db.session, me, me.id, recognition(), form="pdf")
    return pdf_response(view)


@bp.route("/my/resume/new", methods=["GET", "POST"])
@roles_required(Role.YOUTH)
def new() -> Any:
    form = EntryForm()
    status = 200
    if form.validate_on_submit():
        try:
            services.add_entry(db.session, actor(), _input(form))
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
            status = 400
        else:
            db.session.commit()
            flash(_("Your line is on your résumé."), "success")
            return _mine()
    elif form.is_submitted():
        status = 400
    else:
        form.category.data = "other"
    return render_template("resume/edit.html", form=form, item=None), status


def _prefill(form: EntryForm, item: ResumeItem) -> None:
    form.category.data, form.title.data = item.category, item.title
    form.organization_name.data, form.description.data = item.organization_name, item.description
    form.start_date.data, form.end_date.data = item.start_date, item.end_date
    form.recognition.data = item.recognition
    if "hours" in form:
        form.hours.data = item.hours


def _shown(found: services.Found) -> ResumeItem:
    """The item as the youth sees it now (their version if they changed it)."""
    if found.entry is not None and (found.item is None or found.entry.title):
        e = found.entry
        return ResumeItem(e.category, e.title, e.organization_name, e.start_date, e.end_date,
                          e.description, e.hours, e.recognition, e.source_kind, e.source_ref,
                          e.id, e.is_hidden)  # fmt: skip
    assert found.item is not None
    return found.item


@bp.route("/my/resume/<item_key:item_key>/edit", methods=["GET", "POST"])
@roles_required(Role.YOUTH)
def edit(item_key: str) -> Any:
    me = actor()
    found = services.find_item(db.session, me, item_key, recognition())
    form = EntryForm()
    if found.item is not None:
        del form.hours  # a record item's hours are the verified ones
    status = 200
    if not form.is_submitted():
        _prefill(form, _shown(found))
    elif form.validate():
        try:
            services.update_item(db.session, me, item_key, _input(form), recognition())
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
            status = 400
        else:
            db.session.commit()
            flash(_("Your résumé is saved."), "success")
            return _mine()
    else:
        status = 400
    return render_template("resume/edit.html", form=form, item=found.item, key=item_key), status


@bp.post("/my/resume/<item_key:item_key>/hide")
@roles_required(Role.YOUTH)
def hide(item_key: str) -> Response:
    form = HideForm()
    me = actor()
    services.find_item(db.session, me, item_key, recognition())
    if not form.validate_on_submit():
        flash(_("That did not work. Please try again."), "error")
        return _mine()
    hidden = form.hidden.data == "1"
    services.set_hidden(db.session, me, item_key, hidden, recognition())
    db.session.commit()
    flash(_("Hidden from your résumé.") if hidden else _("Back on your résumé."), "success")
    return _mine()


@bp.post("/my/resume/<item_key:item_key>/remove")
@roles_required(Role.YOUTH)
def remove(item_key: str) -> Response:
    outcome = services.remove_item(db.session, actor(), item_key, recognition())
    db.session.commit()
    if outcome == "deleted":
        flash(_("The line is deleted."), "success")
    else:
        flash(_("Your changes are gone: this line shows what the record says."), "success")
    return _mine()


# --- staff, admins, family --------------------------------------------------------------------


@bp.get("/youth/<int:youth_id>/resume")
@roles_required(*READERS)
def youth(youth_id: int) -> str:
    view = services.youth_resume(db.session, actor(), youth_id, recognition())
    db.session.commit()  # the audit event of this view
    return render_template("resume/youth.html", view=view, sections=_by_category(view.items))


@bp.get("/youth/<int:youth_id>/resume.pdf")
@roles_required(*READERS)
def youth_pdf(youth_id: int) -> Response:
    view = services.youth_resume(db.session, actor(), youth_id, recognition(), form="pdf")
    db.session.commit()  # the audit event of this download
    return pdf_response(view)
