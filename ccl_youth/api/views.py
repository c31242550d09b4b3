"""API endpoints. Each one asks the same policy and scope as the pages do."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView

from ccl_youth.accounts.models import User
from ccl_youth.api import BEARER, blp
from ccl_youth.api.schemas import (
    MeSchema,
    OccupationArgsSchema,
    OccupationPageSchema,
    PageArgsSchema,
    YouthPageSchema,
    YouthSchema,
)
from ccl_youth.careers.services import OccupationRow, search_occupations
from ccl_youth.extensions import db
from ccl_youth.programs.models import Organization
from ccl_youth.roster.services import YouthRow, roster_page, youth_record

YOUTH_FIELDS = tuple(YouthSchema().fields)


def _youth_json(user: User, profile: Any, cohorts: list[str]) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "grade": profile.grade,
        "stage": profile.stage,
        "school": profile.school,
        "preferred_language": user.preferred_language,
        "consent_state": profile.consent_state,
        "directory_opt_out": profile.directory_opt_out,
        "is_active": user.is_active,
        "cohorts": cohorts,
    }


def _row_json(row: YouthRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in YOUTH_FIELDS}


@blp.route("/me")
class Me(MethodView):
    @blp.doc(security=BEARER)
    @blp.response(200, MeSchema)
    def get(self) -> Any:
        """The account the token belongs to."""
        user: User = g.api_user
        organization = db.session.get(Organization, user.organization_id)
        return {
            "id": user.id,
            "username": user.username,
            "display_name": user.display_name,
            "role": user.role,
            "organization": organization,
        }


@blp.route("/youth")
class YouthList(MethodView):
    @blp.doc(security=BEARER)
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, YouthPageSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """Youth the token's owner may see, a page at a time, in name order."""
        page = roster_page(
            db.session, g.api_user, query=args["q"], page=args["page"], page_size=args["per_page"]
        )
        rows: list[YouthRow] = page.rows
        return {
            "items": [_row_json(r) for r in rows],
            "page": page.page,
            "per_page": page.page_size,
            "total": page.total,
            "pages": page.pages,
        }


@blp.route("/youth/<int:youth_id>")
class YouthItem(MethodView):
    @blp.doc(security=BEARER)
    @blp.response(200, YouthSchema)
    @blp.alt_response(404, description="No such youth, or not one the token's owner may see")
    def get(self, youth_id: int) -> Any:
        """One youth's record (audited)."""
        record = youth_record(db.session, g.api_user, youth_id)
        body = _youth_json(record.user, record.profile, [c.name for c in record.cohorts])
        db.session.commit()  # the audit event of this view
        return body


@blp.route("/occupations")
class OccupationList(MethodView):
    @blp.doc(security=BEARER)
    @blp.arguments(OccupationArgsSchema, location="query")
    @blp.response(200, OccupationPageSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """Occupations of the career catalog, searched and filtered, best matches first."""
        page = search_occupations(
            db.session,
            query=args["q"],
            cluster_id=args["cluster"],
            job_zones=args["job_zone"],
            page=args["page"],
            page_size=args["per_page"],
        )
        rows: list[OccupationRow] = page.rows
        return {
            "items": rows,
            "page": page.page,
            "per_page": page.page_size,
            "total": page.total,
            "pages": page.pages,
        }
