"""Marshmallow schemas: the API's shapes, and the source of its OpenAPI document."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ccl_youth.web.routing import MAX_ID


class OrganizationSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)


class MeSchema(Schema):
    id = fields.Integer(required=True)
    username = fields.String(required=True)
    display_name = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(["staff", "admin"]))
    organization = fields.Nested(OrganizationSchema, required=True)


class YouthSchema(Schema):
    id = fields.Integer(required=True)
    username = fields.String(required=True)
    display_name = fields.String(required=True)
    grade = fields.Integer(required=True, metadata={"description": "0 is kindergarten"})
    stage = fields.String(
        required=True, validate=validate.OneOf(["awareness", "exploration", "preparedness"])
    )
    school = fields.String(required=True)
    preferred_language = fields.String(required=True)
    consent_state = fields.String(required=True)
    directory_opt_out = fields.Boolean(required=True)
    is_active = fields.Boolean(required=True)
    cohorts = fields.List(fields.String(), required=True)


class PageArgsSchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))
    q = fields.String(load_default="", validate=validate.Length(max=100))


class YouthPageSchema(Schema):
    items = fields.List(fields.Nested(YouthSchema), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)


class OccupationArgsSchema(Schema):
    q = fields.String(
        load_default="",
        validate=validate.Length(max=100),
        metadata={"description": "Words that start words of the title or description"},
    )
    cluster = fields.Integer(
        load_default=None,
        validate=validate.Range(min=1, max=MAX_ID),
        metadata={"description": "A cluster id; its pathways or sub-clusters are included"},
    )
    job_zone = fields.List(
        fields.Integer(validate=validate.Range(min=1, max=5)),
        load_default=list,
        metadata={"description": "O*NET job zones 1–5 (repeat the parameter for several)"},
    )
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class OccupationSchema(Schema):
    id = fields.Integer(required=True)
    soc_code = fields.String(required=True, metadata={"example": "15-1252.00"})
    title = fields.String(required=True)
    summary = fields.String(required=True, metadata={"description": "The first sentence"})
    job_zone = fields.Integer(allow_none=True, required=True)
    job_zone_name = fields.String(required=True)
    education_level = fields.Integer(
        allow_none=True, required=True, metadata={"description": "O*NET category 1–12"}
    )
    education = fields.String(required=True)
    median_annual_wage = fields.Integer(allow_none=True, required=True)
    median_hourly_wage = fields.Float(allow_none=True, required=True)
    employment_change_pct = fields.Float(
        allow_none=True, required=True, metadata={"description": "Projected change, 2024–2034"}
    )


class OccupationPageSchema(Schema):
    items = fields.List(fields.Nested(OccupationSchema), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)


class HealthSchema(Schema):
    status = fields.String(required=True)
    database = fields.String(required=True)
