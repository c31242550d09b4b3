"""GET /api/v1/youth/{id}/experiences: the timeline as JSON for staff and admin tokens in scope,
audited, in the OpenAPI document."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.extensions import db
from tests.factories import bearer, make_admin, make_token, web_client
from tests.reflections.helpers import (
    add_activity,
    add_partner,
    add_placement,
    add_reflection,
    make_setup,
)


def test_the_timeline_as_json(app: Flask) -> None:
    s = make_setup()
    partner = add_partner(s.org.id, "Harbor Labs")
    talk = add_activity(
        s.cohort,
        s.staff,
        [s.youth],
        date(2026, 3, 2),
        title="Robot talk",
        minutes=45,
        partner=partner,
    )
    job = add_placement(
        s.youth, partner, date(2026, 2, 1), status="completed", end=date(2026, 2, 28),
        hours=[(90, "verified"), (30, "submitted")],
    )  # fmt: skip
    mine = add_reflection(s.youth, talk, "guest_speaker.exploration.post.1", "Robots!", shared=True)
    _id, secret = make_token(s.staff)
    response = web_client(app).get(
        f"/api/v1/youth/{s.youth.id}/experiences", headers=bearer(secret)
    )
    assert response.status_code == 200
    body = response.get_json()
    assert {k: body[k] for k in ("youth_id", "page", "per_page", "total", "pages")} == {
        "youth_id": s.youth.id, "page": 1, "per_page": 50, "total": 2, "pages": 1,
    }  # fmt: skip
    first, second = body["items"]
    assert first == {
        "kind": "activity", "id": talk.id, "date": "2026-03-02", "title": "Robot talk",
        "type": "guest_speaker", "type_name": "Guest speaker", "minutes": 45,
        "partner": partner.name, "role_model": None, "clusters": [], "status": None,
        "start_date": None, "end_date": None, "verified_minutes": None,
        "submitted_minutes": None,
        "reflections": [
            {
                "id": mine.id, "prompt_id": "guest_speaker.exploration.post.1",
                "prompt": "Prompt guest_speaker.exploration.post.1", "when": "post",
                "answer": "Robots!", "shared_with_family": True,
                "created_at": first["reflections"][0]["created_at"],
                "updated_at": first["reflections"][0]["updated_at"],
            }
        ],
    }  # fmt: skip
    assert first["reflections"][0]["created_at"].startswith(str(date.today().year))
    assert {k: second[k] for k in ("kind", "id", "status", "start_date", "end_date")} == {
        "kind": "placement", "id": job.id, "status": "completed", "start_date": "2026-02-01",
        "end_date": "2026-02-28",
    }  # fmt: skip
    assert (second["verified_minutes"], second["submitted_minutes"]) == (90, 120)
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "youth.view"))
    assert (event.actor_id, event.youth_id) == (s.staff.id, s.youth.id)


def test_out_of_scope_and_bad_pages(app: Flask) -> None:
    s = make_setup()
    _id, admin_secret = make_token(make_admin(s.org))
    _id, outsider_secret = make_token(s.outsider_staff)
    client = web_client(app)
    url = f"/api/v1/youth/{s.youth.id}/experiences"
    assert client.get(url, headers=bearer(admin_secret)).status_code == 200
    for headers in (bearer(outsider_secret), {}):
        response = client.get(url, headers=headers)
        assert response.status_code in (401, 404) and response.is_json
    assert client.get(url, headers=bearer(outsider_secret)).status_code == 404
    assert (
        client.get(
            f"/api/v1/youth/{s.staff.id}/experiences", headers=bearer(admin_secret)
        ).status_code
        == 404
    )
    for page in ("0", "abc", "-3"):
        response = client.get(f"{url}?page={page}", headers=bearer(admin_secret))
        assert response.status_code == 422 and response.is_json
    beyond = client.get(f"{url}?page=7", headers=bearer(admin_secret)).get_json()
    assert beyond["items"] == [] and beyond["page"] == 7


def test_the_openapi_document_describes_the_timeline(app: Flask) -> None:
    document = web_client(app).get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/youth/{youth_id}/experiences"]["get"]
    assert operation["security"] == [{"bearerAuth": []}]
    assert {"200", "404"} <= set(operation["responses"])
    assert [p["name"] for p in operation["parameters"] if p["in"] == "query"] == ["page"]
    schemas = document["components"]["schemas"]
    entry = schemas["TimelineEntry"]["properties"]
    assert {"kind", "date", "title", "type", "minutes", "partner", "clusters", "status",
            "verified_minutes", "submitted_minutes", "reflections"} <= set(entry)  # fmt: skip
    assert entry["kind"]["enum"] == ["activity", "placement", "reflection"]
