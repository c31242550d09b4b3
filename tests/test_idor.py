"""IDOR probes: every route that takes an id, asked about ids the actor must not reach.

For each route with an id in its path (``ID_ROUTES``; a new one without a declaration fails
``test_every_route_with_an_id_is_probed``) and each actor who may use it on its own records:

* the id of another organization's object, of a same-organization object outside the actor's
  scope, and of no object at all must give 404 (existence is not revealed) and change nothing
  in the database, however complete the form sent with it;
* actors who may not use the route learn nothing by trying ids: the same status for an id in
  someone's scope, another organization's id and an id that does not exist;
* the same request with the in-scope id does work (200, or a change in the database for a
  POST), so the "nothing changed" checks above are not vacuous.

Then: malformed ids are 404, ids in form fields cannot reach another organization, searches
never find another organization's youth, and links that should not exist across organizations
(crafted straight into the database) still do not open another organization's records.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.exceptions import NotFound
from werkzeug.test import TestResponse

from ccl_youth.accounts.models import Guardianship
from ccl_youth.assessments.models import AssessmentAttempt
from ccl_youth.careers.models import FavoriteOccupation
from ccl_youth.core.roles import GuardianshipStatus
from ccl_youth.db import Base
from ccl_youth.extensions import db
from ccl_youth.programs.models import Enrollment, StaffAssignment
from tests.factories import (
    WORLD_ANSWERS,
    World,
    bearer,
    login_as,
    make_world,
    web_client,
    world_submission,
)
from tests.idor import (
    ACTORS,
    EVERY_ROLE,
    IN_SCOPE,
    MISSING_BY_PARAM,
    MISSING_ID,
    NONEXISTENT,
    NONEXISTENT_BY_PARAM,
    OTHER_ORG,
    SAME_ORG,
    STAFF_AND_ADMIN,
    IdRoute,
    Key,
)
from tests.routes import collect


def _youth_form(w: World) -> dict[str, str]:
    return {"display_name": "Renamed By Probe", "grade": "3", "preferred_language": "es"}


def _youth1_saved_the_occupation(w: World) -> None:
    db.session.add(FavoriteOccupation(youth_id=w.youth1, occupation_id=w.occupation))
    db.session.commit()


def _youth1_finished_the_inventory(w: World) -> None:
    """So that starting it again makes a new attempt (the control's change)."""
    attempt = db.session.get_one(AssessmentAttempt, w.attempt)
    attempt.status = "completed"
    db.session.commit()


def _paper_sheet(w: World) -> dict[str, str]:
    answers = {f"answer-{key}": str(value) for key, value in WORLD_ANSWERS.items()}
    return {"instrument": w.instrument_slug, "submission_key": "sheet-from-the-probes", **answers}


ID_ROUTES: dict[Key, IdRoute] = {
    ("accounts.revoke_token", "POST", "/account/tokens/<int:token_id>/revoke"): IdRoute(
        STAFF_AND_ADMIN
    ),
    ("roster.cohort", "GET", "/cohorts/<int:cohort_id>"): IdRoute(STAFF_AND_ADMIN),
    ("roster.cohort_cards", "GET", "/cohorts/<int:cohort_id>/cards"): IdRoute(STAFF_AND_ADMIN),
    ("roster.cohort_cards", "POST", "/cohorts/<int:cohort_id>/cards"): IdRoute(
        STAFF_AND_ADMIN, form=lambda w: {"credential": "pin"}
    ),
    ("roster.new_youth", "GET", "/cohorts/<int:cohort_id>/youth/new"): IdRoute(STAFF_AND_ADMIN),
    ("roster.new_youth", "POST", "/cohorts/<int:cohort_id>/youth/new"): IdRoute(
        STAFF_AND_ADMIN, form=lambda w: {**_youth_form(w), "credential": "pin"}
    ),
    ("roster.youth", "GET", "/youth/<int:youth_id>"): IdRoute(STAFF_AND_ADMIN),
    ("roster.edit_youth", "GET", "/youth/<int:youth_id>/edit"): IdRoute(STAFF_AND_ADMIN),
    ("roster.edit_youth", "POST", "/youth/<int:youth_id>/edit"): IdRoute(
        STAFF_AND_ADMIN, form=_youth_form
    ),
    ("roster.reset_credentials", "POST", "/youth/<int:youth_id>/credentials"): IdRoute(
        STAFF_AND_ADMIN, form=lambda w: {"credential": "pin"}
    ),
    ("roster.invite", "POST", "/youth/<int:youth_id>/invitations"): IdRoute(
        STAFF_AND_ADMIN, form=lambda w: {"relationship_label": "neighbour"}
    ),
    ("roster.record_consent", "POST", "/youth/<int:youth_id>/consent"): IdRoute(
        STAFF_AND_ADMIN, form=lambda w: {"state": "withdrawn", "method": "paper_form"}
    ),
    ("roster.revoke_guardianship", "POST", "/guardianships/<int:guardianship_id>/revoke"): IdRoute(
        STAFF_AND_ADMIN
    ),
    ("family.youth", "GET", "/family/youth/<int:youth_id>"): IdRoute(("family",)),
    ("admin.edit_program", "GET", "/admin/programs/<int:program_id>/edit"): IdRoute(("admin",)),
    ("admin.edit_program", "POST", "/admin/programs/<int:program_id>/edit"): IdRoute(
        ("admin",), form=lambda w: {"name": "Renamed Program", "kind": "camp"}
    ),
    ("admin.cohort", "GET", "/admin/cohorts/<int:cohort_id>"): IdRoute(("admin",)),
    ("admin.cohort", "POST", "/admin/cohorts/<int:cohort_id>"): IdRoute(
        ("admin",),
        form=lambda w: {"name": "Renamed Cohort", "program_id": str(w.program_a)},
    ),
    ("admin.assign_staff", "POST", "/admin/cohorts/<int:cohort_id>/staff"): IdRoute(
        ("admin",), form=lambda w: {"staff-person_id": str(w.staff2)}
    ),
    ("admin.enroll_youth", "POST", "/admin/cohorts/<int:cohort_id>/youth"): IdRoute(
        ("admin",), form=lambda w: {"youth-person_id": str(w.youth2)}
    ),
    (
        "admin.unassign_staff",
        "POST",
        "/admin/cohorts/<int:cohort_id>/staff/<int:staff_id>/remove",
    ): IdRoute(("admin",)),
    (
        "admin.unenroll_youth",
        "POST",
        "/admin/cohorts/<int:cohort_id>/youth/<int:youth_id>/remove",
    ): IdRoute(
        ("admin",),
        combos=lambda w: [
            ("youth2, not in cohort 1", {"youth_id": w.youth2}),
            ("org B's youth in cohort 2", {"cohort_id": w.cohort2, "youth_id": w.youth_b}),
        ],
    ),
    ("admin.reset_password", "GET", "/admin/users/<int:user_id>/password"): IdRoute(("admin",)),
    ("admin.reset_password", "POST", "/admin/users/<int:user_id>/password"): IdRoute(
        ("admin",), form=lambda w: {"new_password": "a-whole-new-password-9"}
    ),
    ("admin.set_active", "POST", "/admin/users/<int:user_id>/active"): IdRoute(
        ("admin",), form=lambda w: {"active": "0"}
    ),
    ("api.YouthItem", "GET", "/api/v1/youth/<int:youth_id>"): IdRoute(
        ("token_staff", "token_admin")
    ),
    ("api.YouthAssessments", "GET", "/api/v1/youth/<int:youth_id>/assessments"): IdRoute(
        ("token_staff", "token_admin")
    ),
    ("api.YouthAssessments", "POST", "/api/v1/youth/<int:youth_id>/assessments"): IdRoute(
        ("token_staff", "token_admin"), json=world_submission
    ),
    ("api.YouthMatches", "GET", "/api/v1/youth/<int:youth_id>/matches"): IdRoute(
        ("token_staff", "token_admin")
    ),
    ("api.InstrumentItemView", "GET", "/api/v1/instruments/<int:instrument_id>"): IdRoute(
        ("token_staff", "token_admin"), refused=("anonymous",)
    ),
    # The career catalog is open to every signed-in role; saved careers belong to the youth
    # signed in, so a code never reaches another youth's.
    ("careers.cluster", "GET", "/careers/clusters/<int:cluster_id>"): IdRoute(
        EVERY_ROLE, refused=("anonymous",)
    ),
    ("careers.occupation", "GET", "/careers/occupations/<soc:soc_code>"): IdRoute(
        EVERY_ROLE, refused=("anonymous",)
    ),
    ("careers.favorite", "POST", "/careers/occupations/<soc:soc_code>/favorite"): IdRoute(
        ("youth",)
    ),
    ("careers.unfavorite", "POST", "/careers/occupations/<soc:soc_code>/unfavorite"): IdRoute(
        ("youth",), setup=_youth1_saved_the_occupation
    ),
    # Inventories: a youth only ever reaches their own attempts; staff and admins reach the
    # cohorts and youth in their scope. Instruments are shared, so a slug is never "another
    # organization's": the stand-in is a slug of nothing.
    ("assessments.start", "POST", "/inventories/<slug:slug>/start"): IdRoute(
        ("youth",), setup=_youth1_finished_the_inventory
    ),
    ("assessments.attempt", "GET", "/inventories/attempts/<int:attempt_id>"): IdRoute(("youth",)),
    ("assessments.attempt", "POST", "/inventories/attempts/<int:attempt_id>"): IdRoute(
        ("youth",), form=lambda w: {"page": "1", "go": "next", "answer-r1": "1"}
    ),
    ("assessments.answer", "POST", "/inventories/attempts/<int:attempt_id>/answer"): IdRoute(
        ("youth",), form=lambda w: {"item": "r1", "value": "1"}
    ),
    ("assessments.finish", "POST", "/inventories/attempts/<int:attempt_id>/finish"): IdRoute(
        ("youth",)
    ),
    ("assessments.results", "GET", "/inventories/attempts/<int:attempt_id>/results"): IdRoute(
        ("youth",)
    ),
    ("assessments.cohort", "GET", "/cohorts/<int:cohort_id>/inventories"): IdRoute(STAFF_AND_ADMIN),
    ("assessments.cohort", "POST", "/cohorts/<int:cohort_id>/inventories"): IdRoute(
        STAFF_AND_ADMIN, form=lambda w: {"instrument": w.instrument_slug}
    ),
    ("assessments.youth", "GET", "/youth/<int:youth_id>/inventories"): IdRoute(STAFF_AND_ADMIN),
    ("assessments.paper", "GET", "/youth/<int:youth_id>/inventories/paper"): IdRoute(
        STAFF_AND_ADMIN
    ),
    ("assessments.paper", "POST", "/youth/<int:youth_id>/inventories/paper"): IdRoute(
        STAFF_AND_ADMIN, form=_paper_sheet
    ),
}

for _table, _name in (
    (ID_ROUTES, "ID_ROUTES"),
    (IN_SCOPE, "IN_SCOPE"),
    (OTHER_ORG, "OTHER_ORG"),
    (SAME_ORG, "SAME_ORG"),
    (NONEXISTENT_BY_PARAM, "NONEXISTENT_BY_PARAM"),
    (MISSING_BY_PARAM, "MISSING_BY_PARAM"),
):
    _more = collect(_name)
    assert not _table.keys() & _more.keys(), f"{_name} declared twice: {_table.keys() & _more}"
    _table.update(_more)


# --- helpers -------------------------------------------------------------------------------


def _client(app: Flask, world: World, actor: str) -> tuple[FlaskClient, dict[str, str]]:
    client = web_client(app)
    kind, key = ACTORS[actor]
    if kind == "token":
        assert key is not None
        return client, bearer(world.secrets[key])
    if key is not None:
        login_as(client, world.user(key))
    return client, {}


class Actors:
    """One signed-in client per actor, reused for a test's requests (each request still gets
    an app context and database session of its own)."""

    def __init__(self, app: Flask, world: World) -> None:
        self.app, self.world = app, world
        self.clients: dict[str, tuple[FlaskClient, dict[str, str]]] = {}

    def send(
        self,
        actor: str,
        method: str,
        url: str,
        form: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> TestResponse:
        if actor not in self.clients:
            self.clients[actor] = _client(self.app, self.world, actor)
        client, headers = self.clients[actor]
        return client.open(url, method=method, data=form, headers=headers, **kwargs)


def _refusal(response: TestResponse) -> str | None:
    """How a request was refused ("401", "403", "404", "sign in"), or None if it was not."""
    if response.status_code in (401, 403, 404):
        return str(response.status_code)
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location.split("?")[0].endswith("/signin"):
        return "sign in"
    return None


def _url(rule: str, ids: dict[str, Any]) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: str(ids[m.group(1)]), rule)


def _params(rule: str) -> list[str]:
    return re.findall(r"<(?:[^:<>]+:)?([^<>]+)>", rule)


#: What a request may never change, whatever happened to it (the audit trail and a token's
#: last-used time change on any authenticated request).
IGNORED_TABLES = {"audit_event"}
IGNORED_COLUMNS = {("api_token", "last_used_dt")}


def db_state() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (bar the audit trail), read through a fresh connection."""
    state = {}
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in IGNORED_TABLES:
                continue
            columns = [c for c in table.columns if (table.name, c.name) not in IGNORED_COLUMNS]
            rows = connection.execute(select(*columns)).all()
            state[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return state


def describe_change(before: dict[str, list[Any]], after: dict[str, list[Any]]) -> str:
    changes = []
    for table in before:
        gone = [row for row in before[table] if row not in after[table]]
        new = [row for row in after[table] if row not in before[table]]
        if gone or new:
            changes.append(f"{table}: -{gone} +{new}")
    return "; ".join(changes)


@pytest.fixture
def world(app: Flask) -> World:
    built = make_world()
    # family1 also has a revoked link to the classmate and an invitation to youth2 that was
    # never accepted: neither lets them in.
    db.session.add_all(
        [
            Guardianship(
                youth_id=built.classmate,
                family_id=built.family1,
                status=GuardianshipStatus.REVOKED.value,
            ),
            Guardianship(
                youth_id=built.youth2,
                family_id=built.family1,
                status=GuardianshipStatus.INVITED.value,
            ),
        ]
    )
    db.session.commit()
    return built


# --- the probes ----------------------------------------------------------------------------


def _probes(route: IdRoute, rule: str, world: World, actor: str) -> list[tuple[str, dict]]:
    """(label, ids) to try: each parameter in turn replaced by each out-of-scope id, the rest
    left in scope; every parameter from the other organization at once; the route's combos."""
    params = _params(rule)
    base = {p: IN_SCOPE[p](world, actor) for p in params}
    probes = []
    for param in params:
        candidates = OTHER_ORG[param](world) + SAME_ORG.get((param, actor), lambda w: [])(world)
        for label, value in candidates + NONEXISTENT_BY_PARAM.get(param, NONEXISTENT):
            probes.append((f"{param} = {label}", {**base, param: value}))
    if len(params) > 1:
        probes.append(("everything from org B", {p: OTHER_ORG[p](world)[0][1] for p in params}))
    if route.combos is not None:
        probes += [(label, {**base, **ids}) for label, ids in route.combos(world)]
    return probes


#: Who tries ids on a route they may not use at all: besides anonymous, one signed-in actor
#: of a role the route refuses (an actor of an allowed role but another scope is already
#: covered by the probes: the ids in its scope are "out of scope" for the route's actors).
REFUSED_ROLE = {
    "staff": "family",
    "admin": "staff",
    "family": "admin",
    "youth": "staff",
    "token_staff": "staff",
}


@pytest.mark.parametrize("key", sorted(ID_ROUTES), ids=lambda key: " ".join(key))
def test_out_of_scope_ids_are_not_found_and_change_nothing(
    app: Flask, world: World, key: Key
) -> None:
    endpoint, method, rule = key
    route = ID_ROUTES[key]
    form = route.form(world) if route.form is not None else None
    body = {"json": route.json(world)} if route.json is not None else {}
    if route.setup is not None:
        route.setup(world)
    actors = Actors(app, world)
    failures = []
    start = db_state()

    def unchanged(where: str) -> None:
        if method != "GET" and (now := db_state()) != start:
            failures.append(f"{where}: changed {describe_change(start, now)}")

    # Actors who may use the route: out-of-scope ids are 404 and change nothing.
    for actor in route.actors:
        for label, ids in _probes(route, rule, world, actor):
            url = _url(rule, ids)
            response = actors.send(actor, method, url, form, **body)
            where = f"{method} {url} ({endpoint}) as {actor}, {label}"
            if response.status_code != 404:
                failures.append(f"{where}: expected 404, got {response.status_code}")
            unchanged(where)

    # Actors who may not use the route learn nothing from the id: one refusal for every id.
    in_scope = {p: IN_SCOPE[p](world, route.actors[0]) for p in _params(rule)}
    tries = {
        "org A's id": in_scope,
        "org B's id": {p: OTHER_ORG[p](world)[0][1] for p in _params(rule)},
        "no such id": {p: MISSING_BY_PARAM.get(p, MISSING_ID) for p in _params(rule)},
    }
    refused = (
        route.refused if route.refused is not None else ("anonymous", REFUSED_ROLE[route.actors[0]])
    )
    for actor in refused:
        outcomes = {
            label: _refusal(actors.send(actor, method, _url(rule, ids), form, **body))
            for label, ids in tries.items()
        }
        if len(set(outcomes.values())) != 1 or None in outcomes.values():
            failures.append(f"{method} {rule} ({endpoint}) as {actor}: {outcomes}")
        unchanged(f"{method} {rule} ({endpoint}) as {actor}")
    assert not failures, f"{len(failures)} probes failed:\n" + "\n".join(failures)

    # Control: the same request with the in-scope ids works, so the checks above can fail.
    actor = route.actors[0]
    response = actors.send(actor, method, _url(rule, in_scope), form, **body)
    assert response.status_code in (200, 201, 302), f"control as {actor}: {response.status_code}"
    if method != "GET":
        assert db_state() != start, f"control {method} {rule} as {actor} changed nothing"


def test_every_route_with_an_id_is_probed(app: Flask) -> None:
    routed = {
        (rule.endpoint, method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.arguments - {"filename"}
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }
    missing = sorted(routed - ID_ROUTES.keys())
    stale = sorted(ID_ROUTES.keys() - routed)
    assert not missing, "routes with ids and no IDOR probes; add them to ID_ROUTES:\n" + "\n".join(
        " ".join(key) for key in missing
    )
    assert not stale, "ID_ROUTES rows for routes that no longer exist: " + str(stale)
    params = {p for key in routed for p in _params(key[2])}
    assert params <= OTHER_ORG.keys() <= IN_SCOPE.keys(), params - OTHER_ORG.keys()


# --- malformed ids -------------------------------------------------------------------------

MALFORMED = [
    "abc",
    "-1",
    "0",
    "1.5",
    "+1",
    "1abc",
    " 1",
    "0x10",
    "1e3",
    "\u0663",  # ARABIC-INDIC DIGIT THREE
    str(2**31),  # one past the largest id the database holds
    "99999999999999999999",
]


#: A slug is a name, not an id: "abc" or "0" is a well-formed slug (of nothing), and these are
#: values no content slug can be (lowercase ASCII letters, digits and hyphens, at most 40).
MALFORMED_SLUGS = ["ABC", "-abc", "a_b", "a b", "a.b", "\u00e9t\u00e9", "x" * 41, "%20abc"]


def test_malformed_ids_match_no_route(app: Flask) -> None:
    """Every id parameter of every route, each malformed value: the router finds no route, so
    the answer is a 404 before any view or query runs. Slugs have malformed values of their
    own."""
    adapter = app.url_map.bind("localhost")
    matched = []
    for rule in app.url_map.iter_rules():
        # A share token is not an id: the share page answers any value that is not a live
        # token with its own plain, unindexed 404 (tests/portfolio/test_sharing.py).
        params = sorted(rule.arguments - {"filename", "share_token"})
        for param in params:
            for bad in MALFORMED_SLUGS if param == "slug" or param.endswith("_slug") else MALFORMED:
                url = _url(rule.rule, {**dict.fromkeys(params, 1), param: bad})
                for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                    try:
                        endpoint, _args = adapter.match(url, method)
                    except NotFound:
                        continue
                    matched.append(f"{method} {url!r} -> {endpoint}")
    assert not matched, "\n".join(matched)


def test_malformed_ids_are_not_found(app: Flask, world: World) -> None:
    actors = Actors(app, world)
    for actor in ("anonymous", "staff", "admin", "family"):
        for url in (
            "/youth/abc",
            "/youth/-1",
            "/youth/99999999999999999999",
            "/family/youth/abc",
            "/cohorts/-1",
            "/admin/users/0/password",
        ):
            assert actors.send(actor, "GET", url).status_code == 404, (actor, url)
    for url in ("/api/v1/youth/abc", "/api/v1/youth/-1", "/api/v1/youth/99999999999999999999"):
        response = actors.send("token_admin", "GET", url)
        assert response.status_code == 404
        assert response.is_json


def test_malformed_page_numbers_are_ignored(app: Flask, world: World) -> None:
    """Paged lists read ?page= leniently (a bad one means page 1); the API refuses it (422).
    Neither ever fails: "²" passes str.isdigit() but not int(), and a huge page overflows
    the OFFSET."""
    actors = Actors(app, world)
    bad_pages = ["\u00b2", "\u0663", "99999999999999999999", "9" * 5000, "-1", "0", "abc", ""]
    pages = {
        "staff": ["/roster", f"/cohorts/{world.cohort1}"],
        "admin": ["/roster", "/admin/youth"],
    }
    failures = []
    for actor, urls in pages.items():
        for url in urls:
            for page in bad_pages:
                response = actors.send(actor, "GET", url, query_string={"page": page})
                if response.status_code != 200:
                    failures.append(
                        f"GET {url}?page={page[:20]} as {actor}: {response.status_code}"
                    )
    # marshmallow's Integer reads any script's digits (?page=٣ is page 3): harmless, left out.
    for page in [page for page in bad_pages if page != "\u0663"]:
        response = actors.send("token_admin", "GET", "/api/v1/youth", query_string={"page": page})
        if response.status_code != 422 or not response.is_json:
            failures.append(f"GET /api/v1/youth?page={page[:20]}: {response.status_code}")
    assert not failures, "\n".join(failures)


# --- ids in form fields --------------------------------------------------------------------


def test_form_fields_cannot_reach_another_organization(app: Flask, world: World) -> None:
    """Admins pick people, programs and cohorts by id in forms: another organization's ids (or
    the wrong kind of account) are refused as form errors and change nothing."""
    youth_form = {**_youth_form(world), "credential": "pin"}
    actors = Actors(app, world)
    cases = [
        ("/admin/cohorts/{c}/staff", {"staff-person_id": world.staff_b}, 400),
        ("/admin/cohorts/{c}/staff", {"staff-person_id": world.youth1}, 400),
        ("/admin/cohorts/{c}/staff", {"staff-person_id": MISSING_ID}, 400),
        ("/admin/cohorts/{c}/staff", {}, 400),  # nobody picked
        ("/admin/cohorts/{c}/youth", {"youth-person_id": world.youth_b}, 400),
        ("/admin/cohorts/{c}/youth", {"youth-person_id": world.staff1}, 400),
        ("/admin/cohorts/{c}/youth", {"youth-person_id": MISSING_ID}, 400),
        ("/admin/cohorts/{c}/youth", {}, 400),  # nobody picked
        ("/admin/cohorts/new", {"name": "Sneaky", "program_id": world.program_b}, 200),
        ("/admin/cohorts/{c}", {"name": "Sneaky", "program_id": world.program_b}, 200),
        ("/admin/youth/new", {**youth_form, "cohort_id": world.cohort_b}, 200),
        ("/admin/youth/new", {**youth_form, "cohort_id": MISSING_ID}, 200),
    ]
    failures = []
    for path, fields, status in cases:
        url = path.format(c=world.cohort1)
        form = {k: str(v) for k, v in fields.items()}
        before = db_state()
        response = actors.send("admin", "POST", url, form)
        if response.status_code != status:
            failures.append(f"POST {url} {form}: expected {status}, got {response.status_code}")
        if (after := db_state()) != before:
            failures.append(f"POST {url} {form}: changed {describe_change(before, after)}")
    assert not failures, "\n".join(failures)

    # Control: the same forms with organization A's ids do change things.
    controls = [
        ("/admin/cohorts/{c}/staff", {"staff-person_id": world.staff2}),
        ("/admin/cohorts/{c}/youth", {"youth-person_id": world.youth2}),
        ("/admin/cohorts/new", {"name": "Fine", "program_id": world.program_a}),
        ("/admin/cohorts/{c}", {"name": "Fine Too", "program_id": world.program_a}),
        ("/admin/youth/new", {**youth_form, "cohort_id": world.cohort1}),
    ]
    for path, fields in controls:
        before = db_state()
        form = {k: str(v) for k, v in fields.items()}
        response = actors.send("admin", "POST", path.format(c=world.cohort1), form)
        assert response.status_code in (200, 302), (path, response.status_code)
        assert db_state() != before, f"control POST {path} changed nothing"


# --- searches ------------------------------------------------------------------------------


def test_searches_never_find_youth_out_of_scope(app: Flask, world: World) -> None:
    """Search by another organization's (or another cohort's) youth's surname or username:
    nothing found. Pages echo the query, so the check is for the part that was not typed."""
    out_of_scope = {
        "staff": ("youth2", "youth_b"),
        "admin": ("youth_b",),
        "token_staff": ("youth2", "youth_b"),
        "token_admin": ("youth_b",),
    }
    pages = {
        "staff": ["/roster?q={q}", "/cohorts/{c}?q={q}"],
        "admin": ["/roster?q={q}", "/admin/youth?q={q}"],
        "token_staff": ["/api/v1/youth?q={q}"],
        "token_admin": ["/api/v1/youth?q={q}"],
    }
    actors = Actors(app, world)
    failures = []
    for actor, keys in out_of_scope.items():
        for key in keys:
            name, username = world.youth_names[key]
            for query, untyped in ((name.split()[1], username), (username, name)):
                for page in pages[actor]:
                    url = page.format(q=query, c=world.cohort1)
                    response = actors.send(actor, "GET", url)
                    if response.status_code != 200 or untyped in response.get_data(as_text=True):
                        failures.append(f"GET {url} as {actor}: {response.status_code}")
                    if response.is_json and response.get_json()["total"] != 0:
                        failures.append(f"GET {url} as {actor}: {response.get_json()}")
    assert not failures, "\n".join(failures)
    # Control: the same searches find a youth in scope, on a page and in the API.
    name, username = world.youth_names["youth1"]
    assert name in actors.send("staff", "GET", f"/roster?q={username}").get_data(as_text=True)
    response = actors.send("token_staff", "GET", "/api/v1/youth?q=Quartzfield")
    assert [item["id"] for item in response.get_json()["items"]] == [world.youth1]


# --- links that should never exist across organizations ------------------------------------


def test_crafted_cross_organization_links_open_nothing(app: Flask, world: World) -> None:
    """The services never link across organizations, but if such rows existed the scopes
    would still keep each organization's youth to itself."""
    db.session.add_all(
        [
            Guardianship(
                youth_id=world.youth1,
                family_id=world.family_b,
                status=GuardianshipStatus.ACTIVE.value,
            ),
            StaffAssignment(staff_id=world.staff_b, cohort_id=world.cohort1),
            Enrollment(youth_id=world.youth_b, cohort_id=world.cohort1),
        ]
    )
    db.session.commit()
    youth1, youth_b = world.youth_names["youth1"], world.youth_names["youth_b"]
    probes = [
        # (actor, url, expected status, a youth whose name must not appear)
        ("family2", f"/family/youth/{world.youth_b}", 404, youth_b),
        ("admin2", f"/youth/{world.youth1}", 404, youth1),
        ("admin2", "/admin/youth", 200, youth1),
        ("admin2", "/roster", 200, youth1),
        ("staff", f"/youth/{world.youth_b}", 404, youth_b),
        ("staff", "/roster", 200, youth_b),
        ("staff", f"/cohorts/{world.cohort1}", 200, youth_b),
        ("admin", f"/youth/{world.youth_b}", 404, youth_b),
        ("admin", "/admin/youth", 200, youth_b),
        ("admin", "/roster", 200, youth_b),
        ("token_staff", f"/api/v1/youth/{world.youth_b}", 404, youth_b),
        ("token_staff", "/api/v1/youth", 200, youth_b),
    ]
    actors = Actors(app, world)
    failures = []
    for actor, url, status, (name, username) in probes:
        response = actors.send(actor, "GET", url)
        body = response.get_data(as_text=True)
        if response.status_code != status or name in body or username in body:
            failures.append(f"GET {url} as {actor}: {response.status_code}, shows {name}?")
    # The org B people given crafted links into organization A.
    crafted = [
        ("family_b", f"/family/youth/{world.youth1}", 404),
        ("family_b", "/family", 200),
        ("staff_b", f"/cohorts/{world.cohort1}", 404),
        ("staff_b", f"/youth/{world.youth1}", 404),
        ("staff_b", "/roster", 200),
        ("staff_b", f"/api/v1/youth/{world.youth1}", 404),
        ("staff_b", "/api/v1/youth", 200),
    ]
    for key, url, status in crafted:
        client = web_client(app)
        headers = bearer(world.secrets[key]) if url.startswith("/api/") else {}
        if not headers:
            login_as(client, world.user(key))
        response = client.get(url, headers=headers)
        body = response.get_data(as_text=True)
        if response.status_code != status or youth1[0] in body or youth1[1] in body:
            failures.append(f"GET {url} as {key}: {response.status_code}, shows {youth1[0]}?")
    assert not failures, "\n".join(failures)
