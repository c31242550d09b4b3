"""Pages of the experiences feature: the staff activity list and its CSV export, one
activity's page and deleting it. Logging and editing are in ``form_views``, the QR check-in in
``checkin_views`` and the attendance import in ``import_views``."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from werkzeug.routing import BaseConverter

from ccl_youth.core.policies import Action
from ccl_youth.core.roles import Role
from ccl_youth.experiences import choices, queries, services
from ccl_youth.experiences.checkin import TOKEN_PATTERN
from ccl_youth.experiences.export import activities_csv
from ccl_youth.experiences.forms import DeleteForm
from ccl_youth.extensions import db
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.catalog import catalog
from ccl_youth.web.routing import MAX_ID

bp = Blueprint("experiences", __name__, template_folder="templates")
STAFF_ROLES = (Role.STAFF, Role.ADMIN)
PAGE_SIZE = 25


class CheckinTokenConverter(BaseConverter):
    """``<checkin:…>``: a signed check-in token; anything else matches no route."""

    regex = TOKEN_PATTERN


def _add_converter(state: BlueprintSetupState) -> None:
    state.app.url_map.converters.setdefault("checkin", CheckinTokenConverter)


# Before any route: the check-in rule needs the converter when it is added.
bp.record_once(_add_converter)


# --- reading the query string leniently: a bad value is as good as none ---------------------


def int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    if 0 < len(value) <= 10 and value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID:
        return int(value)
    return None


def date_arg(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, "")[:10])
    except ValueError:
        return None


def page_arg() -> int:
    value = request.args.get("page", "1")
    if len(value) <= 5 and value.isascii() and value.isdigit() and int(value) > 0:
        return int(value)
    return 1


def filters_from_args() -> queries.ActivityFilters:
    type_slug = request.args.get("type", "")
    return queries.ActivityFilters(
        date_from=date_arg("from"),
        date_to=date_arg("to"),
        type_slug=type_slug if type_slug in catalog().type_names() else None,
        cohort_id=int_arg("cohort"),
        partner_id=int_arg("partner"),
        cluster_id=int_arg("cluster"),
    )


def filter_values(filters: queries.ActivityFilters) -> dict[str, Any]:
    """The filters as query-string values (for the pager and the export link)."""
    values = {
        "from": filters.date_from.isoformat() if filters.date_from else None,
        "to": filters.date_to.isoformat() if filters.date_to else None,
        "type": filters.type_slug,
        "cohort": filters.cohort_id,
        "partner": filters.partner_id,
        "cluster": filters.cluster_id,
    }
    return {key: value for key, value in values.items() if value is not None}


# --- the list and its export ----------------------------------------------------------------


@bp.get("/activities")
@roles_required(*STAFF_ROLES)
def activities() -> str:
    user = actor()
    filters = filters_from_args()
    page = queries.activity_page(db.session, user, filters, page=page_arg(), page_size=PAGE_SIZE)
    return render_template(
        "experiences/activities.html",
        page=page,
        filters=filters,
        filter_values=filter_values(filters),
        cohorts=choices.cohort_choices(db.session, user),
        partners=choices.partner_choices(db.session, user, filters.partner_id),
        clusters=choices.cluster_choices(db.session),
        type_names=catalog().type_names(),
    )


@bp.get("/activities.csv")
@roles_required(*STAFF_ROLES)
def export() -> Response:
    rows = queries.export_rows(db.session, actor(), filters_from_args())
    body = activities_csv(rows, catalog().type_names())
    response = current_app.response_class(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="activities.csv"'
    return response


# --- one activity ---------------------------------------------------------------------------


@bp.get("/activities/<int:activity_id>")
@roles_required(*STAFF_ROLES)
def activity(activity_id: int) -> str:
    detail = queries.activity_detail(db.session, actor(), activity_id)
    experience_catalog = catalog()
    kind = experience_catalog.type_names()
    framework = experience_catalog.framework
    tactics = []  # (title, stage name), in the framework's order; unknown ids as they are
    for tactic_id in detail.tactic_ids:
        try:
            tactic = framework.tactic(tactic_id)
        except KeyError:
            tactics.append((tactic_id, ""))
        else:
            tactics.append((tactic.title, framework.stage(tactic.stage).name))
    return render_template(
        "experiences/activity.html",
        detail=detail,
        activity=detail.activity,
        type_name=kind.get(detail.activity.type_slug, detail.activity.type_slug),
        tactics=tactics,
        reflections_url=reflections_url(activity_id),
    )


def reflections_url(activity_id: int) -> str | None:
    """The reflections page of the activity, once that page exists."""
    if "reflections.activity_reflections" in current_app.view_functions:
        return url_for("reflections.activity_reflections", activity_id=activity_id)
    return None


@bp.route("/activities/<int:activity_id>/delete", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def delete_activity(activity_id: int) -> Any:
    user = actor()
    record = queries.load_activity(db.session, user, activity_id, Action.EDIT_ACTIVITY)
    form = DeleteForm()
    if form.validate_on_submit():
        title = record.title
        services.delete_activity(db.session, user, record)
        db.session.commit()
        flash(_("The activity “%(title)s” is deleted.", title=title), "info")
        return redirect(url_for("experiences.activities"))
    attendees = queries.attendee_counts(db.session, [record.id]).get(record.id, 0)
    return render_template(
        "experiences/delete.html",
        activity=record,
        form=form,
        attendees=attendees,
        reflections=services.reflection_count(db.session, record.id),
    )


from ccl_youth.experiences import (  # noqa: E402  (their routes attach to bp)
    checkin_views,
    form_views,
    import_views,
)

__all__ = ["bp", "checkin_views", "form_views", "import_views"]
