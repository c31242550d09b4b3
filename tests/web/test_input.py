"""The NUL character is refused before any view runs, naming the field, on every database."""

from __future__ import annotations

from sqlalchemy import func, select

from ccl_youth.experiences.models import Activity
from ccl_youth.extensions import db
from tests.factories import bearer, login_as, make_world, web_client


def test_a_form_field_with_nul_is_refused_by_name(app):
    response = web_client(app).post("/signin", data={"username": "ab\x00c", "password": "x"})
    assert response.status_code == 400
    assert "“username”" in response.get_data(as_text=True)


def test_a_query_argument_with_nul_is_refused(app):
    world = make_world()
    client = web_client(app)
    login_as(client, world.user("staff1"))
    response = client.get("/careers?q=nurse%00")
    assert response.status_code == 400
    assert "“q”" in response.get_data(as_text=True)


def test_json_with_nul_is_refused_and_nothing_is_saved(app):
    world = make_world()
    before = db.session.scalar(select(func.count(Activity.id)))
    body = {
        "type": "guest_speaker",
        "date": "2026-10-01",
        "minutes": 60,
        "cohort_id": world.cohort1,
        "title": "Robot\u0000 talk",
        "attendee_ids": [world.youth1],
    }
    response = web_client(app).post(
        "/api/v1/activities", json=body, headers=bearer(world.secrets["staff1"])
    )
    assert response.status_code == 400
    assert response.get_json()["message"].startswith("The field “title”")
    assert db.session.scalar(select(func.count(Activity.id))) == before


def test_nested_json_values_are_named_with_their_path(app):
    response = web_client(app).post(
        "/api/v1/activities", json={"tags": [{"name": "ok"}, {"name": "b\u0000d"}]}
    )
    assert response.status_code == 400
    assert "“tags[1].name”" in response.get_json()["message"]


def test_ordinary_text_passes(app):
    response = web_client(app).post("/signin", data={"username": "zoë", "password": "x"})
    assert response.status_code == 200
