"""Supervisor evaluations: staff make and cancel one-time links; the supervisor answers on a
public page (no account, rate-limited, not indexed) that shows only the youth's first name,
the placement's title and the partner. The server sends no e-mail: staff copy the link or
open a prepared message in their own mail program."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from flask import flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.db import utcnow
from ccl_youth.extensions import client_address, db, limiter
from ccl_youth.placements import evaluations, services
from ccl_youth.placements.forms import EvaluationForm, EvaluationRequestForm
from ccl_youth.placements.models import Evaluation
from ccl_youth.placements.rubric import LEVELS, SKILLS
from ccl_youth.placements.views import STAFF_ROLES, bp
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.forms import apply_errors
from ccl_youth.web.i18n import error_text

_SECRET = re.compile(r"[A-Za-z0-9_-]{43}")
CLOSED_STATUS = {"submitted": 200, "expired": 410, "cancelled": 410}


def _mailto(email: str, supervisor: str, first_name: str, title: str, link: str, until: str) -> str:
    subject = _("Please rate %(name)s's work", name=first_name)
    body = _(
        "Hello %(supervisor)s,\n\nThank you for hosting %(name)s as %(title)s. Please take five "
        "minutes to rate their skills and leave a comment here:\n\n%(link)s\n\nThe link works "
        "once, until %(until)s. No account is needed.\n",
        supervisor=supervisor,
        name=first_name,
        title=title,
        link=link,
        until=until,
    )
    return f"mailto:{quote(email, safe='@')}?subject={quote(subject)}&body={quote(body)}"


@bp.post("/placements/<int:placement_id>/evaluations")
@roles_required(*STAFF_ROLES)
def request_evaluation(placement_id: int) -> Any:
    placement = services.get_placement(db.session, actor(), placement_id)
    form = EvaluationRequestForm()
    if not form.validate_on_submit():
        flash(_("Choose how many days the link works: 1 to 30."), "error")
        return redirect(url_for("placements.detail", placement_id=placement.id))
    try:
        evaluation, secret = evaluations.request_evaluation(
            db.session, actor(), placement.id, form.days.data or 0, utcnow()
        )
    except ValidationFailed as error:
        db.session.rollback()
        flash(error_text(error), "error")
        return redirect(url_for("placements.detail", placement_id=placement.id))
    db.session.commit()
    link = url_for("placements.evaluate", link_secret=secret, _external=True)
    until = format_date(evaluation.expires_dt, "long")
    first = evaluations.first_name(services.youth_name(db.session, placement.youth_id))
    return render_template(
        "placements/evaluation_link.html",
        placement=placement,
        link=link,
        until=until,
        mailto=_mailto(
            placement.supervisor_email,
            placement.supervisor_name,
            first,
            placement.title,
            link,
            until,
        ),
    )


@bp.post("/evaluations/<int:evaluation_id>/cancel")
@roles_required(*STAFF_ROLES)
def cancel_evaluation(evaluation_id: int) -> Response:
    try:
        evaluation = evaluations.cancel_evaluation(db.session, actor(), evaluation_id)
    except ValidationFailed as error:
        db.session.rollback()
        flash(error_text(error), "error")
        found = db.session.get_one(Evaluation, evaluation_id)
        return redirect(url_for("placements.detail", placement_id=found.placement_id))
    db.session.commit()
    flash(_("The link is cancelled and no longer works."), "success")
    return redirect(url_for("placements.detail", placement_id=evaluation.placement_id))


def _public(body: str, status: int = 200) -> Response:
    response = Response(body, status=status, mimetype="text/html")
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/evaluate/<string(length=43):link_secret>", methods=["GET", "POST"])
@limiter.limit("30 per minute")
def evaluate(link_secret: str) -> Response:
    # The supervisor has no account here: a signed-in account (a youth who could rate
    # themselves, a family member, staff of any organization) never fills the form in, and
    # learns nothing about the link from trying.
    if current_user.is_authenticated:
        return _public(render_template("placements/evaluate_closed.html", state="refused"), 403)
    if not _SECRET.fullmatch(link_secret):
        raise NotFound("evaluation")
    now = utcnow()
    link = evaluations.open_link(db.session, link_secret, now, client_address())
    db.session.commit()  # the audit event of opening an open link
    if link.state != "open":
        page = render_template("placements/evaluate_closed.html", state=link.state, link=link)
        return _public(page, CLOSED_STATUS[link.state])
    form = EvaluationForm()
    if form.validate_on_submit():
        answer = evaluations.EvaluationInput(
            evaluator_name=form.evaluator_name.data or "",
            evaluator_title=form.evaluator_title.data or "",
            ratings={s.slug: form[f"skill_{s.slug}"].data for s in SKILLS},
            comments=form.comments.data or "",
        )
        try:
            evaluations.submit_evaluation(db.session, link_secret, answer, now, client_address())
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        except evaluations.LinkClosed as closed:
            db.session.rollback()
            page = render_template("placements/evaluate_closed.html", state=closed.state)
            return _public(page, CLOSED_STATUS[closed.state])
        else:
            db.session.commit()
            flash(_("Thank you! Your evaluation is saved."), "success")
            return redirect(url_for("placements.evaluate", link_secret=link_secret))
    page = render_template(
        "placements/evaluate.html", form=form, link=link, skills=SKILLS, levels=LEVELS
    )
    return _public(page)
