"""Marshmallow schemas: the API's shapes, and the source of its OpenAPI document."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


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


class HealthSchema(Schema):
    status = fields.String(required=True)
    database = fields.String(required=True)
