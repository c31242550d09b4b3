"""Supervisor evaluations through a one-time link: staff make the link (only the SHA-256 of
its secret is kept), the supervisor opens it without an account, rates the youth on the
durable skills and comments; submitting locks it. Links expire and staff may cancel them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core import secrets as sec
from ccl_youth.core.errors import DomainError, NotFound, ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action, require
from ccl_youth.partners.models import Partner
from ccl_youth.placements.models import Evaluation, EvaluationRating, Placement
from ccl_youth.placements.rubric import LEVEL_NAMES, SKILLS
from ccl_youth.placements.services import get_placement

MIN_DAYS, MAX_DAYS, DEFAULT_DAYS = 1, 30, 14
MAX_COMMENTS = 3000
SKILL_FIELD = "skill_{}"  # the field name errors use for a skill's rating


class LinkClosed(DomainError):
    """The link was submitted, cancelled or expired while the form was open."""

    def __init__(self, state: str) -> None:
        self.state = state
        super().__init__(state)


def request_evaluation(
    session: Session, actor: User, placement_id: int, days: int, now: datetime
) -> tuple[Evaluation, str]:
    """Make a one-time link for the supervisor, open for ``days`` days. Returns (evaluation,
    secret); the secret is not stored and cannot be shown again. Raises NotFound/Forbidden,
    ValidationFailed(days=…)."""
    placement = get_placement(session, actor, placement_id)
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise ValidationFailed(
            days=N_(
                "Choose between %(min_days)s and %(max_days)s days.",
                min_days=MIN_DAYS,
                max_days=MAX_DAYS,
            )
        )
    secret = sec.generate_link_token()
    evaluation = Evaluation(
        placement_id=placement.id,
        youth_id=placement.youth_id,
        token_hash=sec.sha256_hex(secret),
        expires_dt=now + timedelta(days=days),
        sent_to_email=placement.supervisor_email,
        sent_by_id=actor.id,
        status="sent",
        created_dt=now,
    )
    session.add(evaluation)
    session.flush()
    record_event(
        session,
        "evaluation.request",
        actor=actor,
        youth_id=placement.youth_id,
        target_type="evaluation",
        target_id=evaluation.id,
        placement_id=placement.id,
        days=days,
    )
    return evaluation, secret


def cancel_evaluation(session: Session, actor: User, evaluation_id: int) -> Evaluation:
    """Stop an open link from working. Raises NotFound/Forbidden, ValidationFailed when the
    evaluation was already submitted."""
    evaluation = session.get(Evaluation, evaluation_id)
    if evaluation is None:
        raise NotFound("evaluation")
    get_placement(session, actor, evaluation.placement_id)
    if evaluation.status == "submitted":
        raise ValidationFailed(status=N_("This evaluation was submitted and cannot be cancelled."))
    if evaluation.status != "cancelled":
        evaluation.status = "cancelled"
        session.flush()
        record_event(
            session,
            "evaluation.cancel",
            actor=actor,
            youth_id=evaluation.youth_id,
            target_type="evaluation",
            target_id=evaluation.id,
        )
    return evaluation


@dataclass(frozen=True)
class LinkView:
    """What the public page may show: never more than the youth's first name."""

    state: str  # open | submitted | expired | cancelled
    evaluation_id: int
    organization_id: int
    first_name: str
    placement_title: str
    partner_name: str | None
    expires_dt: datetime


def first_name(display_name: str) -> str:
    parts = display_name.split()
    return parts[0] if parts else ""


def _state(evaluation: Evaluation, now: datetime) -> str:
    if evaluation.status == "submitted":
        return "submitted"
    if evaluation.status == "cancelled":
        return "cancelled"
    return "expired" if evaluation.expires_dt <= now else "open"


def open_link(session: Session, secret: str, now: datetime, ip_address: str = "") -> LinkView:
    """The evaluation a link's secret opens (one statement, audited when open). Raises
    NotFound for a secret of no link."""
    found = session.execute(
        select(Evaluation, Placement.organization_id, Placement.title, User.display_name)
        .add_columns(Partner.name)
        .join(Placement, Placement.id == Evaluation.placement_id)
        .join(User, User.id == Evaluation.youth_id)
        .outerjoin(Partner, Partner.id == Placement.partner_id)
        .where(Evaluation.token_hash == sec.sha256_hex(secret))
    ).first()
    if found is None:
        raise NotFound("evaluation")
    evaluation, organization_id, title, display_name, partner_name = found
    view = LinkView(
        state=_state(evaluation, now),
        evaluation_id=evaluation.id,
        organization_id=organization_id,
        first_name=first_name(display_name),
        placement_title=title,
        partner_name=partner_name,
        expires_dt=evaluation.expires_dt,
    )
    if view.state == "open":
        record_event(
            session,
            "evaluation.open",
            actor=None,
            organization_id=organization_id,
            youth_id=evaluation.youth_id,
            target_type="evaluation",
            target_id=evaluation.id,
            ip_address=ip_address,
        )
    return view


