"""Access matrix rows and IDOR probes for credentials: public documents (issuer profiles,
status lists, badge classes and pictures, the verify page), downloads of an award's credential
and a youth's CLR, and the API.

URL parameters: ``org_slug`` (organization A's slug; declared here) and ``award_id`` /
``badge_slug`` as the badges feature declares them (youth1's ``helping_hand`` award, a badge
of the content). Issuer profiles, status lists and badge classes are public by design: any
organization's opens for anyone, so ``org_slug`` has no "out of scope" value — the stand-ins are
slugs of no organization, as for the shared catalogs.

Signing needs a key: the rows that sign ensure organizations A and B have one (``_ready``,
idempotent), through the only hooks the matrix has (a GET row's ``form``/``json`` is sent as
an ignored body) and through ``setup`` in the probes.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from ccl_youth.credentials.keys import generate_signing_key
from ccl_youth.credentials.models import SigningKey
from ccl_youth.extensions import db
from ccl_youth.programs.models import Organization
from tests.factories import World
from tests.idor import IdRoute
from tests.idor import Key as IdKey
from tests.matrix import DENY_404, LOGIN, OK, UNAUTH_401, Key, Row
from tests.routes.badges import world_award

MISSING_ORG = "no-such-org"


def _ready(w: World) -> dict[str, str]:
    """Organizations A and B have a signing key, and youth1 an award (idempotent)."""
    for org_id in (w.org_a, w.org_b):
        has_key = db.session.scalar(
            select(SigningKey.id).where(SigningKey.organization_id == org_id).limit(1)
        )
        if has_key is None:
            organization = db.session.get_one(Organization, org_id)
            generate_signing_key(db.session, organization, current_app.config["SECRET_KEY"])
    db.session.commit()
    world_award(w, "youth1")
    return {}


def _org_a_slug(w: World) -> str:
    return db.session.get_one(Organization, w.org_a).slug


URL_IDS = {"org_slug": _org_a_slug}

#: Everyone, signed in or not (tokens are not looked at on pages).
PUBLIC = (OK,) * 8
#: Whoever may see youth1: the youth, their linked family member, their staff, their admin.
VIEWERS = (LOGIN, OK, OK, DENY_404, OK, DENY_404, OK, DENY_404)
API = (UNAUTH_401,) * 8
#                  token_staff token_staff2 token_admin token_admin2
API_TOKENS = (OK, DENY_404, OK, DENY_404)

# fmt: off
MATRIX_ROWS: dict[Key, Row] = {
    # --- public documents (the first one makes the keys the later rows sign with) ------
    ("credentials.issuer", "GET", "/credentials/issuers/<slug:org_slug>"):
        Row(*PUBLIC, form=_ready),
    ("credentials.status_list", "GET", "/credentials/status/<slug:org_slug>"):
        Row(*PUBLIC, form=_ready),
    ("credentials.achievement", "GET", "/credentials/achievements/<badge_slug:badge_slug>"):
        Row(*PUBLIC),
    ("credentials.achievement_image", "GET",
     "/credentials/achievements/<badge_slug:badge_slug>/image.png"): Row(*PUBLIC),
    ("credentials.verify", "GET", "/credentials/verify"): Row(*PUBLIC),
    ("credentials.verify", "POST", "/credentials/verify"):
        Row(*PUBLIC, form=lambda w: {"credential": '{"not": "a credential"}'}),
    # --- downloads: VIEW_YOUTH on the award's youth ------------------------------------
    ("credentials.award_json", "GET", "/badges/awards/<int:award_id>/credential.json"):
        Row(*VIEWERS, form=_ready),
    ("credentials.award_png", "GET", "/badges/awards/<int:award_id>/badge.png"):
        Row(*VIEWERS, form=_ready),
    ("credentials.youth_clr", "GET", "/youth/<int:youth_id>/clr.json"):
        Row(*VIEWERS, form=_ready),
    # --- API ---------------------------------------------------------------------------
    ("api.AwardCredential", "GET", "/api/v1/badges/awards/<int:award_id>/credential"):
        Row(*API, tokens=API_TOKENS, json=_ready),
    ("api.YouthClr", "GET", "/api/v1/youth/<int:youth_id>/clr"):
        Row(*API, tokens=API_TOKENS, json=_ready),
    # Checking needs no token; a token that is sent must work.
    ("credentials_api.CredentialVerify", "POST", "/api/v1/credentials/verify"):
        Row(*PUBLIC, tokens=(OK, OK, OK, OK), json=lambda w: {"not": "a credential"}),
}
# fmt: on


# --- IDOR ----------------------------------------------------------------------------------


class _Nobody(tuple):  # type: ignore[type-arg]
    """``refused`` for a public route: nobody is refused. ``IdRoute`` reads an empty tuple as
    "use the default refusers", so this empty tuple is made to count as given."""

    def __bool__(self) -> bool:
        return True


NOBODY = _Nobody()


def _setup(w: World) -> None:
    _ready(w)


IN_SCOPE = {"org_slug": lambda w, actor: _org_a_slug(w)}
OTHER_ORG = {
    "org_slug": lambda w: [("no such organization (profiles are public)", MISSING_ORG)],
}
NONEXISTENT_BY_PARAM = {
    "org_slug": [("no such organization", MISSING_ORG), ("no such organization (digits)", "0")],
}
MISSING_BY_PARAM = {"org_slug": MISSING_ORG}

VIEWER_ROLES = ("youth", "family", "staff", "admin")
TOKENS = ("token_staff", "token_admin")

ID_ROUTES: dict[IdKey, IdRoute] = {
    ("credentials.issuer", "GET", "/credentials/issuers/<slug:org_slug>"): IdRoute(
        ("anonymous",), refused=NOBODY, setup=_setup
    ),
    ("credentials.status_list", "GET", "/credentials/status/<slug:org_slug>"): IdRoute(
        ("anonymous",), refused=NOBODY, setup=_setup
    ),
    (
        "credentials.achievement",
        "GET",
        "/credentials/achievements/<badge_slug:badge_slug>",
    ): IdRoute(("anonymous",), refused=NOBODY),
    (
        "credentials.achievement_image",
        "GET",
        "/credentials/achievements/<badge_slug:badge_slug>/image.png",
    ): IdRoute(("anonymous",), refused=NOBODY),
    ("credentials.award_json", "GET", "/badges/awards/<int:award_id>/credential.json"): IdRoute(
        VIEWER_ROLES, refused=("anonymous",), setup=_setup
    ),
    ("credentials.award_png", "GET", "/badges/awards/<int:award_id>/badge.png"): IdRoute(
        VIEWER_ROLES, refused=("anonymous",), setup=_setup
    ),
    ("credentials.youth_clr", "GET", "/youth/<int:youth_id>/clr.json"): IdRoute(
        VIEWER_ROLES, refused=("anonymous",), setup=_setup
    ),
    ("api.AwardCredential", "GET", "/api/v1/badges/awards/<int:award_id>/credential"): IdRoute(
        TOKENS, setup=_setup
    ),
    ("api.YouthClr", "GET", "/api/v1/youth/<int:youth_id>/clr"): IdRoute(TOKENS, setup=_setup),
}
