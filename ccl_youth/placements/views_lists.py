"""Placement lists for staff: every placement in scope, filtered, and one youth's."""

from __future__ import annotations

from flask import current_app, render_template, request

from ccl_youth.extensions import db
from ccl_youth.placements import lifecycle, queries
from ccl_youth.placements.forms import form_id
from ccl_youth.placements.views import (
    STAFF_ROLES,
    bp,
    catalog,
    page_number,
    partner_choices,
    type_names,
)
from ccl_youth.web.access import actor, roles_required


@bp.get("/placements")
@roles_required(*STAFF_ROLES)
def index() -> str:
    names = type_names()
    status = request.args.get("status", "")
    status = status if status in lifecycle.STATUSES else ""
    type_slug = request.args.get("type", "")
    type_slug = type_slug if type_slug in names else ""
    partner_list = partner_choices()
    partner_id = form_id(request.args.get("partner"))
    if partner_id not in dict(partner_list):
        partner_id = None
    listing = queries.placement_page(
        db.session,
        actor(),
        status=status,
        type_slug=type_slug,
        partner_id=partner_id,
        page=page_number(),
        page_size=current_app.config.get("ROSTER_PAGE_SIZE", 50),
    )
    filters = {"status": status, "type": type_slug, "partner": partner_id or ""}
    return render_template(
        "placements/index.html",
        listing=listing,
        filters=filters,
        type_names=names,
        work_based=[(t.slug, t.name) for t in catalog().work_based_types()],
        partners=partner_list,
    )


@bp.get("/youth/<int:youth_id>/placements")
@roles_required(*STAFF_ROLES)
def for_youth(youth_id: int) -> str:
    found = queries.youth_placements(db.session, actor(), youth_id)
    db.session.commit()  # keep the audit event of this view
    return render_template("placements/youth.html", found=found, type_names=type_names())
