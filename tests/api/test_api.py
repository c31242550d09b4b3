"""The JSON API: token authentication, scoped and paginated youth, audit, OpenAPI, health."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from ccl_youth.accounts import services as accounts
from ccl_youth.accounts.models import ApiToken, User
from ccl_youth.audit.models import AuditEvent
from ccl_youth.core import secrets as sec
from ccl_youth.core.errors import Forbidden
from ccl_youth.extensions import db
from tests.factories import (
    fresh,
    make_admin,
    make_cohort,
    make_family,
    make_org,
    make_staff,
    make_youth,
    web_client,
)


@pytest.fixture
def client(app: Flask):  # noqa: ANN201
    return web_client(app)


def token_for(user: User) -> str:
    _token, secret = accounts.create_api_token(db.session, user, "tests")
    db.session.commit()
    return secret


def auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def bodyless_401(response) -> None:  # noqa: ANN001
    assert response.status_code == 401
    assert response.is_json
    assert response.get_json()["code"] == 401


# --- authentication -------------------------------------------------------------------------


def test_me_describes_the_tokens_owner(client):
    org = make_org(slug="eastside", name="Eastside Youth")
    staff = make_staff(org, username="rivera", name="Ms. Rivera")
    response = client.get("/api/v1/me", headers=auth(token_for(staff)))
    assert response.status_code == 200
    assert response.get_json() == {
        "id": staff.id,
        "username": "rivera",
        "display_name": "Ms. Rivera",
        "role": "staff",
        "organization": {"slug": "eastside", "name": "Eastside Youth"},
    }
    assert response.headers["Cache-Control"] == "no-store"


def test_me_records_when_the_token_was_last_used(client):
    org = make_org()
    staff = make_staff(org)
    secret = token_for(staff)
    token = db.session.scalars(select(ApiToken)).one()
    assert token.last_used_dt is None
    client.get("/api/v1/me", headers=auth(secret))
    assert fresh(token).last_used_dt is not None


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Bearer garbage",
        "Bearer ccl_not-a-real-token",
        "Basic dXNlcjpwYXNz",
        "Token ccl_abc",
    ],
)
def test_missing_or_unknown_tokens_get_401(client, header):
    org = make_org()
    make_staff(org)
    headers = {} if header is None else {"Authorization": header}
    for path in ("/api/v1/me", "/api/v1/youth", "/api/v1/youth/1"):
        bodyless_401(client.get(path, headers=headers))


def test_scheme_is_case_insensitive(client):
    org = make_org()
    secret = token_for(make_staff(org))
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"bearer {secret}"}).status_code == 200
    )


def test_revoked_token_gets_401(client):
    org = make_org()
    staff = make_staff(org)
    secret = token_for(staff)
    token = db.session.scalars(select(ApiToken)).one()
    accounts.revoke_api_token(db.session, staff, token.id)
    db.session.commit()
    bodyless_401(client.get("/api/v1/me", headers=auth(secret)))


def test_deactivated_owners_token_gets_401(client):
    org = make_org()
    admin = make_admin(org)
    staff = make_staff(org)
    secret = token_for(staff)
    accounts.set_active(db.session, admin, staff, False)
    db.session.commit()
    bodyless_401(client.get("/api/v1/me", headers=auth(secret)))


@pytest.mark.parametrize("role", ["youth", "family"])
def test_youth_and_family_cannot_have_working_tokens(client, role):
    org = make_org()
    user = make_youth(org) if role == "youth" else make_family(org)
    with pytest.raises(Forbidden):
        accounts.create_api_token(db.session, user, "mine")
    # Even a token row written straight into the table is refused.
    secret = sec.generate_api_token()
    db.session.add(
        ApiToken(user_id=user.id, name="x", token_hash=sec.sha256_hex(secret), prefix=secret[:10])
    )
    db.session.commit()
    bodyless_401(client.get("/api/v1/me", headers=auth(secret)))


def test_a_signed_in_browser_session_is_not_an_api_credential(client):
    org = make_org()
    make_staff(org, username="rivera")
    client.post("/signin", data={"username": "rivera", "password": "correct-horse-1"})
    assert client.get("/staff").status_code == 200
    bodyless_401(client.get("/api/v1/me"))


# --- youth list ---------------------------------------------------------------------------


@pytest.fixture
def two_cohorts():  # noqa: ANN201
    org = make_org()
    mine, theirs = make_cohort(org, name="Mine"), make_cohort(org, name="Theirs")
    staff = make_staff(org, [mine])
    admin = make_admin(org)
    names = ["Eve", "bob", "Dan", "Ann", "Cat"]
    in_mine = [make_youth(org, mine, name=n, grade=3 + i) for i, n in enumerate(names)]
    in_theirs = [make_youth(org, theirs, name="Zed"), make_youth(org, theirs, name="Yan")]
    other_org = make_org()
    make_youth(other_org, make_cohort(other_org), name="Outsider")
    return staff, admin, in_mine, in_theirs


def test_staff_see_only_their_cohorts_youth(client, two_cohorts):
    staff, _admin, in_mine, _in_theirs = two_cohorts
    response = client.get("/api/v1/youth", headers=auth(token_for(staff)))
    assert response.status_code == 200
    body = response.get_json()
    assert [item["display_name"] for item in body["items"]] == ["Ann", "bob", "Cat", "Dan", "Eve"]
    assert (body["total"], body["page"], body["per_page"], body["pages"]) == (5, 1, 50, 1)
    ann = body["items"][0]
    youth = next(y for y in in_mine if y.display_name == "Ann")
    assert ann == {
        "id": youth.id,
        "username": youth.username,
        "display_name": "Ann",
        "grade": 6,
        "stage": "exploration",
        "school": "",
        "preferred_language": "en",
        "consent_state": "pending",
        "directory_opt_out": False,
        "is_active": True,
        "cohorts": ["Mine"],
    }


def test_admins_see_every_youth_of_their_organization(client, two_cohorts):
    _staff, admin, _in_mine, _in_theirs = two_cohorts
    body = client.get("/api/v1/youth", headers=auth(token_for(admin))).get_json()
    assert body["total"] == 7
    assert [item["display_name"] for item in body["items"]] == [
        "Ann",
        "bob",
        "Cat",
        "Dan",
        "Eve",
        "Yan",
        "Zed",
    ]


def test_youth_list_is_paginated(client, two_cohorts):
    staff, _admin, _in_mine, _in_theirs = two_cohorts
    headers = auth(token_for(staff))
    pages = []
    for page in (1, 2, 3, 4):
        response = client.get(f"/api/v1/youth?page={page}&per_page=2", headers=headers)
        assert response.status_code == 200
        body = response.get_json()
        assert (body["total"], body["pages"], body["page"], body["per_page"]) == (5, 3, page, 2)
        pages.append([item["display_name"] for item in body["items"]])
    assert pages == [["Ann", "bob"], ["Cat", "Dan"], ["Eve"], []]
    full = client.get("/api/v1/youth?per_page=100", headers=headers).get_json()
    assert (full["per_page"], full["pages"], len(full["items"])) == (100, 1, 5)


def test_youth_list_search(client, two_cohorts):
    staff, _admin, _in_mine, _in_theirs = two_cohorts
    body = client.get("/api/v1/youth?q=AN", headers=auth(token_for(staff))).get_json()
    assert [item["display_name"] for item in body["items"]] == ["Ann", "Dan"]
    body = client.get("/api/v1/youth?q=zed", headers=auth(token_for(staff))).get_json()
    assert body["items"] == [] and body["total"] == 0


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            "per_page=0",
            "per_page",
            "Must be greater than or equal to 1 and less than or equal to 100.",
        ),
        (
            "per_page=1000",
            "per_page",
            "Must be greater than or equal to 1 and less than or equal to 100.",
        ),
        (
            "per_page=-5",
            "per_page",
            "Must be greater than or equal to 1 and less than or equal to 100.",
        ),
        ("page=abc", "page", "Not a valid integer."),
        ("page=0", "page", "Must be greater than or equal to 1 and less than or equal to 100000."),
        (
            "page=99999999999999999999",
            "page",
            "Must be greater than or equal to 1 and less than or equal to 100000.",
        ),
        ("per_page=1.5", "per_page", "Not a valid integer."),
        ("per_page=", "per_page", "Not a valid integer."),
        ("q=" + "x" * 101, "q", "Longer than maximum length 100."),
    ],
)
def test_bad_paging_arguments_give_422_naming_the_field(client, query, field, message):
    org = make_org()
    staff = make_staff(org)
    response = client.get(f"/api/v1/youth?{query}", headers=auth(token_for(staff)))
    assert response.status_code == 422
    body = response.get_json()
    assert body["code"] == 422
    assert body["errors"] == {"query": {field: [message]}}


# --- one youth ----------------------------------------------------------------------------


def test_one_youth_is_returned_and_the_view_audited(client, two_cohorts):
    staff, _admin, in_mine, _in_theirs = two_cohorts
    youth = in_mine[0]
    response = client.get(f"/api/v1/youth/{youth.id}", headers=auth(token_for(staff)))
    assert response.status_code == 200
    body = response.get_json()
    assert (body["id"], body["display_name"], body["grade"], body["cohorts"]) == (
        youth.id,
        "Eve",
        3,
        ["Mine"],
    )
    db.session.expire_all()
    views = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "youth.view")).all()
    assert len(views) == 1
    event = views[0]
    assert (event.actor_id, event.youth_id, event.target_type, event.target_id) == (
        staff.id,
        youth.id,
        "user",
        youth.id,
    )
    assert event.organization_id == staff.organization_id
    assert event.detail == {}


def test_youth_out_of_scope_is_404_and_not_audited(client, two_cohorts):
    staff, admin, _in_mine, in_theirs = two_cohorts
    outsider = db.session.scalars(select(User).where(User.display_name == "Outsider")).one()
    headers = auth(token_for(staff))
    for youth_id in (in_theirs[0].id, outsider.id, staff.id, admin.id, 999_999):
        response = client.get(f"/api/v1/youth/{youth_id}", headers=headers)
        assert response.status_code == 404
        assert response.get_json()["code"] == 404
    admin_view = client.get(f"/api/v1/youth/{outsider.id}", headers=auth(token_for(admin)))
    assert admin_view.status_code == 404
    db.session.expire_all()
    assert (
        db.session.scalars(select(AuditEvent).where(AuditEvent.action == "youth.view")).all() == []
    )


@pytest.mark.parametrize("youth_id", ["0", "-1", "abc", "99999999999999999999"])
def test_odd_youth_ids_are_404_never_500(client, youth_id):
    org = make_org()
    response = client.get(f"/api/v1/youth/{youth_id}", headers=auth(token_for(make_staff(org))))
    assert response.status_code == 404


# --- OpenAPI and health ---------------------------------------------------------------------


def resolve(document: dict, ref: str) -> dict:
    assert ref.startswith("#/"), ref
    node = document
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def all_refs(node) -> list[str]:  # noqa: ANN001
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in all_refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in all_refs(value)]
    return []


def test_openapi_document_describes_the_api(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.")
    assert document["info"] == {"title": "ccl_youth API", "version": "v1"}
    assert set(document["paths"]) == {
        "/api/v1/me",
        "/api/v1/youth",
        "/api/v1/youth/{youth_id}",
        "/api/v1/occupations",
        "/api/v1/instruments",
        "/api/v1/instruments/{instrument_id}",
        "/api/v1/youth/{youth_id}/assessments",
        "/api/v1/youth/{youth_id}/matches",
        "/api/v1/activities",
        "/api/v1/youth/{youth_id}/experiences",
        "/api/v1/youth/{youth_id}/skills",
        "/api/v1/youth/{youth_id}/progress",
        "/api/v1/youth/{youth_id}/portfolio",
        "/api/v1/placements/{placement_id}/hours",
        "/api/v1/hours/{hours_id}/verify",
        "/api/v1/youth/{youth_id}/badges",
        "/api/v1/badges/awards/{award_id}/credential",
        "/api/v1/youth/{youth_id}/clr",
        "/api/v1/youth/{youth_id}/resume.pdf",
        "/api/v1/youth/{youth_id}/plan",
        "/api/v1/youth/{youth_id}/plan.pdf",
        "/api/v1/credentials/verify",
        "/healthz",
    }
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "Personal access token",
    }
    for path in ("/api/v1/me", "/api/v1/youth", "/api/v1/youth/{youth_id}", "/api/v1/occupations"):
        operation = document["paths"][path]["get"]
        assert operation["security"] == [{"bearerAuth": []}]
        assert "200" in operation["responses"]
    assert "security" not in document["paths"]["/healthz"]["get"]
    parameters = {p["name"]: p for p in document["paths"]["/api/v1/youth"]["get"]["parameters"]}
    assert parameters["per_page"]["schema"]["maximum"] == 100
    assert parameters["per_page"]["schema"]["minimum"] == 1
    # Every $ref points at something in the document.
    refs = all_refs(document)
    assert refs
    for ref in refs:
        assert isinstance(resolve(document, ref), dict)
    # Every path parameter in a template is declared.
    item = document["paths"]["/api/v1/youth/{youth_id}"]
    declared = [p for p in item.get("parameters", []) if p["in"] == "path"]
    assert [p["name"] for p in declared] == ["youth_id"]
    assert declared[0]["required"] is True


def test_healthz_needs_no_sign_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
