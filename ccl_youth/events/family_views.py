"""Family pages: the events a family member is invited to, with an answer form for each, and
the form to offer to talk about their work."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ccl_youth.core.errors import ValidationFailed
from ccl_youth.core.roles import Role
from ccl_youth.db import utcnow
from ccl_youth.events import services
from ccl_youth.events.forms import ANSWER_LABELS, KIND_LABELS, RsvpForm, SpeakForm
from ccl_youth.events.rules import OfferFields
from ccl_youth.events.speaker_views import offer_occupations
from ccl_youth.events.views import bp
from ccl_youth.extensions import db
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.forms import apply_errors


def _rsvp_form(row: services.FamilyEventRow, form: RsvpForm | None = None) -> RsvpForm:
    """An event's answer form, filled with the family's answer; its ids name the event (many
    forms share the page)."""
    if form is None:
        form = RsvpForm(formdata=None)
        if row.rsvp is not None:
            form.answer.data = row.rsvp.answer
            form.party_size.data = str(row.rsvp.party_size)
            form.note.data = row.rsvp.note
    for field in (form.answer, form.party_size, form.note):
        field.id = field.label.field_id = f"{field.name}-{row.event.id}"
    return form


def _page(form: RsvpForm | None = None, bad_event: int | None = None) -> Any:
    rows = services.family_events(db.session, actor(), utcnow())
    forms = {
        row.event.id: _rsvp_form(row, form if row.event.id == bad_event else None)
        for row in rows
        if not row.is_cancelled
    }
    return render_template(
        "events/family.html", rows=rows, forms=forms, kinds=KIND_LABELS, answers=ANSWER_LABELS
    ), (400 if bad_event else 200)


@bp.get("/family/events")
@roles_required(Role.FAMILY)
def family_events() -> Any:
    return _page()


@bp.post("/family/events/<int:event_id>/rsvp")
@roles_required(Role.FAMILY)
def rsvp(event_id: int) -> Any:
    me = actor()
    if services.invited_event(db.session, me, event_id).cancelled_dt is not None:
        flash(_("This event is cancelled."), "error")
        return redirect(url_for("events.family_events"))
    form = RsvpForm()
    if form.validate_on_submit():
        party = form.party_size.data.strip() if form.party_size.data else ""
        try:
            services.answer_event(db.session, me, event_id, form.answer.data or "",
                                  int(party), form.note.data or "", utcnow())  # fmt: skip
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("Thank you. Your answer is saved."), "success")
            return redirect(url_for("events.family_events"))
    return _page(form, event_id)


def _offer_fields(form: SpeakForm) -> OfferFields:
    return OfferFields(
        occupation=form.occupation.data or "",
        employer=form.employer.data or "",
        about=form.about.data or "",
        availability=form.availability.data or "",
        contact=form.contact.data or "",
        soc_code=form.occupation_pick.data or "",
    )


@bp.route("/family/speak", methods=["GET", "POST"])
@roles_required(Role.FAMILY)
def speak() -> Any:
    form = SpeakForm()
    status = 200
    if request.method == "POST" and "find" in request.form:
        form.occupation_pick.data = None
        offer_occupations(form, _("Type a few words about your work, then press Find."))
    elif form.validate_on_submit():
        try:
            services.offer_to_speak(db.session, actor(), _offer_fields(form))
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
            status = 400
        else:
            db.session.commit()
            flash(_("Thank you! Staff will get in touch with you."), "success")
            return redirect(url_for("home.family"))
    elif form.is_submitted():
        status = 400
    if status == 400 and form.occupation_pick.data:
        picked = form.occupation_pick.data
        offer_occupations(form, "")
        form.occupation_pick.data = picked
    return render_template("events/speak.html", form=form), status
