"""The JSON API under /api/v1, authenticated with personal access tokens."""

from __future__ import annotations

from typing import Any

from flask import Flask, g, request
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import text

from ccl_youth.accounts.services import user_for_token
from ccl_youth.api.schemas import HealthSchema
from ccl_youth.extensions import csrf, db, rest_api
from ccl_youth.web.errors import render_error

blp = Blueprint("api", __name__, url_prefix="/api/v1", description="Youth records for integrations")
health_blp = Blueprint("health", __name__, url_prefix="/", description="Liveness and readiness")
BEARER = [{"bearerAuth": []}]


@blp.before_request
def _authenticate() -> Any:
    """Every API call except the OpenAPI document needs ``Authorization: Bearer <token>``."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    user = user_for_token(db.session, token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        response = render_error(401)
        response.headers["WWW-Authenticate"] = 'Bearer realm="ccl_youth"'
        return response
    if db.session.dirty:
        db.session.commit()  # the token's last-used time, at most every few minutes
    g.api_user = user
    return None


@health_blp.route("/healthz")
class Health(MethodView):
    @health_blp.response(200, HealthSchema)
    @health_blp.alt_response(503, schema=HealthSchema, description="The database is unreachable")
    def get(self) -> Any:
        """Is the service up and its database reachable? No sign-in needed."""
        try:
            db.session.execute(text("SELECT 1"))
        except Exception:  # noqa: BLE001 - any failure means "not ready"
            db.session.rollback()
            return {"status": "unavailable", "database": "unreachable"}, 503
        return {"status": "ok", "database": "ok"}


def register_api(app: Flask) -> None:
    from ccl_youth.api import (  # noqa: F401  (routes attach to blp)
        activities,
        assessments,
        badges,
        credentials,
        experiences,
        placements,
        plans,
        portfolio,
        progress,
        resume,
        skills,
        views,
    )

    rest_api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "Personal access token"}
    )
    csrf.exempt(blp)
    csrf.exempt(health_blp)
    rest_api.register_blueprint(blp)
    csrf.exempt(credentials.public_blp)
    rest_api.register_blueprint(credentials.public_blp)
