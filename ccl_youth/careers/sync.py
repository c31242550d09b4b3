"""Load career clusters, occupations and the crosswalk from checked content into the database.

Rows are matched on their natural keys (framework + code, soc_code), so ids never change and a
second run changes nothing. Clusters and occupations that content no longer lists stay in the
database untouched (favorites and reports may point at them) but lose their crosswalk links, so
they drop out of cluster pages. Statements go out in bulk; the caller commits.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, delete, insert, select
from sqlalchemy.orm import Session

from ccl_youth.careers.models import CareerCluster, Occupation, OccupationCluster
from ccl_youth.core.content import ClusterEntry, Content, LinkEntry, OccupationEntry
from ccl_youth.core.content_sync import SyncCounts, upsert_rows

CLUSTER_FIELDS = ("name", "kind", "parent_id", "is_cross_cutting", "summary")
OCCUPATION_FIELDS = tuple(f for f in OccupationEntry.__dataclass_fields__ if f != "soc_code")


def sync_careers(session: Session, content: Content) -> dict[str, SyncCounts]:
    """Make the career tables match ``content``; returns what changed per table.
    Flushes, never commits."""
    session.flush()
    clusters = _sync_clusters(session, content.clusters)
    occupations = _sync_occupations(session, content.occupations)
    links = _sync_links(session, content.links)
    return {"clusters": clusters, "occupations": occupations, "occupation links": links}


def _cluster_rows(session: Session) -> dict[tuple[str, str], dict[str, Any]]:
    columns = [CareerCluster.id, CareerCluster.framework, CareerCluster.code]
    columns += [getattr(CareerCluster, f) for f in CLUSTER_FIELDS]
    return {
        (row.framework, row.code): dict(row._mapping) for row in session.execute(select(*columns))
    }


def _sync_clusters(session: Session, entries: tuple[ClusterEntry, ...]) -> SyncCounts:
    counts = SyncCounts()
    existing = _cluster_rows(session)
    # Top-level clusters first: their ids are the parent_id of pathways and sub-clusters.
    for top_level in (True, False):
        ids = {key: row["id"] for key, row in existing.items()}
        wanted = {
            (e.framework, e.code): {
                "framework": e.framework,
                "code": e.code,
                "name": e.name,
                "kind": e.kind,
                "parent_id": ids[(e.framework, e.parent_code)] if e.parent_code else None,
                "is_cross_cutting": e.is_cross_cutting,
                "summary": e.summary,
            }
            for e in entries
            if (e.parent_code is None) is top_level
        }
        upsert_rows(session, CareerCluster, wanted, existing, CLUSTER_FIELDS, counts)
        existing = _cluster_rows(session)
    listed = {(e.framework, e.code) for e in entries}
    counts.kept = sum(1 for key in existing if key not in listed)
    return counts


def _sync_occupations(session: Session, entries: tuple[OccupationEntry, ...]) -> SyncCounts:
    counts = SyncCounts()
    existing = {
        row.soc_code: dict(row._mapping)
        for row in session.execute(
            select(
                Occupation.id,
                Occupation.soc_code,
                *(getattr(Occupation, f) for f in OCCUPATION_FIELDS),
            )
        )
    }
    wanted = {e.soc_code: asdict(e) for e in entries}
    upsert_rows(session, Occupation, wanted, existing, OCCUPATION_FIELDS, counts)
    counts.kept = sum(1 for soc in existing if soc not in wanted)
    return counts


def _sync_links(session: Session, entries: tuple[LinkEntry, ...]) -> SyncCounts:
    counts = SyncCounts()
    cluster_ids = {
        (row.framework, row.code): row.id
        for row in session.execute(
            select(CareerCluster.id, CareerCluster.framework, CareerCluster.code)
        )
    }
    occupation_ids = {
        soc_code: id_
        for soc_code, id_ in session.execute(select(Occupation.soc_code, Occupation.id))
    }
    wanted = {
        (occupation_ids[e.soc_code], cluster_ids[(e.framework, e.cluster_code)]) for e in entries
    }
    existing = {
        (occupation_id, cluster_id)
        for occupation_id, cluster_id in session.execute(
            select(OccupationCluster.occupation_id, OccupationCluster.cluster_id)
        )
    }
    added = sorted(wanted - existing)
    removed = sorted(existing - wanted)
    if removed:
        table = cast(Table, OccupationCluster.__table__)
        session.execute(
            delete(table).where(
                and_(
                    table.c.occupation_id == bindparam("o"),
                    table.c.cluster_id == bindparam("c"),
                )
            ),
            [{"o": o, "c": c} for o, c in removed],
        )
    if added:
        session.execute(
            insert(OccupationCluster), [{"occupation_id": o, "cluster_id": c} for o, c in added]
        )
    counts.added, counts.removed = len(added), len(removed)
    counts.unchanged = len(wanted & existing)
    return counts
