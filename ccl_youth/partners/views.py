"""Partner pages for staff and admins: the searchable list, the partner form, the partner page
with its contacts and role models, archiving, and vetting (admins only). Contacts and role
models have their own pages in ``people_views.py``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ccl_youth.core.errors import ValidationFailed
from ccl_youth.core.policies import Action, role_may
from ccl_youth.core.roles import Role
from ccl_youth.extensions import db
from ccl_youth.partners import services
from ccl_youth.partners.forms import (
    FRAMEWORK_LABELS,
    FRAMEWORK_SHORT,
    KIND_LABELS,
    ArchiveForm,
    PartnerForm,
    VetForm,
)
from ccl_youth.partners.models import PARTNER_KINDS
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.catalog import catalog
from ccl_youth.web.forms import apply_errors
from ccl_youth.web.routing import MAX_ID

bp = Blueprint("partners", __name__, template_folder="templates")
STAFF_ROLES = (Role.STAFF, Role.ADMIN)
PAGE_SIZE = 25


def number(value: str, largest: int) -> int | None:
    """A positive whole number up to ``largest`` in ASCII digits, else None ("²" and "٣"
    pass str.isdigit(); int() takes the second)."""
    if len(value) <= 10 and value.isascii() and value.isdigit() and 0 < int(value) <= largest:
        return int(value)
    return None


@dataclass(frozen=True)
class ListArgs:
    """The list's GET form, read leniently: anything malformed is left out."""

    query: str
    kind: str
    cluster_id: int | None
    vetted_only: bool
    include_archived: bool
    page: int

    def url_args(self) -> dict[str, object]:
        """The filters, for links to other pages of the results."""
        values: dict[str, object] = {"q": self.query}
        if self.kind:
            values["kind"] = self.kind
        if self.cluster_id:
            values["cluster"] = self.cluster_id
        if self.vetted_only:
            values["vetted"] = "1"
        if self.include_archived:
            values["archived"] = "1"
        return values


def _list_args() -> ListArgs:
    args = request.args
    kind = args.get("kind", "")
    return ListArgs(
        query=" ".join(args.get("q", "")[:100].split()),
        kind=kind if kind in PARTNER_KINDS else "",
        cluster_id=number(args.get("cluster", ""), MAX_ID),
        vetted_only=args.get("vetted") == "1",
        include_archived=args.get("archived") == "1",
        page=number(args.get("page", ""), 99_999) or 1,
    )


def cluster_groups(form: PartnerForm | None = None) -> list[tuple[str, list[Any]]]:
    """The top-level clusters grouped by framework (label, clusters); with a form, they are
    also its choices."""
    clusters = services.cluster_options(db.session)
    if form is not None:
        form.clusters.choices = [(c.id, c.name) for c in clusters]
    groups: dict[str, list[Any]] = {}
    for cluster in clusters:
        groups.setdefault(cluster.framework, []).append(cluster)
    return [(str(FRAMEWORK_LABELS.get(key, key)), items) for key, items in groups.items()]


def _fields(form: PartnerForm) -> services.PartnerFields:
    return services.PartnerFields(
        name=form.name.data or "",
        kind=form.kind.data or "",
        description=form.description.data or "",
        website=form.website.data or "",
        city=form.city.data or "",
        cluster_ids=tuple(form.clusters.data or ()),
        notes=form.notes.data or "",
    )


@bp.get("/partners")
@roles_required(*STAFF_ROLES)
def index() -> str:
    args = _list_args()
    page = services.list_partners(
        db.session,
        actor(),
        query=args.query,
        kind=args.kind or None,
        cluster_id=args.cluster_id,
        vetted_only=args.vetted_only,
        include_archived=args.include_archived,
        page=args.page,
        page_size=PAGE_SIZE,
    )
    return render_template(
        "partners/index.html",
        partners=page,
        args=args,
        groups=cluster_groups(),
        kinds=KIND_LABELS,
    )


@bp.route("/partners/new", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def new() -> Any:
    form = PartnerForm()
    groups = cluster_groups(form)
    if form.validate_on_submit():
        try:
            partner = services.create_partner(db.session, actor(), _fields(form))
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s is added.", name=partner.name), "success")
            return redirect(url_for("partners.partner", partner_id=partner.id))
    return render_template("partners/partner_form.html", form=form, groups=groups, partner=None)


@bp.get("/partners/<int:partner_id>")
@roles_required(*STAFF_ROLES)
def partner(partner_id: int) -> str:
    detail = services.partner_detail(db.session, actor(), partner_id)
    type_names = catalog().type_names() if detail.recent_activities else {}
    return render_template(
        "partners/partner.html",
        detail=detail,
        type_names=type_names,
        kinds=KIND_LABELS,
        frameworks=FRAMEWORK_SHORT,
        may_vet=role_may(actor(), Action.VET_PARTNER),
    )


@bp.route("/partners/<int:partner_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def edit(partner_id: int) -> Any:
    current, cluster_ids = services.partner_for_edit(db.session, actor(), partner_id)
    form = PartnerForm(obj=current if request.method == "GET" else None)
    groups = cluster_groups(form)
    if request.method == "GET":
        form.clusters.data = cluster_ids
    if form.validate_on_submit():
        try:
            services.update_partner(db.session, actor(), current.id, _fields(form))
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("partners.partner", partner_id=partner_id))
    return render_template("partners/partner_form.html", form=form, groups=groups, partner=current)


@bp.post("/partners/<int:partner_id>/archive")
@roles_required(*STAFF_ROLES)
def archive(partner_id: int) -> Response:
    form = ArchiveForm()
    # The partner is checked before the form, so a bad form cannot tell what exists.
    services.get_partner(db.session, actor(), partner_id)
    if not form.validate_on_submit():
        flash(_("That did not work. Please try again."), "error")
    else:
        is_archived = form.archived.data == "1"
        services.set_archived(db.session, actor(), partner_id, is_archived)
        db.session.commit()
        if is_archived:
            flash(_("The partner is archived: it no longer shows in lists."), "info")
        else:
            flash(_("The partner is back in lists."), "success")
    return redirect(url_for("partners.partner", partner_id=partner_id))


@bp.post("/partners/<int:partner_id>/vetted")
@roles_required(Role.ADMIN)
def vet(partner_id: int) -> Response:
    form = VetForm()
    services.get_partner(db.session, actor(), partner_id)
    if not form.validate_on_submit():
        flash(_("That did not work. Please try again."), "error")
    else:
        is_vetted = form.vetted.data == "1"
        services.set_vetted(db.session, actor(), partner_id, is_vetted)
        db.session.commit()
        if is_vetted:
            flash(_("The partner is marked as vetted."), "success")
        else:
            flash(_("The partner is no longer marked as vetted."), "info")
    return redirect(url_for("partners.partner", partner_id=partner_id))


from ccl_youth.partners import people_views  # noqa: E402, F401  (routes on ``bp``)
