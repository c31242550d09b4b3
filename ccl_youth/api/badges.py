"""API endpoints: a youth's badges (earned, revoked, almost there) and staff awards, through
the same services and policy as the pages.

Awarding a badge the youth already has, or had before it was revoked, answers 409 Conflict
(naming the ``badge`` field and giving the existing award's id): a retried POST learns that the
award exists without a second one ever being made, and a revoked badge is never silently
"returned" as if it stood."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import g, url_for
from flask.views import MethodView
from flask_smorest import abort
from marshmallow import Schema, fields, validate

from ccl_youth.api import BEARER, blp
from ccl_youth.badges import board, services
from ccl_youth.badges.models import BadgeAward
from ccl_youth.core.content_recognition import Badge
from ccl_youth.core.errors import ValidationFailed
from ccl_youth.extensions import db
from ccl_youth.web.catalog import catalog, recognition


class BadgeAwardInputSchema(Schema):
    badge = fields.String(
        required=True,
        validate=validate.Length(min=1, max=60),
        metadata={"description": "The badge's slug (content/badges.yaml)"},
    )
    note = fields.String(
        required=True,
        validate=validate.Length(min=services.MIN_NOTE, max=services.MAX_NOTE),
        metadata={"description": "Evidence: what the youth did to earn it"},
    )


class BadgeInfoSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True)
    criteria = fields.String(required=True)
    image_url = fields.String(required=True, metadata={"description": "The badge's SVG image"})


class BadgeAwardSchema(Schema):
    id = fields.Integer(required=True)
    youth_id = fields.Integer(required=True)
    badge = fields.Nested(
        BadgeInfoSchema,
        required=True,
        allow_none=True,
        metadata={"description": "Null when the content no longer has the badge"},
    )
    badge_slug = fields.String(required=True)
    method = fields.String(required=True, validate=validate.OneOf(["rule", "staff"]))
    evidence_note = fields.String(required=True)
    awarded_by_id = fields.Integer(required=True, allow_none=True)
    awarded_at = fields.DateTime(required=True)
    credential_id = fields.String(required=True, metadata={"description": "urn:uuid:…"})
    revoked_at = fields.DateTime(required=True, allow_none=True)
    revoked_by_id = fields.Integer(required=True, allow_none=True)
    revoke_reason = fields.String(required=True)


class StepSchema(Schema):
    text = fields.String(required=True, metadata={"description": "The step in plain words"})
    have = fields.Integer(required=True)
    need = fields.Integer(required=True)
    met = fields.Boolean(required=True)


class AlmostSchema(Schema):
    badge = fields.Nested(BadgeInfoSchema, required=True)
    progress = fields.Float(required=True, metadata={"description": "0 to 1 (below 1)"})
    steps = fields.List(fields.Nested(StepSchema), required=True)


class YouthBadgesSchema(Schema):
    youth_id = fields.Integer(required=True)
    earned = fields.List(fields.Nested(BadgeAwardSchema), required=True)
    revoked = fields.List(fields.Nested(BadgeAwardSchema), required=True)
    almost_there = fields.List(
        fields.Nested(AlmostSchema),
        required=True,
        metadata={"description": f"Up to {board.ALMOST_THERE} closest unearned badges"},
    )


def _catalogs() -> tuple[Any, Any]:
    return recognition(), catalog()


def _badge_json(badge: Badge | None) -> dict[str, Any] | None:
    if badge is None:
        return None
    return {
        "slug": badge.slug,
        "name": badge.name,
        "description": badge.description,
        "criteria": badge.criteria,
        "image_url": url_for("badges.image", badge_slug=badge.slug, _external=True),
    }


def _award_json(award: BadgeAward, badge: Badge | None) -> dict[str, Any]:
    return {
        "id": award.id,
        "youth_id": award.youth_id,
        "badge": _badge_json(badge),
        "badge_slug": award.badge_slug,
        "method": award.method,
        "evidence_note": award.evidence_note,
        "awarded_by_id": award.awarded_by_id,
        "awarded_at": award.awarded_dt,
        "credential_id": award.credential_id,
        "revoked_at": award.revoked_dt,
        "revoked_by_id": award.revoked_by_id,
        "revoke_reason": award.revoke_reason,
    }


@blp.route("/youth/<int:youth_id>/badges")
class YouthBadges(MethodView):
    @blp.doc(security=BEARER)
    @blp.response(200, YouthBadgesSchema)
    @blp.alt_response(404, description="No such youth in the token owner's scope")
    def get(self, youth_id: int) -> Any:
        """A youth's badges: earned, revoked (kept, with the reason) and almost there."""
        found = board.badge_board(
            db.session, g.api_user, youth_id, *_catalogs(), datetime.now(UTC).date()
        )
        payload = {
            "youth_id": youth_id,
            "earned": [_award_json(h.award, h.badge) for h in found.earned],
            "revoked": [_award_json(h.award, h.badge) for h in found.revoked],
            "almost_there": [
                {
                    "badge": _badge_json(a.badge),
                    "progress": a.outcome.progress,
                    "steps": [
                        {"text": s.text, "have": s.have, "need": s.need, "met": s.met}
                        for s in a.outcome.steps
                    ],
                }
                for a in found.almost
            ],
        }
        db.session.commit()  # keep the audit event of this view
        return payload

    @blp.doc(security=BEARER)
    @blp.arguments(BadgeAwardInputSchema)
    @blp.response(201, BadgeAwardSchema)
    @blp.alt_response(404, description="No such youth in the token owner's scope")
    @blp.alt_response(
        409,
        description="The youth already has the badge, or had it before it was revoked "
        "(errors.json.badge; errors.json.award_id is the existing award)",
    )
    @blp.alt_response(422, description="An unknown badge (badge) or a note of the wrong size")
    def post(self, body: dict[str, Any], youth_id: int) -> Any:
        """Award a badge to a youth by hand, with an evidence note (staff and admins)."""
        recognition = _catalogs()[0]
        try:
            award = services.award_badge(
                db.session, g.api_user, youth_id, recognition, body["badge"], body["note"]
            )
        except services.AlreadyAwarded as error:
            db.session.rollback()
            existing = error.existing.id if error.existing is not None else None
            abort(409, messages={"json": {**error.errors, "award_id": existing}})
        except ValidationFailed as error:
            db.session.rollback()
            abort(422, messages={"json": error.errors})
        payload = _award_json(award, services.find_badge(recognition, award.badge_slug))
        db.session.commit()
        return payload, 201
