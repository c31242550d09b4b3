"""API: a youth's progress on the framework — the stage, every milestone met or open with
its steps, what to do next, and the "ready for the next stage" verdict — through the same
policy and service as the progress pages. Views are audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import g
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from ccl_youth.api import BEARER, blp
from ccl_youth.core.content_experiences import STAGES, STRATEGIES
from ccl_youth.core.rules import Step
from ccl_youth.extensions import db
from ccl_youth.progress import services
from ccl_youth.progress.evaluation import MilestoneStatus, Readiness
from ccl_youth.web.catalog import catalog, recognition

# --- shapes ----------------------------------------------------------------------------------


class ProgressStepSchema(Schema):
    text = fields.String(required=True, metadata={"description": "The condition in plain words"})
    have = fields.Integer(required=True)
    need = fields.Integer(required=True)
    met = fields.Boolean(required=True)


class ProgressMilestoneSchema(Schema):
    id = fields.String(required=True, metadata={"description": "<stage>.<strategy>.<short>"})
    stage = fields.String(required=True, validate=validate.OneOf(STAGES))
    strategy = fields.String(required=True, validate=validate.OneOf(STRATEGIES))
    title = fields.String(required=True)
    next_step = fields.String(required=True, metadata={"description": "What to do, in words"})
    met = fields.Boolean(required=True)
    progress = fields.Float(
        required=True, metadata={"description": "0 to 1; exactly 1 only when met"}
    )
    steps = fields.List(fields.Nested(ProgressStepSchema), required=True)


class ProgressReadinessSchema(Schema):
    next_stage = fields.String(
        required=True, allow_none=True, metadata={"description": "None in the last stage"}
    )
    ready = fields.Boolean(required=True)
    progress = fields.Float(required=True)
    steps = fields.List(fields.Nested(ProgressStepSchema), required=True)


class YouthProgressSchema(Schema):
    youth_id = fields.Integer(required=True)
    stage = fields.String(required=True, validate=validate.OneOf(STAGES))
    ready_for_next_stage = fields.Boolean(
        required=True,
        allow_none=True,
        metadata={"description": "The readiness rule's verdict; null without a rule"},
    )
    readiness = fields.Nested(ProgressReadinessSchema, required=True, allow_none=True)
    next_steps = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "Ids of the (up to 3) open milestones closest to being met"},
    )
    milestones_met = fields.List(
        fields.Nested(ProgressMilestoneSchema),
        required=True,
        metadata={"description": "Every milestone met, of any stage, in content order"},
    )
    milestones_open = fields.List(
        fields.Nested(ProgressMilestoneSchema),
        required=True,
        metadata={"description": "The current stage's milestones not met yet"},
    )
    suggest_awareness = fields.Boolean(
        required=True,
        metadata={"description": "Grade 6+, past awareness, no awareness milestone met"},
    )


# --- helpers ---------------------------------------------------------------------------------


def _step(step: Step) -> dict[str, Any]:
    return {"text": step.text, "have": step.have, "need": step.need, "met": step.met}


def _milestone(status: MilestoneStatus) -> dict[str, Any]:
    m = status.milestone
    return {
        "id": m.id,
        "stage": m.stage,
        "strategy": m.strategy,
        "title": m.title,
        "next_step": m.next_step,
        "met": status.met,
        "progress": status.outcome.progress,
        "steps": [_step(s) for s in status.outcome.steps],
    }


def _readiness(readiness: Readiness | None) -> dict[str, Any] | None:
    if readiness is None:
        return None
    return {
        "next_stage": readiness.next_stage,
        "ready": readiness.ready,
        "progress": readiness.progress,
        "steps": [_step(s) for s in readiness.steps],
    }


def progress_json(progress: services.Progress) -> dict[str, Any]:
    report = progress.report
    return {
        "youth_id": progress.youth_id,
        "stage": report.stage,
        "ready_for_next_stage": report.readiness.ready if report.readiness else None,
        "readiness": _readiness(report.readiness),
        "next_steps": [s.milestone.id for s in report.next_steps],
        "milestones_met": [_milestone(s) for s in report.milestones if s.met],
        "milestones_open": [
            _milestone(s)
            for s in report.milestones
            if s.milestone.stage == report.stage and not s.met
        ],
        "suggest_awareness": report.suggest_awareness,
    }


# --- endpoints -------------------------------------------------------------------------------


@blp.route("/youth/<int:youth_id>/progress")
class YouthProgress(MethodView):
    @blp.doc(security=BEARER)
    @blp.response(200, YouthProgressSchema)
    @blp.alt_response(404, description="No such youth, or not one the token's owner may see")
    def get(self, youth_id: int) -> Any:
        """A youth's stage, milestones met and open with their steps, and whether they are
        ready for the next stage (audited)."""
        progress = services.progress_for(
            db.session, g.api_user, youth_id, recognition(), catalog(), date.today()
        )
        body = progress_json(progress)
        db.session.commit()  # the audit event of this view
        return body
