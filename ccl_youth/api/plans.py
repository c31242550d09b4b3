"""API: a youth's High School and Beyond Plan (the latest version) by statutory element, as
JSON and as one PDF document, through the same policy, builder and audit as the downloads."""

from __future__ import annotations

from typing import Any

from flask import current_app, g
from flask.views import MethodView
from flask_babel import gettext as _
from marshmallow import Schema, fields

from ccl_youth.api import BEARER, blp
from ccl_youth.extensions import db
from ccl_youth.plans.document_types import PlanDocument
from ccl_youth.plans.export import JSON_FORMAT, plan_json
from ccl_youth.plans.export_pdf import plan_pdf
from ccl_youth.plans.export_queries import NoPlan, plan_document_for
from ccl_youth.plans.views_export import pdf_text
from ccl_youth.web import catalog
from ccl_youth.web.errors import render_error

PDF = "application/pdf"
BINARY: dict[str, str] = {"type": "string", "format": "binary"}
NOT_FOUND = "No such youth, not one the token's owner may see, or no plan yet"


class PlanYouthSchema(Schema):
    name = fields.String(required=True)
    school = fields.String(required=True)
    grade = fields.Integer(required=True, metadata={"description": "Grade when this version began"})


class PlanSignOffSchema(Schema):
    signed_by = fields.String(required=True, allow_none=True)
    signed_at = fields.String(required=True, metadata={"description": "ISO 8601, UTC"})
    note = fields.String(required=True)


class PlanSchema(Schema):
    format = fields.String(required=True, metadata={"description": JSON_FORMAT})
    school_year = fields.String(required=True, metadata={"description": "Like 2026-27"})
    youth = fields.Nested(PlanYouthSchema, required=True)
    sign_off = fields.Nested(PlanSignOffSchema, required=True, allow_none=True)
    updated_at = fields.String(required=True)
    elements = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(),
        required=True,
        metadata={
            "description": "The statutory elements a–e (RCW 28A.230.212(5)) by key: "
            "a career goals and interests with the latest interest inventory; b education and "
            "training goals; c the course plan by grade with the credit tally, guidance and "
            "work-based learning, and c.parts keyed i–viii (title, guidance, written, lists); "
            "d the financial-aid checklist, and d.parts keyed i–v (title, items with name, "
            "summary, url, received_on); e the résumé"
        },
    )
    pathway = fields.Dict(
        required=True, metadata={"description": "The chosen graduation pathways and notes"}
    )


def _document(youth_id: int, section: str) -> PlanDocument | Any:
    try:
        document = plan_document_for(
            db.session, g.api_user, youth_id, catalog.plans(), section=section,
            experiences=catalog.catalog(), recognition=catalog.recognition(),
        )  # fmt: skip
    except NoPlan:
        return render_error(404, detail=_("This youth has no High School and Beyond Plan yet."))
    db.session.commit()  # the audit event of this read
    return document


@blp.route("/youth/<int:youth_id>/plan")
class YouthPlan(MethodView):
    @blp.doc(security=BEARER)
    @blp.response(200, PlanSchema)
    @blp.alt_response(404, description=NOT_FOUND)
    def get(self, youth_id: int) -> Any:
        """A youth's current High School and Beyond Plan by statutory element, the same
        content as the plan's JSON download (audited)."""
        document = _document(youth_id, "api_plan")
        if not isinstance(document, PlanDocument):
            return document
        return plan_json(document)


@blp.route("/youth/<int:youth_id>/plan.pdf")
class YouthPlanPdf(MethodView):
    @blp.doc(security=BEARER)
    @blp.response(200, BINARY, content_type=PDF, description="The plan as one PDF document")
    @blp.alt_response(404, description=NOT_FOUND)
    def get(self, youth_id: int) -> Any:
        """A youth's current High School and Beyond Plan as one PDF document, every element
        in order (audited)."""
        document = _document(youth_id, "api_plan_pdf")
        if not isinstance(document, PlanDocument):
            return document
        return current_app.response_class(plan_pdf(document, pdf_text()), mimetype=PDF)
