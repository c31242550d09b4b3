"""The career catalog's services: search, clusters, occupation pages, saved careers."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select

from ccl_youth.careers import services
from ccl_youth.careers.models import FavoriteOccupation
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.core.roles import Role
from ccl_youth.db import StatementCounter
from ccl_youth.extensions import db
from tests.careers.catalog import Catalog, make_catalog
from tests.factories import World, make_occupation, make_org, make_user, make_world

ALL_TITLES = [
    "Art Directors",
    "Carpenters",
    "Cartographers and Photogrammetrists",
    "Fine Artists, Including Painters",
    "Graphic Designers",
    "Home Health Aides",
    "Nurse Practitioners",
    "Registered Nurses",
]


@pytest.fixture
def catalog(app: Flask) -> Catalog:
    return make_catalog()


def titles(**kwargs: object) -> list[str]:
    page = services.search_occupations(db.session, **kwargs)  # type: ignore[arg-type]
    return [row.title for row in page.rows]


# --- search --------------------------------------------------------------------------------


def test_no_filter_lists_everything_in_title_order(catalog: Catalog) -> None:
    page = services.search_occupations(db.session)
    assert [row.title for row in page.rows] == ALL_TITLES
    assert (page.total, page.page, page.pages) == (8, 1, 1)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Title matches first (in title order), then description matches.
        ("nurse", ["Nurse Practitioners", "Registered Nurses", "Home Health Aides"]),
        ("NURSE", ["Nurse Practitioners", "Registered Nurses", "Home Health Aides"]),
        ("  Nurse  ", ["Nurse Practitioners", "Registered Nurses", "Home Health Aides"]),
        ("health", ["Home Health Aides", "Nurse Practitioners", "Registered Nurses"]),
        # A word must start a word: "art" is not found inside "Cartographers".
        ("art", ["Art Directors", "Fine Artists, Including Painters", "Graphic Designers"]),
        # Every word must match; both in the title ranks before both in the description.
        ("home health", ["Home Health Aides", "Nurse Practitioners"]),
        ("health, home!", ["Home Health Aides", "Nurse Practitioners"]),
        ("home carpenter", []),
        # Words after a hyphen count as words.
        ("aided", ["Cartographers and Photogrammetrists"]),
        ("computer-aided", ["Cartographers and Photogrammetrists"]),
        # Wildcards and quotes are not words: they are dropped, never sent as patterns.
        ("%", ALL_TITLES),
        ("_", ALL_TITLES),
        ("n%rse", []),
        ("'; DROP TABLE occupation; --", []),
        ("xylophone", []),
    ],
)
def test_keyword_search(catalog: Catalog, query: str, expected: list[str]) -> None:
    assert titles(query=query) == expected


def test_search_terms_are_letters_and_digits() -> None:
    assert services.search_terms("Nurse-Practitioner's 2nd_job 50%") == [
        "nurse",
        "practitioner",
        "s",
        "2nd",
        "job",
        "50",
    ]
    assert len(services.search_terms("a " * 50)) == services.MAX_TERMS


def test_cluster_filter_includes_its_pathways_and_sub_clusters(catalog: Catalog) -> None:
    expected = ["Home Health Aides", "Nurse Practitioners", "Registered Nurses"]
    assert titles(cluster_id=catalog.health.id) == expected  # the aides via "Nursing"
    assert titles(cluster_id=catalog.nursing.id) == ["Home Health Aides"]
    assert titles(cluster_id=catalog.therapy.id) == []
    # Registered Nurses are in both pathways of Health Science and are listed once.
    page = services.search_occupations(db.session, cluster_id=catalog.health_science.id)
    assert [row.title for row in page.rows] == expected
    assert page.total == 3
    assert titles(cluster_id=catalog.therapeutic.id) == ["Nurse Practitioners", "Registered Nurses"]
    assert titles(cluster_id=catalog.building.id) == ["Carpenters"]
    assert titles(cluster_id=999_999) == []


def test_job_zone_and_education_filters(catalog: Catalog) -> None:
    assert titles(job_zones=[2]) == ["Carpenters", "Home Health Aides"]
    assert titles(job_zones=(4, 3, 3)) == [
        "Art Directors",
        "Fine Artists, Including Painters",
        "Graphic Designers",
        "Registered Nurses",
    ]
    # Cartographers have no job zone: any zone filter leaves them out.
    assert "Cartographers and Photogrammetrists" not in titles(job_zones=[1, 2, 3, 4, 5])
    # Unknown education drops out too.
    assert titles(max_education=6) == ["Carpenters", "Home Health Aides", "Registered Nurses"]
    assert titles(max_education=1) == []


def test_filters_combine(catalog: Catalog) -> None:
    assert titles(query="nurse", job_zones=[3, 5]) == ["Nurse Practitioners", "Registered Nurses"]
    assert titles(query="nurse", cluster_id=catalog.support.id) == [
        "Registered Nurses",
        "Home Health Aides",
    ]
    assert titles(query="nurse", cluster_id=catalog.support.id, max_education=2) == [
        "Home Health Aides"
    ]
    assert titles(query="nurse", cluster_id=catalog.building.id) == []


def test_pages(catalog: Catalog) -> None:
    pages = [services.search_occupations(db.session, page=n, page_size=3) for n in (1, 2, 3)]
    assert [[row.title for row in page.rows] for page in pages] == [
        ALL_TITLES[0:3],
        ALL_TITLES[3:6],
        ALL_TITLES[6:8],
    ]
    assert {(page.total, page.pages) for page in pages} == {(8, 3)}
    # Past the last page: no rows, and the total is still right.
    past = services.search_occupations(db.session, page=9, page_size=3)
    assert (past.rows, past.total, past.pages, past.page) == ([], 8, 3, 9)
    assert services.search_occupations(db.session, page=0, page_size=3).page == 1
    # Ranked searches page in rank order too.
    nurse = [
        services.search_occupations(db.session, query="nurse", page=n, page_size=2) for n in (1, 2)
    ]
    assert [[row.title for row in page.rows] for page in nurse] == [
        ["Nurse Practitioners", "Registered Nurses"],
        ["Home Health Aides"],
    ]
    assert nurse[0].total == nurse[1].total == 3


def test_search_is_one_statement(catalog: Catalog) -> None:
    cluster_id = catalog.health.id
    with StatementCounter(db.engine) as counter:
        page = services.search_occupations(
            db.session, query="nurse health", cluster_id=cluster_id, job_zones=[3]
        )
    assert counter.count == 1
    assert [row.title for row in page.rows] == ["Registered Nurses"]


def test_rows_are_plain_values(catalog: Catalog) -> None:
    (row,) = services.search_occupations(db.session, query="registered").rows
    assert row == services.OccupationRow(
        id=catalog.nurses.id,
        soc_code="29-1141.00",
        title="Registered Nurses",
        summary=(
            "Assess patient health problems and needs, develop and implement nursing care plans, "
            "and maintain medical records."
        ),
        job_zone=3,
        education_level=6,
        education="Bachelor's Degree",
        median_annual_wage=93600,
        median_hourly_wage=45.0,
        employment_change_pct=5.2,
    )
    assert row.job_zone_name == "Medium preparation needed"


def test_long_first_sentences_are_cut_at_a_word(app: Flask) -> None:
    make_occupation("Long Description", description="word " * 100 + ". Second sentence.")
    (row,) = services.search_occupations(db.session, query="long").rows
    assert row.summary.endswith("word…")
    assert len(row.summary) <= services.SUMMARY_LENGTH + 1


# --- clusters ------------------------------------------------------------------------------


def test_list_clusters_counts_occupations(catalog: Catalog) -> None:
    groups = services.list_clusters(db.session, "ncc_2024")
    assert [(g.cluster.name, g.cluster.occupation_count) for g in groups] == [
        ("Building & Making", 1),
        ("Health & Care", 3),
    ]
    assert groups[0].cluster.is_cross_cutting is True
    assert groups[1].cluster.summary == "Keeping people healthy and caring for them."
    assert [(c.name, c.kind, c.occupation_count) for c in groups[1].children] == [
        ("Nursing", "subcluster", 1),
        ("Therapy", "subcluster", 0),
    ]
    (legacy,) = services.list_clusters(db.session, "legacy_16")
    # Registered Nurses are in both pathways and count once for the cluster.
    assert (legacy.cluster.name, legacy.cluster.occupation_count) == ("Health Science", 3)
    assert [(c.name, c.occupation_count) for c in legacy.children] == [
        ("Support Services", 2),
        ("Therapeutic Services", 2),
    ]


def test_list_clusters_of_an_unknown_framework(app: Flask) -> None:
    with pytest.raises(ValidationFailed) as raised:
        services.list_clusters(db.session, "career_paths")
    assert "framework" in raised.value.errors
    assert services.list_clusters(db.session, "ncc_2024") == []


def test_cluster_detail(catalog: Catalog) -> None:
    detail = services.cluster_detail(db.session, catalog.health.id)
    assert (detail.cluster.name, detail.cluster.occupation_count, detail.parent) == (
        "Health & Care",
        3,
        None,
    )
    assert [c.name for c in detail.children] == ["Nursing", "Therapy"]
    pathway = services.cluster_detail(db.session, catalog.therapeutic.id)
    assert pathway.cluster.occupation_count == 2
    assert pathway.parent is not None
    assert (pathway.parent.name, pathway.parent.occupation_count) == ("Health Science", 3)
    assert pathway.children == []
    with pytest.raises(NotFound):
        services.cluster_detail(db.session, 999_999)


# --- one occupation ------------------------------------------------------------------------


def test_occupation_detail(catalog: Catalog) -> None:
    detail = services.occupation_detail(db.session, "29-1141.00")
    assert services.occupation_detail(db.session, catalog.nurses.id) == detail
    assert (detail.title, detail.job_zone, detail.job_zone_name) == (
        "Registered Nurses",
        3,
        "Medium preparation needed",
    )
    assert (detail.median_annual_wage, detail.employment_change_pct) == (93600, 5.2)
    assert (detail.annual_openings, detail.holland_code) == (189100, "SIC")
    # 2024 clusters first, then the 16 clusters' pathways, by cluster and pathway name.
    assert [(c.framework, c.parent_name, c.name) for c in detail.clusters] == [
        ("ncc_2024", None, "Health & Care"),
        ("legacy_16", "Health Science", "Support Services"),
        ("legacy_16", "Health Science", "Therapeutic Services"),
    ]
    # Sharing a cluster or pathway first (closest interests first), then the closest others.
    assert [row.title for row in detail.related] == [
        "Nurse Practitioners",
        "Home Health Aides",
        "Cartographers and Photogrammetrists",
        "Art Directors",
        "Fine Artists, Including Painters",
        "Carpenters",
    ]


def test_occupation_clusters_come_before_their_own_sub_clusters(catalog: Catalog) -> None:
    make_occupation(
        "Care Coordinators",
        soc_code="11-9111.00",
        clusters=[catalog.nursing, catalog.health, catalog.building, catalog.support],
    )
    detail = services.occupation_detail(db.session, "11-9111.00")
    assert [(c.parent_name, c.name) for c in detail.clusters] == [
        (None, "Building & Making"),
        (None, "Health & Care"),
        ("Health & Care", "Nursing"),
        ("Health Science", "Support Services"),
    ]


def test_occupation_without_clusters_still_has_related_ones(catalog: Catalog) -> None:
    detail = services.occupation_detail(db.session, "27-1013.00")
    assert detail.clusters == []
    assert detail.job_zone_name == "Medium preparation needed"
    assert [row.title for row in detail.related][:2] == ["Graphic Designers", "Art Directors"]
    assert len(detail.related) == services.RELATED_COUNT


@pytest.mark.parametrize("code", ["99-9999.99", "15-1252", "abc", "29-1141.00 ", 999_999])
def test_unknown_occupation(catalog: Catalog, code: str | int) -> None:
    with pytest.raises(NotFound):
        services.occupation_detail(db.session, code)
    with pytest.raises(NotFound):
        services.find_occupation(db.session, code)


# --- saved careers -------------------------------------------------------------------------


@pytest.fixture
def world(app: Flask) -> World:
    return make_world()


def saved_rows(youth_id: int) -> int:
    query = select(func.count()).where(FavoriteOccupation.youth_id == youth_id)
    return db.session.scalar(query) or 0


def test_saving_twice_keeps_one_row_and_removing_twice_is_harmless(world: World) -> None:
    youth = world.user("youth1")
    assert services.save_favorite(db.session, youth, world.occupation) is True
    assert services.save_favorite(db.session, youth, world.occupation) is False
    db.session.commit()
    assert saved_rows(world.youth1) == 1
    assert services.is_favorite(db.session, youth, world.occupation)
    assert services.remove_favorite(db.session, youth, world.occupation) is True
    assert services.remove_favorite(db.session, youth, world.occupation) is False
    db.session.commit()
    assert saved_rows(world.youth1) == 0
    assert not services.is_favorite(db.session, youth, world.occupation)


@pytest.mark.parametrize("key", ["staff1", "family1", "admin_a"])
def test_only_youth_save_careers(world: World, key: str) -> None:
    someone = world.user(key)
    with pytest.raises(Forbidden):
        services.save_favorite(db.session, someone, world.occupation)
    with pytest.raises(Forbidden):
        services.remove_favorite(db.session, someone, world.occupation)
    assert services.is_favorite(db.session, someone, world.occupation) is False
    assert db.session.scalar(select(func.count(FavoriteOccupation.id))) == 0


def test_saving_an_unknown_occupation(world: World) -> None:
    with pytest.raises(NotFound):
        services.save_favorite(db.session, world.user("youth1"), 999_999)
    with pytest.raises(NotFound):
        services.remove_favorite(db.session, world.user("youth1"), 999_999)


def test_list_favorites_newest_first(world: World) -> None:
    youth = world.user("youth1")
    other = make_occupation("Data Scientists", soc_code="15-2051.00", median_annual_wage=112590)
    services.save_favorite(db.session, youth, world.occupation)
    services.save_favorite(db.session, youth, other.id)
    services.save_favorite(db.session, world.user("classmate"), world.occupation)
    db.session.commit()
    rows = services.list_favorites(db.session, youth, world.youth1)
    assert [row.occupation.title for row in rows] == ["Data Scientists", "Software Developers"]
    assert rows[0].occupation.median_annual_wage == 112590
    assert rows[0].saved_dt.tzinfo is not None
    classmate = services.list_favorites(db.session, world.user("classmate"), world.classmate)
    assert [row.occupation.title for row in classmate] == ["Software Developers"]


@pytest.mark.parametrize(
    ("key", "allowed"),
    [
        ("youth1", True),  # their own
        ("family1", True),  # actively linked
        ("staff1", True),  # assigned to the youth's cohort
        ("admin_a", True),  # same organization
        ("classmate", False),  # another youth
        ("family2", False),
        ("staff2", False),  # another cohort
        ("admin_b", False),  # another organization
        ("staff_b", False),
        ("family_b", False),
    ],
)
def test_list_favorites_goes_through_the_policy(world: World, key: str, allowed: bool) -> None:
    services.save_favorite(db.session, world.user("youth1"), world.occupation)
    db.session.commit()
    actor = world.user(key)
    if allowed:
        rows = services.list_favorites(db.session, actor, world.youth1)
        assert [row.occupation.soc_code for row in rows] == [world.soc_code]
    else:
        with pytest.raises(NotFound):
            services.list_favorites(db.session, actor, world.youth1)


def test_list_favorites_of_someone_who_is_not_a_youth(world: World) -> None:
    org = make_org()
    admin = make_user(org, Role.ADMIN)
    staff = make_user(org, Role.STAFF)
    with pytest.raises(NotFound):
        services.list_favorites(db.session, admin, staff.id)
