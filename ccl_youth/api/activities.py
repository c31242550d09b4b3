"""API endpoints: activities. Logging one goes through the same service as the page (the
policy, the rules, the submission key); listing starts from the same scope."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import Schema, fields, validate

from ccl_youth.api import BEARER, blp
from ccl_youth.core.errors import ValidationFailed
from ccl_youth.experiences import queries, services
from ccl_youth.experiences.models import Activity, ActivityCluster, ActivityTactic
from ccl_youth.extensions import db
from ccl_youth.web.catalog import catalog
from ccl_youth.web.routing import MAX_ID

_ID = fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ID))
#: Service field names → the names API callers send.
API_FIELDS = {"type_slug": "type", "activity_date": "date", "attendees": "attendee_ids"}

# --- shapes ----------------------------------------------------------------------------------


class ActivityInputSchema(Schema):
    type_slug = fields.String(
        required=True,
        data_key="type",
        validate=validate.Length(min=1, max=40),
        metadata={"description": "An experience type slug, e.g. guest_speaker"},
    )
    title = fields.String(
        load_default="",
        validate=validate.Length(max=services.TITLE_MAX),
        metadata={"description": "Optional; the type's name when empty"},
    )
    activity_date = fields.Date(required=True, data_key="date")
    minutes = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=services.MIN_MINUTES, max=services.MAX_MINUTES),
    )
    cohort_id = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=MAX_ID)
    )
    partner_id = fields.Integer(
        load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1, max=MAX_ID)
    )
    role_model_id = fields.Integer(
        load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1, max=MAX_ID)
    )
    cluster_ids = fields.List(
        fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ID)),
        load_default=list,
        validate=validate.Length(max=50),
        metadata={"description": "Top-level career cluster ids"},
    )
    tactic_ids = fields.List(
        fields.String(validate=validate.Length(min=1, max=120)),
        load_default=None,
        validate=validate.Length(max=100),
        metadata={
            "description": "Framework tactic ids; the type's suggested ones when omitted, "
            "none when empty"
        },
    )
    attendee_ids = fields.List(
        fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ID)),
        load_default=list,
        validate=validate.Length(max=2000),
        metadata={"description": "Youth who attended; each gets the activity's minutes"},
    )
    notes = fields.String(load_default="", validate=validate.Length(max=services.NOTES_MAX))
    submission_key = fields.String(
        load_default=None,
        validate=validate.Length(min=8, max=services.KEY_MAX),
        metadata={
            "description": "Optional; a key sent before returns the activity it saved (200), "
            "whatever the rest of the body says"
        },
    )


class AttendanceSchema(Schema):
    youth_id = fields.Integer(required=True)
    minutes = fields.Integer(required=True)
    source = fields.String(required=True, metadata={"description": "roster, checkin, import, api"})


class ActivitySummarySchema(Schema):
    id = fields.Integer(required=True)
    type = fields.String(required=True)
    title = fields.String(required=True)
    date = fields.Date(required=True)
    minutes = fields.Integer(required=True)
    program_id = fields.Integer(required=True)
    cohort_id = fields.Integer(required=True, allow_none=True)
    partner_id = fields.Integer(required=True, allow_none=True)
    attendee_count = fields.Integer(required=True)


class ActivitySchema(ActivitySummarySchema):
    type_name = fields.String(required=True)
    role_model_id = fields.Integer(required=True, allow_none=True)
    cluster_ids = fields.List(fields.Integer(), required=True)
    tactic_ids = fields.List(fields.String(), required=True)
    notes = fields.String(required=True)
    attendance = fields.List(
        fields.Nested(AttendanceSchema),
        required=True,
        metadata={"description": "Attendees the token's owner may see"},
    )


class ActivityArgsSchema(Schema):
    cohort = fields.Integer(load_default=None, validate=validate.Range(min=1, max=MAX_ID))
    date_from = fields.Date(load_default=None, data_key="from")
    date_to = fields.Date(load_default=None, data_key="to")
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


class ActivityPageSchema(Schema):
    items = fields.List(fields.Nested(ActivitySummarySchema), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)


# --- helpers ---------------------------------------------------------------------------------


def _activity_json(activity: Activity) -> dict[str, Any]:
    attendees, hidden = queries.attendance(db.session, g.api_user, activity)
    cluster_ids = db.session.scalars(
        db.select(ActivityCluster.cluster_id)
        .where(ActivityCluster.activity_id == activity.id)
        .order_by(ActivityCluster.cluster_id)
    ).all()
    tactic_ids = db.session.scalars(
        db.select(ActivityTactic.tactic_id)
        .where(ActivityTactic.activity_id == activity.id)
        .order_by(ActivityTactic.tactic_id)
    ).all()
    return {
        "id": activity.id,
        "type": activity.type_slug,
        "type_name": catalog().type_names().get(activity.type_slug, activity.type_slug),
        "title": activity.title,
        "date": activity.activity_date,
        "minutes": activity.minutes,
        "program_id": activity.program_id,
        "cohort_id": activity.cohort_id,
        "partner_id": activity.partner_id,
        "role_model_id": activity.role_model_id,
        "cluster_ids": list(cluster_ids),
        "tactic_ids": list(tactic_ids),
        "notes": activity.notes,
        "attendee_count": len(attendees) + hidden,
        "attendance": [
            {"youth_id": a.youth_id, "minutes": a.minutes, "source": a.source}
            for a in sorted(attendees, key=lambda a: a.youth_id)
        ],
    }


def _unprocessable(error: ValidationFailed) -> None:
    """The service's field errors as a 422, named as the caller sent them (like webargs)."""
    named = {API_FIELDS.get(name, name): messages for name, messages in error.errors.items()}
    abort(422, messages={"json": named})


