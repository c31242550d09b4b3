"""Speaker offers for staff and admins: the list (new first), marking an offer contacted or
declined, and adding the person as a guest speaker (a partner and a role model). The
occupation search works without JavaScript: "Find" sends the form back with the matches."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ccl_youth.careers import services as careers
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.events import services
from ccl_youth.events.forms import STATUS_LABELS, FollowUpForm, GuestSpeakerForm, posted_id
from ccl_youth.events.views import STAFF_ROLES, bp
from ccl_youth.extensions import db
from ccl_youth.partners import services as partners
from ccl_youth.partners.forms import KIND_LABELS as PARTNER_KINDS
from ccl_youth.partners.rules import STORY_MAX
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.forms import apply_errors

OCCUPATION_MATCHES = 8
NEW_PARTNER = "new"


def offer_occupations(form: Any, empty_message: str) -> None:
    """Put the occupations matching ``form.occupation`` on ``form.occupation_pick`` as
    choices, or say why there are none (``empty_message`` when nothing was typed)."""
    text = (form.occupation.data or "").strip()
    if not text:
        if empty_message:
            form.occupation.errors = [empty_message]
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


def _follow_up_form(offer_id: int, form: FollowUpForm | None = None) -> FollowUpForm:
    form = form if form is not None else FollowUpForm(formdata=None)
    form.note.id = form.note.label.field_id = f"note-{offer_id}"
    return form


def _list(form: FollowUpForm | None = None, bad_offer: int | None = None) -> Any:
    rows = services.list_offers(db.session, actor())
    forms = {
        row.offer.id: _follow_up_form(row.offer.id, form if row.offer.id == bad_offer else None)
        for row in rows
    }
    return render_template(
        "events/speakers.html", rows=rows, forms=forms, statuses=STATUS_LABELS
    ), (400 if bad_offer else 200)


@bp.get("/events/speakers")
@roles_required(*STAFF_ROLES)
def speakers() -> Any:
    return _list()


@bp.post("/events/speakers/<int:offer_id>/status")
@roles_required(*STAFF_ROLES)
def follow_up(offer_id: int) -> Any:
    services.offer_in_scope(db.session, actor(), offer_id)
    form = FollowUpForm()
    if form.validate_on_submit():
        try:
            services.follow_up(db.session, actor(), offer_id, form.status.data or "",
                               form.note.data or "")  # fmt: skip
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("events.speakers"))
    if form.status.errors and not form.form_errors:
        form.form_errors.append(_("Choose contacted or declined."))
    return _list(form, offer_id)


def _speaker_form(row: services.OfferRow) -> GuestSpeakerForm:
    form = GuestSpeakerForm()
    choices = partners.partner_choices(db.session, actor())
    form.partner.choices = [(NEW_PARTNER, _("A new partner (fill in below)"))] + [
        (str(choice.id), choice.name) for choice in choices
    ]
    if not form.is_submitted():
        offer = row.offer
        form.partner.data = NEW_PARTNER
        form.name.data = offer.employer or row.family_name
        form.kind.data = "employer" if offer.employer else "community"
        form.display_name.data = row.family_name
        form.occupation.data = row.soc_code or offer.occupation
        form.story.data = offer.about[:STORY_MAX]
    return form


def _add(form: GuestSpeakerForm, offer_id: int) -> None:
    partner_id = None if form.partner.data == NEW_PARTNER else posted_id(form.partner.data)
    if partner_id is None and form.partner.data != NEW_PARTNER:
        raise ValidationFailed(partner="Choose a partner from the list.")
    picked = (form.occupation_pick.data or "").strip()
    services.add_as_speaker(
        db.session,
        actor(),
        offer_id,
        partner_id,
        partners.PartnerFields(name=form.name.data or "", kind=form.kind.data or ""),
        partners.RoleModelFields(
            display_name=form.display_name.data or "",
            soc_code=picked or (form.occupation.data or ""),
            story=form.story.data or "",
        ),
    )


@bp.route("/events/speakers/<int:offer_id>/add", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def add_speaker(offer_id: int) -> Any:
    services.offer_in_scope(db.session, actor(), offer_id)
    (row,) = services.list_offers(db.session, actor(), offer_id)
    form = _speaker_form(row)
    status = 200
    if request.method == "POST" and "find" in request.form:
        form.occupation_pick.data = None
        offer_occupations(form, _("Type part of a job title, then press Find."))
    elif form.validate_on_submit():
        try:
            _add(form, offer_id)
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
            status = 400
        else:
            db.session.commit()
            flash(_("Added as a guest speaker."), "success")
            return redirect(url_for("events.speakers"))
    elif form.is_submitted():
        status = 400
    return render_template(
        "events/add_speaker.html", form=form, row=row, partner_kinds=PARTNER_KINDS
    ), status
