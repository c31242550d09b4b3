"""The access matrix: every route in ``app.url_map`` against every kind of actor.

``MATRIX`` declares, for each (endpoint, method, rule), the outcome each actor must get. A new
route without a row fails ``test_every_route_has_a_declared_expectation``, so nobody adds a page
without deciding who may open it.

Actors (columns of the matrix), in the world of ``tests.factories.make_world``:

* anonymous: nobody signed in;
* youth: youth1 (cohort 1), looking at their own record;
* family: family1, actively linked to youth1;
* family2: family2, linked to youth2 only (not to youth1);
* staff: staff1, assigned to cohort 1;
* staff2: staff2, assigned to cohort 2 of the same organization;
* admin: admin of organization A;
* admin2: admin of organization B;
* token_staff, token_staff2, token_admin, token_admin2: no session, only an
  ``Authorization: Bearer`` personal access token of staff1, staff2, admin A and admin B. On
  pages a token signs nobody in, so they fare as anonymous does unless a row says otherwise.

Ids in URLs point at organization A's things the "in scope" actors work with: youth_id and user_id
at youth1, cohort_id at cohort 1, guardianship_id at family1's link to youth1, program_id at
organization A's program, staff_id at staff1, token_id at staff1's token, cluster_id and soc_code
at the shared career catalog's cluster and occupation, attempt_id at youth1's unfinished
inventory attempt and slug at the world's inventory. GET is used for GET
routes and POST (CSRF is off in tests) for POST routes; a route with both gets both rows. Each
actor is one test with a world of its own, walking every row in the order declared.

Besides the status, every response is searched for the names and usernames of youth the actor
may not see: a list, page or JSON document that shows one fails as a leak.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from ccl_youth.accounts import services as accounts
from ccl_youth.accounts.models import ApiToken
from ccl_youth.core import secrets as sec
from ccl_youth.extensions import db
from tests.factories import (
    WORLD_ANSWERS,
    World,
    bearer,
    login_as,
    make_world,
    web_client,
    world_submission,
)
from tests.matrix import (
    ALLOW,
    DENY_403,
    DENY_404,
    LOGIN,
    OK,
    REDIRECT,
    SAVED,
    SEES,
    SESSION_ACTORS,
    SIGNED_OUT,
    TOKEN_ACTORS,
    UNAUTH_401,
    URL_IDS,
    Key,
    Row,
)
from tests.routes import collect


def _paper_sheet(w: World) -> dict[str, str]:
    """A complete paper sheet for the world's inventory."""
    answers = {f"answer-{key}": str(value) for key, value in WORLD_ANSWERS.items()}
    return {"instrument": w.instrument_slug, "submission_key": "sheet-from-the-matrix", **answers}


