"""The credential pages and documents through HTTP: downloads for whoever may see the youth,
public documents for anyone, the verify page, and the API."""

from __future__ import annotations

import io
import json

import pytest
from flask import Flask
from sqlalchemy import select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.credentials.baking import bake, render_png, unbake
from ccl_youth.credentials.status import bit_is_set, decode_list
from ccl_youth.extensions import db
from tests.credentials.support import BADGE_SVG, make_award, make_key
from tests.factories import (
    bearer,
    login_as,
    make_admin,
    make_cohort,
    make_family,
    make_org,
    make_staff,
    make_token,
    make_youth,
    web_client,
)

pytestmark = pytest.mark.usefixtures("catalog_in_app")


@pytest.fixture
def people(app: Flask) -> dict:
    org = make_org("eastside", "Eastside Youth Club")
    cohort = make_cohort(org)
    youth = make_youth(org, cohort, name="Quinn Marlowe-Zed", username="quinnzed")
    other_org = make_org("westside", "Westside")
    return {
        "org": org,
        "youth": youth,
        "staff": make_staff(org, [cohort]),
        "admin": make_admin(org),
        "family": make_family(org, [youth]),
        "other_staff": make_staff(org),
        "other_admin": make_admin(other_org),
        "other_org": other_org,
    }


def client_as(app: Flask, user=None):  # noqa: ANN001, ANN201
    client = web_client(app)
    if user is not None:
        login_as(client, user)
    return client


def verified(app: Flask, credential: str | dict) -> dict:
    body = credential if isinstance(credential, str) else json.dumps(credential)
    response = web_client(app).post(
        "/api/v1/credentials/verify", data=body, content_type="application/json"
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


# --- downloads -------------------------------------------------------------------------------


def test_each_person_who_may_see_the_youth_downloads_the_credential(
    app: Flask, people: dict
) -> None:
    make_key(people["org"])
    award = make_award(people["youth"])
    url = f"/badges/awards/{award.id}/credential.json"
    for who in ("youth", "family", "staff", "admin"):
        response = client_as(app, people[who]).get(url)
        assert response.status_code == 200, who
        assert response.mimetype == "application/ld+json"
        assert response.headers["Content-Disposition"] == (
            f'attachment; filename="badge-{award.id}.json"'
        )
        assert "no-store" in response.headers["Cache-Control"]
        credential = json.loads(response.get_data(as_text=True))
        assert credential["id"] == award.credential_id
        assert verified(app, credential)["result"] == "valid"
    for who in ("other_staff", "other_admin"):
        assert client_as(app, people[who]).get(url).status_code == 404, who
    anonymous = client_as(app).get(url)
    assert anonymous.status_code == 302 and "/signin" in anonymous.headers["Location"]
    assert (
        client_as(app, people["staff"]).get("/badges/awards/999999/credential.json").status_code
        == 404
    )
    exports = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "credential.export")
    ).all()
    assert len(exports) == 4 and {e.target_id for e in exports} == {award.id}


def test_a_revoked_badge_is_gone(app: Flask, people: dict) -> None:
    make_key(people["org"])
    award = make_award(people["youth"], revoked=True)
    for suffix in ("credential.json", "badge.png"):
        response = client_as(app, people["youth"]).get(f"/badges/awards/{award.id}/{suffix}")
        assert response.status_code == 410
        assert "taken back" in response.get_data(as_text=True)


def test_without_a_key_staff_are_told_to_ask_an_admin(app: Flask, people: dict) -> None:
    award = make_award(people["youth"])
    url = f"/badges/awards/{award.id}/credential.json"
    staff_page = client_as(app, people["staff"]).get(url)
    assert staff_page.status_code == 503
    text = staff_page.get_data(as_text=True)
    assert "Ask an admin" in text and "keys generate --org eastside" in text
    youth_page = client_as(app, people["youth"]).get(url)
    assert youth_page.status_code == 503
    assert "program leader" in youth_page.get_data(as_text=True)
    assert "keys generate" not in youth_page.get_data(as_text=True)


