"""Credential pages and documents.

Public, no sign-in: issuer profiles (with their keys), revocation lists, badge classes and
their pictures — the URLs credentials point at — and the verify page. Signed in: an award's
credential as JSON or baked into its PNG, and a youth's CLR, for whoever may see the youth.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ccl_youth.core.roles import Role
from ccl_youth.credentials import public, services
from ccl_youth.credentials.baking import PNG_SIGNATURE, NotAPng, unbake
from ccl_youth.credentials.forms import MAX_CREDENTIAL_BYTES, VerifyForm
from ccl_youth.credentials.keys import KeyUnusable, NoSigningKey
from ccl_youth.credentials.public import Publishing
from ccl_youth.credentials.services import NoBadges, Revoked
from ccl_youth.credentials.verify import Verification
from ccl_youth.extensions import db, limiter
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.errors import render_error

bp = Blueprint("credentials", __name__, template_folder="templates")
#: Public documents may be cached briefly: revocations show within this many seconds.
PUBLIC_MAX_AGE = 300
LD_JSON = "application/ld+json"


class BaseUrlMissing(Exception):
    """Credentials name their issuer by URL; outside debugging and tests that URL must come
    from CREDENTIAL_BASE_URL, never from the request's Host header (which a client can set, and
    which would then be signed into a genuine credential)."""


def publishing() -> Publishing:
    """Where this app's credentials point (``CREDENTIAL_BASE_URL``; only when debugging or
    testing, the host the request came to) and the content they are made from. Raises
    BaseUrlMissing otherwise."""
    from ccl_youth.web.catalog import recognition

    base = current_app.config.get("CREDENTIAL_BASE_URL")
    if not base:
        if not (current_app.debug or current_app.testing):
            raise BaseUrlMissing
        base = request.host_url
    return Publishing(
        base_url=str(base).rstrip("/"),
        secret=current_app.config["SECRET_KEY"],
        content_root=str(current_app.config["CONTENT_PATH"]),
        catalog=recognition(),
    )


def _document(body: str, *, download: str | None = None, public_doc: bool = False) -> Response:
    response = Response(body, mimetype=LD_JSON)
    if download:
        response.headers["Content-Disposition"] = f'attachment; filename="{download}"'
        response.headers["Cache-Control"] = "private, no-store"
    if public_doc:
        response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.errorhandler(NoSigningKey)
@bp.errorhandler(KeyUnusable)
def _no_key(error: Exception) -> Any:
    detail = _("Badge files cannot be made yet: this program has no signing key.")
    if getattr(actor(), "role", None) in (Role.STAFF.value, Role.ADMIN.value):
        detail += " " + _(
            "Ask an admin to run “flask --app ccl_youth keys generate --org %(org)s” on the "
            "server.",
            org=getattr(error, "organization_slug", "…"),
        )
    else:
        detail += " " + _("Ask your program leader.")
    return render_error(503, _("Badge files are not ready"), detail)


@bp.app_errorhandler(BaseUrlMissing)
def _no_base_url(error: BaseUrlMissing) -> Any:
    return render_error(
        503,
        _("Badge files are not ready"),
        _(
            "The server does not know its public address yet. Ask the person who runs it to "
            "set CREDENTIAL_BASE_URL."
        ),
    )


@bp.errorhandler(Revoked)
def _revoked(error: Revoked) -> Any:
    return render_error(
        410,
        _("This badge was taken back"),
        _("A badge that was taken back cannot be downloaded any more."),
    )


@bp.errorhandler(NoBadges)
def _no_badges(error: NoBadges) -> Any:
    return render_error(
        404, _("No badges yet"), _("There are no badges to put in a learning record yet.")
    )


# --- public documents ------------------------------------------------------------------------


@bp.get("/credentials/issuers/<slug:org_slug>")
def issuer(org_slug: str) -> Response:
    profile = public.issuer_profile(db.session, publishing(), org_slug)
    return _document(services.to_json(profile), public_doc=True)


@bp.get("/credentials/status/<slug:org_slug>")
@limiter.limit("60 per minute")  # each answer is signed afresh
def status_list(org_slug: str) -> Response:
    document = public.status_list(db.session, publishing(), org_slug)
    return _document(services.to_json(document), public_doc=True)


@bp.get("/credentials/achievements/<badge_slug:badge_slug>")
def achievement(badge_slug: str) -> Response:
    document = public.achievement(publishing(), badge_slug)
    return _document(services.to_json(document), public_doc=True)


@bp.get("/credentials/achievements/<badge_slug:badge_slug>/image.png")
def achievement_image(badge_slug: str) -> Response:
    response = Response(public.badge_picture(publishing(), badge_slug), mimetype="image/png")
    response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


# --- downloads (signed in, VIEW_YOUTH) --------------------------------------------------------


@bp.get("/badges/awards/<int:award_id>/credential.json")
@roles_required(*Role)
def award_json(award_id: int) -> Response:
    credential = services.award_credential(db.session, actor(), award_id, publishing())
    db.session.commit()
    return _document(services.to_json(credential), download=f"badge-{award_id}.json")


@bp.get("/badges/awards/<int:award_id>/badge.png")
@roles_required(*Role)
def award_png(award_id: int) -> Response:
    picture = services.award_png(db.session, actor(), award_id, publishing())
    db.session.commit()
    response = Response(picture, mimetype="image/png")
    response.headers["Content-Disposition"] = f'attachment; filename="badge-{award_id}.png"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/youth/<int:youth_id>/clr.json")
@roles_required(*Role)
def youth_clr(youth_id: int) -> Response:
    record = services.youth_clr(db.session, actor(), youth_id, publishing())
    db.session.commit()
    return _document(services.to_json(record), download=f"learning-record-{youth_id}.json")


# --- the verify page --------------------------------------------------------------------------


def _submitted_text(form: VerifyForm) -> str | bytes | None:
    """The credential the form carries (pasted, or read from a JSON or baked PNG file), or
    None after putting a plain-words error on the form."""
    upload: Any = form.upload.data
    pasted = (form.credential.data or "").strip()
    if upload is not None and upload.filename:
        content = upload.read(MAX_CREDENTIAL_BYTES * 4 + 1)
        if len(content) > MAX_CREDENTIAL_BYTES * 4:
            form.upload.errors = [_("That file is too big to be a credential.")]
            return None
        if content.startswith(PNG_SIGNATURE):
            try:
                baked = unbake(content)
            except NotAPng:
                baked = None
            if baked is None:
                form.upload.errors = [_("This picture has no badge credential inside it.")]
            return baked
        return content
    if pasted:
        return pasted
    form.form_errors.append(_("Paste a credential or choose a file."))
    return None


@bp.route("/credentials/verify", methods=["GET", "POST"])
@limiter.limit("30 per 10 minutes", methods=["POST"])
def verify() -> Any:
    form = VerifyForm()
    result: Verification | None = None
    if form.validate_on_submit():
        text = _submitted_text(form)
        if text is not None:
            result = public.check_credential(db.session, publishing(), text)
    status = 400 if request.method == "POST" and result is None else 200
    page = render_template("credentials/verify.html", form=form, result=result)
    response = Response(page, status=status, mimetype="text/html")
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
