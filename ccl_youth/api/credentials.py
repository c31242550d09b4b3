"""API: an award's signed Open Badges 3.0 credential, a youth's CLR 2.0, and checking any
credential. Downloads go through the same policy (VIEW_YOUTH) and audit as the pages.

Checking a credential needs no token (``public_blp``: anyone holding a badge may check it); a
token, if one is sent, must be valid. It is rate-limited per address.
"""

from __future__ import annotations

from typing import Any

from flask import abort, g, jsonify, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from werkzeug.wrappers import Response

from ccl_youth.accounts.services import user_for_token
from ccl_youth.api import BEARER, blp
from ccl_youth.credentials import public, services
from ccl_youth.credentials.forms import MAX_CREDENTIAL_BYTES
from ccl_youth.credentials.keys import KeyUnusable, NoSigningKey
from ccl_youth.credentials.services import NoBadges, Revoked
from ccl_youth.credentials.verify import OUTCOMES, Verification
from ccl_youth.credentials.views import LD_JSON, publishing
from ccl_youth.extensions import db, limiter
from ccl_youth.web.errors import render_error

public_blp = Blueprint(
    "credentials_api",
    __name__,
    url_prefix="/api/v1",
    description="Checking Open Badges 3.0 and CLR 2.0 credentials (no token needed)",
)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
#: A token is optional: either scheme list satisfies the operation.
OPTIONAL_BEARER: list[dict[str, list[str]]] = [{}, {"bearerAuth": []}]


class CredentialSchema(Schema):
    """A signed credential (JSON-LD); only the main members are described."""

    class Meta:
        # Only documents the shape: the views return the signed document untouched.
        unknown = "include"

    context = fields.List(fields.Raw(), data_key="@context", required=True)
    id = fields.String(required=True, metadata={"description": "urn:uuid:…"})
    type = fields.List(fields.String(), required=True)
    issuer = fields.Dict(required=True)
    validFrom = fields.String(required=True)
    credentialSubject = fields.Dict(required=True)
    proof = fields.Dict(required=True, metadata={"description": "eddsa-rdfc-2022 proof"})


class ReasonSchema(Schema):
    code = fields.String(required=True)
    text = fields.String(required=True)


class SummarySchema(Schema):
    id = fields.String()
    kind = fields.String()
    name = fields.String()
    issuer_id = fields.String()
    issuer_name = fields.String()
    valid_from = fields.String()
    valid_until = fields.String()
    achievement = fields.String()


class PartSchema(Schema):
    result = fields.String(required=True, validate=validate.OneOf(OUTCOMES))
    reasons = fields.List(fields.Nested(ReasonSchema), required=True)
    credential = fields.Nested(SummarySchema, required=True)


class VerificationSchema(PartSchema):
    valid = fields.Boolean(required=True)
    parts = fields.List(
        fields.Nested(PartSchema),
        required=True,
        metadata={"description": "For a CLR: the credentials inside it, in order"},
    )


def _document(document: dict[str, Any]) -> Response:
    return Response(services.to_json(document), mimetype=LD_JSON)


def _unavailable(error: Exception) -> Response:
    response: Response = render_error(
        503, "No signing key", "The organization has no usable signing key yet."
    )
    return response


@blp.route("/badges/awards/<int:award_id>/credential")
class AwardCredential(MethodView):
    @blp.doc(security=BEARER)
    @blp.response(200, CredentialSchema, content_type=LD_JSON)
    @blp.alt_response(404, description="No such award, or not one the token's owner may see")
    @blp.alt_response(410, description="The award was revoked")
    @blp.alt_response(503, description="The organization has no signing key yet")
    def get(self, award_id: int) -> Any:
        """An award's signed Open Badges 3.0 credential (audited as an export)."""
        try:
            credential = services.award_credential(
                db.session, g.api_user, award_id, publishing(), form="api"
            )
        except Revoked:
            return render_error(410, "Gone", "This badge was revoked.")
        except (NoSigningKey, KeyUnusable) as error:
            return _unavailable(error)
        db.session.commit()
        return _document(credential)


@blp.route("/youth/<int:youth_id>/clr")
class YouthClr(MethodView):
    @blp.doc(security=BEARER)
    @blp.response(200, CredentialSchema, content_type=LD_JSON)
    @blp.alt_response(404, description="No such youth in scope, or no badges to export")
    @blp.alt_response(503, description="The organization has no signing key yet")
    def get(self, youth_id: int) -> Any:
        """All of a youth's standing badges as one signed CLR 2.0 credential (audited)."""
        try:
            record = services.youth_clr(db.session, g.api_user, youth_id, publishing())
        except NoBadges:
            return render_error(404, "Not found", "This youth has no badges to export yet.")
        except (NoSigningKey, KeyUnusable) as error:
            return _unavailable(error)
        db.session.commit()
        return _document(record)


# --- checking, token optional -----------------------------------------------------------------


@public_blp.before_request
def _optional_token() -> Any:
    """No token is fine; a token that is sent must work (a typo should not pass silently)."""
    header = request.headers.get("Authorization")
    g.api_user = None
    if header is None:
        return None
    scheme, _sep, token = header.partition(" ")
    user = user_for_token(db.session, token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        response = render_error(401)
        response.headers["WWW-Authenticate"] = 'Bearer realm="ccl_youth"'
        return response
    if db.session.dirty:
        db.session.commit()
    g.api_user = user
    return None


def _part(result: Verification) -> dict[str, Any]:
    return {
        "result": result.outcome,
        "reasons": [{"code": r.code, "text": r.text} for r in result.reasons],
        "credential": vars(result.summary),
    }


@public_blp.route("/credentials/verify")
class CredentialVerify(MethodView):
    decorators = [limiter.limit("60 per 10 minutes")]

    @public_blp.doc(
        security=OPTIONAL_BEARER,
        requestBody={
            "required": True,
            "description": "The credential itself: the JSON of an OpenBadgeCredential or "
            "ClrCredential with its eddsa-rdfc-2022 proof",
            "content": {"application/json": {"schema": {"type": "object"}}},
        },
    )
    @public_blp.response(200, VerificationSchema)
    @public_blp.alt_response(413, description="The body is larger than a credential can be")
    @public_blp.alt_response(415, description="A form was sent instead of JSON")
    @public_blp.alt_response(429, description="Too many checks from this address; wait a while")
    def post(self) -> Any:
        """Check a credential: valid, invalid_signature, revoked, expired, not_yet_valid,
        unknown_key or malformed, with reasons. Broken input is an answer, never an error."""
        if (request.content_length or 0) > MAX_CREDENTIAL_BYTES * 4:
            abort(413)
        if request.mimetype in FORM_TYPES:
            # Form bodies are parsed (and used up) before any view runs.
            return render_error(
                415, "Unsupported media type", "Send the credential as application/json."
            )
        body = request.get_data(cache=False)
        if len(body) > MAX_CREDENTIAL_BYTES * 4:
            abort(413)
        result = public.check_credential(db.session, publishing(), body)
        return jsonify(
            {
                **_part(result),
                "valid": result.is_valid,
                "parts": [_part(part) for part in result.parts],
            }
        )