# --- endpoints -------------------------------------------------------------------------------


@blp.route("/activities")
class ActivityList(MethodView):
    @blp.doc(security=BEARER)
    @blp.arguments(ActivityArgsSchema, location="query")
    @blp.response(200, ActivityPageSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """Activities the token's owner may see, newest first, a page at a time."""
        filters = queries.ActivityFilters(
            date_from=args["date_from"], date_to=args["date_to"], cohort_id=args["cohort"]
        )
        page = queries.activity_page(
            db.session, g.api_user, filters, page=args["page"], page_size=args["per_page"]
        )
        return {
            "items": [
                {
                    "id": r.id,
                    "type": r.type_slug,
                    "title": r.title,
                    "date": r.activity_date,
                    "minutes": r.minutes,
                    "program_id": r.program_id,
                    "cohort_id": r.cohort_id,
                    "partner_id": r.partner_id,
                    "attendee_count": r.attendee_count,
                }
                for r in page.rows
            ],
            "page": page.page,
            "per_page": page.page_size,
            "total": page.total,
            "pages": page.pages,
        }

    @blp.doc(security=BEARER)
    @blp.arguments(ActivityInputSchema)
    @blp.response(201, ActivitySchema)
    @blp.alt_response(
        200, schema=ActivitySchema, description="The key was sent before: the activity it saved"
    )
    @blp.alt_response(422, description="A field is wrong or out of reach; the field is named")
    def post(self, body: dict[str, Any]) -> Any:
        """Log an activity for a cohort with its attendance (staff and admins)."""
        data = services.ActivityInput(
            type_slug=body["type_slug"],
            activity_date=body["activity_date"],
            cohort_id=body["cohort_id"],
            minutes=body["minutes"],
            title=body["title"],
            partner_id=body["partner_id"],
            role_model_id=body["role_model_id"],
            cluster_ids=tuple(body["cluster_ids"]),
            tactic_ids=tuple(body["tactic_ids"]) if body["tactic_ids"] is not None else None,
            notes=body["notes"],
            attendee_ids=tuple(dict.fromkeys(body["attendee_ids"])),
            submission_key=body["submission_key"],
            source="api",
        )
        try:
            logged = services.log_or_find_activity(db.session, g.api_user, catalog(), data)
        except ValidationFailed as error:
            db.session.rollback()
            _unprocessable(error)
        payload = _activity_json(logged.activity)
        db.session.commit()
        # A key used before: nothing of this body was saved; the first activity comes back.
        return payload, 201 if logged.is_new else 200
