"""The assessment API: instruments, staff-submitted response sets, attempts and matches."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from ccl_youth.assessments.models import AssessmentAttempt, AssessmentResponse, Instrument
from ccl_youth.assessments.sync import sync_instruments
from ccl_youth.careers.sync import sync_careers
from ccl_youth.extensions import db
from tests.contentkit import real_content
from tests.factories import (
    bearer,
    make_cohort,
    make_org,
    make_staff,
    make_token,
    make_youth,
    web_client,
)


@pytest.fixture
def catalog(app: Flask) -> None:
    content = real_content()
    sync_careers(db.session, content)
    sync_instruments(db.session, content)
    db.session.commit()


@pytest.fixture
def people(catalog):
    org = make_org()
    cohort, other_cohort = make_cohort(org), make_cohort(org)
    teen = make_youth(org, cohort, grade=7, name="Teen Tester")
    child = make_youth(org, cohort, grade=3, name="Child Tester")
    staff = make_staff(org, [cohort])
    outsider_staff = make_staff(org, [other_cohort])
    return {
        "teen": teen,
        "child": child,
        "staff": bearer(make_token(staff)[1]),
        "outsider": bearer(make_token(outsider_staff)[1]),
    }


def instrument(slug: str) -> Instrument:
    return db.session.scalar(select(Instrument).where(Instrument.slug == slug))


def realistic_answers(app: Flask, headers) -> tuple[int, dict[str, int]]:
    """All 'strongly like' (5) on Realistic items, 'strongly dislike' (1) on the rest."""
    riasec = instrument("riasec-48")
    body = web_client(app).get(f"/api/v1/instruments/{riasec.id}", headers=headers).json
    return riasec.id, {str(i["id"]): 5 if i["area"] == "R" else 1 for i in body["items"]}


def attempts(youth_id: int) -> int:
    return db.session.scalar(
        select(func.count(AssessmentAttempt.id)).where(AssessmentAttempt.youth_id == youth_id)
    )


def test_instruments_are_listed_with_their_grade_bands(app, people):
    body = web_client(app).get("/api/v1/instruments", headers=people["staff"]).json
    bands = {row["slug"]: (row["grade_min"], row["grade_max"], row["kind"]) for row in body}
    assert bands["riasec-48"] == (6, 12, "riasec")
    assert bands["riasec-elementary"] == (0, 5, "riasec")
    assert bands["durable-skills-self"][2] == "skills"


def test_one_instrument_has_its_items_and_scale(app, people):
    riasec = instrument("riasec-48")
    body = web_client(app).get(f"/api/v1/instruments/{riasec.id}", headers=people["staff"]).json
    assert [p["value"] for p in body["scale"]] == [1, 2, 3, 4, 5]
    assert len(body["items"]) == 48
    per_area = {code: sum(i["area"] == code for i in body["items"]) for code in "RIASEC"}
    assert per_area == dict.fromkeys("RIASEC", 8)
    assert (
        web_client(app).get("/api/v1/instruments/999999", headers=people["staff"]).status_code
        == 404
    )


def test_staff_submit_a_response_set_and_get_scores(app, people):
    instrument_id, answers = realistic_answers(app, people["staff"])
    youth_id = people["teen"].id
    response = web_client(app).post(
        f"/api/v1/youth/{youth_id}/assessments",
        json={"instrument_id": instrument_id, "answers": answers},
        headers=people["staff"],
    )
    assert response.status_code == 201, response.json
    body = response.json
    # R: eight 5s → mean 5 → 100.0; every other area eight 1s → 0.0. Holland code: R first,
    # then the five-way tie at 0.0 broken in R-I-A-S-E-C order → "RIA".
    scores = {area["code"]: area["score"] for area in body["areas"]}
    assert scores == {"R": 100.0, "I": 0.0, "A": 0.0, "S": 0.0, "E": 0.0, "C": 0.0}
    assert {area["code"]: area["raw_sum"] for area in body["areas"]}["R"] == 40
    assert body["holland_code"] == "RIA"
    assert body["status"] == "completed" and body["source"] == "api"
    listed = web_client(app).get(f"/api/v1/youth/{youth_id}/assessments", headers=people["staff"])
    assert [row["id"] for row in listed.json["items"]] == [body["id"]]


def test_submitting_twice_creates_one_attempt(app, people):
    instrument_id, answers = realistic_answers(app, people["staff"])
    url = f"/api/v1/youth/{people['teen'].id}/assessments"
    payload = {"instrument_id": instrument_id, "answers": answers}
    first = web_client(app).post(url, json=payload, headers=people["staff"])
    second = web_client(app).post(url, json=payload, headers=people["staff"])
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json["id"] == second.json["id"]
    keyed = {**payload, "submission_key": "sheet-0042-a"}
    third = web_client(app).post(url, json=keyed, headers=people["staff"])
    fourth = web_client(app).post(url, json=keyed, headers=people["staff"])
    assert (third.status_code, fourth.status_code) == (201, 200)
    assert attempts(people["teen"].id) == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ("out_of_scale", "answers.{item}"),
        ("unknown_item", "answers.999999"),
        ("wrong_band", "instrument"),
    ],
)
def test_bad_answers_name_the_field_and_save_nothing(app, people, change, field):
    instrument_id, answers = realistic_answers(app, people["staff"])
    first_item = next(iter(answers))
    youth = people["teen"]
    if change == "out_of_scale":
        answers[first_item] = 6
    elif change == "unknown_item":
        answers["999999"] = 3
    else:
        youth = people["child"]  # grade 3: riasec-48 is for grades 6–12
    response = web_client(app).post(
        f"/api/v1/youth/{youth.id}/assessments",
        json={"instrument_id": instrument_id, "answers": answers},
        headers=people["staff"],
    )
    assert response.status_code == 400
    assert field.format(item=first_item) in response.json["errors"]
    assert attempts(youth.id) == 0
    assert db.session.scalar(select(func.count()).select_from(AssessmentResponse)) == 0


@pytest.mark.parametrize(
    "payload",
    [
        {"answers": {"1": 3}},
        {"instrument_id": 1},
        {"instrument_id": 1, "answers": {"1": "three"}},
        {"instrument_id": 1, "answers": {"1": 2.5}},
    ],
)
def test_malformed_bodies_are_422_naming_the_field(app, people, payload):
    response = web_client(app).post(
        f"/api/v1/youth/{people['teen'].id}/assessments", json=payload, headers=people["staff"]
    )
    assert response.status_code == 422
    assert "json" in response.json["errors"]


def test_staff_outside_the_cohort_get_404(app, people):
    instrument_id, answers = realistic_answers(app, people["staff"])
    url = f"/api/v1/youth/{people['teen'].id}/assessments"
    payload = {"instrument_id": instrument_id, "answers": answers}
    assert web_client(app).post(url, json=payload, headers=people["outsider"]).status_code == 404
    assert web_client(app).get(url, headers=people["outsider"]).status_code == 404
    matches = f"/api/v1/youth/{people['teen'].id}/matches"
    assert web_client(app).get(matches, headers=people["outsider"]).status_code == 404
    assert attempts(people["teen"].id) == 0


def test_matches_follow_the_latest_result(app, people):
    url = f"/api/v1/youth/{people['teen'].id}/matches"
    nothing_yet = web_client(app).get(url, headers=people["staff"])
    assert nothing_yet.status_code == 200
    assert nothing_yet.json == {
        "holland_code": "",
        "is_ranked": False,
        "occupations": [],
        "clusters": [],
        "outside_usual": [],
    }
    instrument_id, answers = realistic_answers(app, people["staff"])
    web_client(app).post(
        f"/api/v1/youth/{people['teen'].id}/assessments",
        json={"instrument_id": instrument_id, "answers": answers},
        headers=people["staff"],
    )
    body = web_client(app).get(f"{url}?limit=10", headers=people["staff"]).json
    assert body["holland_code"] == "RIA" and body["is_ranked"] is True
    assert len(body["occupations"]) == 10
    fits = [row["fit"] for row in body["occupations"]]
    assert fits == sorted(fits, reverse=True)
    from ccl_youth.careers.models import Occupation

    codes = db.session.execute(
        select(Occupation.soc_code, Occupation.holland_code).where(
            Occupation.soc_code.in_([row["soc_code"] for row in body["occupations"]])
        )
    ).all()
    assert all(holland.startswith("R") for _soc, holland in codes)
    assert body["clusters"] and all(0 < c["score"] <= 100 for c in body["clusters"])
    narrowed = web_client(app).get(f"{url}?job_zone=1&job_zone=2", headers=people["staff"]).json
    zones = {row["job_zone"] for row in narrowed["occupations"]}
    assert zones <= {1, 2}


def test_the_openapi_document_lists_the_assessment_endpoints(app):
    paths = web_client(app).get("/api/v1/openapi.json").json["paths"]
    for path in (
        "/api/v1/instruments",
        "/api/v1/instruments/{instrument_id}",
        "/api/v1/youth/{youth_id}/assessments",
        "/api/v1/youth/{youth_id}/matches",
    ):
        assert path in paths
    assert "post" in paths["/api/v1/youth/{youth_id}/assessments"]
