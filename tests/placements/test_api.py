"""The hours API: log hours on a placement and verify or return an entry, through the same
services and policy as the pages; rule errors are 422 naming the field."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from ccl_youth.extensions import db
from ccl_youth.placements.models import HoursEntry, Placement
from tests.factories import World, bearer, web_client
from tests.world_experiences import WORLD_DAY


def _post(app: Flask, world: World, url: str, body: dict[str, object], who: str = "staff1"):
    return web_client(app).post(url, json=body, headers=bearer(world.secrets[who]))


def _hours(**changes: object) -> dict[str, object]:
    return {
        "work_date": (WORLD_DAY + timedelta(days=4)).isoformat(),
        "minutes": 75,
        "description": "Helped at the front desk.",
        **changes,
    }


def test_log_hours_returns_the_entry(app: Flask, world: World) -> None:
    url = f"/api/v1/placements/{world.exp.placement1}/hours"
    response = _post(app, world, url, _hours(submission_key="api-key-0001"))
    assert response.status_code == 201
    body = response.get_json()
    assert body["placement_id"] == world.exp.placement1
    assert (body["youth_id"], body["minutes"], body["status"]) == (world.youth1, 75, "submitted")
    assert body["work_date"] == (WORLD_DAY + timedelta(days=4)).isoformat()
    again = _post(app, world, url, _hours(submission_key="api-key-0001", minutes=5))
    assert again.status_code == 200 and again.get_json()["id"] == body["id"]
    count = db.session.scalar(select(db.func.count(HoursEntry.id)))
    assert count == 4  # the world's three and this one


def test_rule_errors_are_422_naming_the_field(app: Flask, world: World) -> None:
    url = f"/api/v1/placements/{world.exp.placement1}/hours"
    cases = [
        (_hours(work_date="2099-01-01"), "work_date"),
        (_hours(work_date=(WORLD_DAY - timedelta(days=1)).isoformat()), "work_date"),
        (_hours(minutes=1441), "minutes"),  # the schema's own check
        (_hours(minutes=0), "minutes"),
        (_hours(description=""), "description"),
        ({"minutes": 10}, "work_date"),
    ]
    for body, field in cases:
        response = _post(app, world, url, body)
        assert response.status_code == 422, body
        assert field in response.get_json()["errors"]["json"], response.get_json()
    db.session.get_one(Placement, world.exp.placement1).status = "planned"
    db.session.commit()
    response = _post(app, world, url, _hours())
    assert response.status_code == 422
    assert response.get_json()["errors"]["json"] == {
        "placement_id": ["Hours can be logged only while the placement is active."]
    }


def test_verify_and_return(app: Flask, world: World) -> None:
    url = f"/api/v1/hours/{world.exp.hours1}/verify"
    response = _post(app, world, url, {"action": "return"})
    assert response.status_code == 422
    assert "comment" in response.get_json()["errors"]["json"]
    response = _post(app, world, url, {"action": "return", "comment": "More detail, please."})
    assert response.status_code == 200
    assert response.get_json()["status"] == "returned"
    assert response.get_json()["review_comment"] == "More detail, please."
    response = _post(app, world, url, {"action": "verify"}, who="admin_a")
    assert response.get_json()["status"] == "verified"
    assert response.get_json()["reviewed_at"] is not None
    assert _post(app, world, url, {"action": "approve"}).status_code == 422
    assert _post(app, world, url, {"action": "verify"}, who="staff2").status_code == 404
    assert _post(app, world, url, {"action": "verify"}, who="admin_b").status_code == 404


def test_the_openapi_document_describes_both(app: Flask) -> None:
    spec = web_client(app).get("/api/v1/openapi.json").get_json()
    hours_path = spec["paths"]["/api/v1/placements/{placement_id}/hours"]["post"]
    assert {"201", "200", "404", "422"} <= hours_path["responses"].keys()
    verify = spec["paths"]["/api/v1/hours/{hours_id}/verify"]["post"]
    assert {"200", "404", "422"} <= verify["responses"].keys()
    schemas = spec["components"]["schemas"]
    assert {"HoursInput", "Review", "HoursEntry"} <= schemas.keys()


def test_unusable_tokens_get_401(app: Flask, world: World) -> None:
    """(The shared token test sends GET, which these POST-only routes answer with 405.)"""
    urls = [
        f"/api/v1/placements/{world.exp.placement1}/hours",
        f"/api/v1/hours/{world.exp.hours1}/verify",
    ]
    headers = [{}, bearer("ccl_" + "x" * 40), {"Authorization": f"Basic {world.secrets['staff1']}"}]
    for url in urls:
        for header in headers:
            response = web_client(app).post(url, json={"action": "verify"}, headers=header)
            assert response.status_code == 401, (url, header)
    assert _status_unchanged(world)


def _status_unchanged(world: World) -> bool:
    db.session.expire_all()
    return db.session.get_one(HoursEntry, world.exp.hours1).status == "submitted"
