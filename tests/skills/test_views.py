"""The skills pages through HTTP: youth add, change and delete evidence (files checked by
their bytes, refusals naming the field, nothing written), staff add and review it at a rubric
level, everyone allowed sees the growth page, files download only through the checked view."""

from __future__ import annotations

import io
import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.content_recognition import recognition_catalog
from ccl_youth.extensions import db
from ccl_youth.skills.checks import MAX_FILE_BYTES
from ccl_youth.skills.models import Evidence, EvidenceSkill
from tests.factories import World, field_errors, input_value, login_as, web_client
from tests.skills.support import (
    add_evaluation,
    add_evidence_row,
    pdf_bytes,
    png_bytes,
    stored_files,
)


def client_for(app: Flask, w: World, who: str) -> FlaskClient:
    client = web_client(app)
    login_as(client, w.user(who))
    return client


def form(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": "text",
        "title": "Bridge model",
        "body": "We built a bridge out of straws and tested it with coins.",
        "skills": ["collaboration", "problem_solving"],
        "submission_key": "view-key-000001",
    }
    values.update(changes)
    return {k: v for k, v in values.items() if v is not None}


def evidence_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Evidence)) or 0


def only_evidence() -> Evidence:
    (evidence,) = db.session.scalars(select(Evidence)).all()
    db.session.refresh(evidence)
    return evidence


# --- youth -----------------------------------------------------------------------------------


def test_a_youth_sends_a_file_and_sees_it_waiting(app: Flask, world: World) -> None:
    youth = client_for(app, world, "youth1")
    page = youth.get("/my/evidence/new")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Show a skill" in html
    assert re.fullmatch(r"[0-9a-f]{32}", input_value(html, "submission_key") or "")
    assert 'enctype="multipart/form-data"' in html and "Critical thinking" in html
    sent = youth.post(
        "/my/evidence/new",
        data=form(kind="file", body="", file=(io.BytesIO(png_bytes()), "my bridge.png"),
                  activity_id=str(world.exp.activity1)),
    )  # fmt: skip
    assert sent.status_code == 302 and sent.headers["Location"] == "/my/skills"
    evidence = only_evidence()
    assert evidence.kind == "file" and evidence.filename == "my bridge.png"
    assert evidence.activity_id == world.exp.activity1 and evidence.stored_file in stored_files()
    mine = youth.get("/my/skills").get_data(as_text=True)
    assert "Your evidence is saved." in mine and "Waiting for review" in mine
    assert "Download my bridge.png" in mine and "Robot talk" in mine
    assert f"/my/evidence/{evidence.id}/edit" in mine


