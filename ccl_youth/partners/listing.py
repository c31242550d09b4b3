"""Reading partners: the searchable list, the partner page, the edit form's values and the
choice lists other features' forms use. Re-exported by ``partners.services``; no Flask here.

Lists come back as plain rows (frozen dataclasses): templates never trigger queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, literal, or_, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.careers.models import CareerCluster
from ccl_youth.core.scoping import visible_activities
from ccl_youth.experiences.models import Activity
from ccl_youth.partners import rules
from ccl_youth.partners.models import Partner, PartnerCluster, PartnerContact
from ccl_youth.partners.role_models import RoleModelRow, role_model_rows

#: Frameworks in the order forms show their clusters (the 2024 one first).
FRAMEWORK_ORDER = ("ncc_2024", "legacy_16")
#: Words of a search beyond this many are ignored (each adds conditions to the query).
MAX_TERMS = 8
RECENT_ACTIVITIES = 10


@dataclass(frozen=True)
class ClusterRef:
    id: int
    framework: str
    name: str


@dataclass(frozen=True)
class PartnerRow:
    """One partner in the list."""

    id: int
    name: str
    kind: str
    city: str
    is_vetted: bool
    is_archived: bool
    clusters: tuple[ClusterRef, ...]
    activity_count: int


@dataclass(frozen=True)
class PartnerPage:
    rows: list[PartnerRow]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


@dataclass(frozen=True)
class ActivityRef:
    id: int
    title: str
    activity_date: date
    type_slug: str


@dataclass(frozen=True)
class PartnerDetail:
    partner: Partner
    clusters: tuple[ClusterRef, ...]
    contacts: tuple[PartnerContact, ...]
    role_models: tuple[RoleModelRow, ...]
    recent_activities: tuple[ActivityRef, ...]


@dataclass(frozen=True)
class PartnerChoice:
    id: int
    name: str
    is_vetted: bool


def cluster_options(session: Session) -> list[ClusterRef]:
    """The top-level career clusters of both frameworks (2024 first), by name."""
    rows = session.execute(
        select(CareerCluster.id, CareerCluster.framework, CareerCluster.name)
        .where(CareerCluster.kind == "cluster")
        .order_by(CareerCluster.name, CareerCluster.id)
    ).all()
    order = {name: i for i, name in enumerate(FRAMEWORK_ORDER)}
    refs = [ClusterRef(*row) for row in rows]
    return sorted(refs, key=lambda ref: order.get(ref.framework, len(order)))


def _clusters_of(session: Session, partner_ids: list[int]) -> dict[int, tuple[ClusterRef, ...]]:
    """Each partner's clusters (one query)."""
    found: dict[int, list[ClusterRef]] = {}
    if partner_ids:
        rows = session.execute(
            select(
                PartnerCluster.partner_id,
                CareerCluster.id,
                CareerCluster.framework,
                CareerCluster.name,
            )
            .join(CareerCluster, CareerCluster.id == PartnerCluster.cluster_id)
            .where(PartnerCluster.partner_id.in_(partner_ids))
            .order_by(CareerCluster.name, CareerCluster.id)
        )
        for partner_id, cluster_id, framework, name in rows:
            found.setdefault(partner_id, []).append(ClusterRef(cluster_id, framework, name))
    return {pid: tuple(refs) for pid, refs in found.items()}


def _like_pattern(term: str) -> str:
    escaped = term.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"


def _search_criteria(query: str) -> list[ColumnElement[bool]]:
    """Each word must appear in the name, description or city, in any case (the database
    lowers both sides, so the two always agree on what "any case" means)."""
    criteria: list[ColumnElement[bool]] = []
    for term in query.split()[:MAX_TERMS]:
        pattern = func.lower(literal(_like_pattern(term)))
        criteria.append(
            or_(
                *(
                    func.lower(column).like(pattern, escape="/")
                    for column in (Partner.name, Partner.description, Partner.city)
                )
            )
        )
    return criteria


