"""Reviewing hours safely: nobody verifies (or returns) hours they logged themselves, an entry
that changed after the reviewer opened the page is not reviewed unseen, and a malformed id in
a review form is a 404 that changes nothing (never a 500)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from ccl_youth.core.errors import ValidationFailed
from ccl_youth.extensions import db
from ccl_youth.placements import hours
from ccl_youth.placements.hours import HoursInput
from ccl_youth.placements.models import HoursEntry, Placement
from tests.factories import World, bearer, field_errors, input_value, login_as, web_client
from tests.placements.conftest import TODAY
from tests.placements.support import placement_form
from tests.test_idor import db_state, describe_change
from tests.world_experiences import WORLD_DAY

DAY3 = WORLD_DAY + timedelta(days=3)
OWN = "You logged these hours, so someone else must verify them."


def _log(world: World, who: str, day=DAY3, minutes: int = 60) -> int:
    entry, _created = hours.log_hours(
        db.session,
        world.user(who),
        world.exp.placement1,
        HoursInput(day, minutes, f"Logged by {who}."),
        TODAY,
    )
    db.session.commit()
    return entry.id


def _entry(entry_id: int) -> HoursEntry:
    db.session.expire_all()
    return db.session.get_one(HoursEntry, entry_id)


def _as(app: Flask, world: World, who: str):
    return login_as(web_client(app), world.user(who))


# --- who logged it -------------------------------------------------------------------------


def test_every_new_entry_records_who_logged_it(world: World) -> None:
    by_youth, by_staff = _log(world, "youth1"), _log(world, "staff1", day=DAY3 + timedelta(1))
    assert _entry(by_youth).logged_by_id == world.youth1
    assert _entry(by_staff).logged_by_id == world.staff1


@pytest.mark.parametrize("action", ["verify", "return"])
def test_nobody_reviews_hours_they_logged(world: World, action: str) -> None:
    """staff1 copies a paper timesheet in, then tries to verify (or return) it together with
    the youth's own entry: the whole batch is refused and nothing changes."""
    mine = _log(world, "staff1")
    staff = world.user("staff1")
    before = db_state()
    with pytest.raises(ValidationFailed) as refused:
        hours.review_hours(db.session, staff, [world.exp.hours1, mine], action, "Check it.")
    assert refused.value.errors == {"hours_ids": [OWN]}
    db.session.rollback()
    assert db_state() == before, describe_change(before, db_state())
    # Anyone else in scope may: the admin, or staff1 for the youth's own entry.
    hours.review_hours(db.session, world.user("admin_a"), [mine], action, "Check it.")
    hours.review_hours(db.session, staff, [world.exp.hours1], action, "Check it.")
    db.session.commit()
    expected = "verified" if action == "verify" else "returned"
    assert (_entry(mine).status, _entry(mine).reviewer_id) == (expected, world.admin_a)
    assert _entry(world.exp.hours1).status == expected


def test_the_api_refuses_to_verify_the_tokens_own_entry(app: Flask, world: World) -> None:
    client = web_client(app)
    logged = client.post(
        f"/api/v1/placements/{world.exp.placement1}/hours",
        json={"work_date": DAY3.isoformat(), "minutes": 45, "description": "Paper timesheet."},
        headers=bearer(world.secrets["staff1"]),
    )
    assert logged.status_code == 201
    body = logged.get_json()
    assert body["logged_by_id"] == world.staff1
    url = f"/api/v1/hours/{body['id']}/verify"
    for action in ({"action": "verify"}, {"action": "return", "comment": "Fix the date."}):
        response = client.post(url, json=action, headers=bearer(world.secrets["staff1"]))
        assert response.status_code == 422
        assert response.get_json()["errors"]["json"] == {"hours_ids": [OWN]}
        assert _entry(body["id"]).status == "submitted"
    response = client.post(url, json={"action": "verify"}, headers=bearer(world.secrets["admin_a"]))
    assert response.status_code == 200 and response.get_json()["status"] == "verified"


