"""Career pages, saved careers and the occupations API."""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from ccl_youth.careers.models import FavoriteOccupation
from ccl_youth.careers.services import JOB_ZONE_NAMES
from ccl_youth.careers.wording import (
    JOB_ZONE_LABELS,
    education_words,
    job_zone_label,
    openings_words,
    outlook_words,
    wage_words,
)
from ccl_youth.db import StatementCounter
from ccl_youth.extensions import db
from tests.careers.catalog import Catalog, make_catalog
from tests.factories import (
    World,
    bearer,
    login_as,
    make_occupation,
    make_world,
    web_client,
)


@pytest.fixture
def world(app: Flask) -> World:
    return make_world()


@pytest.fixture
def catalog(world: World) -> Catalog:
    return make_catalog()


def client_for(app: Flask, world: World, key: str) -> FlaskClient:
    return login_as(web_client(app), world.user(key))


def text_of(response) -> str:  # noqa: ANN001
    """The page's text with tags removed and spaces collapsed."""
    body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return " ".join(html.unescape(body).split())


def result_titles(response) -> list[str]:  # noqa: ANN001
    """Occupation titles in the order the page lists them."""
    body = response.get_data(as_text=True)
    found = re.findall(r'<a href="/careers/occupations/[0-9.-]+">([^<]+)</a>', body)
    return [html.unescape(title) for title in found]


def saved_count() -> int:
    return db.session.scalar(select(func.count(FavoriteOccupation.id))) or 0


# --- plain words ---------------------------------------------------------------------------


def test_wording(app: Flask) -> None:
    with app.test_request_context():
        assert wage_words(48250, 23.2) == "$48,250 a year"
        assert wage_words(None, 23.5) == "$23.50 an hour"
        assert wage_words(None, None) == "Pay not known"
        assert outlook_words(12.4) == "Jobs growing much faster than average (+12% by 2034)"
        assert outlook_words(5.2) == "Jobs growing faster than average (+5% by 2034)"
        assert outlook_words(3.0) == "Jobs growing about as fast as average (+3% by 2034)"
        assert outlook_words(1.2) == "Jobs growing slower than average (+1% by 2034)"
        assert outlook_words(-0.4) == "Little or no change in jobs (0% by 2034)"
        assert outlook_words(-1.0) == "Little or no change in jobs (-1% by 2034)"
        assert outlook_words(-3.4) == "Fewer jobs expected (-3% by 2034)"
        assert outlook_words(None) == "Job outlook not known"
        assert openings_words(22200) == "About 22,200 job openings a year across the U.S."
        assert education_words("Bachelor's Degree") == "Bachelor's degree"
        assert education_words("") == "Not known"
        assert job_zone_label(1) == "Little or no preparation needed"
        assert job_zone_label(None) == "Preparation not known"
        assert {zone: str(label) for zone, label in JOB_ZONE_LABELS.items()} == JOB_ZONE_NAMES


# --- browsing and searching ----------------------------------------------------------------


@pytest.mark.parametrize("key", ["youth1", "family1", "staff1", "admin_a"])
def test_every_role_browses_clusters(app: Flask, world: World, catalog: Catalog, key: str) -> None:
    client = client_for(app, world, key)
    page = client.get("/careers")
    assert page.status_code == 200
    text = text_of(page)
    # The 2024 framework by default, clusters in name order with their careers counted.
    assert "Building & Making Skills used in every cluster 1 career" in text
    assert (
        "Health & Care Keeping people healthy and caring for them. 3 careers · 2 sub-clusters"
        in (text)
    )
    assert "World Careers 1 career" in text
    assert "Health Science" not in text
    assert 'aria-current="page">Career Clusters (2024)</a>' in page.get_data(as_text=True)
    assert "Careers" in text  # the navigation link
    legacy = text_of(client.get("/careers?framework=legacy_16"))
    assert "Health Science 3 careers · 2 pathways" in legacy
    assert "Health & Care" not in legacy
    # An unknown framework falls back to the 2024 one.
    assert "Health & Care" in text_of(client.get("/careers?framework=nope"))


