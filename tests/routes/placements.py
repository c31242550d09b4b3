"""Access matrix rows and IDOR probes for placements, hours and supervisor evaluations.

URL parameters: ``placement_id`` (youth1's active internship), ``hours_id`` (youth1's
submitted entry), ``evaluation_id`` (the open link for youth1's placement) and ``link_secret``
(that link's secret).

A link secret is a capability: whoever holds it may open the page, signed in or not, so
another organization's *real* link is not "out of scope" for anyone (it opens, and shows only
org B's youth's first name: ``tests/placements/test_evaluations.py`` checks that). What must
never open is a secret of no link, however close to a real one: "other organization" for
``link_secret`` is org B's secret with one character changed. The supervisor has no account:
every signed-in account (youth, family, staff, admin, of any organization) is refused the page
whatever the secret (403), so none learns anything from trying secrets.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ccl_youth.core import secrets as sec
from ccl_youth.core.files import DOCUMENT_TYPES, store_upload
from ccl_youth.db import utcnow
from ccl_youth.extensions import db
from ccl_youth.placements.models import Evaluation, Placement
from tests.factories import World
from tests.idor import STAFF_AND_ADMIN, IdRoute, Ids
from tests.idor import Key as IdKey
from tests.matrix import (
    ALLOW,
    DENY_403,
    DENY_404,
    LOGIN,
    OK,
    REDIRECT,
    SAVED,
    UNAUTH_401,
    Key,
    Row,
)
from tests.placements.support import (
    evaluation_b,
    evaluation_form,
    hours_form,
    pdf_bytes,
    placement_form,
    png_bytes,
    tampered,
    upload,
)
from tests.world_experiences import WORLD_DAY

MISSING_SECRET = "A" * 43

URL_IDS = {
    "placement_id": lambda w: w.exp.placement1,
    "hours_id": lambda w: w.exp.hours1,
    "evaluation_id": lambda w: w.exp.evaluation1,
    "link_secret": lambda w: w.exp.evaluation_secret,
}


def _with_agreement(w: World) -> dict[str, object]:
    return placement_form(w, agreement=upload(pdf_bytes(), "agreement.pdf"))


def _api_hours(w: World) -> dict[str, object]:
    return {
        "work_date": (WORLD_DAY + timedelta(days=3)).isoformat(),
        "minutes": 90,
        "description": "Logged through the API.",
    }


STAFF_ROW = (LOGIN, DENY_403, DENY_403, DENY_403, OK, DENY_404, OK, DENY_404)
STAFF_POST = (LOGIN, DENY_403, DENY_403, DENY_403, ALLOW, DENY_404, ALLOW, DENY_404)
STAFF_LIST = (LOGIN, DENY_403, DENY_403, DENY_403, OK, OK, OK, OK)
YOUTH_ROW = (LOGIN, OK, *[DENY_403] * 6)
YOUTH_POST = (LOGIN, REDIRECT, *[DENY_403] * 6)
#: The supervisor's page: anonymous only; every signed-in account gets 403.
PUBLIC = (OK, *[DENY_403] * 7)

# fmt: off
MATRIX_ROWS: dict[Key, Row] = {
    # --- staff: placements -------------------------------------------------------------
    ("placements.index", "GET", "/placements"): Row(*STAFF_LIST),
    ("placements.for_youth", "GET", "/youth/<int:youth_id>/placements"): Row(*STAFF_ROW),
    ("placements.new", "GET", "/youth/<int:youth_id>/placements/new"): Row(*STAFF_ROW),
    ("placements.new", "POST", "/youth/<int:youth_id>/placements/new"):
        Row(*STAFF_POST, form=placement_form),
    ("placements.detail", "GET", "/placements/<int:placement_id>"): Row(*STAFF_ROW),
    ("placements.edit", "GET", "/placements/<int:placement_id>/edit"): Row(*STAFF_ROW),
    # Uploads a training agreement (a PDF: the matrix reads every body as text), which the
    # next row downloads.
    ("placements.edit", "POST", "/placements/<int:placement_id>/edit"):
        Row(*STAFF_POST, form=_with_agreement),
    ("placements.agreement", "GET", "/placements/<int:placement_id>/agreement"): Row(*STAFF_ROW),
    # --- youth: their own hours ----------------------------------------------------------
    ("placements.mine", "GET", "/my/placements"): Row(*YOUTH_ROW),
    ("placements.log_hours", "GET", "/my/placements/<int:placement_id>/hours/new"):
        Row(*YOUTH_ROW),
    ("placements.log_hours", "POST", "/my/placements/<int:placement_id>/hours/new"):
        Row(*YOUTH_POST, form=lambda w: hours_form("matrix-hours-key")),
    ("placements.edit_hours", "GET", "/my/hours/<int:hours_id>/edit"): Row(*YOUTH_ROW),
    ("placements.edit_hours", "POST", "/my/hours/<int:hours_id>/edit"):
        Row(*YOUTH_POST, form=lambda w: hours_form(
            work_date=(WORLD_DAY + timedelta(days=1)).isoformat(), hours=1, minutes=0)),
    # --- staff: reviewing hours ----------------------------------------------------------
    ("placements.placement_hours", "GET", "/placements/<int:placement_id>/hours"):
        Row(*STAFF_ROW),
    ("placements.placement_hours", "POST", "/placements/<int:placement_id>/hours"):
        Row(*STAFF_POST, form=lambda w: {"hours_ids": str(w.exp.hours1), "action": "return",
                                         "comment": "Add what you tested."}),
    ("placements.review", "GET", "/hours/review"): Row(*STAFF_LIST),
    # hours1 belongs to youth1: out of staff2's and admin2's reach.
    ("placements.review", "POST", "/hours/review"):
        Row(*STAFF_POST, form=lambda w: {"hours_ids": str(w.exp.hours1), "action": "verify"}),
    # --- supervisor evaluations: the public page first, then staff cancel the link -------
    ("placements.evaluate", "GET", "/evaluate/<string(length=43):link_secret>"): Row(*PUBLIC),
    ("placements.evaluate", "POST", "/evaluate/<string(length=43):link_secret>"):
        Row(REDIRECT, *[DENY_403] * 7, form=lambda w: evaluation_form()),
    ("placements.request_evaluation", "POST", "/placements/<int:placement_id>/evaluations"):
        Row(*STAFF_POST, form=lambda w: {"days": "7"}),
    ("placements.cancel_evaluation", "POST", "/evaluations/<int:evaluation_id>/cancel"):
        Row(*STAFF_POST),
    ("placements.status", "POST", "/placements/<int:placement_id>/status"):
        Row(*STAFF_POST, form=lambda w: {"status": "completed", "note": ""}),
    # --- API -----------------------------------------------------------------------------
    #                                          token_staff token_staff2 token_admin token_admin2
    ("api.PlacementHours", "POST", "/api/v1/placements/<int:placement_id>/hours"):
        Row(*[UNAUTH_401] * 8, tokens=(SAVED,     DENY_404,    SAVED,      DENY_404),
            json=_api_hours),
    ("api.HoursVerify", "POST", "/api/v1/hours/<int:hours_id>/verify"):
        Row(*[UNAUTH_401] * 8, tokens=(OK,        DENY_404,    OK,         DENY_404),
            json=lambda w: {"action": "verify"}),
}
# fmt: on


# --- IDOR ----------------------------------------------------------------------------------


def _placement1_has_an_agreement(w: World) -> None:
    root = Path(current_app.config["UPLOADS_PATH"])
    stored = store_upload(root, "agreements", png_bytes(), DOCUMENT_TYPES, 1024)
    placement = db.session.get_one(Placement, w.exp.placement1)
    placement.agreement_file = stored.name
    placement.agreement_filename = "agreement.png"
    placement.agreement_content_type = stored.content_type
    db.session.commit()


def _placement2_has_a_link(w: World) -> None:
    """An open evaluation link for youth2's placement (cohort 2: out of staff1's scope)."""
    placement = db.session.get_one(Placement, w.exp.placement2)
    db.session.add(
        Evaluation(
            placement_id=placement.id,
            youth_id=placement.youth_id,
            token_hash=sec.sha256_hex(sec.generate_link_token()),
            expires_dt=utcnow() + timedelta(days=3),
        )
    )
    db.session.commit()


def _placement2_links(w: World) -> Ids:
    found = db.session.scalars(
        select(Evaluation.id).where(Evaluation.placement_id == w.exp.placement2)
    ).all()
    return [("youth2's evaluation link", found_id) for found_id in found]


IN_SCOPE = {
    "placement_id": lambda w, actor: w.exp.placement1,
    "hours_id": lambda w, actor: w.exp.hours1,
    "evaluation_id": lambda w, actor: w.exp.evaluation1,
    "link_secret": lambda w, actor: w.exp.evaluation_secret,
}
OTHER_ORG = {
    "placement_id": lambda w: [("org B's placement", w.exp.placement_b)],
    "hours_id": lambda w: [("org B's hours", w.exp.hours_b)],
    "evaluation_id": lambda w: [("org B's evaluation", evaluation_b(w))],
    "link_secret": lambda w: [
        ("org B's link with one character changed", tampered(w.exp.evaluation_secret_b)),
        ("org A's link with one character changed", tampered(w.exp.evaluation_secret)),
    ],
}
SAME_ORG = {
    ("placement_id", "staff"): lambda w: [("youth2's placement", w.exp.placement2)],
    ("placement_id", "youth"): lambda w: [("youth2's placement", w.exp.placement2)],
    ("placement_id", "token_staff"): lambda w: [("youth2's placement", w.exp.placement2)],
    ("hours_id", "youth"): lambda w: [("youth2's hours", w.exp.hours2)],
    ("hours_id", "token_staff"): lambda w: [("youth2's hours", w.exp.hours2)],
    ("evaluation_id", "staff"): _placement2_links,
}
NONEXISTENT_BY_PARAM = {
    "link_secret": [
        ("no such link", MISSING_SECRET),
        ("no such link (dashes)", "-" * 43),
        ("no such link (the hash of a real one)", "0" * 43),
    ],
}
MISSING_BY_PARAM = {"link_secret": MISSING_SECRET}

YOUTH_ONLY = ("youth",)
TOKENS = ("token_staff", "token_admin")
SUPERVISOR = ("anonymous",)
#: Every kind of signed-in account, of both organizations (within the page's rate limit).
SIGNED_IN = ("youth", "family", "staff", "admin", "admin2")

ID_ROUTES: dict[IdKey, IdRoute] = {
    ("placements.for_youth", "GET", "/youth/<int:youth_id>/placements"): IdRoute(STAFF_AND_ADMIN),
    ("placements.new", "GET", "/youth/<int:youth_id>/placements/new"): IdRoute(STAFF_AND_ADMIN),
    ("placements.new", "POST", "/youth/<int:youth_id>/placements/new"): IdRoute(
        STAFF_AND_ADMIN, form=placement_form
    ),
    ("placements.detail", "GET", "/placements/<int:placement_id>"): IdRoute(STAFF_AND_ADMIN),
    ("placements.edit", "GET", "/placements/<int:placement_id>/edit"): IdRoute(STAFF_AND_ADMIN),
    ("placements.edit", "POST", "/placements/<int:placement_id>/edit"): IdRoute(
        STAFF_AND_ADMIN, form=lambda w: placement_form(w, title="Renamed by the probes")
    ),
    ("placements.status", "POST", "/placements/<int:placement_id>/status"): IdRoute(
        STAFF_AND_ADMIN, form=lambda w: {"status": "completed", "note": "probe"}
    ),
    ("placements.agreement", "GET", "/placements/<int:placement_id>/agreement"): IdRoute(
        STAFF_AND_ADMIN, setup=_placement1_has_an_agreement
    ),
    ("placements.placement_hours", "GET", "/placements/<int:placement_id>/hours"): IdRoute(
        STAFF_AND_ADMIN
    ),
    ("placements.placement_hours", "POST", "/placements/<int:placement_id>/hours"): IdRoute(
        STAFF_AND_ADMIN, form=lambda w: {"hours_ids": str(w.exp.hours1), "action": "verify"}
    ),
    (
        "placements.request_evaluation",
        "POST",
        "/placements/<int:placement_id>/evaluations",
    ): IdRoute(STAFF_AND_ADMIN, form=lambda w: {"days": "5"}),
    ("placements.cancel_evaluation", "POST", "/evaluations/<int:evaluation_id>/cancel"): IdRoute(
        STAFF_AND_ADMIN, setup=_placement2_has_a_link
    ),
    ("placements.evaluate", "GET", "/evaluate/<string(length=43):link_secret>"): IdRoute(
        SUPERVISOR, refused=SIGNED_IN
    ),
    ("placements.evaluate", "POST", "/evaluate/<string(length=43):link_secret>"): IdRoute(
        SUPERVISOR, form=lambda w: evaluation_form(), refused=SIGNED_IN
    ),
    ("placements.log_hours", "GET", "/my/placements/<int:placement_id>/hours/new"): IdRoute(
        YOUTH_ONLY
    ),
    ("placements.log_hours", "POST", "/my/placements/<int:placement_id>/hours/new"): IdRoute(
        YOUTH_ONLY, form=lambda w: hours_form("idor-hours-key")
    ),
    ("placements.edit_hours", "GET", "/my/hours/<int:hours_id>/edit"): IdRoute(YOUTH_ONLY),
    ("placements.edit_hours", "POST", "/my/hours/<int:hours_id>/edit"): IdRoute(
        YOUTH_ONLY,
        form=lambda w: hours_form(work_date=(WORLD_DAY + timedelta(days=1)).isoformat()),
    ),
    ("api.PlacementHours", "POST", "/api/v1/placements/<int:placement_id>/hours"): IdRoute(
        TOKENS, json=_api_hours
    ),
    ("api.HoursVerify", "POST", "/api/v1/hours/<int:hours_id>/verify"): IdRoute(
        TOKENS, json=lambda w: {"action": "verify"}
    ),
}
