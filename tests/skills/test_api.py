"""``GET /api/v1/youth/{id}/skills``: levels now with the rubric's words for the youth's grade,
every confirmed level over time, evidence summaries; the same policy as the pages; audited."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import func, select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.content_recognition import recognition_catalog
from ccl_youth.extensions import db
from tests.factories import World, bearer, web_client
from tests.skills.support import T0, add_evaluation, add_evidence_row


def _get(app: Flask, world: World, youth_id: int, who: str = "staff1"):  # noqa: ANN202
    return web_client(app).get(
        f"/api/v1/youth/{youth_id}/skills", headers=bearer(world.secrets[who])
    )


def test_the_skills_of_a_youth(app: Flask, world: World) -> None:
    verified = add_evidence_row(world.youth1, world.org_a, {"collaboration": 2, "tool_use": 1},
                                reviewed_dt=T0, title="Robot arm")  # fmt: skip
    evaluation = add_evaluation(world.exp.placement1, world.youth1, {"collaboration": 4},
                                submitted_dt=T0 + timedelta(days=2))  # fmt: skip
    waiting = add_evidence_row(world.youth1, world.org_a, {"creativity": None},
                               status="submitted", title="Sketches")  # fmt: skip
    response = _get(app, world, world.youth1)
    assert response.status_code == 200
    body = response.get_json()
    assert body["youth_id"] == world.youth1 and body["grade"] == 9
    catalog = recognition_catalog(app.config["CONTENT_PATH"])
    skills = {row["skill"]: row for row in body["skills"]}
    assert list(skills) == [skill.slug for skill in catalog.skills]
    assert skills["collaboration"] == {
        "skill": "collaboration", "name": catalog.skill("collaboration").name, "kind": "durable",
        "level": 4, "level_name": "Advanced",
        "descriptor": catalog.skill("collaboration").descriptor(4, 9),
    }  # fmt: skip
    assert (skills["tool_use"]["level"], skills["tool_use"]["kind"]) == (1, "stem")
    assert skills["creativity"]["level"] is None and skills["creativity"]["level_name"] is None
    assert skills["creativity"]["descriptor"] == catalog.skill("creativity").descriptor(1, 9)
    assert [(p["skill"], p["level"], p["source"], p["source_id"]) for p in body["history"]] == [
        ("collaboration", 2, "evidence", verified),
        ("tool_use", 1, "evidence", verified),
        ("collaboration", 4, "evaluation", evaluation),
    ]
    assert body["history"][0]["at"].startswith("2026-10-10T15:00:00")
    # Newest first.
    assert [(e["id"], e["status"]) for e in body["evidence"]] == [
        (waiting, "submitted"), (verified, "verified"),
    ]  # fmt: skip
    summary = next(e for e in body["evidence"] if e["id"] == verified)
    assert summary["skills"] == [{"skill": "collaboration", "level": 2},
                                 {"skill": "tool_use", "level": 1}]  # fmt: skip
    assert summary["title"] == "Robot arm" and summary["kind"] == "text"
    assert "body" not in summary
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "youth.view"))
    assert event is not None and event.actor_id == world.staff1 and event.youth_id == world.youth1


def test_youth_out_of_scope_are_not_found(app: Flask, world: World) -> None:
    for who, youth in (("staff1", world.youth2), ("staff1", world.youth_b),
                       ("admin_b", world.youth1), ("staff1", world.staff1),
                       ("staff1", 999_999)):  # fmt: skip
        response = _get(app, world, youth, who)
        assert response.status_code == 404 and response.is_json, (who, youth)
    assert _get(app, world, world.youth2, "admin_a").status_code == 200
    unsigned = web_client(app).get(f"/api/v1/youth/{world.youth1}/skills")
    assert unsigned.status_code == 401
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "youth.view")) == 1