def test_keyword_search_page(app: Flask, world: World, catalog: Catalog) -> None:
    client = client_for(app, world, "youth1")
    page = client.get("/careers?q=nurse")
    assert page.status_code == 200
    assert "3 careers found" in text_of(page)
    assert result_titles(page) == ["Nurse Practitioners", "Registered Nurses", "Home Health Aides"]
    assert 'value="nurse"' in page.get_data(as_text=True)  # the query stays in the box
    assert "Assess patient health problems and needs" in text_of(page)
    nothing = client.get("/careers?q=xylophone")
    assert "0 careers found" in text_of(nothing)
    assert "No careers match" in text_of(nothing)


def test_job_zone_and_cluster_filters(app: Flask, world: World, catalog: Catalog) -> None:
    client = client_for(app, world, "family1")
    page = client.get("/careers?job_zone=2")
    assert result_titles(page)[:2] == ["Carpenters", "Home Health Aides"]
    assert 'name="job_zone" value="2" checked' in page.get_data(as_text=True)
    combined = client.get(f"/careers?q=nurse&job_zone=3&job_zone=5&cluster={catalog.health.id}")
    assert result_titles(combined)[:2] == ["Nurse Practitioners", "Registered Nurses"]
    # Malformed values are left out, never an error.
    for query in (
        "job_zone=9&job_zone=x&job_zone=",
        "cluster=abc",
        "cluster=99999999999",
        "page=²",
    ):
        response = client.get(f"/careers?{query}")
        assert response.status_code == 200, query


def test_search_results_come_a_page_at_a_time(app: Flask, world: World) -> None:
    for n in range(1, 26):
        make_occupation(f"Widget Maker {n:02d}", job_zone=1)
    client = client_for(app, world, "staff1")
    first = client.get("/careers?q=widget&job_zone=1")
    assert "25 careers found" in text_of(first)
    assert len(result_titles(first)) == 20
    assert "Page 1 of 2" in text_of(first)
    body = first.get_data(as_text=True)
    next_link = re.search(r'<a href="([^"]+)">Next</a>', body)
    assert next_link is not None
    second = client.get(html.unescape(next_link.group(1)))
    assert result_titles(second) == [f"Widget Maker {n:02d}" for n in range(21, 26)]
    assert "Page 2 of 2" in text_of(second)


def test_cluster_page(app: Flask, world: World, catalog: Catalog) -> None:
    client = client_for(app, world, "youth1")
    page = client.get(f"/careers/clusters/{catalog.health.id}")
    assert page.status_code == 200
    text = text_of(page)
    assert "Health & Care" in text
    assert "Sub-clusters Nursing · 1 career Therapy" in text
    body = page.get_data(as_text=True)
    # A sub-cluster with no careers is not a link (it would open an empty page).
    assert f'href="/careers/clusters/{catalog.nursing.id}"' in body
    assert f'href="/careers/clusters/{catalog.therapy.id}"' not in body
    assert result_titles(page) == ["Home Health Aides", "Nurse Practitioners", "Registered Nurses"]
    pathway = client.get(f"/careers/clusters/{catalog.therapeutic.id}")
    assert "Career Clusters (16, before 2024) Health Science" in text_of(pathway)  # breadcrumb
    assert result_titles(pathway) == ["Nurse Practitioners", "Registered Nurses"]
    assert client.get("/careers/clusters/999999").status_code == 404


def test_occupation_page_in_plain_words(app: Flask, world: World, catalog: Catalog) -> None:
    client = client_for(app, world, "family1")
    page = client.get("/careers/occupations/29-1141.00")
    assert page.status_code == 200
    text = text_of(page)
    for expected in (
        "Registered Nurses",
        "What they do Assess patient health problems",
        "Preparation Medium preparation needed",
        "Education most often needed Bachelor's degree",
        "Typical pay $93,600 a year",
        "Job outlook Jobs growing faster than average (+5% by 2034)",
        "About 189,100 job openings a year across the U.S.",
        "Helping, teaching and caring for people",
        "Health & Care · 2024 clusters",
        "Health Science: Support Services · 16 clusters",
    ):
        assert expected in text, expected
    assert result_titles(page)[:2] == ["Nurse Practitioners", "Home Health Aides"]
    assert "Save this career" not in text  # only youth save careers
    aides = text_of(client.get("/careers/occupations/31-1121.00"))
    assert "Typical pay $16.78 an hour" in aides
    assert "Little or no change in jobs (0% by 2034)" in aides
    carpenters = text_of(client.get("/careers/occupations/47-2031.00"))
    assert "Typical pay Pay not known" in carpenters
    assert "Fewer jobs expected (-3% by 2034)" in carpenters
    cartographers = text_of(client.get("/careers/occupations/17-1021.00"))
    assert "Preparation Preparation not known" in cartographers