def test_the_baked_png_carries_a_credential_that_verifies(app: Flask, people: dict) -> None:
    make_key(people["org"])
    award = make_award(people["youth"])
    response = client_as(app, people["family"]).get(f"/badges/awards/{award.id}/badge.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    png = response.get_data()
    text = unbake(png)
    assert text is not None and json.loads(text)["id"] == award.credential_id
    assert verified(app, text)["result"] == "valid"
    again = client_as(app, people["youth"]).get(f"/badges/awards/{award.id}/badge.png")
    assert again.get_data() == png  # the same file every time


def test_the_clr_download(app: Flask, people: dict) -> None:
    make_key(people["org"])
    youth = people["youth"]
    url = f"/youth/{youth.id}/clr.json"
    empty = client_as(app, people["staff"]).get(url)
    assert empty.status_code == 404 and "No badges yet" in empty.get_data(as_text=True)
    make_award(youth)
    make_award(youth, "job_spotter")
    response = client_as(app, people["youth"]).get(url)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    record = json.loads(response.get_data(as_text=True))
    assert record["type"] == ["VerifiableCredential", "ClrCredential"]
    assert len(record["credentialSubject"]["verifiableCredential"]) == 2
    answer = verified(app, record)
    assert answer["result"] == "valid" and [p["result"] for p in answer["parts"]] == ["valid"] * 2
    assert client_as(app, people["other_staff"]).get(url).status_code == 404


# --- public documents -------------------------------------------------------------------------


def test_public_documents_need_no_sign_in(app: Flask, people: dict) -> None:
    key = make_key(people["org"])
    award = make_award(people["youth"], status_index=9, revoked=True)
    client = client_as(app)
    profile = client.get("/credentials/issuers/eastside")
    assert profile.status_code == 200 and profile.mimetype == "application/ld+json"
    assert profile.headers["Access-Control-Allow-Origin"] == "*"
    document = json.loads(profile.get_data(as_text=True))
    assert document["id"] == "http://localhost/credentials/issuers/eastside"
    assert document["assertionMethod"] == [f"{document['id']}#key-{key.id}"]
    assert document["verificationMethod"][0]["publicKeyMultibase"] == key.public_key_multibase

    listed = json.loads(client.get("/credentials/status/eastside").get_data(as_text=True))
    bits = decode_list(listed["credentialSubject"]["encodedList"])
    assert bit_is_set(bits, award.status_index) and not bit_is_set(bits, 8)

    achievement = client.get("/credentials/achievements/team_player")
    assert json.loads(achievement.get_data(as_text=True))["name"] == "Team Player"
    image = client.get("/credentials/achievements/team_player/image.png")
    assert image.status_code == 200 and image.get_data() == render_png(BADGE_SVG)

    for url in (
        "/credentials/issuers/nowhere",
        "/credentials/status/nowhere",
        "/credentials/achievements/no_such_badge",
        "/credentials/achievements/no_such_badge/image.png",
    ):
        assert client.get(url).status_code == 404, url
    # Nothing about the youth in any public document.
    for url in ("/credentials/issuers/eastside", "/credentials/status/eastside"):
        assert "quinn" not in client.get(url).get_data(as_text=True).lower()


def test_the_base_url_comes_from_config(app: Flask, people: dict, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setitem(app.config, "CREDENTIAL_BASE_URL", "https://badges.example.org/")
    make_key(people["org"])
    award = make_award(people["youth"])
    credential = json.loads(
        client_as(app, people["youth"])
        .get(f"/badges/awards/{award.id}/credential.json")
        .get_data(as_text=True)
    )
    assert credential["issuer"]["id"] == "https://badges.example.org/credentials/issuers/eastside"
    assert verified(app, credential)["result"] == "valid"
    monkeypatch.setitem(app.config, "CREDENTIAL_BASE_URL", "https://elsewhere.example.org")
    assert verified(app, credential)["result"] == "unknown_key"


# --- the verify page --------------------------------------------------------------------------


def _page(app: Flask, data: dict):  # noqa: ANN202
    return web_client(app).post(
        "/credentials/verify", data=data, content_type="multipart/form-data"
    )


def test_the_verify_page_checks_pasted_and_uploaded_credentials(app: Flask, people: dict) -> None:
    make_key(people["org"])
    award = make_award(people["youth"])
    text = (
        client_as(app, people["youth"])
        .get(f"/badges/awards/{award.id}/credential.json")
        .get_data(as_text=True)
    )
    assert web_client(app).get("/credentials/verify").status_code == 200

    pasted = _page(app, {"credential": text})
    assert pasted.status_code == 200
    html = pasted.get_data(as_text=True)
    assert "This badge is real" in html and "Eastside Youth Club" in html

    tampered = text.replace("Team Player", "Team Captain")
    assert "the badge was changed" in _page(app, {"credential": tampered}).get_data(as_text=True)

    uploaded = _page(app, {"upload": (io.BytesIO(text.encode()), "badge.json")})
    assert "This badge is real" in uploaded.get_data(as_text=True)

    png = bake(render_png(BADGE_SVG), text)
    as_png = _page(app, {"upload": (io.BytesIO(png), "badge.png")})
    assert "This badge is real" in as_png.get_data(as_text=True)

    plain = _page(app, {"upload": (io.BytesIO(render_png(BADGE_SVG)), "badge.png")})
    assert plain.status_code == 400
    assert "no badge credential inside" in plain.get_data(as_text=True)

    nothing = _page(app, {})
    assert nothing.status_code == 400
    assert "Paste a credential or choose a file" in nothing.get_data(as_text=True)

    award.revoked_dt = award.awarded_dt
    db.session.commit()
    assert "taken back" in _page(app, {"credential": text}).get_data(as_text=True)


@pytest.mark.parametrize(
    "junk",
    ["{", "[]", "null", '{"@context": 5}', "x" * 1000, '{"proof": {"proofValue": 7}}', "\u0000"],
)
def test_junk_on_the_verify_page_is_an_answer(app: Flask, junk: str) -> None:
    response = _page(app, {"credential": junk})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert "this is not a badge we can read" in response.get_data(as_text=True)


# --- the API ----------------------------------------------------------------------------------


def test_api_credential_and_clr_for_tokens_in_scope(app: Flask, people: dict) -> None:
    make_key(people["org"])
    award = make_award(people["youth"])
    _id, secret = make_token(people["staff"])
    _id2, other_secret = make_token(people["other_staff"])
    client = web_client(app)
    response = client.get(f"/api/v1/badges/awards/{award.id}/credential", headers=bearer(secret))
    assert response.status_code == 200
    assert response.get_json()["id"] == award.credential_id
    assert verified(app, response.get_json())["result"] == "valid"
    clr = client.get(f"/api/v1/youth/{people['youth'].id}/clr", headers=bearer(secret))
    assert clr.status_code == 200 and clr.get_json()["type"][1] == "ClrCredential"
    for url in (
        f"/api/v1/badges/awards/{award.id}/credential",
        f"/api/v1/youth/{people['youth'].id}/clr",
    ):
        assert client.get(url, headers=bearer(other_secret)).status_code == 404
        assert client.get(url).status_code == 401
    award.revoked_dt = award.awarded_dt
    db.session.commit()
    gone = client.get(f"/api/v1/badges/awards/{award.id}/credential", headers=bearer(secret))
    assert gone.status_code == 410 and gone.is_json
    empty = client.get(f"/api/v1/youth/{people['youth'].id}/clr", headers=bearer(secret))
    assert empty.status_code == 404 and empty.is_json


def test_api_without_a_key_is_503(app: Flask, people: dict) -> None:
    award = make_award(people["youth"])
    _id, secret = make_token(people["admin"])
    response = web_client(app).get(
        f"/api/v1/badges/awards/{award.id}/credential", headers=bearer(secret)
    )
    assert response.status_code == 503 and response.is_json


def test_api_verify_with_or_without_a_token(app: Flask, people: dict) -> None:
    make_key(people["org"])
    award = make_award(people["youth"])
    _id, secret = make_token(people["staff"])
    credential = (
        web_client(app)
        .get(f"/api/v1/badges/awards/{award.id}/credential", headers=bearer(secret))
        .get_json()
    )
    client = web_client(app)
    anonymous = client.post("/api/v1/credentials/verify", json=credential)
    assert anonymous.status_code == 200
    body = anonymous.get_json()
    assert body["result"] == "valid" and body["valid"] is True and body["parts"] == []
    assert body["credential"]["issuer_name"] == "Eastside Youth Club"
    with_token = client.post("/api/v1/credentials/verify", json=credential, headers=bearer(secret))
    assert with_token.get_json()["result"] == "valid"
    bad_token = client.post(
        "/api/v1/credentials/verify", json=credential, headers=bearer("ccl_" + "x" * 40)
    )
    assert bad_token.status_code == 401
    credential["name"] = "Team Captain"
    tampered = client.post("/api/v1/credentials/verify", json=credential).get_json()
    assert tampered["result"] == "invalid_signature" and tampered["valid"] is False
    assert tampered["reasons"][0]["code"] == "invalid_signature"


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"", "application/json"),
        (b"{", "application/json"),
        (b"[1, 2]", "application/json"),
        (b'"just a string"', "application/json"),
        (b"\xff\xfe\xfd", "application/octet-stream"),
        (b"[" * 5000 + b"]" * 5000, "text/plain"),
        (
            b'{"@context": ["https://evil.example/x"], "type": ["VerifiableCredential"]}',
            "application/json",
        ),
        (b'{"a": "\\u0000"}', "text/plain"),
    ],
)
def test_api_verify_never_fails_on_junk(app: Flask, body: bytes, content_type: str) -> None:
    response = web_client(app).post(
        "/api/v1/credentials/verify", data=body, content_type=content_type
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:200]
    assert response.get_json()["result"] == "malformed"


