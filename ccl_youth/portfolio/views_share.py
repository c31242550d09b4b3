"""Share links: the youth (or a linked guardian of a youth under 13) makes and revokes links
and sees who opened them; whoever holds a link reads the sections it shares on a public page
(no sign-in, rate-limited, not indexed, no referrer, not cached, first name only)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ccl_youth.accounts.models import User
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.roles import Role
from ccl_youth.db import utcnow
from ccl_youth.extensions import db, limiter
from ccl_youth.portfolio import layout, sharing
from ccl_youth.portfolio.forms import ShareForm
from ccl_youth.portfolio.views import _show, bp
from ccl_youth.portfolio.views_words import section_titles
from ccl_youth.web.access import actor, roles_required, youth_or_404
from ccl_youth.web.catalog import catalog, recognition
from ccl_youth.web.forms import apply_errors

_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
#: How long a new link works unless the youth picks another day.
DEFAULT_DAYS = 30


def _today() -> date:
    return date.today()


def _form(form: ShareForm | None = None) -> ShareForm:
    if form is None:
        form = ShareForm(formdata=None)
        form.sections.data = list(layout.SECTION_KINDS)
        form.expires_on.data = _today() + timedelta(days=DEFAULT_DAYS)
    titles = section_titles()
    form.sections.choices = [(kind, titles[kind]) for kind in layout.SECTION_KINDS]
    return form


def _page(template: str, youth: User, form: ShareForm | None, status: int = 200) -> Any:
    me = actor()
    links = sharing.links_for(db.session, me, youth.id, utcnow())
    refusal = sharing.may_share(db.session, me, youth.id, _today())
    return render_template(
        template,
        youth=youth,
        form=_form(form),
        links=links,
        refusal=refusal,
        may_revoke=sharing.may_revoke(db.session, me, youth.id, _today()),
        titles=section_titles(),
        max_day=_today() + timedelta(days=sharing.MAX_DAYS),
    ), status


def _create(youth: User, template: str) -> Any:
    form = _form(ShareForm())
    if form.validate_on_submit():
        try:
            link, token = sharing.create_link(
                db.session,
                actor(),
                youth.id,
                form.sections.data or [],
                form.expires_on.data,
                form.label.data or "",
                _today(),
            )
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            url = url_for("portfolio.shared", share_token=token, _external=True)
            return render_template(
                "portfolio/share_created.html",
                youth=youth,
                link=link,
                url=url,
                sections=layout.parse_sections(link.sections),
                titles=section_titles(),
                back=request.path,
                last_day=link.expires_dt.date() - timedelta(days=1),
            )
    return _page(template, youth, form, 400)


# --- the youth ---------------------------------------------------------------------------------


@bp.route("/my/portfolio/shares", methods=["GET", "POST"])
@roles_required(Role.YOUTH)
def shares_mine() -> Any:
    me = actor()
    if request.method == "POST":
        return _create(me, "portfolio/shares_mine.html")
    return _page("portfolio/shares_mine.html", me, None)


@bp.post("/my/portfolio/shares/<int:link_id>/revoke")
@roles_required(Role.YOUTH)
def revoke_mine(link_id: int) -> Response:
    me = actor()
    sharing.revoke_link(db.session, me, me.id, link_id, _today())
    db.session.commit()
    flash(_("The link is revoked. It no longer works."), "success")
    return redirect(url_for("portfolio.shares_mine"))


# --- family ------------------------------------------------------------------------------------


@bp.route("/youth/<int:youth_id>/portfolio/shares", methods=["GET", "POST"])
@roles_required(Role.FAMILY)
def shares_family(youth_id: int) -> Any:
    youth = youth_or_404(youth_id)
    if request.method == "POST":
        return _create(youth, "portfolio/shares_family.html")
    return _page("portfolio/shares_family.html", youth, None)


@bp.post("/youth/<int:youth_id>/portfolio/shares/<int:link_id>/revoke")
@roles_required(Role.FAMILY)
def revoke_family(youth_id: int, link_id: int) -> Response:
    sharing.revoke_link(db.session, actor(), youth_id, link_id, _today())
    db.session.commit()
    flash(_("The link is revoked. It no longer works."), "success")
    return redirect(url_for("portfolio.shares_family", youth_id=youth_id))


# --- the public page ----------------------------------------------------------------------------


def _public(body: str, status: int = 200) -> Response:
    """Every answer at a link's address, found or not: not indexed, no referrer, not kept."""
    response = Response(body, status=status, mimetype="text/html")
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def _closed(state: str, status: int) -> Response:
    """The plain page of a link that does not work: missing (404), expired or revoked (410)."""
    db.session.rollback()
    return _public(render_template("portfolio/shared_closed.html", state=state), status)


# Any length: a link cut short when copied gets the same plain page as one that never was.
@bp.get("/s/<share_token>")
@limiter.limit("30 per minute")
def shared(share_token: str) -> Response:
    # Anyone holding the link may read it, signed in or not, whatever their role.
    if not _TOKEN.fullmatch(share_token):
        return _closed("missing", 404)
    try:
        found = sharing.open_shared(
            db.session,
            share_token,
            request.headers.get("User-Agent", ""),
            utcnow(),
            catalog(),
            recognition(),
        )
    except NotFound:
        return _closed("missing", 404)
    except sharing.LinkClosed as closed:
        return _closed(closed.state, 410)
    db.session.commit()  # the visit
    page = render_template(
        "portfolio/shared.html", sections=found.sections, **_show(found.portfolio)
    )
    return _public(page)