def test_the_file_downloads_only_through_the_checked_view(app: Flask, world: World) -> None:
    youth = client_for(app, world, "youth1")
    youth.post("/my/evidence/new", data=form(
        kind="file", file=(io.BytesIO(pdf_bytes()), "report <1>.pdf")))  # fmt: skip
    evidence = only_evidence()
    assert evidence.filename == "report _1_.pdf"
    url = f"/evidence/{evidence.id}/file"
    for who in ("youth1", "staff1", "admin_a"):
        response = client_for(app, world, who).get(url)
        assert response.status_code == 200 and response.data == pdf_bytes(), who
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert "report _1_.pdf" in response.headers["Content-Disposition"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.mimetype == "application/pdf"
    assert client_for(app, world, "family1").get(url).status_code == 403
    for who in ("classmate", "staff2", "admin_b", "family2"):
        assert client_for(app, world, who).get(url).status_code in (403, 404), who
    assert client_for(app, world, "classmate").get(url).status_code == 404
    assert web_client(app).get(url).status_code == 302  # to sign in
    views = db.session.scalars(
        select(AuditEvent.actor_id).where(AuditEvent.action == "evidence.file_view")
    ).all()
    assert sorted(views) == sorted([world.staff1, world.admin_a])


def test_a_path_as_a_name_is_refused_by_the_page(app: Flask, world: World) -> None:
    youth = client_for(app, world, "youth1")
    files = stored_files()
    page = youth.post("/my/evidence/new", data=form(
        kind="file", file=(io.BytesIO(pdf_bytes()), "../../etc/report.pdf")))  # fmt: skip
    assert page.status_code == 200  # the form again, with the message on the file field
    assert "Give the file a plain name, without folders" in page.get_data(as_text=True)
    assert stored_files() == files
    assert db.session.scalar(select(func.count(Evidence.id))) == 0


def test_refused_files_name_the_field_and_write_nothing(app: Flask, world: World) -> None:
    youth = client_for(app, world, "youth1")
    files = stored_files()
    cases = [
        ((io.BytesIO(b"just some text"), "report.pdf"), "This type of file is not accepted"),
        ((io.BytesIO(b"MZ\x90\x00" + b"\x00" * 60), "game.exe"), "This type of file"),
        ((io.BytesIO(b""), "empty.pdf"), "The file is empty."),
    ]
    for upload, message in cases:
        response = youth.post("/my/evidence/new", data=form(kind="file", file=upload))
        assert response.status_code == 200
        assert message in field_errors(response.get_data(as_text=True))["file"]
    # Over 10 MB, under the 11 MB a request may have: the field says so.
    body, content_type = multipart(
        {"kind": "file", "title": "Big", "skills": "collaboration"}, "big.pdf",
        pdf_bytes() + b"\x00" * MAX_FILE_BYTES,
    )  # fmt: skip
    response = youth.post("/my/evidence/new", data=body, content_type=content_type)
    assert "too large: at most 10 MB" in field_errors(response.get_data(as_text=True))["file"]
    response = youth.post("/my/evidence/new", data=form(kind="file"))
    assert "Choose a file to send." in field_errors(response.get_data(as_text=True))["file"]
    assert evidence_count() == 0 and stored_files() == files


def multipart(fields: dict[str, str], name: str, data: bytes) -> tuple[bytes, str]:
    """A multipart body built by hand (the test client would spool a large one to a
    temporary file that a refused request never closes)."""
    boundary = "skills-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    return b"".join(
        parts
    ) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_a_request_over_the_upload_limit_is_refused_with_413(app: Flask, world: World) -> None:
    youth = client_for(app, world, "youth1")
    files = stored_files()
    huge = pdf_bytes() + b"\x00" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    body, content_type = multipart(
        {"kind": "file", "title": "Huge", "skills": "collaboration"}, "huge.pdf", huge
    )
    response = youth.post("/my/evidence/new", data=body, content_type=content_type)
    assert response.status_code == 413 and "too big" in response.get_data(as_text=True)
    assert evidence_count() == 0 and stored_files() == files


def test_bad_fields_are_refused_by_name(app: Flask, world: World) -> None:
    youth = client_for(app, world, "youth1")
    cases = [
        (form(skills=None), "skills"),
        (form(skills=["juggling"]), "skills"),
        (form(title=""), "title"),
        (form(kind="video"), "kind"),
        (form(kind="link", url="javascript:alert(1)"), "url"),
        (form(activity_id="abc"), "activity_id"),
        (form(activity_id="99999999999999999999"), "activity_id"),
        (form(activity_id=str(2**31)), "activity_id"),
        (form(activity_id=str(world.exp.activity2)), "activity_id"),
        (form(activity_id=str(world.exp.activity_b)), "activity_id"),
        (form(placement_id=str(world.exp.placement2)), "placement_id"),
        (form(placement_id="-1"), "placement_id"),
        (form(placement_id="\u0663"), "placement_id"),
    ]
    for data, name in cases:
        response = youth.post("/my/evidence/new", data=data)
        assert response.status_code == 200, (data, response.status_code)
        assert name in field_errors(response.get_data(as_text=True)), (data, name)
    assert evidence_count() == 0


