"""Pages of the placements feature: staff manage placements (this module), hours are logged
and reviewed (``views_hours``), supervisors evaluate through a link (``views_evaluations``)."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.files import (
    DOCUMENT_TYPES,
    MAX_DOCUMENT_BYTES,
    delete_upload,
    display_filename,
    download_filename,
    open_upload,
    store_upload,
)
from ccl_youth.core.policies import Action
from ccl_youth.core.roles import Role
from ccl_youth.db import utcnow
from ccl_youth.extensions import db
from ccl_youth.partners import services as partners
from ccl_youth.partners.models import Partner
from ccl_youth.placements import evaluations, hours, lifecycle, queries, services
from ccl_youth.placements.forms import (
    CONSENT_METHOD_LABELS,
    HOURS_STATUS_LABELS,
    LEVEL_LABELS,
    STATUS_LABELS,
    EvaluationRequestForm,
    NewPlacementForm,
    PlacementForm,
    StatusForm,
)
from ccl_youth.placements.models import Placement
from ccl_youth.placements.rubric import SKILLS
from ccl_youth.web.access import actor, roles_required, youth_or_404
from ccl_youth.web.catalog import catalog
from ccl_youth.web.forms import apply_errors, options
from ccl_youth.web.i18n import error_text

bp = Blueprint("placements", __name__, template_folder="templates")
STAFF_ROLES = (Role.STAFF, Role.ADMIN)
AGREEMENTS = "agreements"
AGREEMENT_NAME = "agreement"  # the name of an agreement whose own name has nothing usable


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {
        "PLACEMENT_STATUS": STATUS_LABELS,
        "HOURS_STATUS": HOURS_STATUS_LABELS,
        "CONSENT_METHODS": CONSENT_METHOD_LABELS,
        "seen_value": hours.seen_value,
    }


@bp.app_template_filter("wbl_time")
def wbl_time(minutes: int | None) -> str:
    """Minutes as hours and minutes, e.g. "3 h 15 min", "45 min", "0 h"."""
    whole, rest = divmod(int(minutes or 0), 60)
    if whole and rest:
        return _("%(h)s h %(m)s min", h=whole, m=rest)
    if rest:
        return _("%(m)s min", m=rest)
    return _("%(h)s h", h=whole)


def today() -> date:
    return datetime.now(UTC).date()


def uploads_root() -> Path:
    configured = current_app.config.get("UPLOADS_PATH")
    return Path(configured) if configured else Path(current_app.instance_path) / "uploads"


def page_number() -> int:
    value = request.args.get("page", "1")
    if len(value) <= 5 and value.isascii() and value.isdigit() and int(value) > 0:
        return int(value)
    return 1


def type_names() -> dict[str, str]:
    return catalog().type_names()


def partner_choices(include_id: int | None = None) -> list[tuple[int, str]]:
    """The organization's partners for a select list; unvetted ones say so."""
    return [
        (p.id, p.name if p.is_vetted else _("%(name)s (not vetted)", name=p.name))
        for p in partners.partner_choices(db.session, actor(), include_id=include_id)
    ]


def _details(form: PlacementForm) -> services.PlacementDetails:
    return services.PlacementDetails(
        type_slug=form.type_slug.data or "",
        title=form.title.data or "",
        supervisor_name=form.supervisor_name.data or "",
        start_date=form.start_date.data,  # type: ignore[arg-type]
        partner_id=form.partner_id.data,
        supervisor_email=form.supervisor_email.data or "",
        supervisor_phone=form.supervisor_phone.data or "",
        end_date=form.end_date.data,
        planned_hours=form.planned_hours.data or 0,
        consent_given_by=form.consent_given_by.data or "",
        consent_method=form.consent_method.data or "",
        consent_date=form.consent_date.data,
    )


def _placement_form(placement: Placement | None = None) -> PlacementForm:
    current_type = placement.type_slug if placement else None
    form = PlacementForm() if placement is not None else NewPlacementForm()
    types = [(t.slug, t.name) for t in catalog().work_based_types()]
    if current_type and current_type not in dict(types):
        types.append((current_type, type_names().get(current_type, current_type)))
    form.type_slug.choices = options(types)
    current_partner = placement.partner_id if placement else None
    form.partner_id.choices = options([("", _("No partner")), *partner_choices(current_partner)])
    return form


def _store_agreement(form: PlacementForm) -> tuple[Any, str] | None:
    """The uploaded agreement, checked and stored, or None when none was chosen.
    Raises ValidationFailed(agreement=…)."""
    upload = form.agreement.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    data = upload.read(MAX_DOCUMENT_BYTES + 1)
    try:
        stored = store_upload(uploads_root(), AGREEMENTS, data, DOCUMENT_TYPES, MAX_DOCUMENT_BYTES)
    except ValidationFailed as error:
        raise ValidationFailed({"agreement": error.errors["file"]}) from error
    return stored, display_filename(upload.filename, AGREEMENT_NAME)