# fmt: off
MATRIX: dict[Key, Row] = {
    # --- accounts ----------------------------------------------------------------------
    #       anonymous youth     family    family2   staff     staff2    admin     admin2
    ("accounts.sign_in", "GET", "/signin"):
        Row(OK,       REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    ("accounts.sign_in", "POST", "/signin"):
        Row(OK,       REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    ("accounts.sign_out", "POST", "/signout"):
        Row(*[SIGNED_OUT] * 8),
    ("accounts.change_password", "GET", "/account/password"):
        Row(LOGIN,    OK,       OK,       OK,       OK,       OK,       OK,       OK),
    ("accounts.change_password", "POST", "/account/password"):
        Row(LOGIN,    ALLOW,    ALLOW,    ALLOW,    ALLOW,    ALLOW,    ALLOW,    ALLOW),
    ("accounts.join", "GET", "/join"):
        Row(OK,       REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    ("accounts.join", "POST", "/join"):
        Row(OK,       REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    ("accounts.tokens", "GET", "/account/tokens"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       OK,       OK,       OK),
    ("accounts.tokens", "POST", "/account/tokens"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    ALLOW,    ALLOW,    ALLOW,
            form=lambda w: {"name": "made by the matrix"}),
    # Only the owner may revoke a token, even an admin of the same organization may not.
    ("accounts.revoke_token", "POST", "/account/tokens/<int:token_id>/revoke"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    DENY_404, DENY_404, DENY_404),
    # --- home pages --------------------------------------------------------------------
    #       anonymous youth     family    family2   staff     staff2    admin     admin2
    ("home.index", "GET", "/"):
        Row(LOGIN,    REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    ("home.youth", "GET", "/youth"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("home.family", "GET", "/family"):
        Row(LOGIN,    DENY_403, OK,       OK,       DENY_403, DENY_403, DENY_403, DENY_403),
    ("home.staff", "GET", "/staff"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       OK,       DENY_403, DENY_403),
    ("home.admin", "GET", "/admin"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, OK,       OK),
    # --- public pages: About and credits, open to everyone -----------------------------
    ("pages.about", "GET", "/about"):
        Row(*[ALLOW] * 8),
    # --- rosters and youth records (staff and admins) ----------------------------------
    #       anonymous youth     family    family2   staff     staff2    admin     admin2
    ("roster.roster", "GET", "/roster"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       OK,       OK,       OK),
    ("roster.cohort", "GET", "/cohorts/<int:cohort_id>"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       DENY_404, OK,       DENY_404),
    ("roster.cohort_cards", "GET", "/cohorts/<int:cohort_id>/cards"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       DENY_404, OK,       DENY_404),
    ("roster.cohort_cards", "POST", "/cohorts/<int:cohort_id>/cards"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    DENY_404, ALLOW,    DENY_404,
            form=lambda w: {"credential": "pin"}),
    ("roster.new_youth", "GET", "/cohorts/<int:cohort_id>/youth/new"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       DENY_404, OK,       DENY_404),
    ("roster.new_youth", "POST", "/cohorts/<int:cohort_id>/youth/new"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    DENY_404, ALLOW,    DENY_404),
    ("roster.youth", "GET", "/youth/<int:youth_id>"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       DENY_404, OK,       DENY_404),
    ("roster.edit_youth", "GET", "/youth/<int:youth_id>/edit"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       DENY_404, OK,       DENY_404),
    ("roster.edit_youth", "POST", "/youth/<int:youth_id>/edit"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    DENY_404, ALLOW,    DENY_404),
    ("roster.reset_credentials", "POST", "/youth/<int:youth_id>/credentials"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    DENY_404, ALLOW,    DENY_404,
            form=lambda w: {"credential": "pin"}),
    ("roster.invite", "POST", "/youth/<int:youth_id>/invitations"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    DENY_404, ALLOW,    DENY_404,
            form=lambda w: {"relationship_label": "uncle"}),
    ("roster.record_consent", "POST", "/youth/<int:youth_id>/consent"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    DENY_404, ALLOW,    DENY_404,
            form=lambda w: {"state": "granted", "method": "paper_form"}),
    ("roster.revoke_guardianship", "POST", "/guardianships/<int:guardianship_id>/revoke"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, ALLOW,    DENY_404, ALLOW,    DENY_404),
    # --- family pages ------------------------------------------------------------------
    #       anonymous youth     family    family2   staff     staff2    admin     admin2
    ("family.youth", "GET", "/family/youth/<int:youth_id>"):
        Row(LOGIN,    DENY_403, OK,       DENY_404, DENY_403, DENY_403, DENY_403, DENY_403),
    ("family.link", "GET", "/family/link"):
        Row(LOGIN,    DENY_403, OK,       OK,       DENY_403, DENY_403, DENY_403, DENY_403),
    ("family.link", "POST", "/family/link"):
        Row(LOGIN,    DENY_403, ALLOW,    ALLOW,    DENY_403, DENY_403, DENY_403, DENY_403),
    # --- admin pages: each admin works in their own organization only ------------------
    #       anonymous youth     family    family2   staff     staff2    admin     admin2
    ("admin.programs", "GET", "/admin/programs"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, OK,       OK),
    ("admin.edit_program", "GET", "/admin/programs/new"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, OK,       OK),
    ("admin.edit_program", "POST", "/admin/programs/new"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, ALLOW,    ALLOW),
    ("admin.edit_program", "GET", "/admin/programs/<int:program_id>/edit"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, OK,       DENY_404),
    ("admin.edit_program", "POST", "/admin/programs/<int:program_id>/edit"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, ALLOW,    DENY_404),
    ("admin.cohorts", "GET", "/admin/cohorts"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, OK,       OK),
    ("admin.new_cohort", "GET", "/admin/cohorts/new"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, OK,       OK),
    ("admin.new_cohort", "POST", "/admin/cohorts/new"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, ALLOW,    ALLOW),
    ("admin.cohort", "GET", "/admin/cohorts/<int:cohort_id>"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, OK,       DENY_404),
    ("admin.cohort", "POST", "/admin/cohorts/<int:cohort_id>"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, ALLOW,    DENY_404),
    ("admin.assign_staff", "POST", "/admin/cohorts/<int:cohort_id>/staff"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, ALLOW,    DENY_404,
            form=lambda w: {"staff-person_id": str(w.staff2)}),
    ("admin.unassign_staff", "POST", "/admin/cohorts/<int:cohort_id>/staff/<int:staff_id>/remove"):  # noqa: E501
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, ALLOW,    DENY_404),
    ("admin.enroll_youth", "POST", "/admin/cohorts/<int:cohort_id>/youth"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, ALLOW,    DENY_404,
            form=lambda w: {"youth-person_id": str(w.youth2)}),
    ("admin.unenroll_youth", "POST", "/admin/cohorts/<int:cohort_id>/youth/<int:youth_id>/remove"):  # noqa: E501
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, ALLOW,    DENY_404),
    ("admin.staff", "GET", "/admin/staff"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, OK,       OK),
    ("admin.new_staff", "GET", "/admin/staff/new"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, OK,       OK),
    ("admin.new_staff", "POST", "/admin/staff/new"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, ALLOW,    ALLOW),
    ("admin.youth", "GET", "/admin/youth"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, OK,       OK),
    ("admin.new_youth", "GET", "/admin/youth/new"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, OK,       OK),
    ("admin.new_youth", "POST", "/admin/youth/new"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, ALLOW,    ALLOW),
    ("admin.families", "GET", "/admin/families"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, OK,       OK),
    ("admin.reset_password", "GET", "/admin/users/<int:user_id>/password"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, OK,       DENY_404),
    ("admin.reset_password", "POST", "/admin/users/<int:user_id>/password"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, ALLOW,    DENY_404),
    ("admin.set_active", "POST", "/admin/users/<int:user_id>/active"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, ALLOW,    DENY_404,
            form=lambda w: {"active": "0"}),
    # --- careers: the catalog for every signed-in role, saved careers for youth ---------
    #       anonymous youth     family    family2   staff     staff2    admin     admin2
    ("careers.index", "GET", "/careers"):
        Row(LOGIN,    OK,       OK,       OK,       OK,       OK,       OK,       OK),
    ("careers.cluster", "GET", "/careers/clusters/<int:cluster_id>"):
        Row(LOGIN,    OK,       OK,       OK,       OK,       OK,       OK,       OK),
    ("careers.occupation", "GET", "/careers/occupations/<soc:soc_code>"):
        Row(LOGIN,    OK,       OK,       OK,       OK,       OK,       OK,       OK),
    ("careers.favorite", "POST", "/careers/occupations/<soc:soc_code>/favorite"):
        Row(LOGIN,    REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("careers.favorites", "GET", "/careers/favorites"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("careers.unfavorite", "POST", "/careers/occupations/<soc:soc_code>/unfavorite"):
        Row(LOGIN,    REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    # --- inventories: youth take their own (attempt_id is youth1's unfinished attempt,
    # slug the world's inventory); staff and admins assign, follow and enter paper sheets ----
    #       anonymous youth     family    family2   staff     staff2    admin     admin2
    ("assessments.index", "GET", "/inventories"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("assessments.start", "POST", "/inventories/<slug:slug>/start"):
        Row(LOGIN,    REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("assessments.attempt", "GET", "/inventories/attempts/<int:attempt_id>"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("assessments.attempt", "POST", "/inventories/attempts/<int:attempt_id>"):
        Row(LOGIN,    REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403,
            form=lambda w: {"page": "1", "go": "next", "answer-r1": "1"}),
    ("assessments.answer", "POST", "/inventories/attempts/<int:attempt_id>/answer"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403,
            form=lambda w: {"item": "r1", "value": "2"}),
    ("assessments.finish", "POST", "/inventories/attempts/<int:attempt_id>/finish"):
        Row(LOGIN,    REDIRECT, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    # After the row above the attempt is finished, so its results are there to see.
    ("assessments.results", "GET", "/inventories/attempts/<int:attempt_id>/results"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("assessments.history", "GET", "/inventories/history"):
        Row(LOGIN,    OK,       DENY_403, DENY_403, DENY_403, DENY_403, DENY_403, DENY_403),
    ("assessments.cohort", "GET", "/cohorts/<int:cohort_id>/inventories"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       DENY_404, OK,       DENY_404),
    ("assessments.cohort", "POST", "/cohorts/<int:cohort_id>/inventories"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, REDIRECT, DENY_404, REDIRECT, DENY_404,
            form=lambda w: {"instrument": w.instrument_slug}),
    ("assessments.youth", "GET", "/youth/<int:youth_id>/inventories"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       DENY_404, OK,       DENY_404),
    ("assessments.paper", "GET", "/youth/<int:youth_id>/inventories/paper"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, OK,       DENY_404, OK,       DENY_404),
    ("assessments.paper", "POST", "/youth/<int:youth_id>/inventories/paper"):
        Row(LOGIN,    DENY_403, DENY_403, DENY_403, REDIRECT, DENY_404, REDIRECT, DENY_404,
            form=lambda w: _paper_sheet(w)),
    # --- JSON API: bearer tokens only, never the session cookie ------------------------
    #       anonymous youth     family    family2   staff     staff2    admin     admin2
    ("api-docs.openapi_json", "GET", "/api/v1/openapi.json"):
        Row(*[OK] * 8, tokens=(OK, OK, OK, OK)),
    ("health.Health", "GET", "/healthz"):
        Row(*[OK] * 8, tokens=(OK, OK, OK, OK)),
    ("api.Me", "GET", "/api/v1/me"):
        Row(*[UNAUTH_401] * 8, tokens=(OK, OK, OK, OK)),
    ("api.YouthList", "GET", "/api/v1/youth"):
        Row(*[UNAUTH_401] * 8, tokens=(OK, OK, OK, OK)),
    ("api.OccupationList", "GET", "/api/v1/occupations"):
        Row(*[UNAUTH_401] * 8, tokens=(OK, OK, OK, OK)),
    #                                   token_staff token_staff2 token_admin token_admin2
    ("api.YouthItem", "GET", "/api/v1/youth/<int:youth_id>"):
        Row(*[UNAUTH_401] * 8, tokens=(OK,      DENY_404,    OK,         DENY_404)),
    ("api.InstrumentList", "GET", "/api/v1/instruments"):
        Row(*[UNAUTH_401] * 8, tokens=(OK,      OK,          OK,         OK)),
    ("api.InstrumentItemView", "GET", "/api/v1/instruments/<int:instrument_id>"):
        Row(*[UNAUTH_401] * 8, tokens=(OK,      OK,          OK,         OK)),
    ("api.YouthAssessments", "GET", "/api/v1/youth/<int:youth_id>/assessments"):
        Row(*[UNAUTH_401] * 8, tokens=(OK,      DENY_404,    OK,         DENY_404)),
    ("api.YouthAssessments", "POST", "/api/v1/youth/<int:youth_id>/assessments"):
        Row(*[UNAUTH_401] * 8, tokens=(SAVED,   DENY_404,    SAVED,      DENY_404),
            json=world_submission),
    ("api.YouthMatches", "GET", "/api/v1/youth/<int:youth_id>/matches"):
        Row(*[UNAUTH_401] * 8, tokens=(OK,      DENY_404,    OK,         DENY_404)),
}
# fmt: on

_clashes = MATRIX.keys() & collect("MATRIX_ROWS").keys()
assert not _clashes, f"declared twice: {_clashes}"
MATRIX.update(collect("MATRIX_ROWS"))
URL_IDS.update(collect("URL_IDS"))

IGNORED_ENDPOINTS = {"static"}
IGNORED_METHODS = {"HEAD", "OPTIONS"}


# --- running a row -------------------------------------------------------------------------


def _routed(app: Flask) -> set[Key]:
    return {
        (rule.endpoint, method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in IGNORED_ENDPOINTS
        for method in (rule.methods or set()) - IGNORED_METHODS
    }


def _url(rule: str, world: World) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(URL_IDS[name](world))

    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", fill, rule)


def _request(app: Flask, world: World, actor: str, method: str, url: str, row: Row) -> TestResponse:
    client = web_client(app)
    headers: dict[str, str] = {}
    if actor in TOKEN_ACTORS:
        headers = bearer(world.secrets[TOKEN_ACTORS[actor]])
    elif (key := SESSION_ACTORS[actor]) is not None:
        login_as(client, world.user(key))
    data = row.form(world) if row.form is not None else None
    body = {"json": row.json(world)} if row.json is not None else {}
    return client.open(url, method=method, data=data, headers=headers, **body)


def _leaks(response: TestResponse, actor: str, world: World) -> list[str]:
    # Binary downloads (baked badge PNGs) are searched as text too: a name inside would leak.
    body = response.get_data().decode("utf-8", "replace")
    return [
        text
        for key, (name, username) in world.youth_names.items()
        if key not in SEES[actor]
        for text in (name, username)
        if text in body
    ]


def _describe(response: TestResponse) -> str:
    location = response.headers.get("Location")
    return f"{response.status_code}" + (f" → {location}" if location else "")


@pytest.fixture
def world(app: Flask) -> World:
    return make_world()


#: Bearer tokens are not looked at outside /api, so one token (the most powerful) walks every
#: row to show that; the others walk only the rows that declare token outcomes.
TOKENS_ON_EVERY_ROW = {"token_admin"}


def _rows_for(actor: str) -> list[Key]:
    if actor in TOKEN_ACTORS and actor not in TOKENS_ON_EVERY_ROW:
        return [key for key, row in MATRIX.items() if row.tokens is not None]
    return list(MATRIX)


@pytest.mark.parametrize("actor", [*SESSION_ACTORS, *TOKEN_ACTORS])
def test_access(app: Flask, world: World, actor: str) -> None:
    """One actor walks the rows in the order declared, in one world. The only things an actor
    is allowed to change (its own token, a link, a card, a deactivation) never take away its
    own access to a later row."""
    failures = []
    for key in _rows_for(actor):
        endpoint, method, rule = key
        row = MATRIX[key]
        url = _url(rule, world)
        expected = row.expected(actor)
        response = _request(app, world, actor, method, url, row)
        where = f"{method} {url} ({endpoint}) as {actor}"
        if not expected.matches(response):
            failures.append(f"{where}: expected {expected.label}, got {_describe(response)}")
        if leaked := _leaks(response, actor, world):
            failures.append(f"{where}: shows youth out of scope: {', '.join(leaked)}")
    assert not failures, f"{len(failures)} cells of the matrix differ:\n" + "\n".join(failures)


def test_every_route_has_a_declared_expectation(app: Flask) -> None:
    routed = _routed(app)
    missing = sorted(routed - MATRIX.keys())
    stale = sorted(MATRIX.keys() - routed)
    assert not missing, "routes with no row in MATRIX; declare who may use them:\n" + "\n".join(
        " ".join(key) for key in missing
    )
    assert not stale, "rows in MATRIX for routes that no longer exist:\n" + "\n".join(
        " ".join(key) for key in stale
    )
    params = {arg for rule in app.url_map.iter_rules() for arg in rule.arguments}
    unknown = params - URL_IDS.keys() - {"filename"}
    assert not unknown, f"URL parameters the matrix cannot fill (add them to URL_IDS): {unknown}"


# --- tokens that must not work -------------------------------------------------------------

API_RULES = sorted(
    (key[2], key[1]) for key, row in MATRIX.items() if row.anonymous is UNAUTH_401 and row.tokens
)


def test_api_refuses_unusable_tokens(app: Flask, world: World) -> None:
    """Revoked tokens, a deactivated owner's token, a token somehow held by a youth, made-up
    secrets and other schemes all get 401 on every authenticated API route."""
    accounts.revoke_api_token(db.session, world.user("admin_b"), world.token_ids["admin_b"])
    staff2 = world.user("staff2")
    accounts.set_active(db.session, world.user("admin_a"), staff2, False)
    youth_secret = sec.generate_api_token()
    db.session.add(
        ApiToken(
            user_id=world.youth1,
            name="should never work",
            token_hash=sec.sha256_hex(youth_secret),
            prefix=youth_secret[:10],
        )
    )
    db.session.commit()
    assert world.user("staff2").is_active is False
    headers = {
        "revoked token": bearer(world.secrets["admin_b"]),
        "deactivated owner": bearer(world.secrets["staff2"]),
        "youth's token": bearer(youth_secret),
        "made-up secret": bearer("ccl_" + "x" * 40),
        "no ccl_ prefix": bearer(world.secrets["admin_a"][4:]),
        "basic scheme": {"Authorization": f"Basic {world.secrets['admin_a']}"},
        "bare secret": {"Authorization": world.secrets["admin_a"]},
        "empty bearer": {"Authorization": "Bearer "},
    }
    failures = []
    for rule, method in API_RULES:
        url = _url(rule, world)
        for label, header in headers.items():
            response = web_client(app).open(url, method=method, headers=header)
            if response.status_code != 401:
                failures.append(
                    f"{method} {url} with {label}: expected 401, got {response.status_code}"
                )
    assert not failures, "\n".join(failures)
    # The admin's own token still works: the refusals above are about the tokens themselves.
    assert (
        web_client(app).get("/api/v1/me", headers=bearer(world.secrets["admin_a"])).status_code
        == 200
    )
