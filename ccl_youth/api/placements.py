"""API endpoints: hours at work-based learning placements, logged and reviewed through the
same services and policy as the pages (tokens belong to staff and admins)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import g
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import Schema, fields, validate

from ccl_youth.api import BEARER, blp
from ccl_youth.core.errors import ValidationFailed
from ccl_youth.extensions import db
from ccl_youth.placements import hours
from ccl_youth.placements.models import HoursEntry


class HoursInputSchema(Schema):
    work_date = fields.Date(required=True, metadata={"description": "The day worked"})
    minutes = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=hours.MAX_MINUTES)
    )
    description = fields.String(
        required=True, validate=validate.Length(min=1, max=hours.MAX_DESCRIPTION)
    )
    submission_key = fields.String(
        load_default=None,
        validate=validate.Length(min=8, max=64),
        metadata={"description": "Optional; sending the same key again returns the first entry"},
    )


class ReviewSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(hours.REVIEW_ACTIONS))
    comment = fields.String(
        load_default="",
        validate=validate.Length(max=hours.MAX_COMMENT),
        metadata={"description": "Needed to return an entry: what the youth should fix"},
    )
    seen_updated = fields.AwareDateTime(
        load_default=None,
        default_timezone=UTC,
        metadata={
            "description": "Optional: the entry's updated_at as you last read it; if the entry "
            "changed since, nothing is reviewed (422 naming hours_ids)"
        },
    )


class HoursEntrySchema(Schema):
    id = fields.Integer(required=True)
    placement_id = fields.Integer(required=True)
    youth_id = fields.Integer(required=True)
    work_date = fields.Date(required=True)
    minutes = fields.Integer(required=True)
    description = fields.String(required=True)
    status = fields.String(
        required=True, validate=validate.OneOf(["submitted", "verified", "returned"])
    )
    review_comment = fields.String(required=True)
    logged_by_id = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "Who logged the entry (the youth or staff); null if unknown"},
    )
    reviewed_at = fields.DateTime(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(
        required=True, metadata={"description": "Send it back as seen_updated when reviewing"}
    )


def _entry_json(entry: HoursEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "placement_id": entry.placement_id,
        "youth_id": entry.youth_id,
        "work_date": entry.work_date,
        "minutes": entry.minutes,
        "description": entry.description,
        "status": entry.status,
        "review_comment": entry.review_comment,
        "logged_by_id": entry.logged_by_id,
        "reviewed_at": entry.reviewed_dt,
        "created_at": entry.created_dt,
        "updated_at": entry.updated_dt,
    }


def _unprocessable(error: ValidationFailed) -> None:
    """Rule errors from the services, named by field, as the schema's own errors are (422)."""
    abort(422, messages={"json": error.errors})


@blp.route("/placements/<int:placement_id>/hours")
class PlacementHours(MethodView):
    @blp.doc(security=BEARER)
    @blp.arguments(HoursInputSchema)
    @blp.response(201, HoursEntrySchema)
    @blp.alt_response(200, schema=HoursEntrySchema, description="The same key was sent before")
    @blp.alt_response(404, description="No such placement in the token owner's scope")
    @blp.alt_response(
        422,
        description="A field breaks a rule (placement_id when the placement is not active, "
        "work_date in the future or before the start, over 24 hours on a day)",
    )
    def post(self, body: dict[str, Any], placement_id: int) -> Any:
        """Log hours a youth worked at an active placement (waiting for review)."""
        entry_input = hours.HoursInput(body["work_date"], body["minutes"], body["description"])
        try:
            entry, created = hours.log_hours(
                db.session,
                g.api_user,
                placement_id,
                entry_input,
                datetime.now(UTC).date(),
                submission_key=body["submission_key"],
            )
        except ValidationFailed as error:
            db.session.rollback()
            _unprocessable(error)
        payload = _entry_json(entry)
        db.session.commit()
        return payload, 201 if created else 200


@blp.route("/hours/<int:hours_id>/verify")
class HoursVerify(MethodView):
    @blp.doc(security=BEARER)
    @blp.arguments(ReviewSchema)
    @blp.response(200, HoursEntrySchema)
    @blp.alt_response(404, description="No such entry in the token owner's scope")
    @blp.alt_response(
        422,
        description="Unknown action, a return without a comment, an entry the token's owner "
        "logged (someone else verifies it), or one changed since seen_updated",
    )
    def post(self, body: dict[str, Any], hours_id: int) -> Any:
        """Verify an hours entry, or return it to the youth with a comment."""
        seen = {hours_id: body["seen_updated"]} if body["seen_updated"] is not None else None
        try:
            (entry,) = hours.review_hours(
                db.session, g.api_user, [hours_id], body["action"], body["comment"], seen=seen
            )
        except ValidationFailed as error:
            db.session.rollback()
            _unprocessable(error)
        payload = _entry_json(entry)
        db.session.commit()
        return payload
