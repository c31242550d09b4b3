"""Staff and family pages about one youth's badges, revoking, and awarding a badge to a cohort.

``/youth/<id>/badges`` is one address for two audiences: staff and admins get the page with
the award and revoke controls, a linked family member a read-only page of their own."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ccl_youth.badges import board, services
from ccl_youth.badges.forms import AwardForm, CohortAwardForm, CohortBadgeForm, RevokeForm, form_id
from ccl_youth.badges.views import bp, catalogs, recognition, today
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.policies import Action
from ccl_youth.core.roles import Role
from ccl_youth.extensions import db
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.forms import apply_errors, options
from ccl_youth.web.i18n import translate_errors

STAFF_ROLES = (Role.STAFF, Role.ADMIN)


def _badge_choices(badges: list[Any]) -> list[Any]:
    return options([("", _("Choose a badge")), *((b.slug, b.name) for b in badges)])


@bp.route("/youth/<int:youth_id>/badges", methods=["GET", "POST"])
@roles_required(Role.STAFF, Role.ADMIN, Role.FAMILY)
def youth_badges(youth_id: int) -> Any:
    if actor().role == Role.FAMILY.value:
        if request.method == "POST":
            abort(403)
        found = board.badge_board(db.session, actor(), youth_id, *catalogs(), today())
        page = render_template("badges/youth_family.html", board=found)
        db.session.commit()  # keep the audit event of this view (after rendering: no reloads)
        return page
    form = AwardForm()
    if request.method == "POST":
        # Refuse out-of-scope youth (404) before saying anything about the form.
        services.require_award(db.session, actor(), youth_id)
    if form.validate_on_submit():
        try:
            services.award_badge(
                db.session,
                actor(),
                youth_id,
                recognition(),
                form.badge.data or "",
                form.note.data or "",
            )
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("Badge awarded."), "success")
            return redirect(url_for("badges.youth_badges", youth_id=youth_id))
    found = board.badge_board(db.session, actor(), youth_id, *catalogs(), today())
    form.badge.choices = _badge_choices(found.available)
    page = render_template("badges/youth_staff.html", board=found, form=form)
    db.session.commit()  # keep the audit event of this view (after rendering: no reloads)
    return page, 400 if form.errors else 200


@bp.route("/badges/awards/<int:award_id>/revoke", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def revoke(award_id: int) -> Any:
    award = services.award_in_reach(db.session, actor(), award_id, Action.AWARD_BADGE)
    form = RevokeForm()
    if award.revoked_dt is None and form.validate_on_submit():
        try:
            services.revoke_award(db.session, actor(), award.id, form.reason.data or "")
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("The badge was taken back."), "success")
            return redirect(url_for("badges.youth_badges", youth_id=award.youth_id))
    return render_template(
        "badges/revoke.html",
        form=form,
        award=award,
        badge=services.find_badge(recognition(), award.badge_slug),
        youth_name=services.youth_name(db.session, award.youth_id),
    )


def _notes(ticked: list[int], note_all: str) -> dict[int, str]:
    """Each ticked youth's note: their own, or the note for everyone when theirs is empty."""
    notes = {}
    for youth_id in ticked:
        own = request.form.get(f"note-{youth_id}", "")
        notes[youth_id] = own if own.strip() else note_all
    return notes


def _ticked() -> list[int]:
    """The ticked youth ids; a malformed one is a 404, like an id out of reach."""
    ids = []
    for value in request.form.getlist("youth_ids"):
        number = form_id(value)
        if number is None:
            raise NotFound("youth")
        ids.append(number)
    return sorted(set(ids))


@bp.route("/cohorts/<int:cohort_id>/badges/award", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def cohort_award(cohort_id: int) -> Any:
    cohort = services.cohort_in_reach(db.session, actor(), cohort_id)
    chooser = CohortBadgeForm(request.args)
    chooser.badge.choices = _badge_choices(list(recognition().badges))
    form = CohortAwardForm()
    errors: dict[str, list[str]] = {}
    ticked: list[int] = []
    slug = request.args.get("badge", "")
    if request.method == "POST":
        slug = form.badge.data or ""
        chooser.badge.data = slug
        ticked = _ticked()
        if form.validate_on_submit():
            try:
                done = services.award_to_cohort(
                    db.session, actor(), cohort.id, recognition(), slug,
                    _notes(ticked, form.note_all.data or ""),
                )  # fmt: skip
            except ValidationFailed as error:
                db.session.rollback()
                errors = translate_errors(error.errors)
                # Shown where they belong: the badge on the chooser, the rest on the list.
                chooser.badge.errors = errors.get("badge", [])
            else:
                db.session.commit()
                flash(_("Badge awarded to %(count)s youth.", count=len(done.awarded)), "success")
                if done.skipped:
                    flash(
                        _("%(count)s already had it and were skipped.", count=len(done.skipped)),
                        "info",
                    )
                return redirect(url_for("badges.cohort_award", cohort_id=cohort.id, badge=slug))
    if form.badge.errors:  # the hidden field: say it where it shows
        chooser.badge.errors = [_("Choose a badge from the list.")]
    badge = services.find_badge(recognition(), slug) if slug else None
    if badge is not None:
        form.badge.data = badge.slug
    elif slug and request.method == "GET":
        chooser.badge.errors = [_("Choose a badge from the list.")]
    rows = services.cohort_rows(db.session, actor(), cohort, badge.slug) if badge else []
    status = 400 if (errors or form.errors) else 200
    return render_template(
        "badges/cohort_award.html",
        cohort=cohort,
        chooser=chooser,
        form=form,
        badge=badge,
        rows=rows,
        ticked=set(ticked),
        posted=request.form if request.method == "POST" else {},
        errors=errors,
    ), status
