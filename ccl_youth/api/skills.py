"""API: a youth's skills — the current level of each skill with the rubric's words for the
youth's grade band, every confirmed level over time, and summaries of their evidence — through
the same policy and loader as the growth pages. Views are audited."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from ccl_youth.api import BEARER, blp
from ccl_youth.core.content_recognition import LEVELS
from ccl_youth.extensions import db
from ccl_youth.skills.checks import KINDS
from ccl_youth.skills.levels import EVALUATION, EVIDENCE, HIGHEST, LOWEST
from ccl_youth.skills.queries import EvidenceRow, skill_growth
from ccl_youth.web.catalog import recognition

LEVEL = validate.Range(min=LOWEST, max=HIGHEST)


class SkillLevelSchema(Schema):
    skill = fields.String(required=True, metadata={"description": "The skill's slug"})
    name = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["durable", "stem"]))
    level = fields.Integer(
        required=True,
        allow_none=True,
        validate=LEVEL,
        metadata={"description": "Highest confirmed level, 1–4; null when none yet"},
    )
    level_name = fields.String(required=True, allow_none=True)
    descriptor = fields.String(
        required=True,
        metadata={
            "description": "The rubric's words for that level (level 1 when none yet) in the "
            "youth's grade band"
        },
    )


class LevelPointSchema(Schema):
    skill = fields.String(required=True)
    level = fields.Integer(required=True, validate=LEVEL)
    at = fields.DateTime(
        required=True, metadata={"description": "When it was verified or the evaluation sent"}
    )
    source = fields.String(required=True, validate=validate.OneOf([EVIDENCE, EVALUATION]))
    source_id = fields.Integer(
        required=True, metadata={"description": "The evidence's or the evaluation's id"}
    )


class EvidenceSkillSchema(Schema):
    skill = fields.String(required=True)
    level = fields.Integer(
        required=True, allow_none=True, metadata={"description": "Set once verified"}
    )


class EvidenceSummarySchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    title = fields.String(required=True)
    status = fields.String(
        required=True, validate=validate.OneOf(["submitted", "verified", "returned"])
    )
    skills = fields.List(fields.Nested(EvidenceSkillSchema), required=True)
    url = fields.String(required=True, metadata={"description": "A link's address, else empty"})
    filename = fields.String(required=True, metadata={"description": "A file's name, else empty"})
    content_type = fields.String(required=True)
    size = fields.Integer(required=True)
    activity_id = fields.Integer(required=True, allow_none=True)
    placement_id = fields.Integer(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)
    reviewed_at = fields.DateTime(required=True, allow_none=True)


class YouthSkillsSchema(Schema):
    youth_id = fields.Integer(required=True)
    grade = fields.Integer(required=True)
    skills = fields.List(fields.Nested(SkillLevelSchema), required=True)
    history = fields.List(
        fields.Nested(LevelPointSchema), required=True, metadata={"description": "Oldest first"}
    )
    evidence = fields.List(
        fields.Nested(EvidenceSummarySchema),
        required=True,
        metadata={"description": "Newest first, at most 200"},
    )


def _evidence_json(row: EvidenceRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "title": row.title,
        "status": row.status,
        "skills": [{"skill": slug, "level": level} for slug, level in row.skills],
        "url": row.url,
        "filename": row.filename,
        "content_type": row.content_type,
        "size": row.size,
        "activity_id": row.activity_id,
        "placement_id": row.placement_id,
        "created_at": row.created_dt,
        "reviewed_at": row.reviewed_dt,
    }


@blp.route("/youth/<int:youth_id>/skills")
class YouthSkills(MethodView):
    @blp.doc(security=BEARER)
    @blp.response(200, YouthSkillsSchema)
    @blp.alt_response(404, description="No such youth, or not one the token's owner may see")
    def get(self, youth_id: int) -> Any:
        """A youth's skill levels now and over time, and their evidence (audited)."""
        growth = skill_growth(db.session, g.api_user, youth_id)
        skills = [
            {
                "skill": skill.slug,
                "name": skill.name,
                "kind": skill.kind,
                "level": growth.levels.get(skill.slug),
                "level_name": LEVELS.get(growth.levels.get(skill.slug, 0)),
                "descriptor": skill.descriptor(growth.levels.get(skill.slug, 1), growth.grade),
            }
            for skill in recognition().skills
        ]
        body = {
            "youth_id": growth.youth_id,
            "grade": growth.grade,
            "skills": skills,
            "history": [
                {
                    "skill": p.skill_slug,
                    "level": p.level,
                    "at": p.dt,
                    "source": p.source,
                    "source_id": p.source_id,
                }  # fmt: skip
                for p in growth.history
            ],
            "evidence": [_evidence_json(row) for row in growth.evidence],
        }
        db.session.commit()  # the audit event of this view
        return body
