"""``GET /api/v1/youth/{id}/progress``: the stage, milestones met and open with their steps,
the readiness verdict; audited; the same refusals as the pages."""

from __future__ import annotations

from sqlalchemy import select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.extensions import db
from ccl_youth.progress import services
from tests.factories import (
    bearer,
    make_admin,
    make_cohort,
    make_instrument,
    make_org,
    make_program,
    make_staff,
    make_token,
    make_youth,
)
from tests.progress import helpers as h


def test_progress_json(app, client):
    org = make_org()
    program = make_program(org)
    cohort = make_cohort(org, program)
    youth = make_youth(org, cohort, grade=4)
    staff = make_staff(org, [cohort])
    h.attempt(youth, make_instrument(kind="riasec", grade_min=0, grade_max=5))
    h.activity(youth, "guest_speaker", program_id=program.id)
    db.session.commit()
    services.move_stage(db.session, staff, youth.id, "exploration", "Ahead of the group.")
    db.session.commit()
    _id, secret = make_token(staff)

    response = client.get(f"/api/v1/youth/{youth.id}/progress", headers=bearer(secret))
    assert response.status_code == 200
    body = response.get_json()
    recognition = h.real_recognition()
    assert body["youth_id"] == youth.id
    assert body["stage"] == "exploration"
    met = [m["id"] for m in body["milestones_met"]]
    # Every stage's milestones met, in content order: awareness ones count too.
    assert met == [
        "awareness.broad_skills.interest_quiz",
        "awareness.family_community.community_helper",
        "exploration.broad_skills.interest_inventory",
    ]
    # The current stage's milestones not met, strategy by strategy (the content's order).
    assert [m["id"] for m in body["milestones_open"]] == [
        m.id for m in recognition.milestones_for("exploration") if m.id not in met
    ]
    professionals = next(
        m
        for m in body["milestones_open"]
        if m["id"] == "exploration.career_stem.three_professionals"
    )
    assert professionals["met"] is False
    assert abs(professionals["progress"] - 1 / 3) < 1e-9
    assert professionals["steps"] == [
        {"text": professionals["steps"][0]["text"], "have": 1, "need": 3, "met": False}
    ]
    assert professionals["next_step"] == recognition.milestone(professionals["id"]).next_step
    assert body["ready_for_next_stage"] is False
    assert body["readiness"]["next_stage"] == "preparedness"
    assert body["readiness"]["steps"][0]["have"] == 1
    assert body["next_steps"][0] == "exploration.career_stem.three_professionals"
    assert len(body["next_steps"]) == 3
    assert body["suggest_awareness"] is False

    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "youth.view", AuditEvent.actor_id == staff.id)
    ).all()
    assert [e.detail for e in event] == [{"section": "progress"}]


def test_last_stage_has_no_verdict(app, client):
    org = make_org()
    youth = make_youth(org, grade=11)
    _id, secret = make_token(make_admin(org))
    body = client.get(f"/api/v1/youth/{youth.id}/progress", headers=bearer(secret)).get_json()
    assert body["stage"] == "preparedness"
    assert body["readiness"] is None and body["ready_for_next_stage"] is None
    assert body["milestones_met"] == []
    assert body["suggest_awareness"] is True  # grade 11, nothing from awareness


def test_out_of_scope_and_missing_youth_are_404(app, client):
    org = make_org()
    _id, secret = make_token(make_staff(org))  # assigned to no cohort
    youth = make_youth(org, grade=8)
    other = make_youth(make_org(), grade=8)
    for youth_id in (youth.id, other.id, 999_999):
        response = client.get(f"/api/v1/youth/{youth_id}/progress", headers=bearer(secret))
        assert response.status_code == 404
    assert client.get(f"/api/v1/youth/{youth.id}/progress").status_code == 401
