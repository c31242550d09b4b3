"""Family pages: one linked youth, and linking another youth with a code."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ccl_youth.accounts import services as accounts
from ccl_youth.accounts.forms import LinkCodeForm
from ccl_youth.core.errors import ValidationFailed
from ccl_youth.core.roles import Role
from ccl_youth.extensions import db, limiter
from ccl_youth.family.services import family_youth_view
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.forms import apply_errors

bp = Blueprint("family", __name__, template_folder="templates", url_prefix="/family")


@bp.get("/youth/<int:youth_id>")
@roles_required(Role.FAMILY)
def youth(youth_id: int) -> str:
    view = family_youth_view(db.session, actor(), youth_id)
    db.session.commit()  # keep the audit event of this view
    return render_template("family/youth.html", view=view)


@bp.route("/link", methods=["GET", "POST"])
@roles_required(Role.FAMILY)
@limiter.limit("20 per 10 minutes", methods=["POST"], deduct_when=lambda r: r.status_code != 302)
def link() -> Any:
    form = LinkCodeForm()
    if form.validate_on_submit():
        try:
            accounts.link_with_code(db.session, actor(), form.code.data or "")
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("Linked. You can now follow this youth."), "success")
            return redirect(url_for("home.family"))
    return render_template("family/link.html", form=form)
