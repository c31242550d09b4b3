"""``careers/sync.py``: the catalog loads in bulk, twice is a no-op, ids never move."""

from __future__ import annotations

import dataclasses
from time import perf_counter

from sqlalchemy import func, select

from ccl_youth.careers.models import (
    CareerCluster,
    FavoriteOccupation,
    Occupation,
    OccupationCluster,
)
from ccl_youth.careers.sync import sync_careers
from ccl_youth.core.content import Content
from ccl_youth.extensions import db
from tests.contentkit import real_content
from tests.factories import make_org, make_youth
from tests.test_architecture import flask_imports_reached


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def small(content: Content, occupations: int = 12) -> Content:
    """The real clusters with only the first occupations and their crosswalk rows."""
    kept = content.occupations[:occupations]
    codes = {o.soc_code for o in kept}
    links = tuple(link for link in content.links if link.soc_code in codes)
    return dataclasses.replace(content, occupations=kept, links=links)


def ids() -> dict[str, dict[object, int]]:
    return {
        "clusters": {
            (c.framework, c.code): c.id for c in db.session.execute(select(CareerCluster)).scalars()
        },
        "occupations": dict(db.session.execute(select(Occupation.soc_code, Occupation.id)).all()),
    }


def test_sync_never_imports_flask():
    assert flask_imports_reached("ccl_youth.careers.sync") == []
    assert flask_imports_reached("ccl_youth.assessments.sync") == []


def test_the_full_catalog_loads_then_a_second_run_changes_nothing(app):
    content = real_content()
    started = perf_counter()
    first = sync_careers(db.session, content)
    db.session.commit()
    elapsed = perf_counter() - started
    assert elapsed < 10
    assert first["clusters"].added == len(content.clusters) == 175
    assert first["occupations"].added == len(content.occupations)
    assert first["occupation links"].added == len(content.links)
    assert count(CareerCluster) == 175
    assert count(Occupation) == len(content.occupations)
    assert count(OccupationCluster) == len(content.links)
    before = ids()

    second = sync_careers(db.session, content)
    db.session.commit()
    assert sum(c.changes for c in second.values()) == 0
    assert second["occupations"].unchanged == len(content.occupations)
    assert ids() == before


def test_rows_hold_the_content(app):
    sync_careers(db.session, real_content())
    developers = db.session.execute(
        select(Occupation).where(Occupation.soc_code == "15-1252.00")
    ).scalar_one()
    assert developers.title == "Software Developers"
    assert developers.job_zone == 4
    assert developers.holland_code[0] == "I"
    pathway = db.session.execute(
        select(CareerCluster).where(
            CareerCluster.framework == "legacy_16", CareerCluster.code == "11.03"
        )
    ).scalar_one()
    assert pathway.kind == "pathway"
    parent = db.session.get(CareerCluster, pathway.parent_id)
    assert parent is not None and parent.name == "Information Technology"
    digital = db.session.execute(
        select(CareerCluster).where(
            CareerCluster.framework == "ncc_2024", CareerCluster.code == "060100"
        )
    ).scalar_one()
    assert digital.is_cross_cutting and digital.parent_id is None
    linked = set(
        db.session.scalars(
            select(CareerCluster.code)
            .join(OccupationCluster, OccupationCluster.cluster_id == CareerCluster.id)
            .where(OccupationCluster.occupation_id == developers.id)
        )
    )
    assert linked == {"11.03", "060100"}


def test_sync_flushes_and_leaves_the_commit_to_the_caller(app):
    sync_careers(db.session, small(real_content()))
    assert count(Occupation) == 12
    db.session.rollback()
    assert count(Occupation) == 0


def test_changed_content_updates_rows_in_place(app):
    content = small(real_content())
    sync_careers(db.session, content)
    db.session.commit()
    before = ids()
    first = content.occupations[0]
    renamed = dataclasses.replace(first, title="Renamed", median_annual_wage=None)
    changed = dataclasses.replace(content, occupations=(renamed, *content.occupations[1:]))

    counts = sync_careers(db.session, changed)
    db.session.commit()
    assert (counts["occupations"].updated, counts["occupations"].unchanged) == (1, 11)
    row = db.session.get(Occupation, before["occupations"][first.soc_code])
    assert row is not None
    assert (row.title, row.median_annual_wage) == ("Renamed", None)
    assert ids() == before


def test_an_occupation_removed_from_content_is_kept_but_leaves_its_clusters(app):
    content = small(real_content())
    sync_careers(db.session, content)
    db.session.commit()
    gone = content.occupations[0]
    org = make_org()
    youth = make_youth(org)
    occupation_id = ids()["occupations"][gone.soc_code]
    db.session.add(FavoriteOccupation(youth_id=youth.id, occupation_id=occupation_id))
    db.session.commit()
    links_before = count(OccupationCluster)
    its_links = sum(1 for link in content.links if link.soc_code == gone.soc_code)
    trimmed = dataclasses.replace(
        content,
        occupations=content.occupations[1:],
        links=tuple(link for link in content.links if link.soc_code != gone.soc_code),
    )

    counts = sync_careers(db.session, trimmed)
    db.session.commit()
    assert counts["occupations"].kept == 1
    assert counts["occupation links"].removed == its_links > 0
    assert count(Occupation) == 12
    assert count(FavoriteOccupation) == 1
    assert count(OccupationCluster) == links_before - its_links
    assert "1 no longer in content (kept)" in str(counts["occupations"])


def test_a_new_link_is_added_and_a_dropped_one_removed(app):
    content = small(real_content())
    sync_careers(db.session, content)
    db.session.commit()
    first = content.links[0]
    moved = dataclasses.replace(first, cluster_code="16.04")
    changed = dataclasses.replace(content, links=(moved, *content.links[1:]))

    counts = sync_careers(db.session, changed)
    db.session.commit()
    links = counts["occupation links"]
    assert (links.added, links.removed, links.unchanged) == (1, 1, len(content.links) - 1)
    assert count(OccupationCluster) == len(content.links)