def test_the_staff_pages_say_who_logged_each_entry(app: Flask, world: World) -> None:
    by_youth = _log(world, "youth1")
    by_staff = _log(world, "staff1", day=DAY3 + timedelta(days=1))
    by_admin = _log(world, "admin_a", day=DAY3 + timedelta(days=2))
    staff = _as(app, world, "staff1")
    url = f"/placements/{world.exp.placement1}/hours"
    page = staff.get(url).get_data(as_text=True)
    assert page.count("Logged by: The youth") == 1  # by_youth (hours1 has no record)
    assert "Logged by: Not recorded" in page
    assert f"Logged by: {world.user('admin_a').display_name} (staff)" in page
    # The reader's own entry has no checkbox and no Verify button, and says why.
    assert f'name="hours_ids" value="{by_staff}"' not in page
    assert f'name="single" value="{by_staff}"' not in page
    assert OWN in page
    for other in (by_youth, by_admin, world.exp.hours1):
        assert f'name="hours_ids" value="{other}"' in page
    # The table of all entries has a "Logged by" column.
    assert '<th scope="col">Logged by</th>' in page
    # A forged POST for the reader's own entry is refused on the page, and changes nothing.
    before = db_state()
    response = staff.post(url, data={"single": str(by_staff)})
    assert response.status_code == 200 and OWN in response.get_data(as_text=True)
    assert db_state() == before
    queue = staff.get("/hours/review").get_data(as_text=True)
    assert f'name="hours_ids" value="{by_staff}"' not in queue and OWN in queue
    admin_page = _as(app, world, "admin_a").get(url).get_data(as_text=True)
    assert f'name="hours_ids" value="{by_staff}"' in admin_page


# --- changed after the reviewer looked -----------------------------------------------------


def test_an_entry_changed_since_it_was_seen_is_not_reviewed(world: World) -> None:
    staff = world.user("staff1")
    other = _log(world, "youth1")
    seen = {
        world.exp.hours1: _entry(world.exp.hours1).updated_dt,
        other: _entry(other).updated_dt,
    }
    # The youth changes hours1 (7 October) after staff1 opened the page: 3 h → 2 h.
    changed = HoursInput(WORLD_DAY + timedelta(days=1), 120, "Tested circuit boards.")
    hours.correct_hours(db.session, world.user("youth1"), world.exp.hours1, changed, TODAY)
    db.session.commit()
    before = db_state()
    with pytest.raises(ValidationFailed) as refused:
        hours.review_hours(db.session, staff, [world.exp.hours1, other], "verify", seen=seen)
    assert refused.value.errors == {
        "hours_ids": ["Entry of 7 October changed since you opened the page; check it again."]
    }
    db.session.rollback()
    assert db_state() == before
    # Read again, it is verified; without any "seen" there is nothing to compare.
    seen[world.exp.hours1] = _entry(world.exp.hours1).updated_dt
    hours.review_hours(db.session, staff, [world.exp.hours1, other], "verify", seen=seen)
    db.session.commit()
    assert _entry(world.exp.hours1).status == _entry(other).status == "verified"


@pytest.mark.parametrize(
    "value", ["", "yesterday", "2026-13-45T00:00:00", "9" * 5000, "0001-01-01T00:00:00+14:00"]
)
def test_an_unreadable_seen_version_counts_as_changed(world: World, value: str) -> None:
    with pytest.raises(ValidationFailed):
        hours.review_hours(
            db.session,
            world.user("staff1"),
            [world.exp.hours1],
            "verify",
            seen={world.exp.hours1: hours.parse_seen(value)},
        )
    assert hours.parse_seen(hours.seen_value(_entry(world.exp.hours1).updated_dt)) == (
        _entry(world.exp.hours1).updated_dt
    )


def test_the_review_page_posts_what_it_showed(app: Flask, world: World) -> None:
    staff = _as(app, world, "staff1")
    url = f"/placements/{world.exp.placement1}/hours"
    seen = input_value(staff.get(url).get_data(as_text=True), f"seen-{world.exp.hours1}")
    assert seen is not None
    youth = _as(app, world, "youth1")
    edit = f"/my/hours/{world.exp.hours1}/edit"
    fixed = {
        "work_date": (WORLD_DAY + timedelta(days=1)).isoformat(),
        "hours": "4",
        "minutes": "0",
        "description": "Tested 20 boards.",
    }
    assert youth.post(edit, data=fixed).status_code == 302
    for data in (
        {"single": str(world.exp.hours1), f"seen-{world.exp.hours1}": seen},
        {"hours_ids": str(world.exp.hours1), "action": "verify", f"seen-{world.exp.hours1}": seen},
    ):
        for page_url in (url, "/hours/review"):
            response = staff.post(page_url, data=data)
            html = response.get_data(as_text=True)
            assert response.status_code == 200
            assert "Entry of 7 Oct" in html and "changed since you opened the page" in html
            assert _entry(world.exp.hours1).status == "submitted"
    # The page shown with the error carries the new version: sending it verifies.
    page = staff.get(url).get_data(as_text=True)
    assert "Tested 20 boards." in page
    fresh_seen = input_value(page, f"seen-{world.exp.hours1}")
    assert fresh_seen != seen
    data = {"single": str(world.exp.hours1), f"seen-{world.exp.hours1}": fresh_seen}
    assert staff.post(url, data=data).status_code == 302
    assert _entry(world.exp.hours1).status == "verified"