def test_api_verify_refuses_oversized_bodies_and_is_rate_limited(app: Flask) -> None:
    client = web_client(app)
    form = client.post("/api/v1/credentials/verify", data={"credential": "{}"})
    assert form.status_code == 415 and "application/json" in form.get_json()["message"]
    huge = client.post(
        "/api/v1/credentials/verify", data=b"x" * 2_000_000, content_type="text/plain"
    )
    assert huge.status_code == 413 and huge.is_json
    statuses = [
        client.post("/api/v1/credentials/verify", data=b"{}", content_type="text/plain").status_code
        for _ in range(59)
    ]
    assert statuses[-1] == 429 and statuses.count(200) < 60


def test_a_deeply_nested_json_body_is_an_answer(app: Flask) -> None:
    response = web_client(app).post(
        "/api/v1/credentials/verify",
        data=b"[" * 100_000 + b"]" * 100_000,
        content_type="application/json",
    )
    assert response.status_code == 200 and response.get_json()["result"] == "malformed"


def test_downloads_send_the_same_statements_whatever_the_number_of_badges(
    app: Flask, people: dict
) -> None:
    from ccl_youth.db import StatementCounter

    make_key(people["org"])
    youth = people["youth"]
    first = make_award(youth)
    client = client_as(app, people["staff"])

    def statements(url: str) -> int:
        with StatementCounter(db.engine) as counter:
            assert client.get(url).status_code == 200
        return counter.count

    clr_one = statements(f"/youth/{youth.id}/clr.json")
    json_one = statements(f"/badges/awards/{first.id}/credential.json")
    for _ in range(4):
        make_award(youth, "job_spotter" if _ == 0 else f"old_badge_{_}")
    make_award(make_youth(people["org"]), "team_player")
    assert statements(f"/youth/{youth.id}/clr.json") == clr_one
    assert statements(f"/badges/awards/{first.id}/credential.json") == json_one
    assert json_one <= 12, json_one


def test_outside_tests_the_issuer_address_never_comes_from_the_host_header(app: Flask) -> None:
    """Without CREDENTIAL_BASE_URL a production server refuses to name an issuer rather than
    sign whatever Host a client sent; with it, the configured address is used."""
    saved = dict(app.config)
    try:
        app.config.update(TESTING=False, CREDENTIAL_BASE_URL="")
        spoofed = web_client(app).get(
            "/credentials/issuers/org-x", headers={"Host": "evil.example"}
        )
        assert spoofed.status_code == 503
        assert "CREDENTIAL_BASE_URL" in spoofed.get_data(as_text=True)
        assert "evil.example" not in spoofed.get_data(as_text=True)
    finally:
        app.config.clear()
        app.config.update(saved)