@pytest.mark.parametrize(
    "path",
    [
        "/careers/occupations/99-9999.99",  # well formed, no such occupation
        "/careers/occupations/15-1252",
        "/careers/occupations/15-1252.0",
        "/careers/occupations/151252.00",
        "/careers/occupations/abc",
        "/careers/occupations/15-1252.00x",
        "/careers/occupations/%D9%A1%D9%A5-1252.00",  # Arabic-Indic digits
        "/careers/occupations/99-9999.99/favorite",
    ],
)
def test_bad_soc_codes_are_not_found(app: Flask, world: World, path: str) -> None:
    client = client_for(app, world, "youth1")
    method = "POST" if path.endswith("favorite") else "GET"
    assert client.open(path, method=method).status_code == 404
    assert saved_count() == 0


def test_pages_need_sign_in(app: Flask, world: World) -> None:
    client = web_client(app)
    for path in ("/careers", f"/careers/occupations/{world.soc_code}", "/careers/favorites"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/signin")


# --- saved careers -------------------------------------------------------------------------


def test_youth_saves_and_removes_a_career(app: Flask, world: World) -> None:
    client = client_for(app, world, "youth1")
    url = f"/careers/occupations/{world.soc_code}"
    assert "Save this career" in text_of(client.get(url))
    response = client.post(f"{url}/favorite")
    assert response.status_code == 302
    assert response.headers["Location"] == url
    assert client.post(f"{url}/favorite").status_code == 302  # saving again changes nothing
    assert saved_count() == 1
    page = text_of(client.get(url))
    assert "Software Developers is in your saved careers." in page
    assert "Saved Remove from my saved careers" in page
    assert "Software Developers" in text_of(client.get("/careers/favorites"))

    response = client.post(f"{url}/unfavorite", data={"back": "favorites"})
    assert response.headers["Location"] == "/careers/favorites"
    assert client.post(f"{url}/unfavorite").headers["Location"] == url  # again: harmless
    assert saved_count() == 0
    assert "You have not saved any careers yet" in text_of(client.get("/careers/favorites"))


def test_back_never_leaves_the_site(app: Flask, world: World) -> None:
    client = client_for(app, world, "youth1")
    url = f"/careers/occupations/{world.soc_code}"
    for back in ("https://evil.example/", "//evil.example", "/careers/favorites"):
        response = client.post(f"{url}/favorite", data={"back": back})
        assert response.headers["Location"] == url


@pytest.mark.parametrize("key", ["family1", "staff1", "admin_a"])
def test_only_youth_save_careers(app: Flask, world: World, key: str) -> None:
    client = client_for(app, world, key)
    url = f"/careers/occupations/{world.soc_code}"
    assert client.post(f"{url}/favorite").status_code == 403
    assert client.post(f"{url}/unfavorite").status_code == 403
    assert client.get("/careers/favorites").status_code == 403
    assert saved_count() == 0


def test_a_youth_never_sees_another_youths_saved_careers(app: Flask, world: World) -> None:
    make_occupation("Marine Biologists", soc_code="19-1023.00")
    mine = client_for(app, world, "youth1")
    theirs = client_for(app, world, "classmate")
    assert mine.post(f"/careers/occupations/{world.soc_code}/favorite").status_code == 302
    assert theirs.post("/careers/occupations/19-1023.00/favorite").status_code == 302
    assert result_titles(mine.get("/careers/favorites")) == ["Software Developers"]
    assert result_titles(theirs.get("/careers/favorites")) == ["Marine Biologists"]
    # Removing a career someone else saved only touches your own list.
    assert mine.post("/careers/occupations/19-1023.00/unfavorite").status_code == 302
    assert result_titles(theirs.get("/careers/favorites")) == ["Marine Biologists"]


def test_saving_needs_the_forms_csrf_token(app: Flask, world: World, csrf_on: None) -> None:
    client = client_for(app, world, "youth1")
    url = f"/careers/occupations/{world.soc_code}"
    assert client.post(f"{url}/favorite").status_code == 400
    assert saved_count() == 0
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    assert client.post(f"{url}/favorite", data={"csrf_token": token.group(1)}).status_code == 302
    assert saved_count() == 1


def test_statements_do_not_grow_with_the_catalog(app: Flask, world: World) -> None:
    client = client_for(app, world, "youth1")
    client.post(f"/careers/occupations/{world.soc_code}/favorite")

    def statements(url: str) -> int:
        assert client.get(url).status_code == 200
        db.session.remove()
        with StatementCounter(db.engine) as counter:
            assert client.get(url).status_code == 200
        return counter.count

    urls = ["/careers?q=maker", f"/careers/clusters/{world.cluster}", "/careers/favorites"]
    urls.append(f"/careers/occupations/{world.soc_code}")
    small = [statements(url) for url in urls]
    for n in range(40):
        occupation = make_occupation(f"Maker {n}", description="Makes things.")
        client.post(f"/careers/occupations/{occupation.soc_code}/favorite")
    assert saved_count() == 41
    assert [statements(url) for url in urls] == small


# --- the API -------------------------------------------------------------------------------


def test_api_searches_occupations(app: Flask, world: World, catalog: Catalog) -> None:
    client = web_client(app)
    headers = bearer(world.secrets["staff1"])
    response = client.get("/api/v1/occupations?q=nurse&per_page=2", headers=headers)
    assert response.status_code == 200
    body = response.get_json()
    assert [item["title"] for item in body["items"]] == ["Nurse Practitioners", "Registered Nurses"]
    assert (body["page"], body["per_page"], body["total"], body["pages"]) == (1, 2, 3, 2)
    assert body["items"][1] == {
        "id": catalog.nurses.id,
        "soc_code": "29-1141.00",
        "title": "Registered Nurses",
        "summary": (
            "Assess patient health problems and needs, develop and implement nursing care plans, "
            "and maintain medical records."
        ),
        "job_zone": 3,
        "job_zone_name": "Medium preparation needed",
        "education_level": 6,
        "education": "Bachelor's Degree",
        "median_annual_wage": 93600,
        "median_hourly_wage": 45.0,
        "employment_change_pct": 5.2,
    }
    zones = client.get(
        f"/api/v1/occupations?job_zone=2&job_zone=5&cluster={catalog.health.id}", headers=headers
    ).get_json()
    assert [item["title"] for item in zones["items"]] == [
        "Home Health Aides",
        "Nurse Practitioners",
    ]
    past = client.get("/api/v1/occupations?q=nurse&page=9", headers=headers).get_json()
    assert (past["items"], past["total"]) == ([], 3)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("per_page=101", "per_page"),
        ("per_page=0", "per_page"),
        ("page=0", "page"),
        ("job_zone=6", "job_zone"),
        ("job_zone=x", "job_zone"),
        ("cluster=0", "cluster"),
        ("cluster=abc", "cluster"),
        ("q=" + "a" * 101, "q"),
    ],
)
def test_api_refuses_bad_parameters(app: Flask, world: World, query: str, field: str) -> None:
    response = web_client(app).get(
        f"/api/v1/occupations?{query}", headers=bearer(world.secrets["admin_a"])
    )
    assert response.status_code == 422
    assert field in response.get_json()["errors"]["query"]


def test_api_needs_a_token(app: Flask, world: World) -> None:
    client = login_as(web_client(app), world.user("staff1"))
    assert client.get("/api/v1/occupations").status_code == 401  # a session is not enough
    bad = {"Authorization": "Bearer ccl_" + "x" * 40}
    assert client.get("/api/v1/occupations", headers=bad).status_code == 401


def test_api_document_describes_occupations(app: Flask) -> None:
    spec = web_client(app).get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/occupations"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {
        "q",
        "cluster",
        "job_zone",
        "page",
        "per_page",
    }
    assert operation["security"] == [{"bearerAuth": []}]