def test_the_api_compares_seen_updated_when_given(app: Flask, world: World) -> None:
    client = web_client(app)
    url = f"/api/v1/hours/{world.exp.hours1}/verify"
    headers = bearer(world.secrets["staff1"])
    stale = (_entry(world.exp.hours1).updated_dt - timedelta(seconds=1)).isoformat()
    response = client.post(url, json={"action": "verify", "seen_updated": stale}, headers=headers)
    assert response.status_code == 422
    assert (
        "changed since you opened the page" in response.get_json()["errors"]["json"]["hours_ids"][0]
    )
    assert _entry(world.exp.hours1).status == "submitted"
    current = _entry(world.exp.hours1).updated_dt.isoformat()
    response = client.post(url, json={"action": "verify", "seen_updated": current}, headers=headers)
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "verified"
    # What the answer says is the version to send next time.
    assert datetime.fromisoformat(body["updated_at"]) == _entry(world.exp.hours1).updated_dt


# --- malformed ids in review forms ---------------------------------------------------------

LEADING_ZEROS = "0000000000019999999999999999999"  # int(value[:12]) is 1; int(value) is huge


@pytest.mark.parametrize(
    "value",
    [LEADING_ZEROS, "9" * 5000, "0" * 5000 + "1", "00000000001", "0", "2147483648", "\u0663"],
    ids=["leading-zeros", "5000-digits", "5000-zeros-then-1", "11-chars", "zero", "2^31", "arabic"],
)
def test_malformed_review_ids_are_404_and_change_nothing(
    app: Flask, world: World, value: str
) -> None:
    staff = _as(app, world, "staff1")
    before = db_state()
    posts = [
        ("/hours/review", {"hours_ids": value, "action": "verify"}),
        ("/hours/review", {"hours_ids": [str(world.exp.hours1), value], "action": "verify"}),
        (f"/placements/{world.exp.placement1}/hours", {"single": value}),
        (f"/placements/{world.exp.placement1}/hours", {"hours_ids": value, "action": "verify"}),
    ]
    for url, data in posts:
        response = staff.post(url, data=data)
        assert response.status_code == 404, (url, data)
        assert db_state() == before, describe_change(before, db_state())


def test_ten_digits_with_leading_zeros_are_still_an_id(app: Flask, world: World) -> None:
    staff = _as(app, world, "staff1")
    padded = str(world.exp.hours1).zfill(10)
    response = staff.post(f"/placements/{world.exp.placement1}/hours", data={"single": padded})
    assert response.status_code == 302
    assert _entry(world.exp.hours1).status == "verified"


@pytest.mark.parametrize("value", [LEADING_ZEROS, "9" * 5000, "0" * 5000 + "1", "-1", "\u0663", ""])
def test_malformed_filter_ids_are_ignored(app: Flask, world: World, value: str) -> None:
    """The partner filter on /placements takes an id from the query string: a malformed one
    is no filter (the whole list), never an error."""
    response = _as(app, world, "admin_a").get("/placements", query_string={"partner": value})
    assert response.status_code == 200
    assert "Zelda Quartzfield" in response.get_data(as_text=True)


def test_malformed_ids_in_the_placement_form_are_field_errors(app: Flask, world: World) -> None:
    """The partner select and the number fields read ids and numbers too: a huge or padded
    value is a field error, never a 500. A partner id is read like any other id (at most 10
    ASCII digits), so a real partner's id padded to 30 digits is not taken for it."""
    client = _as(app, world, "staff1")
    count = db.session.scalar(select(db.func.count()).select_from(Placement))
    for changes, field in (
        ({"partner_id": LEADING_ZEROS}, "partner_id"),
        ({"partner_id": "9" * 5000}, "partner_id"),
        ({"partner_id": str(world.exp.partner).zfill(30)}, "partner_id"),
        ({"partner_id": "\u0663"}, "partner_id"),
        ({"planned_hours": "9" * 5000}, "planned_hours"),
        ({"planned_hours": LEADING_ZEROS}, "planned_hours"),
    ):
        response = client.post(
            f"/youth/{world.youth1}/placements/new", data=placement_form(world, **changes)
        )
        assert response.status_code == 200, changes
        assert field in field_errors(response.get_data(as_text=True)), changes
    assert db.session.scalar(select(db.func.count()).select_from(Placement)) == count
    padded = placement_form(world, partner_id=str(world.exp.partner).zfill(10))
    assert client.post(f"/youth/{world.youth1}/placements/new", data=padded).status_code == 302
