"""The career catalog: keyword search, clusters, occupation pages and a youth's saved careers.

Lists come back as plain rows (frozen dataclasses), never ORM objects: a search page shows a
few of a thousand occupations, and templates must not trigger queries.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    delete,
    func,
    literal,
    literal_column,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from ccl_youth.accounts.models import User
from ccl_youth.careers.models import (
    CareerCluster,
    FavoriteOccupation,
    Occupation,
    OccupationCluster,
)
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action, require
from ccl_youth.core.roles import Role

#: Frameworks in the order pages offer them; the 2024 one is the default.
FRAMEWORKS: tuple[str, ...] = ("ncc_2024", "legacy_16")
DEFAULT_FRAMEWORK = "ncc_2024"

#: O*NET job zones in plain words (the pages show translated copies of these).
JOB_ZONE_NAMES: dict[int, str] = {
    1: "Little or no preparation needed",
    2: "Some preparation needed",
    3: "Medium preparation needed",
    4: "Considerable preparation needed",
    5: "Extensive preparation needed",
}

SOC_CODE = re.compile(r"[0-9]{2}-[0-9]{4}\.[0-9]{2}")
#: Words of a query beyond this many are ignored (each adds conditions to the query).
MAX_TERMS = 8
RELATED_COUNT = 6
SUMMARY_LENGTH = 180


@dataclass(frozen=True)
class OccupationRow:
    """One occupation in a list: plain values, no ORM objects."""

    id: int
    soc_code: str
    title: str
    summary: str
    job_zone: int | None
    education_level: int | None
    education: str
    median_annual_wage: int | None
    median_hourly_wage: float | None
    employment_change_pct: float | None

    @property
    def job_zone_name(self) -> str:
        return JOB_ZONE_NAMES.get(self.job_zone or 0, "")


@dataclass(frozen=True)
class OccupationPage:
    rows: list[OccupationRow]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


@dataclass(frozen=True)
class ClusterRow:
    """A cluster, pathway or sub-cluster with the number of occupations in it (a top-level
    cluster counts those of its pathways or sub-clusters too, each occupation once)."""

    id: int
    framework: str
    code: str
    name: str
    kind: str
    parent_id: int | None
    is_cross_cutting: bool
    summary: str
    occupation_count: int


@dataclass(frozen=True)
class ClusterGroup:
    cluster: ClusterRow
    children: list[ClusterRow]


@dataclass(frozen=True)
class ClusterDetail:
    cluster: ClusterRow
    parent: ClusterRow | None
    children: list[ClusterRow]


@dataclass(frozen=True)
class ClusterLink:
    """A cluster an occupation belongs to; ``parent_name`` is set for pathways/sub-clusters."""

    id: int
    framework: str
    name: str
    parent_id: int | None
    parent_name: str | None


@dataclass(frozen=True)
class OccupationDetail:
    id: int
    soc_code: str
    title: str
    description: str
    job_zone: int | None
    job_zone_name: str
    education_level: int | None
    education: str
    median_annual_wage: int | None
    median_hourly_wage: float | None
    employment_change_pct: float | None
    annual_openings: int | None
    holland_code: str
    clusters: list[ClusterLink]
    related: list[OccupationRow]


@dataclass(frozen=True)
class OccupationRef:
    id: int
    soc_code: str
    title: str


@dataclass(frozen=True)
class FavoriteRow:
    occupation: OccupationRow
    saved_dt: datetime


# --- search --------------------------------------------------------------------------------

_ROW_COLUMNS = (
    Occupation.id,
    Occupation.soc_code,
    Occupation.title,
    Occupation.description,
    Occupation.job_zone,
    Occupation.education_level,
    Occupation.education,
    Occupation.median_annual_wage,
    Occupation.median_hourly_wage,
    Occupation.employment_change_pct,
)


def _summary(description: str) -> str:
    """The description's first sentence, cut at a word if it is long."""
    text = " ".join(description.split())
    end = text.find(". ")
    if end != -1:
        text = text[: end + 1]
    if len(text) > SUMMARY_LENGTH:
        text = text[:SUMMARY_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text


def _row(values: Any) -> OccupationRow:
    (id_, soc_code, title, description, *rest) = tuple(values)[: len(_ROW_COLUMNS)]
    return OccupationRow(id_, soc_code, title, _summary(description or ""), *rest)


def search_terms(query: str) -> list[str]:
    """The words of a query, lower-cased: letters and digits only, so no LIKE wildcard or
    quote ever reaches the database."""
    return re.findall(r"[^\W_]+", query.lower())[:MAX_TERMS]


#: Where a word starts: the start of the text, or after a space, hyphen, slash or bracket.
_WORD_START = "(^|[ /(-])"


def _word_text(column: Any, *, lower: bool) -> ColumnElement[str]:
    """The column with a space in front and hyphens, slashes and brackets made spaces, so
    that ``LIKE '% word%'`` finds a word wherever it starts."""
    text: Any = func.lower(column) if lower else column
    for mark in ("-", "/", "("):
        text = func.replace(text, mark, " ")
    return literal(" ").concat(text)


def _starts_word(column: Any, term: str, dialect: str) -> ColumnElement[bool]:
    """True where ``term`` (letters and digits only) starts a word of the column, any case."""
    if dialect == "postgresql":
        return column.regexp_match(_WORD_START + term, flags="i")
    # SQLite's LIKE ignores ASCII case by itself. The plain substring test is cheap and rules
    # out most rows before the word-start test, which copies the text, runs.
    is_sqlite = dialect == "sqlite"
    contains = column.like(f"%{term}%") if is_sqlite else func.lower(column).like(f"%{term}%")
    return and_(contains, _word_text(column, lower=not is_sqlite).like(f"% {term}%"))


def search_occupations(
    session: Session,
    *,
    query: str = "",
    cluster_id: int | None = None,
    job_zones: Collection[int] = (),
    max_education: int | None = None,
    page: int = 1,
    page_size: int = 20,
) -> OccupationPage:
    """One page of occupations matching every filter, in one query.

    Each word of ``query`` must start a word of the title or of the description, ignoring case
    ("art" finds "Art Directors" and "artwork", not "department"). Occupations whose title holds
    every word come first, then the rest; each group in title order. ``cluster_id`` keeps the
    occupations of that cluster and of its pathways or sub-clusters. Filtering on job zones or
    on the highest education level (O*NET's 1–12) drops occupations where it is unknown.
    Raises nothing: an unknown cluster matches no occupation."""
    dialect = session.get_bind().dialect.name
    criteria: list[ColumnElement[bool]] = []
    terms = search_terms(query)
    in_title = [_starts_word(Occupation.title, term, dialect) for term in terms]
    for term, title_match in zip(terms, in_title, strict=True):
        criteria.append(or_(title_match, _starts_word(Occupation.description, term, dialect)))
    if cluster_id is not None:
        clusters = select(CareerCluster.id).where(
            or_(CareerCluster.id == cluster_id, CareerCluster.parent_id == cluster_id)
        )
        criteria.append(
            Occupation.id.in_(
                select(OccupationCluster.occupation_id).where(
                    OccupationCluster.cluster_id.in_(clusters)
                )
            )
        )
    if job_zones:
        criteria.append(Occupation.job_zone.in_(sorted(set(job_zones))))
    if max_education is not None:
        criteria.append(Occupation.education_level <= max_education)
    page = max(1, page)
    # The page's ids are picked first, so that only small rows are sorted; the columns shown
    # are read for those ids alone.
    rank: Any = case((and_(*in_title), 0), else_=1) if terms else literal_column("0")
    picked = (
        select(
            Occupation.id,
            Occupation.title,
            rank.label("rank"),
            func.count().over().label("total"),
        )
        .where(*criteria)
        .order_by(*([rank] if terms else []), Occupation.title, Occupation.id)
        .limit(page_size)
        .offset((page - 1) * page_size)
        .subquery()
    )
    result: Sequence[Any] = session.execute(
        select(*_ROW_COLUMNS, picked.c.total)
        .join(picked, picked.c.id == Occupation.id)
        .order_by(picked.c.rank, picked.c.title, picked.c.id)
    ).all()
    if result:
        total = int(result[0][-1])
    elif page > 1:  # past the last page: the window count came back with no rows
        total = session.scalar(select(func.count(Occupation.id)).where(*criteria)) or 0
    else:
        total = 0
    return OccupationPage([_row(values) for values in result], total, page, page_size)


# --- clusters ------------------------------------------------------------------------------

_CLUSTER_COLUMNS = (
    CareerCluster.id,
    CareerCluster.framework,
    CareerCluster.code,
    CareerCluster.name,
    CareerCluster.kind,
    CareerCluster.parent_id,
    CareerCluster.is_cross_cutting,
    CareerCluster.summary,
)
_TOP_ID = func.coalesce(CareerCluster.parent_id, CareerCluster.id)


def _own_counts() -> Any:
    return (
        select(OccupationCluster.cluster_id, func.count().label("n"))
        .group_by(OccupationCluster.cluster_id)
        .subquery()
    )


def _cluster_row(values: Any) -> ClusterRow:
    id_, framework, code, name, kind, parent_id, is_cross_cutting, summary, count = values
    return ClusterRow(
        id_, framework, code, name, kind, parent_id, bool(is_cross_cutting), summary, int(count)
    )


def _cluster_rows(
    session: Session, *criteria: ColumnElement[bool]
) -> tuple[list[ClusterRow], dict[int, int]]:
    """Clusters meeting the criteria with their own link counts (one query), and the distinct
    occupation counts of the top-level clusters among them (a second)."""
    own = _own_counts()
    rows: Sequence[Any] = session.execute(
        select(*_CLUSTER_COLUMNS, func.coalesce(own.c.n, 0))
        .outerjoin(own, own.c.cluster_id == CareerCluster.id)
        .where(*criteria)
        .order_by(CareerCluster.name, CareerCluster.id)
    ).all()
    top_ids = [values[0] for values in rows if values[5] is None]
    totals: dict[int, int] = {}
    if top_ids:
        totals = {
            top_id: int(n)
            for top_id, n in session.execute(
                select(_TOP_ID, func.count(func.distinct(OccupationCluster.occupation_id)))
                .join(CareerCluster, CareerCluster.id == OccupationCluster.cluster_id)
                .where(_TOP_ID.in_(top_ids))
                .group_by(_TOP_ID)
            )
        }
    return [_cluster_row(values) for values in rows], totals


def _with_total(row: ClusterRow, totals: dict[int, int]) -> ClusterRow:
    if row.parent_id is not None:
        return row
    return replace(row, occupation_count=totals.get(row.id, 0))


def list_clusters(session: Session, framework: str) -> list[ClusterGroup]:
    """The framework's clusters in name order, each with its pathways or sub-clusters and
    their occupation counts (two queries). Raises ValidationFailed for an unknown framework."""
    if framework not in FRAMEWORKS:
        raise ValidationFailed(framework=N_("Choose one of the career cluster frameworks."))
    rows, totals = _cluster_rows(session, CareerCluster.framework == framework)
    children: dict[int, list[ClusterRow]] = {}
    for row in rows:
        if row.parent_id is not None:
            children.setdefault(row.parent_id, []).append(row)
    return [
        ClusterGroup(_with_total(row, totals), children.get(row.id, []))
        for row in rows
        if row.parent_id is None
    ]


def cluster_detail(session: Session, cluster_id: int) -> ClusterDetail:
    """A cluster with its parent (for a pathway or sub-cluster) and its own pathways or
    sub-clusters, with occupation counts. Raises NotFound for an unknown id."""
    parent_of = (
        select(CareerCluster.parent_id).where(CareerCluster.id == cluster_id).scalar_subquery()
    )
    rows, totals = _cluster_rows(
        session,
        or_(
            CareerCluster.id == cluster_id,
            CareerCluster.parent_id == cluster_id,
            CareerCluster.id == parent_of,
        ),
    )
    cluster = next((row for row in rows if row.id == cluster_id), None)
    if cluster is None:
        raise NotFound("cluster")
    parent = next((row for row in rows if row.id == cluster.parent_id), None)
    return ClusterDetail(
        cluster=_with_total(cluster, totals),
        parent=_with_total(parent, totals) if parent is not None else None,
        children=[row for row in rows if row.parent_id == cluster_id],
    )


# --- one occupation ------------------------------------------------------------------------


def _occupation_criterion(soc_code_or_id: str | int) -> ColumnElement[bool]:
    if isinstance(soc_code_or_id, int):
        return Occupation.id == soc_code_or_id
    if not SOC_CODE.fullmatch(soc_code_or_id):
        raise NotFound("occupation")
    return Occupation.soc_code == soc_code_or_id


def find_occupation(session: Session, soc_code_or_id: str | int) -> OccupationRef:
    """Id, code and title of one occupation. Raises NotFound for an unknown or malformed code."""
    found = session.execute(
        select(Occupation.id, Occupation.soc_code, Occupation.title).where(
            _occupation_criterion(soc_code_or_id)
        )
    ).one_or_none()
    if found is None:
        raise NotFound("occupation")
    return OccupationRef(*found)


_RIASEC = (
    Occupation.riasec_r,
    Occupation.riasec_i,
    Occupation.riasec_a,
    Occupation.riasec_s,
    Occupation.riasec_e,
    Occupation.riasec_c,
)


def _related(
    session: Session, occupation: Occupation, cluster_ids: list[int]
) -> list[OccupationRow]:
    """Up to RELATED_COUNT occupations closest in interests (RIASEC distance), first among
    those sharing a pathway or cluster with this one, then, to fill the list, from the rest."""
    profile = [getattr(occupation, column.key) for column in _RIASEC]
    distance = sum(
        (
            (column - value) * (column - value)
            for column, value in zip(_RIASEC, profile, strict=True)
        ),
        start=literal(0.0),
    )
    shared = Occupation.id.in_(
        select(OccupationCluster.occupation_id).where(OccupationCluster.cluster_id.in_(cluster_ids))
    )
    query = (
        select(*_ROW_COLUMNS)
        .where(Occupation.id != occupation.id)
        .order_by(distance, Occupation.title, Occupation.id)
        .limit(RELATED_COUNT)
    )
    rows = [_row(values) for values in session.execute(query.where(shared))] if cluster_ids else []
    if len(rows) < RELATED_COUNT:
        taken = [row.id for row in rows]
        rows += [
            _row(values)
            for values in session.execute(
                query.where(Occupation.id.not_in(taken)).limit(RELATED_COUNT - len(rows))
            )
        ]
    return rows


def occupation_detail(session: Session, soc_code_or_id: str | int) -> OccupationDetail:
    """Everything an occupation page shows: what the work is, preparation, pay, outlook, the
    clusters it belongs to and related occupations. Raises NotFound for an unknown code or id."""
    occupation = session.scalars(
        select(Occupation).where(_occupation_criterion(soc_code_or_id))
    ).one_or_none()
    if occupation is None:
        raise NotFound("occupation")
    parent = aliased(CareerCluster)
    links = [
        ClusterLink(*values)
        for values in session.execute(
            select(
                CareerCluster.id,
                CareerCluster.framework,
                CareerCluster.name,
                parent.id,
                parent.name,
            )
            .join(OccupationCluster, OccupationCluster.cluster_id == CareerCluster.id)
            .outerjoin(parent, parent.id == CareerCluster.parent_id)
            .where(OccupationCluster.occupation_id == occupation.id)
            .order_by(
                case({name: i for i, name in enumerate(FRAMEWORKS)}, value=CareerCluster.framework),
                # By cluster name, a cluster before its own pathways or sub-clusters.
                func.coalesce(parent.name, CareerCluster.name),
                CareerCluster.parent_id.is_not(None),
                CareerCluster.name,
            )
        )
    ]
    return OccupationDetail(
        id=occupation.id,
        soc_code=occupation.soc_code,
        title=occupation.title,
        description=occupation.description,
        job_zone=occupation.job_zone,
        job_zone_name=JOB_ZONE_NAMES.get(occupation.job_zone or 0, ""),
        education_level=occupation.education_level,
        education=occupation.education,
        median_annual_wage=occupation.median_annual_wage,
        median_hourly_wage=occupation.median_hourly_wage,
        employment_change_pct=occupation.employment_change_pct,
        annual_openings=occupation.annual_openings,
        holland_code=occupation.holland_code,
        clusters=links,
        related=_related(session, occupation, [link.id for link in links]),
    )


# --- saved careers -------------------------------------------------------------------------


def _require_youth(actor: User, action: str) -> None:
    if actor.role != Role.YOUTH.value:
        raise Forbidden(action)


def save_favorite(session: Session, youth: User, occupation_id: int) -> bool:
    """Save an occupation to the youth's careers; saving it again changes nothing. True when it
    was not saved before. Raises Forbidden for anyone but a youth, NotFound for an unknown id."""
    _require_youth(youth, "save_favorite")
    find_occupation(session, occupation_id)
    # ON CONFLICT DO NOTHING: two quick clicks (two requests) still make one row; RETURNING
    # tells whether this one made it.
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(FavoriteOccupation)
        .values(youth_id=youth.id, occupation_id=occupation_id)
        .on_conflict_do_nothing(index_elements=["youth_id", "occupation_id"])
        .returning(FavoriteOccupation.id)
    )
    return session.execute(statement).scalar_one_or_none() is not None


