"""Badge pages: youth see their badges and how close they are to more (this module), staff
award and revoke them (``views_staff``); badge images come from the content folder.

Registering the blueprint also registers the ``badge_slug`` URL converter and the listener that
re-evaluates badge rules on commit (``listener.register_badge_rules``)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, render_template, request
from flask.blueprints import BlueprintSetupState
from werkzeug.wrappers import Response

from ccl_youth.badges import board, services
from ccl_youth.badges.listener import register_badge_rules
from ccl_youth.core.content_recognition import RecognitionCatalog
from ccl_youth.core.roles import Role
from ccl_youth.extensions import db
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.catalog import catalog, recognition

bp = Blueprint("badges", __name__, template_folder="templates")
#: Badge images may be cached by the browser for a day (they change only with the content).
IMAGE_MAX_AGE = 24 * 60 * 60
#: The SVG opened on its own is a document: nothing in it may run or load anything.
IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def _setup(state: BlueprintSetupState) -> None:
    register_badge_rules(state.app)


# Before any route: the converter must exist when the blueprint's rules are added.
bp.record_once(_setup)


def today() -> date:
    return datetime.now(UTC).date()


def has_credentials() -> bool:
    """Whether the credentials feature is there to link award downloads to."""
    return "credentials.award_json" in current_app.view_functions


def catalogs() -> tuple[RecognitionCatalog, Any]:
    return recognition(), catalog()


# --- youth ------------------------------------------------------------------------------------


@bp.get("/my/badges")
@roles_required(Role.YOUTH)
def mine() -> str:
    found = board.badge_board(db.session, actor(), actor().id, *catalogs(), today())
    return render_template("badges/mine.html", board=found)


@bp.get("/my/badges/<int:award_id>")
@roles_required(Role.YOUTH)
def my_award(award_id: int) -> str:
    award = services.own_award(db.session, actor(), award_id)
    return render_template(
        "badges/my_award.html",
        award=award,
        badge=services.find_badge(recognition(), award.badge_slug),
        has_credentials=has_credentials(),
    )


# --- images --------------------------------------------------------------------------------------


@bp.get("/badges/images/<badge_slug:badge_slug>.svg")
@roles_required(*Role)
def image(badge_slug: str) -> Response:
    """A badge's image, from the path the catalog gives (never from the URL)."""
    badge = services.find_badge(recognition(), badge_slug)
    if badge is None:
        abort(404)
    root = Path(current_app.config["CONTENT_PATH"]).resolve()
    path = (root / badge.image).resolve()
    if not path.is_relative_to(root) or path.suffix != ".svg" or not path.is_file():
        abort(404)
    data = path.read_bytes()  # a few kB; read whole so no file stays open with the response
    response = Response(data, mimetype="image/svg+xml")
    response.set_etag(hashlib.sha256(data).hexdigest()[:32])
    response.make_conditional(request)
    response.headers["Cache-Control"] = f"private, max-age={IMAGE_MAX_AGE}"
    response.headers["Content-Security-Policy"] = IMAGE_CSP
    return response


from ccl_youth.badges import views_staff  # noqa: E402, F401  (routes attach to bp)
