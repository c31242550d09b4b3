"""Hours pages through HTTP: youth log and fix their hours; staff verify or return them one
by one or in bulk, and an id out of reach in the POST is a 404 that changes nothing."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.extensions import db
from ccl_youth.placements.models import HoursEntry, Placement
from tests.factories import World, field_errors, input_value, login_as, web_client
from tests.placements.support import add_hours, add_placement, hours_form
from tests.test_idor import db_state, describe_change
from tests.world_experiences import WORLD_DAY


def _as(app: Flask, world: World, who: str):
    return login_as(web_client(app), world.user(who))


def _entries(youth_id: int) -> list[HoursEntry]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(HoursEntry).where(HoursEntry.youth_id == youth_id).order_by(HoursEntry.id)
        )
    )


def test_a_youth_logs_hours_once_however_often_they_click(app: Flask, world: World) -> None:
    client = _as(app, world, "youth1")
    mine = client.get("/my/placements").get_data(as_text=True)
    assert "Summer intern" in mine and "Add my hours" in mine
    page = client.get(f"/my/placements/{world.exp.placement1}/hours/new").get_data(as_text=True)
    key = input_value(page, "submission_key")
    assert key and len(key) == 32
    form = hours_form(key)  # 2 hours and 30 minutes
    url = f"/my/placements/{world.exp.placement1}/hours/new"
    first, second = client.post(url, data=form), client.post(url, data=form)
    assert (first.status_code, second.status_code) == (302, 302)
    entries = _entries(world.youth1)
    assert [(e.minutes, e.status) for e in entries] == [(180, "submitted"), (150, "submitted")]
    mine = client.get("/my/placements").get_data(as_text=True)
    assert "Labelled samples and cleaned the bench." in mine
    assert "Waiting for review" in mine


def test_bad_hours_show_field_errors(app: Flask, world: World) -> None:
    client = _as(app, world, "youth1")
    url = f"/my/placements/{world.exp.placement1}/hours/new"
    cases = [
        ({"work_date": "2099-01-01"}, "work_date", "future"),
        ({"work_date": (WORLD_DAY - timedelta(days=1)).isoformat()}, "work_date", "started"),
        ({"hours": "0", "minutes": "0"}, "minutes", "24 hours"),
        ({"hours": "24", "minutes": "1"}, "minutes", "24 hours"),
        ({"description": ""}, "description", ""),
    ]
    for n, (changes, field, words) in enumerate(cases):
        response = client.post(url, data=hours_form(f"bad-hours-{n:03d}", **changes))
        errors = field_errors(response.get_data(as_text=True))
        assert response.status_code == 200 and field in errors, (changes, errors)
        assert words in errors[field]
    assert len(_entries(world.youth1)) == 1
    db.session.get_one(Placement, world.exp.placement1).status = "completed"
    db.session.commit()
    response = client.post(url, data=hours_form("not-active-1"))
    assert "only while the placement is active" in response.get_data(as_text=True)
    assert len(_entries(world.youth1)) == 1


def test_returned_hours_are_fixed_and_verified_ones_locked(app: Flask, world: World) -> None:
    staff, youth = _as(app, world, "staff1"), _as(app, world, "youth1")
    url = f"/placements/{world.exp.placement1}/hours"
    response = staff.post(url, data={"hours_ids": str(world.exp.hours1), "action": "return"})
    assert "Say what the youth should fix." in response.get_data(as_text=True)
    staff.post(
        url,
        data={"hours_ids": str(world.exp.hours1), "action": "return", "comment": "Which boards?"},
    )
    mine = youth.get("/my/placements").get_data(as_text=True)
    assert "Please fix:</strong> Which boards?" in mine
    edit = f"/my/hours/{world.exp.hours1}/edit"
    assert input_value(youth.get(edit).get_data(as_text=True), "hours") == "3"
    fixed = hours_form(work_date=(WORLD_DAY + timedelta(days=1)).isoformat(), description="12")
    assert youth.post(edit, data=fixed).status_code == 302
    (entry,) = _entries(world.youth1)
    assert (entry.status, entry.minutes, entry.description) == ("submitted", 150, "12")
    staff.post(url, data={"single": str(world.exp.hours1)})
    assert _entries(world.youth1)[0].status == "verified"
    assert youth.get(edit).status_code == 302  # locked: back to the list with a message
    assert youth.post(edit, data=hours_form(description="changed")).status_code == 302
    assert _entries(world.youth1)[0].description == "12"
    assert "Fix it" not in youth.get("/my/placements").get_data(as_text=True)


def test_bulk_review_is_all_or_nothing(app: Flask, world: World) -> None:
    classmate_placement = add_placement(world.org_a, world.classmate)
    theirs = add_hours(classmate_placement, world.classmate, 60, "submitted", day=2)
    client = _as(app, world, "staff1")
    queue = client.get("/hours/review").get_data(as_text=True)
    assert 'data-select-all="hours_ids"' in queue
    assert f'value="{world.exp.hours1}"' in queue and f'value="{theirs}"' in queue
    assert "Yara Tourmaline" not in queue  # youth2's hours are not staff1's to review
    before = db_state()
    for outside in (world.exp.hours2, world.exp.hours_b, 999_999, "abc"):
        data = {"hours_ids": [str(world.exp.hours1), str(theirs), str(outside)], "action": "verify"}
        response = client.post("/hours/review", data=data)
        assert response.status_code == 404, outside
        assert db_state() == before, describe_change(before, db_state())
    # On a placement's page, entries of another placement are out of reach too.
    response = client.post(
        f"/placements/{world.exp.placement1}/hours",
        data={"hours_ids": [str(world.exp.hours1), str(theirs)], "action": "verify"},
    )
    assert response.status_code == 404 and db_state() == before
    data = {"hours_ids": [str(world.exp.hours1), str(theirs)], "action": "verify"}
    response = client.post("/hours/review", data=data, follow_redirects=True)
    assert "Verified 2 entries." in response.get_data(as_text=True)
    statuses = {e.id: e.status for e in db.session.scalars(select(HoursEntry))}
    assert statuses[world.exp.hours1] == statuses[theirs] == "verified"
    assert statuses[world.exp.hours2] == "submitted"
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "hours.verify").order_by(AuditEvent.id)
    ).all()
    assert [(e.target_id, e.actor_id) for e in events] == [
        (world.exp.hours1, world.staff1),
        (theirs, world.staff1),
    ]
    assert all(set(e.detail) == {"placement_id"} for e in events)
    assert "Nothing is waiting for review" in client.get("/hours/review").get_data(as_text=True)


def test_nothing_ticked_is_a_form_error(app: Flask, world: World) -> None:
    client = _as(app, world, "admin_a")
    response = client.post("/hours/review", data={"action": "verify"})
    assert response.status_code == 200
    assert "Choose at least one entry." in response.get_data(as_text=True)
