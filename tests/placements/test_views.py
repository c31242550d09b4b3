"""Placement pages through HTTP: staff create and edit placements with a training agreement,
change status, see lists with totals; the agreement downloads only through its view."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.extensions import db
from ccl_youth.placements import views
from ccl_youth.placements.models import Placement
from tests.factories import World, field_errors, fresh, login_as, web_client
from tests.placements.conftest import set_birth
from tests.placements.support import (
    add_hours,
    exe_bytes,
    pdf_bytes,
    placement_form,
    png_bytes,
    upload,
)


def _staff(app: Flask, world: World, who: str = "staff1"):
    return login_as(web_client(app), world.user(who))


def _newest() -> Placement:
    placement = db.session.scalar(select(Placement).order_by(Placement.id.desc()))
    assert placement is not None
    return placement


def test_staff_create_a_placement_with_an_agreement(app: Flask, world: World) -> None:
    client = _staff(app, world)
    page = client.get(f"/youth/{world.youth1}/placements/new")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    # Only work-based types are offered, and only this organization's partners.
    assert 'value="internship"' in html and 'value="guest_speaker"' not in html
    assert "Cascade Robotics" in html and "Harbor Labs" not in html
    form = placement_form(world, agreement=upload(png_bytes(), "signed agreement.pdf"))
    response = client.post(f"/youth/{world.youth1}/placements/new", data=form)
    assert response.status_code == 302
    placement = _newest()
    assert response.headers["Location"] == f"/placements/{placement.id}"
    # A PNG named .pdf is stored as the PNG it is, under a random name.
    assert placement.agreement_content_type == "image/png"
    assert re.fullmatch(r"[0-9a-f]{32}\.png", placement.agreement_file)
    assert placement.agreement_filename == "signed agreement.pdf"
    download = client.get(f"/placements/{placement.id}/agreement")
    assert download.status_code == 200
    assert download.data == png_bytes()
    assert download.headers["Content-Type"] == "image/png"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.target_type == "placement")
    ).all()
    assert {"placement.create", "placement.agreement", "placement.agreement_download"} <= set(
        actions
    )
    # Another staff member, out of scope, cannot download it.
    assert _staff(app, world, "staff2").get(
        f"/placements/{placement.id}/agreement"
    ).status_code == (404)


def test_bad_uploads_and_fields_save_nothing(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A smaller cap than 10 MB, so the test client sends no huge body (the cap itself is
    # tested in test_files.py).
    monkeypatch.setattr(views, "MAX_DOCUMENT_BYTES", 1000)
    client = _staff(app, world)
    before = db.session.scalar(select(db.func.count(Placement.id)))
    folder = Path(app.config["UPLOADS_PATH"]) / "agreements"
    before_files = sorted(folder.glob("*")) if folder.is_dir() else []
    cases = [
        ({"agreement": upload(exe_bytes(), "agreement.pdf")}, "agreement"),
        ({"agreement": upload(pdf_bytes() + b"0" * 1000, "big.pdf")}, "agreement"),
        ({"end_date": "2026-10-01"}, "end_date"),
        # The agreement is fine but a field is not: the stored file is removed again.
        ({"agreement": upload(pdf_bytes(), "ok.pdf"), "end_date": "2026-10-01"}, "end_date"),
        ({"start_date": "2031-01-01", "end_date": ""}, "start_date"),
        ({"planned_hours": "2001"}, "planned_hours"),
        ({"supervisor_email": "not-an-address"}, "supervisor_email"),
        ({"type_slug": "guest_speaker"}, "type_slug"),
        ({"partner_id": str(world.exp.partner_b)}, "partner_id"),
        ({"supervisor_name": ""}, "supervisor_name"),
    ]
    for changes, field in cases:
        response = client.post(
            f"/youth/{world.youth1}/placements/new", data=placement_form(world, **changes)
        )
        html = response.get_data(as_text=True)
        assert response.status_code == 200, changes
        assert field in field_errors(html), (changes, field_errors(html))
    assert db.session.scalar(select(db.func.count(Placement.id))) == before
    # A file stored before a later rule failed is removed again.
    folder = Path(app.config["UPLOADS_PATH"]) / "agreements"
    assert (sorted(folder.glob("*")) if folder.is_dir() else []) == before_files


def test_edit_records_consent_and_status_needs_it(app: Flask, world: World) -> None:
    client = _staff(app, world)
    client.post(f"/youth/{world.youth1}/placements/new", data=placement_form(world))
    placement = _newest()
    response = client.post(
        f"/placements/{placement.id}/status", data={"status": "active"}, follow_redirects=True
    )
    assert "record a parent or guardian&#39;s consent first" in response.get_data(as_text=True)
    assert fresh(placement).status == "planned"
    edit = client.get(f"/placements/{placement.id}/edit")
    assert 'value="Lab assistant"' in edit.get_data(as_text=True)
    form = placement_form(
        world, consent_given_by="Ana Quartzfield", consent_method="phone", consent_date="2026-11-01"
    )
    assert client.post(f"/placements/{placement.id}/edit", data=form).status_code == 302
    response = client.post(
        f"/placements/{placement.id}/status", data={"status": "active"}, follow_redirects=True
    )
    assert "Status changed." in response.get_data(as_text=True)
    assert fresh(placement).status == "active"
    detail = client.get(f"/placements/{placement.id}").get_data(as_text=True)
    assert "Given by Ana Quartzfield (Phone call)" in detail


def test_an_adult_needs_no_consent(app: Flask, world: World) -> None:
    set_birth(world.youth1, 2000, 5)
    client = _staff(app, world)
    client.post(f"/youth/{world.youth1}/placements/new", data=placement_form(world))
    placement = _newest()
    client.post(f"/placements/{placement.id}/status", data={"status": "active"})
    assert fresh(placement).status == "active"
    client.post(f"/placements/{placement.id}/status", data={"status": "ended_early"})
    assert fresh(placement).status == "active"  # a note is needed
    client.post(
        f"/placements/{placement.id}/status", data={"status": "ended_early", "note": "Moved."}
    )
    assert (fresh(placement).status, placement.status_note) == ("ended_early", "Moved.")


def test_lists_show_totals_and_filter(app: Flask, world: World) -> None:
    add_hours(world.exp.placement1, world.youth1, 60, "verified", day=3)
    client = _staff(app, world, "admin_a")
    html = client.get("/placements").get_data(as_text=True)
    assert "Zelda Quartzfield" in html and "Yara Tourmaline" in html
    assert "Walter Basaltine" not in html
    # placement1: 180 waiting + 60 verified = 4 h submitted, 1 h verified.
    assert '<td>4 h <span class="tag">1 to review</span></td>' in html
    assert "<td>1 h</td>" in html
    assert "Yara" not in client.get("/placements?status=planned").get_data(as_text=True)
    assert "Yara" in client.get("/placements?status=active&type=internship").get_data(as_text=True)
    assert "Yara" not in client.get("/placements?type=job_shadow").get_data(as_text=True)
    partner = f"/placements?partner={world.exp.partner}"
    assert "Yara" in client.get(partner).get_data(as_text=True)
    # Unknown filter values are ignored, never an error.
    for odd in ("?status=nope", "?type=%ff", f"?partner={world.exp.partner_b}", "?partner=x"):
        assert client.get("/placements" + odd).status_code == 200
    youth_page = client.get(f"/youth/{world.youth1}/placements").get_data(as_text=True)
    assert "1 h of 4 h submitted" in youth_page
    view = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "placement.list_view"))
    assert view is not None and view.youth_id == world.youth1


def test_staff_see_only_their_cohorts_placements(app: Flask, world: World) -> None:
    html = _staff(app, world).get("/placements").get_data(as_text=True)
    assert "Zelda Quartzfield" in html
    assert "Yara Tourmaline" not in html
    detail = _staff(app, world).get(f"/placements/{world.exp.placement1}")
    assert detail.status_code == 200
    assert "Zelda Quartzfield" in detail.get_data(as_text=True)
    assert _staff(app, world).get(f"/placements/{world.exp.placement2}").status_code == 404
    assert _staff(app, world).get(f"/placements/{world.exp.placement1}/hours").status_code == 200
    views_audited = db.session.execute(
        select(AuditEvent.action, AuditEvent.youth_id, AuditEvent.target_id)
        .where(AuditEvent.target_type == "placement")
        .order_by(AuditEvent.id)
    ).all()
    assert [tuple(row) for row in views_audited] == [
        ("placement.view", world.youth1, world.exp.placement1),
        ("placement.hours_view", world.youth1, world.exp.placement1),
    ]
