"""Career pages: browse and search the catalog (every signed-in role) and saved careers
(youth)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from ccl_youth.careers import services
from ccl_youth.careers.wording import JOB_ZONE_LABELS, register_filters
from ccl_youth.core.roles import Role
from ccl_youth.extensions import db
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.routing import MAX_ID

bp = Blueprint("careers", __name__, template_folder="templates")
bp.record_once(lambda state: register_filters(state.app))

ALL_ROLES = tuple(Role)
PAGE_SIZE = 20
CLUSTER_PAGE_SIZE = 30
FRAMEWORK_LABELS = {
    "ncc_2024": _l("Career Clusters (2024)"),
    "legacy_16": _l("Career Clusters (16, before 2024)"),
}


def _number(value: str, largest: int) -> int | None:
    # ASCII digits only (int() rejects "²", which isdigit() accepts) and within bounds.
    if len(value) <= 10 and value.isascii() and value.isdigit() and 0 < int(value) <= largest:
        return int(value)
    return None


@dataclass(frozen=True)
class SearchArgs:
    """The browse page's GET form, read leniently: anything malformed is left out."""

    query: str
    framework: str
    cluster_id: int | None
    job_zones: tuple[int, ...]
    page: int

    @property
    def is_search(self) -> bool:
        return bool(self.query.strip() or self.cluster_id or self.job_zones)

    def url_args(self) -> dict[str, object]:
        """The form's values for links to other pages of the results."""
        values: dict[str, object] = {"q": self.query, "framework": self.framework}
        if self.cluster_id:
            values["cluster"] = self.cluster_id
        if self.job_zones:
            values["job_zone"] = list(self.job_zones)
        return values


def _search_args() -> SearchArgs:
    args = request.args
    framework = args.get("framework", "")
    zones = {_number(value, 5) for value in args.getlist("job_zone")[:5]}
    return SearchArgs(
        query=args.get("q", "")[:100],
        framework=framework if framework in services.FRAMEWORKS else services.DEFAULT_FRAMEWORK,
        cluster_id=_number(args.get("cluster", ""), MAX_ID),
        job_zones=tuple(sorted(zone for zone in zones if zone is not None)),
        page=_number(args.get("page", ""), 99_999) or 1,
    )


@bp.get("/careers")
@roles_required(*ALL_ROLES)
def index() -> str:
    search = _search_args()
    clusters = services.list_clusters(db.session, search.framework)
    results = None
    if search.is_search:
        results = services.search_occupations(
            db.session,
            query=search.query,
            cluster_id=search.cluster_id,
            job_zones=search.job_zones,
            page=search.page,
            page_size=PAGE_SIZE,
        )
    return render_template(
        "careers/index.html",
        search=search,
        clusters=clusters,
        results=results,
        frameworks=FRAMEWORK_LABELS,
        job_zones=JOB_ZONE_LABELS,
    )


@bp.get("/careers/clusters/<int:cluster_id>")
@roles_required(*ALL_ROLES)
def cluster(cluster_id: int) -> str:
    detail = services.cluster_detail(db.session, cluster_id)
    page = _number(request.args.get("page", ""), 99_999) or 1
    occupations = services.search_occupations(
        db.session, cluster_id=cluster_id, page=page, page_size=CLUSTER_PAGE_SIZE
    )
    return render_template(
        "careers/cluster.html",
        detail=detail,
        occupations=occupations,
        framework_label=FRAMEWORK_LABELS[detail.cluster.framework],
    )


@bp.get("/careers/occupations/<soc:soc_code>")
@roles_required(*ALL_ROLES)
def occupation(soc_code: str) -> str:
    detail = services.occupation_detail(db.session, soc_code)
    me = actor()
    if me.role == Role.YOUTH.value:
        return render_template(
            "careers/occupation_youth.html",
            detail=detail,
            is_saved=services.is_favorite(db.session, me, detail.id),
        )
    return render_template("careers/occupation.html", detail=detail)


def _back(soc_code: str) -> str:
    """Where a save or remove button returns to: the saved list or the occupation page (a
    fixed choice, never a URL from the form)."""
    if request.form.get("back") == "favorites":
        return url_for("careers.favorites")
    return url_for("careers.occupation", soc_code=soc_code)


@bp.post("/careers/occupations/<soc:soc_code>/favorite")
@roles_required(Role.YOUTH)
def favorite(soc_code: str) -> Response:
    occupation = services.find_occupation(db.session, soc_code)
    services.save_favorite(db.session, actor(), occupation.id)
    db.session.commit()
    flash(_("%(title)s is in your saved careers.", title=occupation.title), "success")
    return redirect(_back(soc_code))


@bp.post("/careers/occupations/<soc:soc_code>/unfavorite")
@roles_required(Role.YOUTH)
def unfavorite(soc_code: str) -> Response:
    occupation = services.find_occupation(db.session, soc_code)
    services.remove_favorite(db.session, actor(), occupation.id)
    db.session.commit()
    flash(_("%(title)s is no longer in your saved careers.", title=occupation.title), "info")
    return redirect(_back(soc_code))


@bp.get("/careers/favorites")
@roles_required(Role.YOUTH)
def favorites() -> str:
    me = actor()
    return render_template(
        "careers/favorites.html", favorites=services.list_favorites(db.session, me, me.id)
    )