def list_partners(
    session: Session,
    actor: User,
    query: str = "",
    kind: str | None = None,
    cluster_id: int | None = None,
    vetted_only: bool = False,
    include_archived: bool = False,
    page: int = 1,
    page_size: int = 25,
) -> PartnerPage:
    """One page of the organization's partners matching every filter, by name, with their
    clusters and activity counts (a constant number of queries). Raises Forbidden."""
    rules.require_partners(session, actor)
    criteria = [Partner.organization_id == actor.organization_id, *_search_criteria(query)]
    if kind:
        criteria.append(Partner.kind == kind)
    if cluster_id is not None:
        criteria.append(
            Partner.id.in_(
                select(PartnerCluster.partner_id).where(PartnerCluster.cluster_id == cluster_id)
            )
        )
    if vetted_only:
        criteria.append(Partner.is_vetted.is_(True))
    if not include_archived:
        criteria.append(Partner.is_archived.is_(False))
    page = max(1, page)
    rows = session.execute(
        select(
            Partner.id,
            Partner.name,
            Partner.kind,
            Partner.city,
            Partner.is_vetted,
            Partner.is_archived,
            func.count().over().label("total"),
        )
        .where(*criteria)
        .order_by(func.lower(Partner.name), Partner.id)
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).all()
    if rows:
        total = int(rows[0].total)
    elif page > 1:  # past the last page: the window count came back with no rows
        total = session.scalar(select(func.count(Partner.id)).where(*criteria)) or 0
    else:
        total = 0
    ids = [row.id for row in rows]
    clusters = _clusters_of(session, ids)
    counts: dict[int, int] = {}
    if ids:
        counts = {
            partner_id: int(n)
            for partner_id, n in session.execute(
                select(Activity.partner_id, func.count(Activity.id))
                .where(
                    Activity.partner_id.in_(ids),
                    Activity.organization_id == actor.organization_id,
                )
                .group_by(Activity.partner_id)
            )
            if partner_id is not None
        }
    return PartnerPage(
        rows=[
            PartnerRow(
                id=row.id,
                name=row.name,
                kind=row.kind,
                city=row.city,
                is_vetted=row.is_vetted,
                is_archived=row.is_archived,
                clusters=clusters.get(row.id, ()),
                activity_count=counts.get(row.id, 0),
            )
            for row in rows
        ],
        total=total,
        page=page,
        page_size=page_size,
    )


def partner_detail(session: Session, actor: User, partner_id: int) -> PartnerDetail:
    """The partner page: details, clusters, contacts, role models and the latest activities
    with this partner that the actor may see. Raises NotFound, Forbidden."""
    partner = rules.partner_in_scope(session, actor, partner_id)
    contacts = session.scalars(
        select(PartnerContact)
        .where(PartnerContact.partner_id == partner.id)
        .order_by(func.lower(PartnerContact.name), PartnerContact.id)
    ).all()
    activities = session.execute(
        visible_activities(actor)
        .with_only_columns(Activity.id, Activity.title, Activity.activity_date, Activity.type_slug)
        .where(Activity.partner_id == partner.id)
        .order_by(Activity.activity_date.desc(), Activity.id.desc())
        .limit(RECENT_ACTIVITIES)
    ).all()
    return PartnerDetail(
        partner=partner,
        clusters=_clusters_of(session, [partner.id]).get(partner.id, ()),
        contacts=tuple(contacts),
        role_models=tuple(role_model_rows(session, partner.id)),
        recent_activities=tuple(ActivityRef(*row) for row in activities),
    )


def get_partner(session: Session, actor: User, partner_id: int) -> Partner:
    """The partner, if the actor may manage it. Raises NotFound, Forbidden."""
    return rules.partner_in_scope(session, actor, partner_id)


def partner_for_edit(session: Session, actor: User, partner_id: int) -> tuple[Partner, list[int]]:
    """The partner and its cluster ids, to fill the edit form. Raises NotFound, Forbidden."""
    partner = rules.partner_in_scope(session, actor, partner_id)
    cluster_ids = session.scalars(
        select(PartnerCluster.cluster_id).where(PartnerCluster.partner_id == partner.id)
    ).all()
    return partner, sorted(cluster_ids)


def partner_choices(
    session: Session, actor: User, include_id: int | None = None
) -> list[PartnerChoice]:
    """The organization's partners that are not archived, by name, for a select list;
    ``include_id`` keeps one archived partner in (the one a record already points at).
    Raises Forbidden."""
    rules.require_partners(session, actor)
    shown: ColumnElement[bool] = Partner.is_archived.is_(False)
    if include_id is not None:
        shown = or_(shown, Partner.id == include_id)
    rows = session.execute(
        select(Partner.id, Partner.name, Partner.is_vetted)
        .where(Partner.organization_id == actor.organization_id, shown)
        .order_by(func.lower(Partner.name), Partner.id)
    ).all()
    return [PartnerChoice(*row) for row in rows]
