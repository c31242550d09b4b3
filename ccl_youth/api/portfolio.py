"""API: a youth's portfolio as the youth arranged it — the shown sections in their order, each
with the records it shows — through the same policy and service as the portfolio pages.
Views are audited."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from ccl_youth.api import BEARER, blp
from ccl_youth.extensions import db
from ccl_youth.portfolio import services
from ccl_youth.portfolio.layout import ITEM_KINDS, SECTION_KINDS, SECTION_OF
from ccl_youth.portfolio.pdf import portfolio_json
from ccl_youth.web.catalog import catalog, recognition


class PortfolioReflectionSchema(Schema):
    prompt = fields.String(required=True)
    answer = fields.String(required=True)


class PortfolioItemSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(sorted(SECTION_OF)))
    id = fields.Integer(required=True, metadata={"description": "The record's id"})
    title = fields.String(required=True)
    date = fields.Date(required=True)
    facts = fields.List(fields.String(), required=True)
    status = fields.String(required=True, allow_none=True)
    minutes = fields.Integer(required=True, metadata={"description": "Attended or verified"})
    body = fields.String(required=True)
    url = fields.String(required=True)
    note = fields.String(required=True, metadata={"description": "The youth's note on it"})
    reflections = fields.List(fields.Nested(PortfolioReflectionSchema), required=True)


class PortfolioInterestsSchema(Schema):
    instrument = fields.String(required=True)
    finished_on = fields.Date(required=True)
    code = fields.String(required=True, metadata={"description": "Holland code"})
    top_areas = fields.List(fields.String(), required=True)
    clusters = fields.List(fields.String(), required=True)


class PortfolioSkillSchema(Schema):
    name = fields.String(required=True)
    level = fields.Integer(
        required=True,
        validate=validate.Range(1, 4),
        metadata={"description": "The level now: the highest confirmed"},
    )
    reached_on = fields.Date(
        required=True, metadata={"description": "When the level now was first confirmed"}
    )
    first_level = fields.Integer(
        required=True,
        validate=validate.Range(1, 4),
        metadata={"description": "The first level confirmed"},
    )
    first_on = fields.Date(
        required=True, metadata={"description": "When the first level was confirmed"}
    )


class PortfolioSectionSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(SECTION_KINDS))
    is_chosen = fields.Boolean(
        required=True,
        metadata={"description": "True: the youth picked the items; false: the default"},
    )
    headline = fields.String(metadata={"description": "about only"})
    about_me = fields.String(metadata={"description": "about only"})
    interests = fields.Nested(
        PortfolioInterestsSchema, allow_none=True, metadata={"description": "interests only"}
    )
    skills = fields.List(fields.Nested(PortfolioSkillSchema), metadata={"description": "skills"})
    items = fields.List(
        fields.Nested(PortfolioItemSchema),
        required=True,
        metadata={"description": f"Records, for {', '.join(ITEM_KINDS)}; empty otherwise"},
    )


class YouthPortfolioSchema(Schema):
    youth_id = fields.Integer(required=True)
    headline = fields.String(required=True)
    about_me = fields.String(required=True)
    sections = fields.List(
        fields.Nested(PortfolioSectionSchema),
        required=True,
        metadata={"description": "The shown sections, in the youth's order"},
    )


@blp.route("/youth/<int:youth_id>/portfolio")
class YouthPortfolio(MethodView):
    @blp.doc(security=BEARER)
    @blp.response(200, YouthPortfolioSchema)
    @blp.alt_response(404, description="No such youth, or not one the token's owner may see")
    def get(self, youth_id: int) -> Any:
        """A youth's portfolio: the shown sections in the youth's order with their records
        (audited)."""
        portfolio = services.portfolio_for(
            db.session, g.api_user, youth_id, catalog(), recognition(), form="api"
        )
        body = portfolio_json(portfolio)
        db.session.commit()  # the audit event of this view
        return body