def test_sending_the_form_twice_makes_one_evidence(app: Flask, world: World) -> None:
    youth = client_for(app, world, "youth1")
    for _ in range(2):
        sent = youth.post("/my/evidence/new", data=form(
            kind="file", file=(io.BytesIO(png_bytes()), "a.png")))  # fmt: skip
        assert sent.status_code == 302
    assert evidence_count() == 1
    assert len([f for f in stored_files() if f == only_evidence().stored_file]) == 1
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "evidence.add")) == 1


def test_a_returned_evidence_is_fixed_then_a_verified_one_is_locked(
    app: Flask, world: World
) -> None:
    evidence_id = add_evidence_row(world.youth1, world.org_a, {"collaboration": None},
                                   status="returned", title="First try")  # fmt: skip
    db.session.get_one(Evidence, evidence_id).review_comment = "Add what you learned."
    db.session.commit()
    youth = client_for(app, world, "youth1")
    assert "Add what you learned." in youth.get("/my/skills").get_data(as_text=True)
    page = youth.get(f"/my/evidence/{evidence_id}/edit").get_data(as_text=True)
    assert "Please fix:" in page and "First try" in page
    sent = youth.post(f"/my/evidence/{evidence_id}/edit", data=form(title="Second try"))
    assert sent.status_code == 302
    evidence = only_evidence()
    assert evidence.status == "submitted" and evidence.title == "Second try"
    evidence.status = "verified"
    db.session.commit()
    locked = youth.get(f"/my/evidence/{evidence_id}/edit")
    assert locked.status_code == 302
    assert youth.post(f"/my/evidence/{evidence_id}/delete").status_code == 302
    assert evidence_count() == 1  # verified: not deleted
    assert "can no longer be deleted" in youth.get("/my/skills").get_data(as_text=True)


def test_a_youth_deletes_their_evidence_and_its_file(app: Flask, world: World) -> None:
    youth = client_for(app, world, "youth1")
    youth.post("/my/evidence/new", data=form(kind="file", file=(io.BytesIO(png_bytes()), "a.png")))
    stored = only_evidence().stored_file
    assert youth.post(f"/my/evidence/{only_evidence().id}/delete").status_code == 302
    assert evidence_count() == 0 and stored not in stored_files()


# --- staff -----------------------------------------------------------------------------------


