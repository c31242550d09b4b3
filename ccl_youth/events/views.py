"""Family-event pages for staff and admins: the list (upcoming first, past folded away), the
event form, one event with who answered, and cancelling. Families' pages are in
``family_views.py``, speaker offers in ``speaker_views.py``.

Times are typed and shown in the app's time zone (Flask-Babel's, ``BABEL_DEFAULT_TIMEZONE``;
UTC unless configured) and stored in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ccl_youth.core.errors import ValidationFailed
from ccl_youth.core.roles import Role
from ccl_youth.db import utcnow
from ccl_youth.events import services
from ccl_youth.events.forms import (
    ANSWER_LABELS,
    EVERYONE,
    KIND_LABELS,
    CancelForm,
    EventForm,
    posted_id,
)
from ccl_youth.events.rules import EventFields
from ccl_youth.extensions import db
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.forms import apply_errors

bp = Blueprint("events", __name__, template_folder="templates")
STAFF_ROLES = (Role.STAFF, Role.ADMIN)


def local_to_utc(value: datetime | None) -> datetime | None:
    """A time typed in the app's time zone, in UTC."""
    if value is None:
        return None
    zone = get_timezone()
    local = zone.localize(value) if hasattr(zone, "localize") else value.replace(tzinfo=zone)
    return local.astimezone(UTC)


def utc_to_local(value: datetime | None) -> datetime | None:
    """A stored time as the form shows it: in the app's time zone, without the zone."""
    return value.astimezone(get_timezone()).replace(tzinfo=None) if value is not None else None


def _event_form(form: EventForm) -> EventForm:
    choices = services.audience_choices(db.session, actor())
    form.audience.choices = [(EVERYONE, _("Every family of the organization"))] + [
        (str(choice.id), _("Families of %(cohort)s", cohort=choice.name)) for choice in choices
    ]
    return form


def _fields(form: EventForm) -> EventFields:
    audience = form.audience.data
    return EventFields(
        kind=form.kind.data or "",
        title=form.title.data or "",
        description=form.description.data or "",
        location=form.location.data or "",
        starts_dt=local_to_utc(form.starts_at.data),
        ends_dt=local_to_utc(form.ends_at.data),
        cohort_id=None if audience == EVERYONE else posted_id(audience),
    )


def _save(form: EventForm, save: Any) -> bool:
    """Validate, run ``save`` and commit once; False (errors on the form) when it failed."""
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


@bp.get("/events")
@roles_required(*STAFF_ROLES)
def index() -> str:
    board = services.staff_events(db.session, actor(), utcnow())
    return render_template(
        "events/index.html", board=board, kinds=KIND_LABELS, cancel_form=CancelForm()
    )


@bp.route("/events/new", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def new() -> Any:
    form = _event_form(EventForm())
    if not form.is_submitted():
        form.audience.data = EVERYONE
    if _save(form, lambda: services.create_event(db.session, actor(), _fields(form))):
        flash(_("The event is posted. Families can see it now."), "success")
        return redirect(url_for("events.index"))
    status = 400 if form.is_submitted() else 200
    return render_template("events/edit.html", form=form, event=None), status


@bp.get("/events/<int:event_id>")
@roles_required(*STAFF_ROLES)
def event(event_id: int) -> str:
    detail = services.event_detail(db.session, actor(), event_id)
    return render_template(
        "events/event.html",
        detail=detail,
        kinds=KIND_LABELS,
        answers=ANSWER_LABELS,
        cancel_form=CancelForm(),
        is_past=services.is_past(detail.event, utcnow()),
    )


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def edit(event_id: int) -> Any:
    event = services.event_in_scope(db.session, actor(), event_id)
    form = _event_form(EventForm())
    if not form.is_submitted():
        form.kind.data, form.title.data = event.kind, event.title
        form.description.data, form.location.data = event.description, event.location
        form.starts_at.data = utc_to_local(event.starts_dt)
        form.ends_at.data = utc_to_local(event.ends_dt)
        form.audience.data = str(event.cohort_id) if event.cohort_id else EVERYONE
        if event.cohort_id and form.audience.data not in dict(form.audience.choices or []):
            # A cohort no longer assigned (or archived) stays a choice while it is the answer.
            form.audience.choices = [*(form.audience.choices or []),
                                     (form.audience.data, _("The cohort invited now"))]  # fmt: skip
    if _save(form, lambda: services.update_event(db.session, actor(), event_id, _fields(form))):
        flash(_("Saved."), "success")
        return redirect(url_for("events.event", event_id=event_id))
    status = 400 if form.is_submitted() else 200
    return render_template("events/edit.html", form=form, event=event), status


@bp.post("/events/<int:event_id>/cancel")
@roles_required(*STAFF_ROLES)
def cancel(event_id: int) -> Response:
    services.event_in_scope(db.session, actor(), event_id)
    if not CancelForm().validate_on_submit():
        flash(_("That did not work. Please try again."), "error")
    elif services.cancel_event(db.session, actor(), event_id):
        db.session.commit()
        flash(_("The event is cancelled. Families see that it is off."), "info")
    return redirect(url_for("events.event", event_id=event_id))


from ccl_youth.events import family_views, speaker_views  # noqa: E402, F401  (routes on ``bp``)
