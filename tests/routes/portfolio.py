"""Access matrix rows and IDOR probes for the portfolio: the youth's own pages (arrange, print,
PDF, CLR, share links), the readers' pages of a youth, the family's share-link page, the
public page of a link and the API.

The world has no links: ``_link_of`` adds one for a youth the first time it is asked (youth1's
for ``link_id``, the classmate's for ``share_token`` in the matrix), with a token made from the
youth's id, and records guardian consent for that youth (the world's youth
have no birth date, so count as under 13; without consent their links would not open). A link
token is a capability, like a supervisor's evaluation link: whoever holds it reads the page,
so "another organization's" token is org B's with one character changed (a token of nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.db import utcnow
from ccl_youth.extensions import db
from ccl_youth.portfolio.models import ShareLink
from ccl_youth.portfolio.sharing import token_hash
from tests.factories import World
from tests.idor import IdRoute, Ids
from tests.idor import Key as IdKey
from tests.matrix import (
    ALLOW,
    DENY_403,
    DENY_404,
    LOGIN,
    OK,
    REDIRECT,
    UNAUTH_401,
    Key,
    Row,
)

MISSING_TOKEN = "A" * 43


def _token(youth_id: int) -> str:
    return f"tok{youth_id:040d}"


def _tampered(token: str) -> str:
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def _link_of(youth_id: int) -> int:
    """The id of the youth's probe link (added the first time, with consent recorded)."""
    token = _token(youth_id)
    link = db.session.scalar(select(ShareLink).where(ShareLink.token_hash == token_hash(token)))
    if link is None:
        youth = db.session.get(User, youth_id)
        assert youth is not None
        profile = db.session.get(YouthProfile, youth_id)
        assert profile is not None
        profile.consent_state = "granted"
        link = ShareLink(
            organization_id=youth.organization_id,
            youth_id=youth_id,
            token_hash=token_hash(token),
            sections="about,goals",
            expires_dt=utcnow() + timedelta(days=30),
            created_by_id=youth_id,
        )
        db.session.add(link)
        db.session.commit()
    return link.id


def _shared_token(youth_id: int) -> str:
    _link_of(youth_id)
    return _token(youth_id)


def _links_to_probe(w: World) -> None:
    for youth_id in (w.youth1, w.classmate, w.youth2, w.youth_b):
        _link_of(youth_id)


def _sections(w: World) -> dict[str, str]:
    return {"sections-0-kind": "goals", "sections-0-position": "1", "sections-0-shown": "y"}


def _share(w: World) -> dict[str, str]:
    day = (utcnow() + timedelta(days=10)).date().isoformat()
    return {"sections": "goals", "expires_on": day, "label": "From the probes"}


URL_IDS: dict[str, Callable[[World], int | str]] = {
    "link_id": lambda w: _link_of(w.youth1),
    # The classmate's link: earlier rows revoke youth1's link and turn youth1's account off.
    "share_token": lambda w: _shared_token(w.classmate),
}
IN_SCOPE: dict[str, Callable[[World, str], int | str]] = {
    "link_id": lambda w, actor: _link_of(w.youth1),
    "share_token": lambda w, actor: _shared_token(w.youth1),
}
OTHER_ORG: dict[str, Callable[[World], Ids]] = {
    "link_id": lambda w: [("org B youth's link", _link_of(w.youth_b))],
    "share_token": lambda w: [
        ("org B's link with one character changed", _tampered(_shared_token(w.youth_b))),
        ("org A's link with one character changed", _tampered(_shared_token(w.youth1))),
    ],
}
SAME_ORG: dict[tuple[str, str], Callable[[World], Ids]] = {
    ("link_id", "youth"): lambda w: [("the classmate's link", _link_of(w.classmate))],
    # Under youth1's address, another youth's link is not found.
    ("link_id", "family"): lambda w: [
        ("the classmate's link", _link_of(w.classmate)),
        ("youth2's link", _link_of(w.youth2)),
    ],
}
NONEXISTENT_BY_PARAM: dict[str, Ids] = {
    "share_token": [("no such link", MISSING_TOKEN), ("no such link (dashes)", "-" * 43)],
}
MISSING_BY_PARAM: dict[str, int | str] = {"share_token": MISSING_TOKEN}

YOUTH_GET = (LOGIN, OK, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403)
YOUTH_POST = (LOGIN, REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403)
READERS = (LOGIN, DENY_403, OK, DENY_404, OK, DENY_404, OK, DENY_404)