@dataclass(frozen=True)
class EvaluationInput:
    evaluator_name: str
    evaluator_title: str
    ratings: dict[str, int]
    comments: str = ""


def _check(answer: EvaluationInput) -> None:
    errors: dict[str, list[str]] = {}
    name = answer.evaluator_name.strip()
    if not name or len(name) > 120:
        errors["evaluator_name"] = [N_("Give your name (at most 120 characters).")]
    if len(answer.evaluator_title.strip()) > 120:
        errors["evaluator_title"] = [N_("Use at most 120 characters.")]
    for skill in SKILLS:
        if answer.ratings.get(skill.slug) not in LEVEL_NAMES:
            errors[SKILL_FIELD.format(skill.slug)] = [
                N_("Choose a level for %(name)s.", name=skill.name)
            ]
    unknown = set(answer.ratings) - {skill.slug for skill in SKILLS}
    if unknown:
        errors["ratings"] = [N_("Unknown skills: %(skills)s.", skills=", ".join(sorted(unknown)))]
    if len(answer.comments.strip()) > MAX_COMMENTS:
        errors["comments"] = [
            N_("Use at most %(max_comments)s characters.", max_comments=MAX_COMMENTS)
        ]
    if errors:
        raise ValidationFailed(errors)


def submit_evaluation(
    session: Session, secret: str, answer: EvaluationInput, now: datetime, ip_address: str = ""
) -> Evaluation:
    """Save the supervisor's ratings and lock the evaluation, attributed to the name typed
    and the link. Raises NotFound, LinkClosed (submitted, cancelled or expired),
    ValidationFailed naming the field."""
    evaluation = session.scalar(
        select(Evaluation).where(Evaluation.token_hash == sec.sha256_hex(secret))
    )
    if evaluation is None:
        raise NotFound("evaluation")
    if (state := _state(evaluation, now)) != "open":
        raise LinkClosed(state)
    _check(answer)
    # Only one submission wins, even when two arrive at once.
    result = session.execute(
        update(Evaluation)
        .where(
            Evaluation.id == evaluation.id,
            Evaluation.status == "sent",
            Evaluation.expires_dt > now,
        )
        .values(
            status="submitted",
            evaluator_name=answer.evaluator_name.strip(),
            evaluator_title=answer.evaluator_title.strip(),
            comments=answer.comments.strip(),
            submitted_dt=now,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(evaluation)
        raise LinkClosed(_state(evaluation, now))
    session.add_all(
        EvaluationRating(evaluation_id=evaluation.id, skill_slug=slug, level=level)
        for slug, level in answer.ratings.items()
    )
    session.flush()
    session.refresh(evaluation)
    placement_org = session.scalar(
        select(Placement.organization_id).where(Placement.id == evaluation.placement_id)
    )
    record_event(
        session,
        "evaluation.submit",
        actor=None,
        organization_id=placement_org,
        youth_id=evaluation.youth_id,
        target_type="evaluation",
        target_id=evaluation.id,
        ip_address=ip_address,
    )
    return evaluation


@dataclass(frozen=True)
class EvaluationSummary:
    evaluation: Evaluation
    state: str
    sent_by: str | None
    ratings: dict[str, int] = field(default_factory=dict)


def evaluations_for_placement(
    session: Session, actor: User, placement: Placement, now: datetime
) -> list[EvaluationSummary]:
    """Every evaluation of a placement, newest first, with ratings (two statements).
    Raises NotFound/Forbidden."""
    require(session, actor, Action.MANAGE_PLACEMENTS, placement.youth_id)
    rows = session.execute(
        select(Evaluation, User.display_name)
        .outerjoin(User, User.id == Evaluation.sent_by_id)
        .where(Evaluation.placement_id == placement.id)
        .order_by(Evaluation.created_dt.desc(), Evaluation.id.desc())
    ).all()
    ratings: dict[int, dict[str, int]] = {}
    submitted = [e.id for e, _name in rows if e.status == "submitted"]
    if submitted:
        for rating in session.scalars(
            select(EvaluationRating).where(EvaluationRating.evaluation_id.in_(submitted))
        ):
            ratings.setdefault(rating.evaluation_id, {})[rating.skill_slug] = rating.level
    return [EvaluationSummary(e, _state(e, now), name, ratings.get(e.id, {})) for e, name in rows]
