"""The activities API: logging through the same service as the page, listing what the token's
owner may see, field errors as 422, and the OpenAPI document."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask
from sqlalchemy import func, select

from ccl_youth.experiences import services
from ccl_youth.experiences.models import Activity
from ccl_youth.extensions import db
from tests.experiences.conftest import Club
from tests.experiences.test_services import participations
from tests.factories import bearer, make_token, web_client


def body_for(club: Club, **changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "type": "guest_speaker",
        "date": date.today().isoformat(),
        "minutes": 40,
        "cohort_id": club.cohort.id,
        "attendee_ids": [y.id for y in club.youth[:3]],
    }
    body.update(changes)
    return body


def post(app: Flask, user, body: dict[str, object]):  # noqa: ANN001, ANN201
    _id, secret = make_token(user)
    return web_client(app).post("/api/v1/activities", json=body, headers=bearer(secret))


def test_logging_returns_the_activity_with_its_attendance(app: Flask, club: Club):
    response = post(
        app,
        club.staff,
        body_for(club, partner_id=club.partner.id, cluster_ids=[club.cluster.id], title="Talk"),
    )
    assert response.status_code == 201
    body = response.get_json()
    activity = db.session.get(Activity, body["id"])
    assert activity is not None
    assert body == {
        "id": activity.id,
        "type": "guest_speaker",
        "type_name": "Guest speaker",
        "title": "Talk",
        "date": date.today().isoformat(),
        "minutes": 40,
        "program_id": club.cohort.program_id,
        "cohort_id": club.cohort.id,
        "partner_id": club.partner.id,
        "role_model_id": None,
        "cluster_ids": [club.cluster.id],
        "tactic_ids": sorted(body["tactic_ids"]),
        "notes": "",
        "attendee_count": 3,
        "attendance": [
            {"youth_id": y.id, "minutes": 40, "source": "api"}
            for y in sorted(club.youth[:3], key=lambda y: y.id)
        ],
    }
    assert len(body["tactic_ids"]) == 5  # the type's suggested tactics
    assert participations(activity.id) == {y.id: (40, "api") for y in club.youth[:3]}


def test_the_same_submission_key_returns_the_first_activity(app: Flask, club: Club):
    _id, secret = make_token(club.staff)
    client = web_client(app)
    body = body_for(club, submission_key="api-key-0001")
    first = client.post("/api/v1/activities", json=body, headers=bearer(secret))
    again = client.post("/api/v1/activities", json=body, headers=bearer(secret))
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.get_json() == again.get_json()
    assert db.session.scalar(select(func.count(Activity.id))) == 1


def test_rule_errors_are_422_naming_the_fields_as_sent(app: Flask, club: Club):
    response = post(
        app,
        club.staff,
        body_for(
            club,
            type="juggling",
            date=(date.today() + timedelta(days=400)).isoformat(),
            attendee_ids=[club.walk_in.id],
            cluster_ids=[club.pathway.id],
        ),
    )
    assert response.status_code == 422
    errors = response.get_json()["errors"]["json"]
    assert set(errors) == {"type", "date", "attendee_ids", "cluster_ids"}
    assert errors["date"] == ["The date can be at most a year from today."]
    assert db.session.scalar(select(func.count(Activity.id))) == 0


def test_shape_errors_are_422_too(app: Flask, club: Club):
    for changes in ({"minutes": 0}, {"minutes": "45"}, {"date": "tomorrow"}, {"cohort_id": None}):
        response = post(app, club.staff, body_for(club, **changes))
        assert response.status_code == 422, changes
        assert set(response.get_json()["errors"]["json"]) == {next(iter(changes))}
    assert post(app, club.staff, {}).status_code == 422


def test_another_cohort_or_organization_is_refused(app: Flask, club: Club):
    mine = post(app, club.other_staff, body_for(club))
    assert mine.status_code == 422 and "cohort_id" in mine.get_json()["errors"]["json"]
    theirs = post(app, club.outsider_staff, body_for(club, attendee_ids=[]))
    assert theirs.status_code == 422
    assert db.session.scalar(select(func.count(Activity.id))) == 0


def test_the_list_shows_only_visible_activities_and_filters(app: Flask, club: Club):
    today = date.today()
    for days, cohort in ((0, club.cohort), (10, club.cohort), (3, club.other_cohort)):
        owner = club.staff if cohort is club.cohort else club.other_staff
        post(app, owner, body_for(club, cohort_id=cohort.id, attendee_ids=[],
                                  date=(today - timedelta(days=days)).isoformat()))  # fmt: skip
    _id, secret = make_token(club.staff)
    client = web_client(app)
    listed = client.get("/api/v1/activities", headers=bearer(secret)).get_json()
    assert [item["date"] for item in listed["items"]] == [
        today.isoformat(),
        (today - timedelta(days=10)).isoformat(),
    ]
    assert (listed["total"], listed["pages"], listed["page"]) == (2, 1, 1)
    since = (today - timedelta(days=5)).isoformat()
    recent = client.get(f"/api/v1/activities?from={since}", headers=bearer(secret)).get_json()
    assert len(recent["items"]) == 1
    _id, admin_secret = make_token(club.admin)
    everyone = client.get(
        f"/api/v1/activities?cohort={club.other_cohort.id}&per_page=1", headers=bearer(admin_secret)
    ).get_json()
    assert everyone["total"] == 1 and everyone["items"][0]["cohort_id"] == club.other_cohort.id
    bad = client.get("/api/v1/activities?from=yesterday", headers=bearer(secret))
    assert bad.status_code == 422 and "from" in bad.get_json()["errors"]["query"]


def test_the_openapi_document_lists_the_activity_endpoints(app: Flask):
    paths = web_client(app).get("/api/v1/openapi.json").get_json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/activities"])
    post_doc = paths["/api/v1/activities"]["post"]
    assert {"201", "200", "422"} <= set(post_doc["responses"])


def test_a_reused_key_returns_the_first_activity_with_200_whatever_the_body(app, club):
    _id, secret = make_token(club.staff)
    client = web_client(app)
    first = client.post(
        "/api/v1/activities",
        json=body_for(club, submission_key="api-key-0002"),
        headers=bearer(secret),
    )
    again = client.post(
        "/api/v1/activities",
        json=body_for(club, submission_key="api-key-0002", title="Other", attendee_ids=[]),
        headers=bearer(secret),
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json() == first.get_json() and again.get_json()["attendee_count"] == 3


def test_a_key_saved_by_a_request_at_the_same_moment_is_200(app, club, monkeypatch):
    _id, secret = make_token(club.staff)
    client = web_client(app)
    body = body_for(club, submission_key="api-key-0003")
    first = client.post("/api/v1/activities", json=body, headers=bearer(secret))
    real = services.find_by_submission_key
    calls: list[str] = []

    def missed_at_first(session, actor, key):  # noqa: ANN001, ANN202
        # The other request had not committed when this one looked, but had by its INSERT.
        calls.append(key)
        return None if len(calls) == 1 else real(session, actor, key)

    monkeypatch.setattr(services, "find_by_submission_key", missed_at_first)
    again = client.post("/api/v1/activities", json=body, headers=bearer(secret))
    assert again.status_code == 200 and again.get_json()["id"] == first.get_json()["id"]
    assert db.session.scalar(select(func.count(Activity.id))) == 1


def test_an_empty_tactic_list_saves_none(app: Flask, club: Club):
    response = post(app, club.staff, body_for(club, tactic_ids=[]))
    assert response.status_code == 201 and response.get_json()["tactic_ids"] == []