# fmt: off
MATRIX_ROWS: dict[Key, Row] = {
    #       anonymous youth     family    family2   staff     staff2    admin     admin2
    ("portfolio.mine", "GET", "/my/portfolio"): Row(*YOUTH_GET),
    ("portfolio.about", "POST", "/my/portfolio/about"):
        Row(*YOUTH_POST, form=lambda w: {"headline": "From the matrix"}),
    ("portfolio.sections", "POST", "/my/portfolio/sections"): Row(*YOUTH_POST, form=_sections),
    # Without a section the records page sends the youth back to the portfolio.
    ("portfolio.items", "GET", "/my/portfolio/items"): Row(*YOUTH_POST),
    ("portfolio.items", "POST", "/my/portfolio/items"):
        Row(*YOUTH_POST, form=lambda w: {"section": "goals"}),
    ("portfolio.print_mine", "GET", "/my/portfolio/print"): Row(*YOUTH_GET),
    ("portfolio.pdf_mine", "GET", "/my/portfolio.pdf"): Row(*YOUTH_GET),
    ("portfolio.clr_mine", "GET", "/my/portfolio/clr.json"): Row(*YOUTH_GET),
    ("portfolio.youth_portfolio", "GET", "/youth/<int:youth_id>/portfolio"): Row(*READERS),
    ("portfolio.youth_pdf", "GET", "/youth/<int:youth_id>/portfolio.pdf"): Row(*READERS),
    ("portfolio.shares_mine", "GET", "/my/portfolio/shares"): Row(*YOUTH_GET),
    # A new link (200) or a refusal as a form error (400): youth1's consent decides.
    ("portfolio.shares_mine", "POST", "/my/portfolio/shares"):
        Row(LOGIN,    ALLOW,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403,
            form=_share),
    ("portfolio.revoke_mine", "POST", "/my/portfolio/shares/<int:link_id>/revoke"):
        Row(*YOUTH_POST),
    ("portfolio.shares_family", "GET", "/youth/<int:youth_id>/portfolio/shares"):
        Row(LOGIN,    DENY_403, OK,       DENY_404, DENY_403, DENY_403, DENY_403, DENY_403),
    ("portfolio.shares_family", "POST", "/youth/<int:youth_id>/portfolio/shares"):
        Row(LOGIN,    DENY_403, ALLOW,    DENY_404, DENY_403, DENY_403, DENY_403, DENY_403,
            form=_share),
    ("portfolio.revoke_family", "POST",
     "/youth/<int:youth_id>/portfolio/shares/<int:link_id>/revoke"):
        Row(LOGIN,    DENY_403, REDIRECT, DENY_404, DENY_403, DENY_403, DENY_403, DENY_403),
    # Whoever holds the link reads it, signed in or not.
    ("portfolio.shared", "GET", "/s/<share_token>"):
        Row(OK,       OK,       OK,       OK,       OK,       OK,       OK,       OK,
            tokens=(OK, OK, OK, OK)),
    ("api.YouthPortfolio", "GET", "/api/v1/youth/<int:youth_id>/portfolio"):
        Row(*[UNAUTH_401] * 8, tokens=(OK,      DENY_404,    OK,         DENY_404)),
}
# fmt: on

FAMILY = ("family",)
REFUSED_FAMILY = ("anonymous", "staff")
EVERYONE = ("anonymous", "youth", "family", "staff", "admin")

ID_ROUTES: dict[IdKey, IdRoute] = {
    ("portfolio.youth_portfolio", "GET", "/youth/<int:youth_id>/portfolio"): IdRoute(
        ("staff", "admin", "family"), refused=("anonymous", "youth")
    ),
    ("portfolio.youth_pdf", "GET", "/youth/<int:youth_id>/portfolio.pdf"): IdRoute(
        ("staff", "admin", "family"), refused=("anonymous", "youth")
    ),
    ("portfolio.revoke_mine", "POST", "/my/portfolio/shares/<int:link_id>/revoke"): IdRoute(
        ("youth",), setup=_links_to_probe
    ),
    ("portfolio.shares_family", "GET", "/youth/<int:youth_id>/portfolio/shares"): IdRoute(
        FAMILY, refused=REFUSED_FAMILY, setup=_links_to_probe
    ),
    ("portfolio.shares_family", "POST", "/youth/<int:youth_id>/portfolio/shares"): IdRoute(
        FAMILY, form=_share, refused=REFUSED_FAMILY, setup=_links_to_probe
    ),
    (
        "portfolio.revoke_family",
        "POST",
        "/youth/<int:youth_id>/portfolio/shares/<int:link_id>/revoke",
    ): IdRoute(FAMILY, refused=REFUSED_FAMILY, setup=_links_to_probe),
    ("portfolio.shared", "GET", "/s/<share_token>"): IdRoute(
        EVERYONE, refused=(), setup=_links_to_probe
    ),
    ("api.YouthPortfolio", "GET", "/api/v1/youth/<int:youth_id>/portfolio"): IdRoute(
        ("token_staff", "token_admin")
    ),
}
