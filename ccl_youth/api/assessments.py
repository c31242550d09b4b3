"""API: instruments, a youth's assessment attempts and career matches. Every youth-scoped
endpoint goes through the same policy as the pages."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from ccl_youth.api import BEARER, blp
from ccl_youth.assessments import services as assessments
from ccl_youth.assessments.models import AssessmentAttempt, Instrument, InstrumentItem
from ccl_youth.assessments.scoring import ScoreResult
from ccl_youth.careers.matches import ClusterName, cluster_names, matches_for_scores
from ccl_youth.core.errors import ValidationFailed
from ccl_youth.extensions import db

# --- shapes ----------------------------------------------------------------------------------


class ScalePointSchema(Schema):
    value = fields.Integer(required=True)
    label = fields.String(required=True)


class AreaSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)


class InstrumentSummarySchema(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    title = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["riasec", "skills"]))
    version = fields.String(required=True)
    grade_min = fields.Integer(required=True, metadata={"description": "0 is kindergarten"})
    grade_max = fields.Integer(required=True)


class ItemSchema(Schema):
    id = fields.Integer(required=True)
    key = fields.String(required=True)
    position = fields.Integer(required=True)
    text = fields.String(required=True)
    area = fields.String(required=True)


class InstrumentSchema(InstrumentSummarySchema):
    scale = fields.List(fields.Nested(ScalePointSchema), required=True)
    areas = fields.List(fields.Nested(AreaSchema), required=True)
    min_answered_per_area = fields.Integer(required=True)
    items = fields.List(fields.Nested(ItemSchema), required=True)


class AreaScoreSchema(Schema):
    code = fields.String(required=True)
    raw_sum = fields.Integer(required=True)
    answered = fields.Integer(required=True)
    score = fields.Float(
        required=True, allow_none=True, metadata={"description": "0–100; null when too few answers"}
    )


class AttemptSchema(Schema):
    id = fields.Integer(required=True)
    instrument_id = fields.Integer(required=True)
    instrument_slug = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(["in_progress", "completed"]))
    source = fields.String(required=True)
    started_at = fields.DateTime(required=True)
    completed_at = fields.DateTime(required=True, allow_none=True)
    holland_code = fields.String(required=True)
    areas = fields.List(fields.Nested(AreaScoreSchema), required=True)


class AttemptListSchema(Schema):
    items = fields.List(fields.Nested(AttemptSchema), required=True)


class SubmissionSchema(Schema):
    instrument_id = fields.Integer(required=True, validate=validate.Range(min=1))
    answers = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(strict=True),
        required=True,
        metadata={"description": 'An answer per item id, e.g. {"101": 4, "102": 2}'},
    )
    submission_key = fields.String(
        load_default=None,
        validate=validate.Length(min=8, max=64),
        metadata={"description": "Optional; sending the same key again returns the first attempt"},
    )


class MatchArgsSchema(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    job_zone = fields.List(fields.Integer(validate=validate.Range(min=1, max=5)), load_default=None)


class OccupationMatchSchema(Schema):
    soc_code = fields.String(required=True)
    title = fields.String(required=True)
    job_zone = fields.Integer(required=True, allow_none=True)
    fit = fields.Integer(required=True, allow_none=True, metadata={"description": "0–100"})
    similarity = fields.Float(required=True, allow_none=True)


class ClusterMatchSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    score = fields.Float(required=True)


class OutsideClusterSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    peak_area = fields.String(required=True, metadata={"description": "R, I, A, S, E or C"})


class MatchesSchema(Schema):
    holland_code = fields.String(required=True)
    is_ranked = fields.Boolean(
        required=True, metadata={"description": "false when the answers were all alike"}
    )
    occupations = fields.List(fields.Nested(OccupationMatchSchema), required=True)
    clusters = fields.List(fields.Nested(ClusterMatchSchema), required=True)
    outside_usual = fields.List(fields.Nested(OutsideClusterSchema), required=True)


# --- helpers ---------------------------------------------------------------------------------


def _attempt_json(attempt: AssessmentAttempt, instrument: Instrument) -> dict[str, Any]:
    stored = attempt.scores or {}
    return {
        "id": attempt.id,
        "instrument_id": instrument.id,
        "instrument_slug": instrument.slug,
        "status": attempt.status,
        "source": attempt.source,
        "started_at": attempt.started_dt,
        "completed_at": attempt.completed_dt,
        "holland_code": attempt.holland_code,
        "areas": [
            {k: area.get(k) for k in ("code", "raw_sum", "answered", "score")}
            for area in stored.get("areas", [])
        ],
    }


def _instrument_json(instrument: Instrument, items: list[InstrumentItem] | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        name: getattr(instrument, name) for name in InstrumentSummarySchema().fields
    }
    if items is not None:
        body["scale"] = instrument.scale
        body["areas"] = instrument.areas
        body["min_answered_per_area"] = instrument.min_answered_per_area
        body["items"] = [
            {"id": i.id, "key": i.key, "position": i.position, "text": i.text, "area": i.area}
            for i in items
        ]
    return body


def _answers_by_key(form: assessments.InstrumentForm, raw: dict[str, int]) -> dict[str, int]:
    """The API names items by id; services use keys. Unknown ids are field errors."""
    keys = {str(item.id): item.key for item in form.items}
    unknown = [item_id for item_id in raw if item_id not in keys]
    if unknown:
        raise ValidationFailed(
            {
                f"answers.{item_id}": ["There is no such item in this instrument."]
                for item_id in unknown
            }
        )
    return {keys[item_id]: value for item_id, value in raw.items()}


def _named_by_id(form: assessments.InstrumentForm, error: ValidationFailed) -> ValidationFailed:
    """Services name items by key; the API's callers know them by id."""
    ids = {f"answers.{item.key}": f"answers.{item.id}" for item in form.items}
    return ValidationFailed({ids.get(field, field): msgs for field, msgs in error.errors.items()})


