"""The activity pages send a fixed number of statements: the same for 5 and 40 attendees, and
for 3 and 30 activities in the list. Run with ``-s`` to see the counts."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask
from flask.testing import FlaskClient

from ccl_youth.db import StatementCounter
from ccl_youth.experiences.models import Activity, ActivityCluster, ActivityTactic, Participation
from ccl_youth.extensions import db
from tests.experiences.conftest import Club
from tests.factories import add_youth_bulk, login_as, web_client


def count_statements(client: FlaskClient, url: str) -> int:
    """Statements of one GET, after a warm-up request."""
    assert client.get(url).status_code == 200
    db.session.remove()
    with StatementCounter(db.engine) as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


def add_activity(club: Club, youth_ids: list[int], day: date) -> int:
    db.session.add_all([club.org, club.cohort, club.partner, club.staff, club.cluster])
    activity = Activity(
        organization_id=club.org.id,
        program_id=club.cohort.program_id,
        cohort_id=club.cohort.id,
        type_slug="guest_speaker",
        title=f"Talk on {day}",
        activity_date=day,
        minutes=45,
        partner_id=club.partner.id,
        created_by_id=club.staff.id,
    )
    db.session.add(activity)
    db.session.flush()
    db.session.add(ActivityCluster(activity_id=activity.id, cluster_id=club.cluster.id))
    db.session.add(
        ActivityTactic(activity_id=activity.id, tactic_id="exploration.career_stem.guest_speakers")
    )
    db.session.add_all(
        Participation(activity_id=activity.id, youth_id=y, minutes=45) for y in youth_ids
    )
    db.session.commit()
    return activity.id


def test_the_activity_page_and_its_forms_do_not_grow_with_attendance(app: Flask, club: Club):
    small = add_activity(club, [y.id for y in club.youth] + [club.walk_in.id], date.today())
    extra = add_youth_bulk(club.org.id, 35, cohort_id=club.cohort.id)
    large = add_activity(club, [y.id for y in club.youth] + [club.walk_in.id] + extra, date.today())
    client = login_as(web_client(app), club.staff)
    for suffix in ("", "/edit", "/checkin", "/delete", "/attendance/import"):
        counts = [count_statements(client, f"/activities/{a}{suffix}") for a in (small, large)]
        print(f"statements for /activities/<id>{suffix}: 5 attendees {counts[0]}, 40 {counts[1]}")
        assert counts[0] == counts[1], suffix
    new_form = count_statements(client, "/activities/new")
    print(f"statements for /activities/new with 39 youth in the cohort: {new_form}")
    assert new_form <= 10


def test_the_list_and_export_do_not_grow_with_activities(app: Flask, club: Club):
    client = login_as(web_client(app), club.staff)
    youth_ids = [y.id for y in club.youth]
    first = date.today() - timedelta(days=60)
    for n in range(3):
        add_activity(club, youth_ids[n : n + 1], first + timedelta(days=n))
    small = [count_statements(client, url) for url in ("/activities", "/activities.csv")]
    for n in range(3, 30):
        add_activity(club, youth_ids, first + timedelta(days=n))
    large = [count_statements(client, url) for url in ("/activities", "/activities.csv")]
    print(f"statements for /activities and /activities.csv: 3 activities {small}, 30 {large}")
    # The list's first page is full with 30 (25 a page), so it adds the one COUNT of the total.
    assert large[0] == small[0] + 1
    assert large[1] == small[1]