def remove_favorite(session: Session, youth: User, occupation_id: int) -> bool:
    """Take an occupation off the youth's saved careers; removing it again changes nothing.
    True when it was saved. Raises Forbidden for anyone but a youth, NotFound for an unknown id."""
    _require_youth(youth, "remove_favorite")
    find_occupation(session, occupation_id)
    result: Any = session.execute(
        delete(FavoriteOccupation).where(
            FavoriteOccupation.youth_id == youth.id,
            FavoriteOccupation.occupation_id == occupation_id,
        )
    )
    return bool(result.rowcount)


def is_favorite(session: Session, youth: User, occupation_id: int) -> bool:
    """True when the youth saved this occupation (False for anyone who is not a youth)."""
    if youth.role != Role.YOUTH.value:
        return False
    found = session.scalar(
        select(FavoriteOccupation.id).where(
            FavoriteOccupation.youth_id == youth.id,
            FavoriteOccupation.occupation_id == occupation_id,
        )
    )
    return found is not None


def list_favorites(session: Session, actor: User, youth_id: int) -> list[FavoriteRow]:
    """A youth's saved careers, newest first, for the youth or anyone the policy lets view
    that youth. Raises NotFound when the youth is outside the actor's scope."""
    require(session, actor, Action.VIEW_YOUTH, youth_id)
    rows: Sequence[Any] = session.execute(
        select(*_ROW_COLUMNS, FavoriteOccupation.created_dt)
        .join(FavoriteOccupation, FavoriteOccupation.occupation_id == Occupation.id)
        .where(FavoriteOccupation.youth_id == youth_id)
        .order_by(FavoriteOccupation.created_dt.desc(), FavoriteOccupation.id.desc())
    ).all()
    return [FavoriteRow(_row(values), values[-1]) for values in rows]
