"""API: a youth's experience timeline (activities attended, work-based learning placements and
reflections), through the same policy and loader as the timeline pages. Views are audited."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from ccl_youth.api import BEARER, blp
from ccl_youth.extensions import db
from ccl_youth.reflections import records
from ccl_youth.reflections import timeline as tl
from ccl_youth.web.catalog import catalog

# --- shapes ----------------------------------------------------------------------------------


class TimelineArgsSchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))


class TimelineRoleModelSchema(Schema):
    display_name = fields.String(required=True)
    occupation = fields.String(required=True, metadata={"description": "Empty when unknown"})
    story = fields.String(required=True)


class TimelineReflectionSchema(Schema):
    id = fields.Integer(required=True)
    prompt_id = fields.String(required=True)
    prompt = fields.String(required=True, metadata={"description": "The words as shown"})
    when = fields.String(required=True, validate=validate.OneOf(["pre", "post"]))
    answer = fields.String(required=True)
    shared_with_family = fields.Boolean(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)


class TimelineEntrySchema(Schema):
    kind = fields.String(
        required=True, validate=validate.OneOf([tl.ACTIVITY, tl.PLACEMENT, tl.REFLECTION])
    )
    id = fields.Integer(
        required=True, metadata={"description": "The activity's, placement's or reflection's id"}
    )
    date = fields.Date(
        required=True, metadata={"description": "Activity date, placement start, or written"}
    )
    title = fields.String(required=True)
    type = fields.String(
        required=True, metadata={"description": "Experience type slug (empty for a reflection)"}
    )
    type_name = fields.String(required=True)
    minutes = fields.Integer(
        required=True, allow_none=True, metadata={"description": "Minutes the youth attended"}
    )
    partner = fields.String(required=True, allow_none=True)
    role_model = fields.Nested(TimelineRoleModelSchema, required=True, allow_none=True)
    clusters = fields.List(fields.String(), required=True)
    status = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Placements: planned, active, completed or ended_early"},
    )
    start_date = fields.Date(required=True, allow_none=True)
    end_date = fields.Date(required=True, allow_none=True)
    verified_minutes = fields.Integer(required=True, allow_none=True)
    submitted_minutes = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "Hours logged and not returned, verified ones included"},
    )
    reflections = fields.List(fields.Nested(TimelineReflectionSchema), required=True)


class TimelinePageSchema(Schema):
    youth_id = fields.Integer(required=True)
    items = fields.List(fields.Nested(TimelineEntrySchema), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)


# --- helpers ---------------------------------------------------------------------------------


def _reflection_json(r: tl.ReflectionRow) -> dict[str, Any]:
    return {
        "id": r.id,
        "prompt_id": r.prompt_id,
        "prompt": r.prompt_text,
        "when": r.when,
        "answer": r.answer,
        "shared_with_family": r.is_shared_with_family,
        "created_at": r.created_dt,
        "updated_at": r.updated_dt,
    }


def entry_json(e: tl.TimelineEntry) -> dict[str, Any]:
    card = e.role_model
    return {
        "kind": e.kind,
        "id": e.id,
        "date": e.day,
        "title": e.title,
        "type": e.type_slug,
        "type_name": e.type_name,
        "minutes": e.minutes,
        "partner": e.partner,
        "role_model": (
            {
                "display_name": card.display_name,
                "occupation": card.occupation_title,
                "story": card.story,
            }
            if card
            else None
        ),  # fmt: skip
        "clusters": list(e.clusters),
        "status": e.status,
        "start_date": e.start_date,
        "end_date": e.end_date,
        "verified_minutes": e.verified_minutes,
        "submitted_minutes": e.submitted_minutes,
        "reflections": [_reflection_json(r) for r in e.reflections],
    }


# --- endpoints -------------------------------------------------------------------------------


@blp.route("/youth/<int:youth_id>/experiences")
class YouthExperiences(MethodView):
    @blp.doc(security=BEARER)
    @blp.arguments(TimelineArgsSchema, location="query")
    @blp.response(200, TimelinePageSchema)
    @blp.alt_response(404, description="No such youth, or not one the token's owner may see")
    def get(self, args: dict[str, Any], youth_id: int) -> Any:
        """A youth's experience timeline, newest first, 50 entries a page (audited)."""
        view = records.youth_timeline(db.session, g.api_user, youth_id, catalog(), args["page"])
        body = {
            "youth_id": view.youth_id,
            "items": [entry_json(e) for e in view.timeline.entries],
            "page": view.timeline.page,
            "per_page": view.timeline.page_size,
            "total": view.timeline.total,
            "pages": view.timeline.pages,
        }
        db.session.commit()  # the audit event of this view
        return body
