"""The badge API: a youth's badges (earned, revoked, almost there) and staff awards."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.badges.models import BadgeAward
from ccl_youth.db import utcnow
from ccl_youth.extensions import db
from tests.badges.support import add_activity
from tests.factories import bearer, make_cohort, make_token, make_youth, web_client

NOTE = "Helped a partner run the open day."


def api(app: Flask, user):  # noqa: ANN001, ANN201
    _token_id, secret = make_token(user)
    client = web_client(app)
    headers = bearer(secret)

    def call(method: str, url: str, **kwargs):  # noqa: ANN003, ANN202
        return client.open(url, method=method, headers=headers, **kwargs)

    return call


def test_award_then_read_a_youth_badges(app: Flask, club):
    youth = club.youth[0]
    add_activity(club.cohort, club.staff.id, [youth.id], "field_trip")
    add_activity(club.cohort, club.staff.id, [youth.id], "field_trip")
    call = api(app, club.staff)
    created = call(
        "POST", f"/api/v1/youth/{youth.id}/badges", json={"badge": "partner_star", "note": NOTE}
    )
    assert created.status_code == 201
    body = created.get_json()
    assert body["badge"]["slug"] == "partner_star" and body["method"] == "staff"
    assert body["evidence_note"] == NOTE and body["awarded_by_id"] == club.staff.id
    assert body["credential_id"].startswith("urn:uuid:")
    assert body["badge"]["image_url"].endswith("/badges/images/partner_star.svg")
    rule_award = db.session.scalar(
        select(BadgeAward).where(BadgeAward.badge_slug == "trip_explorer")
    )
    rule_award.revoked_dt, rule_award.revoke_reason = utcnow(), "Logged by mistake."
    db.session.commit()

    listing = call("GET", f"/api/v1/youth/{youth.id}/badges")
    assert listing.status_code == 200
    data = listing.get_json()
    assert data["youth_id"] == youth.id
    assert [a["badge_slug"] for a in data["earned"]] == ["partner_star"]
    assert [(a["badge_slug"], a["revoke_reason"]) for a in data["revoked"]] == [
        ("trip_explorer", "Logged by mistake.")
    ]
    assert len(data["almost_there"]) == 3
    first = data["almost_there"][0]
    assert 0 <= first["progress"] < 1 and first["steps"][0]["text"]
    progress = [a["progress"] for a in data["almost_there"]]
    assert progress == sorted(progress, reverse=True)
    assert "trip_explorer" not in {a["badge"]["slug"] for a in data["almost_there"]}


def test_an_award_held_is_a_conflict_naming_the_badge(app: Flask, club):
    youth = club.youth[0]
    call = api(app, club.staff)
    first = call(
        "POST", f"/api/v1/youth/{youth.id}/badges", json={"badge": "partner_star", "note": NOTE}
    )
    again = call(
        "POST", f"/api/v1/youth/{youth.id}/badges", json={"badge": "partner_star", "note": NOTE}
    )
    assert again.status_code == 409
    errors = again.get_json()["errors"]["json"]
    assert errors["badge"] == ["This youth already has this badge."]
    assert errors["award_id"] == first.get_json()["id"]
    assert db.session.scalar(select(func.count()).select_from(BadgeAward)) == 1


def test_bad_awards_are_unprocessable_naming_the_field(app: Flask, club):
    youth = club.youth[0]
    call = api(app, club.staff)
    unknown = call(
        "POST", f"/api/v1/youth/{youth.id}/badges", json={"badge": "nope_nope", "note": NOTE}
    )
    assert unknown.status_code == 422
    assert unknown.get_json()["errors"]["json"] == {"badge": ["Choose a badge from the list."]}
    short = call(
        "POST", f"/api/v1/youth/{youth.id}/badges", json={"badge": "partner_star", "note": "x"}
    )
    assert short.status_code == 422 and "note" in short.get_json()["errors"]["json"]
    missing = call("POST", f"/api/v1/youth/{youth.id}/badges", json={"note": NOTE})
    assert missing.status_code == 422 and "badge" in missing.get_json()["errors"]["json"]
    assert db.session.scalar(select(func.count()).select_from(BadgeAward)) == 0


def test_youth_out_of_scope_are_not_found(app: Flask, club):
    stranger = make_youth(club.org, make_cohort(club.org))
    call = api(app, club.staff)
    assert call("GET", f"/api/v1/youth/{stranger.id}/badges").status_code == 404
    response = call(
        "POST", f"/api/v1/youth/{stranger.id}/badges", json={"badge": "partner_star", "note": NOTE}
    )
    assert response.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(BadgeAward)) == 0


def test_reading_is_audited(app: Flask, club):
    youth = club.youth[0]
    api(app, club.staff)("GET", f"/api/v1/youth/{youth.id}/badges")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "youth.view"))
    assert (event.actor_id, event.youth_id, event.detail) == (
        club.staff.id, youth.id, {"section": "badges"},
    )  # fmt: skip
