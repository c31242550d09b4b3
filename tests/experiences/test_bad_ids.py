"""Ids that cannot be: too large for the database's integer column (on SQLite past 2⁶³,
on PostgreSQL past 2³¹−1), zero, negative or not a number. The form names the field, the list
and export ignore the filter, the API answers 422; never a 500, never half-saved data.
Run on PostgreSQL too (``TEST_DATABASE_URL``)."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from ccl_youth.experiences.models import Activity, Participation
from ccl_youth.extensions import db
from tests.experiences.conftest import Club
from tests.experiences.test_api import body_for, post
from tests.experiences.test_services import participations
from tests.experiences.test_views import form_for, logged, signed_in
from tests.factories import bearer, field_errors, make_token, web_client

HUGE = "99999999999999999999999"
PAST_INT4 = "3000000000"  # fits SQLite's 64-bit integers, not PostgreSQL's integer column
BAD = [HUGE, PAST_INT4, "0", "-1", "1.5", "٣"]  # the last: an Arabic-Indic digit three

#: Form field → (the value posted, where the error shows, the message).
FIELDS = {
    "cohort_id": ("cohort_id", "Choose one of your cohorts."),
    "partner_id": ("partner_id", "Choose a partner from the list."),
    "role_model_id": ("role_model_id", "Choose a guest speaker from the list."),
    "cluster_ids": ("cluster_ids", "Choose career clusters from the list."),
    "attendees": ("attendees", "Choose youth from the list."),
    # Ms. Rivera has no other cohort: the select is not on the page, the checklist says it.
    "extra_attendees": ("attendees", "Choose youth from the list."),
}


def changed(club: Club, name: str, value: str) -> dict[str, object]:
    if name in {"cluster_ids", "attendees", "extra_attendees"}:
        # The bad id beside a good one: the good one stays ticked on the page.
        good = str(club.cluster.id) if name == "cluster_ids" else str(club.youth[0].id)
        return {name: [good, value]}
    return {name: value}


def counts() -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count(Activity.id))) or 0,
        db.session.scalar(select(func.count(Participation.id))) or 0,
    )


@pytest.mark.parametrize("value", BAD)
@pytest.mark.parametrize("name", list(FIELDS))
def test_a_new_activity_names_the_field(app: Flask, club: Club, name: str, value: str):
    response = signed_in(app, club.staff).post(
        "/activities/new", data=form_for(club, **changed(club, name, value))
    )
    assert response.status_code == 200
    where, message = FIELDS[name]
    assert field_errors(response.get_data(as_text=True))[where] == message
    assert counts() == (0, 0)


@pytest.mark.parametrize("value", [HUGE, PAST_INT4])
@pytest.mark.parametrize("name", list(FIELDS))
def test_an_edit_names_the_field(app: Flask, club: Club, name: str, value: str):
    activity = logged(app, club, title="Robot talk")
    before = participations(activity.id)
    response = signed_in(app, club.staff).post(
        f"/activities/{activity.id}/edit",
        data=form_for(club, title="Changed", **changed(club, name, value)),
    )
    assert response.status_code == 200
    where, message = FIELDS[name]
    assert field_errors(response.get_data(as_text=True))[where] == message
    db.session.refresh(activity)
    assert activity.title == "Robot talk" and participations(activity.id) == before


def test_the_good_ids_stay_ticked_beside_a_bad_one(app: Flask, club: Club):
    response = signed_in(app, club.staff).post(
        "/activities/new",
        data=form_for(club, attendees=[str(club.youth[1].id), HUGE], cluster_ids=[HUGE]),
    )
    html = response.get_data(as_text=True)
    assert f'name="attendees" value="{club.youth[1].id}" checked' in html
    assert f'name="attendees" value="{club.youth[0].id}" checked' not in html


def test_shown_ids_that_cannot_be_are_ignored(app: Flask, club: Club):
    activity = logged(app, club)
    y = club.youth
    response = signed_in(app, club.staff).post(
        f"/activities/{activity.id}/edit",
        data=form_for(club, attendees=[str(y[0].id)], shown=[str(y[1].id), HUGE, PAST_INT4, "x"]),
    )
    assert response.status_code == 302
    assert set(participations(activity.id)) == {y[0].id, y[2].id, y[3].id}


@pytest.mark.parametrize("value", [HUGE, PAST_INT4, "0", "-3", "x"])
@pytest.mark.parametrize("path", ["/activities", "/activities.csv"])
def test_list_and_export_filters_ignore_ids_that_cannot_be(
    app: Flask, club: Club, path: str, value: str
):
    activity = logged(app, club, title="Robot talk")
    query = "&".join(f"{name}={value}" for name in ("cohort", "partner", "cluster"))
    response = signed_in(app, club.staff).get(f"{path}?{query}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Robot talk" in body  # the filters were ignored, not applied
    if path == "/activities":
        assert f'href="/activities/{activity.id}"' in body


def test_new_activity_cohort_in_the_query_string_is_ignored(app: Flask, club: Club):
    client = signed_in(app, club.staff)
    for value in (HUGE, PAST_INT4):
        page = client.get(f"/activities/new?cohort={value}")
        assert page.status_code == 200 and "Maker Space" in page.get_data(as_text=True)


@pytest.mark.parametrize("value", [int(HUGE), int(PAST_INT4), 0, -1])
@pytest.mark.parametrize(
    "name", ["cohort_id", "partner_id", "role_model_id", "cluster_ids", "attendee_ids"]
)
def test_the_api_answers_422_naming_the_field(app: Flask, club: Club, name: str, value: int):
    sent = [value] if name in {"cluster_ids", "attendee_ids"} else value
    response = post(app, club.staff, body_for(club, **{name: sent}))
    assert response.status_code == 422
    assert set(response.get_json()["errors"]["json"]) == {name}
    assert counts() == (0, 0)


def test_the_api_list_refuses_a_cohort_that_cannot_be(app: Flask, club: Club):
    _id, secret = make_token(club.staff)
    for value in (HUGE, PAST_INT4, "0"):
        response = web_client(app).get(f"/api/v1/activities?cohort={value}", headers=bearer(secret))
        assert response.status_code == 422
        assert "cohort" in response.get_json()["errors"]["query"]