def _save(form: PlacementForm, placement: Placement | None, youth_id: int) -> Placement | None:
    """Create or update from a valid form, with the agreement; None (errors on the form)
    when a rule is broken. A new placement's form sent again (same submission key) gives the
    first placement and stores nothing. Commits."""
    key = (form.submission_key.data or None) if isinstance(form, NewPlacementForm) else None
    stored = None
    try:
        if placement is None and key is not None:
            existing = services.submitted_placement(db.session, actor(), youth_id, key)
            if existing is not None:
                return existing
        stored = _store_agreement(form)
        replaced = ""
        if placement is None:
            placement, created = services.create_placement_once(
                db.session, actor(), youth_id, _details(form), catalog(), today(), key
            )
            if not created:  # the same form, sent at the same moment, made it first
                if stored is not None:
                    delete_upload(uploads_root(), AGREEMENTS, stored[0].name)
                return placement
        else:
            services.update_placement(
                db.session, actor(), placement, _details(form), catalog(), today()
            )
        if stored is not None:
            replaced = services.attach_agreement(db.session, actor(), placement, *stored)
    except ValidationFailed as error:
        db.session.rollback()
        if stored is not None:
            delete_upload(uploads_root(), AGREEMENTS, stored[0].name)
        apply_errors(form, error)
        return None
    db.session.commit()
    if replaced:
        delete_upload(uploads_root(), AGREEMENTS, replaced)
    return placement


@bp.route("/youth/<int:youth_id>/placements/new", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def new(youth_id: int) -> Any:
    youth = youth_or_404(youth_id, Action.MANAGE_PLACEMENTS)
    form = _placement_form()
    if request.method == "GET" and isinstance(form, NewPlacementForm):
        form.submission_key.data = uuid.uuid4().hex
    if form.validate_on_submit():
        placement = _save(form, None, youth.id)
        if placement is not None:
            flash(_("Placement saved. It is planned until you make it active."), "success")
            return redirect(url_for("placements.detail", placement_id=placement.id))
    minor = lifecycle.youth_is_minor(db.session, youth.id, today())
    return render_template(
        "placements/form.html", form=form, youth=youth, placement=None, minor=minor
    )


@bp.get("/placements/<int:placement_id>")
@roles_required(*STAFF_ROLES)
def detail(placement_id: int) -> str:
    placement = services.get_placement(db.session, actor(), placement_id)
    youth = youth_or_404(placement.youth_id)
    partner = db.session.get(Partner, placement.partner_id) if placement.partner_id else None
    summaries = evaluations.evaluations_for_placement(db.session, actor(), placement, utcnow())
    services.record_view(db.session, actor(), placement)
    db.session.commit()
    status_form = StatusForm()
    labels = {s: str(STATUS_LABELS[s]) for s in lifecycle.allowed_statuses(actor(), placement)}
    status_form.status.choices = options(labels.items())
    return render_template(
        "placements/detail.html",
        placement=placement,
        youth=youth,
        partner=partner,
        type_names=type_names(),
        totals=queries.placement_totals(db.session, placement.id),
        minor=lifecycle.youth_is_minor(db.session, youth.id, today()),
        status_form=status_form,
        evaluation_form=EvaluationRequestForm(),
        summaries=summaries,
        skills=SKILLS,
        level_names=LEVEL_LABELS,
    )


@bp.route("/placements/<int:placement_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def edit(placement_id: int) -> Any:
    placement = services.get_placement(db.session, actor(), placement_id)
    youth = youth_or_404(placement.youth_id)
    form = _placement_form(placement)
    if request.method == "GET":
        form.process(obj=placement)
        form.planned_hours.data = placement.planned_minutes // 60
        form.consent_date.data = placement.consent_dt.date() if placement.consent_dt else None
    if form.validate_on_submit() and _save(form, placement, youth.id) is not None:
        flash(_("Placement saved."), "success")
        return redirect(url_for("placements.detail", placement_id=placement.id))
    minor = lifecycle.youth_is_minor(db.session, youth.id, today())
    return render_template(
        "placements/form.html", form=form, youth=youth, placement=placement, minor=minor
    )


@bp.post("/placements/<int:placement_id>/status")
@roles_required(*STAFF_ROLES)
def status(placement_id: int) -> Response:
    placement = services.get_placement(db.session, actor(), placement_id)
    form = StatusForm()
    form.status.choices = options((s, s) for s in lifecycle.STATUSES)
    if not form.validate_on_submit():
        flash(_("Choose a status."), "error")
        return redirect(url_for("placements.detail", placement_id=placement.id))
    try:
        lifecycle.change_status(
            db.session, actor(), placement, form.status.data or "", form.note.data or "", today()
        )
    except ValidationFailed as error:
        db.session.rollback()
        flash(error_text(error), "error")
    else:
        db.session.commit()
        flash(_("Status changed."), "success")
    return redirect(url_for("placements.detail", placement_id=placement.id))


@bp.get("/placements/<int:placement_id>/agreement")
@roles_required(*STAFF_ROLES)
def agreement(placement_id: int) -> Response:
    placement = services.get_placement(db.session, actor(), placement_id)
    if not placement.agreement_file:
        raise NotFound("agreement")
    path = open_upload(uploads_root(), AGREEMENTS, placement.agreement_file)
    services.record_agreement_download(db.session, actor(), placement)
    db.session.commit()
    # Read whole (at most 10 MB): no open file is left to the server to close.
    response = send_file(
        io.BytesIO(path.read_bytes()),
        mimetype=placement.agreement_content_type or "application/octet-stream",
        as_attachment=True,
        download_name=download_filename(
            placement.agreement_filename, placement.agreement_content_type, AGREEMENT_NAME
        ),
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


from ccl_youth.placements import (  # noqa: E402, F401  (their routes are on bp)
    views_evaluations,
    views_hours,
    views_lists,
)