def test_staff_verify_with_the_rubric_of_the_youths_grade(app: Flask, world: World) -> None:
    evidence_id = add_evidence_row(world.youth1, world.org_a,
                                   {"collaboration": None, "tool_use": None},
                                   status="submitted", title="Team robot")  # fmt: skip
    staff = client_for(app, world, "staff1")
    queue = staff.get("/evidence/review").get_data(as_text=True)
    assert "Team robot" in queue and "Zelda Quartzfield" in queue
    page = staff.get(f"/evidence/{evidence_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    skill = recognition_catalog(app.config["CONTENT_PATH"]).skill("collaboration")
    # youth1 is in grade 9: the 9–12 words, next to each level.
    for level in range(1, 5):
        assert skill.descriptor(level, 9) in html
    assert skill.descriptor(4, 3) not in html and skill.descriptor(4, 7) not in html
    seen = input_value(html, "seen")
    missing = staff.post(
        f"/evidence/{evidence_id}",
        data={"action": "verify", "seen": seen, "level_collaboration": "3"},
    )
    assert missing.status_code == 200
    assert "Choose a level." in field_errors(missing.get_data(as_text=True))["level_tool_use"]
    done = staff.post(f"/evidence/{evidence_id}", data={
        "action": "verify", "seen": seen, "level_collaboration": "3", "level_tool_use": "2",
        "comment": "Well done."})  # fmt: skip
    assert done.status_code == 302 and done.headers["Location"] == "/evidence/review"
    levels = dict(db.session.execute(select(EvidenceSkill.skill_slug, EvidenceSkill.level)).all())
    assert levels == {"collaboration": 3, "tool_use": 2}
    assert "Nothing is waiting" in staff.get("/evidence/review").get_data(as_text=True)


def test_staff_add_evidence_but_someone_else_verifies_it(app: Flask, world: World) -> None:
    staff = client_for(app, world, "staff1")
    page = staff.get(f"/youth/{world.youth1}/evidence/new").get_data(as_text=True)
    assert "Add evidence for Zelda Quartzfield" in page
    sent = staff.post(f"/youth/{world.youth1}/evidence/new", data=form())
    assert sent.status_code == 302 and sent.headers["Location"] == f"/youth/{world.youth1}/skills"
    evidence = only_evidence()
    assert evidence.created_by_id == world.staff1
    html = staff.get(f"/evidence/{evidence.id}").get_data(as_text=True)
    assert "someone else must check it" in html and 'value="verify"' not in html
    refused = staff.post(f"/evidence/{evidence.id}", data={
        "action": "verify", "level_collaboration": "2", "level_problem_solving": "2"})  # fmt: skip
    assert refused.status_code == 200 and "someone else must check it" in refused.get_data(
        as_text=True)  # fmt: skip
    assert only_evidence().status == "submitted"
    admin = client_for(app, world, "admin_a")
    returned = admin.post(
        f"/evidence/{evidence.id}", data={"action": "return", "comment": "Add a photo."}
    )
    assert returned.status_code == 302 and only_evidence().status == "returned"


def test_a_return_needs_a_comment(app: Flask, world: World) -> None:
    evidence_id = add_evidence_row(world.youth1, world.org_a, {"collaboration": None},
                                   status="submitted")  # fmt: skip
    staff = client_for(app, world, "staff1")
    response = staff.post(f"/evidence/{evidence_id}", data={"action": "return", "comment": ""})
    assert "Say what the youth should add or fix." in field_errors(
        response.get_data(as_text=True))["comment"]  # fmt: skip
    assert only_evidence().status == "submitted"


def test_the_growth_page_shows_levels_charts_and_history_and_is_audited(
    app: Flask, world: World
) -> None:
    add_evidence_row(world.youth1, world.org_a, {"collaboration": 2}, title="Group poster")
    add_evaluation(world.exp.placement1, world.youth1, {"collaboration": 3, "leadership": 1})
    add_evidence_row(world.youth1, world.org_a, {"creativity": None}, status="submitted",
                     title="Sketchbook")  # fmt: skip
    staff = client_for(app, world, "staff1")
    html = staff.get(f"/youth/{world.youth1}/skills").get_data(as_text=True)
    assert "Skills: Zelda Quartzfield" in html
    assert html.count('src="data:image/svg+xml;base64,') == 2  # collaboration and leadership
    assert "Chart of Collaboration levels over time" in html
    assert "Group poster" in html and "Sketchbook" in html and "Summer intern" in html
    assert "Supervisor evaluation" in html and "Proficient" in html
    event = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "youth.view", AuditEvent.actor_id == world.staff1
        )
    )
    assert event is not None and event.detail == {"section": "skills"}

    family = client_for(app, world, "family1").get(f"/youth/{world.youth1}/skills")
    text = family.get_data(as_text=True)
    assert family.status_code == 200 and "Skills of Zelda Quartzfield" in text
    assert "Proficient" in text and "Group poster" not in text and "Sketchbook" not in text
    mine = client_for(app, world, "youth1").get("/my/skills").get_data(as_text=True)
    assert "My skills" in mine and "Group poster" in mine and mine.count("data:image/svg") == 2
    # Only the staff member's and the family member's views are audited.
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "youth.view")) == 2


def test_staff_delete_evidence_that_is_not_verified(app: Flask, world: World) -> None:
    evidence_id = add_evidence_row(world.youth1, world.org_a, {"collaboration": None},
                                   status="submitted")  # fmt: skip
    staff = client_for(app, world, "staff1")
    response = staff.post(f"/evidence/{evidence_id}/delete")
    assert (
        response.status_code == 302
        and response.headers["Location"] == f"/youth/{world.youth1}/skills"
    )
    assert evidence_count() == 0
    assert db.session.scalar(select(AuditEvent.target_id).where(
        AuditEvent.action == "evidence.delete")) == evidence_id  # fmt: skip
