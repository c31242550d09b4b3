"""Hours pages: youth log and correct their hours; staff verify or return them, one at a time
or many at once, on a placement's page and on the queue of everything waiting."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.policies import Action
from ccl_youth.core.roles import Role
from ccl_youth.extensions import db
from ccl_youth.placements import hours, queries, services
from ccl_youth.placements.forms import HoursForm, ReviewForm, form_id
from ccl_youth.placements.views import STAFF_ROLES, bp, today, type_names
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.forms import apply_errors

REVIEW_LIMIT = 200


def _input(form: HoursForm) -> hours.HoursInput:
    return hours.HoursInput(
        work_date=form.work_date.data,  # type: ignore[arg-type]
        minutes=form.total_minutes(),
        description=form.description.data or "",
    )


# --- youth -----------------------------------------------------------------------------------


@bp.get("/my/placements")
@roles_required(Role.YOUTH)
def mine() -> str:
    found = hours.my_placements(db.session, actor())
    return render_template("placements/mine.html", found=found, type_names=type_names())


@bp.route("/my/placements/<int:placement_id>/hours/new", methods=["GET", "POST"])
@roles_required(Role.YOUTH)
def log_hours(placement_id: int) -> Any:
    placement = services.get_placement(db.session, actor(), placement_id, Action.LOG_HOURS)
    form = HoursForm()
    if request.method == "GET":
        form.submission_key.data = uuid.uuid4().hex
        form.work_date.data = today()
    if form.validate_on_submit():
        try:
            _entry, created = hours.log_hours(
                db.session,
                actor(),
                placement.id,
                _input(form),
                today(),
                submission_key=form.submission_key.data or None,
            )
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            if created:
                flash(_("Your hours are saved. Your program leader will check them."), "success")
            return redirect(url_for("placements.mine"))
    return render_template("placements/hours_form.html", form=form, placement=placement, entry=None)


@bp.route("/my/hours/<int:hours_id>/edit", methods=["GET", "POST"])
@roles_required(Role.YOUTH)
def edit_hours(hours_id: int) -> Any:
    entry = hours.get_own_entry(db.session, actor(), hours_id)
    placement = services.get_placement(db.session, actor(), entry.placement_id, Action.LOG_HOURS)
    if entry.status == "verified":
        flash(_("These hours are checked and can no longer be changed."), "info")
        return redirect(url_for("placements.mine"))
    form = HoursForm()
    if request.method == "GET":
        form.work_date.data = entry.work_date
        form.hours.data, form.minutes.data = divmod(entry.minutes, 60)
        form.description.data = entry.description
    if form.validate_on_submit():
        try:
            hours.correct_hours(db.session, actor(), entry.id, _input(form), today())
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("Your hours are sent again for checking."), "success")
            return redirect(url_for("placements.mine"))
    return render_template(
        "placements/hours_form.html", form=form, placement=placement, entry=entry
    )


# --- staff -----------------------------------------------------------------------------------


def _checked_ids() -> list[int]:
    """The ids ticked (or the one row's button pressed). A malformed id (not 1 to 10 ASCII
    digits within 1..MAX_ID) matches no entry: a 404, like an id out of reach."""
    single = request.form.get("single")
    values = [single] if single else request.form.getlist("hours_ids")
    ids = []
    for value in values:
        number = form_id(value)
        if number is None:
            raise NotFound("hours")
        ids.append(number)
    return ids


def _seen(ids: list[int]) -> dict[int, datetime]:
    """The version of each checked entry the page showed (``seen-<id>``), where it was sent."""
    return {
        hours_id: hours.parse_seen(value)
        for hours_id in ids
        if (value := request.form.get(f"seen-{hours_id}")) is not None
    }


def _review(form: ReviewForm, placement_id: int | None) -> bool:
    """Apply the posted review; False (errors on the form) when a rule is broken."""
    single = bool(request.form.get("single"))
    action = "verify" if single else request.form.get("action", "")
    ids = _checked_ids()
    try:
        entries = hours.review_hours(
            db.session,
            actor(),
            ids,
            action,
            form.comment.data or "",
            placement_id=placement_id,
            seen=_seen(ids),
        )
    except ValidationFailed as error:
        db.session.rollback()
        apply_errors(form, error)
        return False
    db.session.commit()
    count = len(entries)
    if action == "verify":
        flash(_("Verified %(count)s entries.", count=count), "success")
    else:
        flash(_("Returned %(count)s entries to the youth.", count=count), "success")
    return True


@bp.route("/placements/<int:placement_id>/hours", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def placement_hours(placement_id: int) -> Any:
    placement = services.get_placement(db.session, actor(), placement_id, Action.VERIFY_HOURS)
    form = ReviewForm()
    if form.validate_on_submit() and _review(form, placement.id):
        return redirect(url_for("placements.placement_hours", placement_id=placement.id))
    services.record_view(db.session, actor(), placement, "placement.hours_view")
    db.session.commit()
    return render_template(
        "placements/hours.html",
        form=form,
        placement=placement,
        waiting=queries.review_queue(db.session, actor(), placement_id=placement.id),
        entries=queries.entries_for_placement(db.session, placement.id),
        totals=queries.placement_totals(db.session, placement.id),
        youth_name=services.youth_name(db.session, placement.youth_id),
        type_names=type_names(),
        me=actor().id,
    )


@bp.route("/hours/review", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def review() -> Any:
    form = ReviewForm()
    if form.validate_on_submit() and _review(form, None):
        return redirect(url_for("placements.review"))
    waiting = queries.review_queue(db.session, actor(), limit=REVIEW_LIMIT)
    youth_ids = sorted({row.youth_id for row in waiting})
    names = {row.youth_id: row.youth_name for row in waiting}
    totals = queries.totals_for_youth(db.session, youth_ids)
    return render_template(
        "placements/review.html",
        form=form,
        waiting=waiting,
        limit=REVIEW_LIMIT,
        me=actor().id,
        youth_totals=[(names[y], totals.get(y, queries.Totals())) for y in youth_ids],
    )
