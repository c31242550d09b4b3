"""QR check-in: staff show a code on a screen, youth scan it while signed in and say they are
here. The code is a signed link that stops working after the window staff chose."""

from __future__ import annotations

from typing import Any

import segno
from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.wrappers import Response

from ccl_youth.core.errors import NotFound
from ccl_youth.core.policies import Action
from ccl_youth.core.roles import Role
from ccl_youth.db import utcnow
from ccl_youth.experiences import attendance, queries
from ccl_youth.experiences.checkin import (
    DEFAULT_WINDOW,
    WINDOWS,
    CheckinTicket,
    CheckinTokenError,
    CheckinTokenExpired,
    expiry_for,
    make_checkin_token,
    read_checkin_token,
)
from ccl_youth.experiences.views import STAFF_ROLES, bp, int_arg
from ccl_youth.extensions import db
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.catalog import catalog


class CheckinForm(FlaskForm):
    """Only the CSRF token: the youth confirms with one button."""


def _secret() -> str:
    return str(current_app.config["SECRET_KEY"])


def _ticket_for(activity_id: int, token: str) -> tuple[CheckinTicket | None, bool]:
    """(the ticket if ``token`` opens this activity's check-in now, whether it has expired)."""
    if not token:
        return None, False
    try:
        ticket = read_checkin_token(_secret(), token, utcnow())
    except CheckinTokenExpired:
        return None, True
    except CheckinTokenError:
        return None, False
    return (ticket, False) if ticket.activity_id == activity_id else (None, False)


def qr_svg(url: str) -> Markup:
    """The link as an inline SVG QR code (no request leaves the page)."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(
        scale=4, border=4, omitsize=True, svgclass="qr-code", dark="#000", light="#fff"
    )
    return Markup(svg)  # noqa: S704 - segno's own markup, only the URL goes in (as data)


@bp.get("/activities/<int:activity_id>/checkin")
@roles_required(*STAFF_ROLES)
def checkin_screen(activity_id: int) -> Any:
    user = actor()
    record = queries.load_activity(db.session, user, activity_id, Action.EDIT_ACTIVITY)
    window = int_arg("window")
    if window in WINDOWS:
        token = make_checkin_token(_secret(), record.id, expiry_for(window or 0, utcnow()))
        return redirect(url_for("experiences.checkin_screen", activity_id=record.id, t=token))
    token = request.args.get("t", "")[:400]
    ticket, expired = _ticket_for(record.id, token)
    if ticket is None:
        return render_template(
            "experiences/checkin_start.html",
            activity=record,
            windows=WINDOWS,
            default_window=DEFAULT_WINDOW,
            expired=expired,
        )
    link = url_for("experiences.checkin", token=token, _external=True)
    present, by_qr = attendance.checkin_counts(db.session, user, record)
    return render_template(
        "experiences/checkin_screen.html",
        activity=record,
        qr=qr_svg(link),
        link=link,
        expires_dt=ticket.expires_dt,
        present=present,
        by_qr=by_qr,
        screen_url=url_for("experiences.checkin_screen", activity_id=record.id, t=token),
        count_url=url_for("experiences.checkin_count", activity_id=record.id),
    )


@bp.get("/activities/<int:activity_id>/checkin/count")
@roles_required(*STAFF_ROLES)
def checkin_count(activity_id: int) -> Response:
    user = actor()
    record = queries.load_activity(db.session, user, activity_id, Action.VIEW_ACTIVITY)
    present, by_qr = attendance.checkin_counts(db.session, user, record)
    return jsonify(present=present, checked_in=by_qr)


@bp.route("/checkin/<checkin:token>", methods=["GET", "POST"])
@roles_required(Role.YOUTH)
def checkin(token: str) -> Any:
    youth = actor()
    try:
        ticket = read_checkin_token(_secret(), token, utcnow())
    except CheckinTokenExpired:
        return render_template("experiences/youth_checkin_expired.html"), 410
    except CheckinTokenError:
        raise NotFound("checkin") from None
    form = CheckinForm()
    if request.method == "POST":
        if form.validate_on_submit():
            if attendance.check_in(db.session, youth, ticket.activity_id):
                db.session.commit()
                flash(_("Done! You are checked in."), "success")
            else:
                flash(_("You were already checked in."), "info")
        else:
            flash(_("That did not work. Please try again."), "error")
        return redirect(url_for("experiences.checkin", token=token))
    view = attendance.checkin_view(db.session, youth, ticket.activity_id)
    names = catalog().type_names()
    return render_template(
        "experiences/youth_checkin.html",
        view=view,
        type_name=names.get(view.type_slug, ""),
        form=form,
    )
