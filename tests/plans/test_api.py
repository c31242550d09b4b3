"""API: a youth's plan as JSON by element and as a PDF, through the policy, audited, 404 with a
message when there is no plan, and both in the OpenAPI document."""

from __future__ import annotations

import io
import json

from pypdf import PdfReader
from sqlalchemy import select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.extensions import db
from tests.factories import bearer, make_token
from tests.plans.export_helpers import make_plan_world
from tests.plans.test_export import SNAPSHOTS


def _views() -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "youth.view")))


def test_plan_json_is_the_export_and_the_read_is_audited(client, app):
    w = make_plan_world(db.session)
    _id, secret = make_token(w.staff)
    response = client.get(f"/api/v1/youth/{w.youth.id}/plan", headers=bearer(secret))
    assert response.status_code == 200
    assert response.get_json() == json.loads((SNAPSHOTS / "plan.json").read_text("utf-8"))
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "youth.view")).one()
    assert (event.actor_id, event.youth_id, event.detail["section"]) == (
        w.staff.id, w.youth.id, "api_plan",
    )  # fmt: skip


def test_plan_pdf(client, app):
    w = make_plan_world(db.session)
    _id, secret = make_token(w.admin)
    response = client.get(f"/api/v1/youth/{w.youth.id}/plan.pdf", headers=bearer(secret))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "Robin Planner" in text and "Career goals and interests" in text


def test_no_plan_is_404_with_a_message(client, app):
    w = make_plan_world(db.session)
    _id, secret = make_token(w.staff)
    for path in ("plan", "plan.pdf"):
        response = client.get(f"/api/v1/youth/{w.other_youth.id}/{path}", headers=bearer(secret))
        assert response.status_code == 404
        assert "no High School and Beyond Plan" in response.get_json()["message"]


def test_out_of_scope_is_404_and_not_audited(client, app):
    w = make_plan_world(db.session)
    _id, secret = make_token(w.other_org_staff)
    for path in ("plan", "plan.pdf"):
        response = client.get(f"/api/v1/youth/{w.youth.id}/{path}", headers=bearer(secret))
        assert response.status_code == 404
        assert "no High School" not in response.get_json()["message"]
    assert _views() == []
    assert client.get(f"/api/v1/youth/{w.youth.id}/plan").status_code == 401


def test_both_are_in_the_openapi_document(client, app):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    plan = paths["/api/v1/youth/{youth_id}/plan"]["get"]
    assert plan["security"] == [{"bearerAuth": []}]
    assert "application/json" in plan["responses"]["200"]["content"]
    pdf = paths["/api/v1/youth/{youth_id}/plan.pdf"]["get"]
    assert "application/pdf" in pdf["responses"]["200"]["content"]
    assert "404" in pdf["responses"]