# --- endpoints -------------------------------------------------------------------------------


@blp.route("/instruments")
class InstrumentList(MethodView):
    @blp.doc(security=BEARER)
    @blp.response(200, InstrumentSummarySchema(many=True))
    def get(self) -> Any:
        """Active instruments (interest inventories and self-checks)."""
        rows = db.session.scalars(
            db.select(Instrument).where(Instrument.is_active).order_by(Instrument.title)
        )
        return [_instrument_json(instrument, None) for instrument in rows]


@blp.route("/instruments/<int:instrument_id>")
class InstrumentItemView(MethodView):
    @blp.doc(security=BEARER)
    @blp.response(200, InstrumentSchema)
    @blp.alt_response(404, description="No such active instrument")
    def get(self, instrument_id: int) -> Any:
        """One instrument with its scale, areas and items."""
        form = assessments.load_instrument(db.session, instrument_id)
        return _instrument_json(form.instrument, form.items)


@blp.route("/youth/<int:youth_id>/assessments")
class YouthAssessments(MethodView):
    @blp.doc(security=BEARER)
    @blp.response(200, AttemptListSchema)
    @blp.alt_response(404, description="No such youth, or not one the token's owner may see")
    def get(self, youth_id: int) -> Any:
        """A youth's attempts with their scores, newest first."""
        rows = assessments.attempts_for_youth(db.session, g.api_user, youth_id)
        return {"items": [_attempt_json(attempt, instrument) for attempt, instrument in rows]}

    @blp.doc(security=BEARER)
    @blp.arguments(SubmissionSchema)
    @blp.response(201, AttemptSchema)
    @blp.alt_response(200, schema=AttemptSchema, description="The same submission was made before")
    @blp.alt_response(400, description="An answer, item or instrument is wrong; the field is named")
    @blp.alt_response(404, description="No such youth or instrument in the token owner's scope")
    def post(self, body: dict[str, Any], youth_id: int) -> Any:
        """Record a full response set for a youth (staff and admins) and score it."""
        form = assessments.load_instrument(db.session, body["instrument_id"])
        try:
            attempt, created = assessments.submit_attempt(
                db.session,
                g.api_user,
                youth_id,
                form.instrument,
                _answers_by_key(form, body["answers"]),
                source="api",
                submission_key=body["submission_key"],
            )
        except ValidationFailed as error:
            raise _named_by_id(form, error) from error
        payload = _attempt_json(attempt, form.instrument)
        db.session.commit()
        return payload, 201 if created else 200


@blp.route("/youth/<int:youth_id>/matches")
class YouthMatches(MethodView):
    @blp.doc(security=BEARER)
    @blp.arguments(MatchArgsSchema, location="query")
    @blp.response(200, MatchesSchema)
    @blp.alt_response(404, description="No such youth, or not one the token's owner may see")
    def get(self, args: dict[str, Any], youth_id: int) -> Any:
        """Occupations and career clusters matched to the youth's latest interest result
        (empty lists until the youth finishes an interest inventory)."""
        found = assessments.latest_result(db.session, g.api_user, youth_id)
        if found is None:
            # Nothing finished yet: an empty answer, not an error.
            return {
                "holland_code": "",
                "is_ranked": False,
                "occupations": [],
                "clusters": [],
                "outside_usual": [],
            }
        attempt, _instrument = found
        scores = ScoreResult.from_json(attempt.scores or {}).scores
        result = matches_for_scores(db.session, scores, job_zones=args["job_zone"] or None)
        ids = {c.cluster for c in result.top_clusters} | {c.cluster for c in result.outside_usual}
        names = cluster_names(db.session, {int(str(i)) for i in ids})
        return {
            "holland_code": attempt.holland_code,
            "is_ranked": result.is_ranked,
            "occupations": [
                {
                    "soc_code": m.occupation.soc_code,
                    "title": m.occupation.title,
                    "job_zone": m.occupation.job_zone,
                    "fit": m.fit,
                    "similarity": m.similarity,
                }
                for m in result.matches[: args["limit"]]
            ],
            "clusters": [
                {**_cluster(names, c.cluster), "score": c.score} for c in result.top_clusters
            ],
            "outside_usual": [
                {**_cluster(names, c.cluster), "peak_area": c.peak_area}
                for c in result.outside_usual
            ],
        }


def _cluster(names: dict[int, ClusterName], key: object) -> dict[str, str]:
    name = names[int(str(key))]
    return {"code": name.code, "name": name.name}
