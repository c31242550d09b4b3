"""Staff and admins review evidence: verify it at a rubric level for each skill it is tagged
to, or return it to the youth with a comment. Nobody reviews evidence they added themselves,
and evidence changed since the reviewer opened it is not reviewed. The review queue lists
what is waiting, of the youth the reviewer may see. Reviews are audited with ids only."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.errors import Forbidden, ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action, role_may
from ccl_youth.core.scoping import youth_criteria
from ccl_youth.db import utcnow
from ccl_youth.skills.checks import MAX_COMMENT
from ccl_youth.skills.levels import HIGHEST, LOWEST
from ccl_youth.skills.models import Evidence, EvidenceSkill
from ccl_youth.skills.services import evidence_skills, get_evidence

REVIEW_ACTIONS = ("verify", "return")
LEVEL_FIELD = "level_{}"  # the field name errors use for a skill's level
#: Evidence listed on the review queue at most (the oldest first).
QUEUE_LIMIT = 200


def parse_seen(value: str) -> datetime | None:
    """The ``updated_dt`` a reviewer's page showed (ISO 8601, as ``seen_value`` writes it);
    None (so: changed) for anything unreadable. A time without a zone is UTC."""
    try:
        seen = datetime.fromisoformat(value) if len(value) <= 40 else None
    except ValueError:
        return None
    if seen is None:
        return None
    try:
        return seen.replace(tzinfo=UTC) if seen.tzinfo is None else seen.astimezone(UTC)
    except OverflowError:
        return None


def seen_value(updated: datetime) -> str:
    """How a page writes the version of the evidence it shows, for ``parse_seen``."""
    return updated.astimezone(UTC).isoformat()


def _same_moment(stored: datetime, seen: datetime) -> bool:
    stored = stored.replace(tzinfo=UTC) if stored.tzinfo is None else stored
    return stored == seen


def review_evidence(
    session: Session,
    actor: User,
    evidence_id: int,
    action: str,
    levels: Mapping[str, int | None],
    comment: str = "",
    *,
    seen: datetime | str | None = None,
) -> Evidence:
    """Verify evidence (``levels``: a level 1–4 for each skill it is tagged to; others are
    ignored) or return it with a comment (needed). ``seen``: the ``updated_dt`` the reviewer
    saw; evidence changed since is not reviewed (a string that is not a time counts as
    changed). Raises NotFound/Forbidden, ValidationFailed naming the field (``review`` for
    the reviewer's own evidence, for evidence no longer waiting and for changed evidence)."""
    evidence = get_evidence(session, actor, evidence_id, Action.VERIFY_EVIDENCE)
    if action not in REVIEW_ACTIONS:
        raise ValidationFailed(action=N_("Choose verify or return."))
    if evidence.created_by_id == actor.id:
        raise ValidationFailed(review=N_("You added this evidence, so someone else must check it."))
    if evidence.status != "submitted":
        raise ValidationFailed(review=N_("This evidence is not waiting for review any more."))
    if isinstance(seen, str):
        seen = parse_seen(seen)
        if seen is None:
            raise ValidationFailed(review=N_("This evidence changed; open it again to check it."))
    if seen is not None and not _same_moment(evidence.updated_dt, seen):
        raise ValidationFailed(review=N_("This evidence changed; open it again to check it."))
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        raise ValidationFailed(
            comment=N_("Use at most %(max_comment)s characters.", max_comment=MAX_COMMENT)
        )
    tagged = evidence_skills(session, evidence.id)
    if action == "return":
        if not comment:
            raise ValidationFailed(comment=N_("Say what the youth should add or fix."))
    else:
        errors = {
            LEVEL_FIELD.format(row.skill_slug): [N_("Choose a level.")]
            for row in tagged
            if not isinstance(level := levels.get(row.skill_slug), int)
            or not LOWEST <= level <= HIGHEST
        }
        if errors or not tagged:
            raise ValidationFailed(errors or {"review": [N_("This evidence has no skills.")]})
        for row in tagged:
            row.level = levels[row.skill_slug]
    evidence.status = "verified" if action == "verify" else "returned"
    evidence.reviewer_id = actor.id
    evidence.reviewed_dt = utcnow()
    evidence.review_comment = comment
    session.flush()
    record_event(
        session, f"evidence.{action}", actor=actor, youth_id=evidence.youth_id,
        target_type="evidence", target_id=evidence.id, skills=len(tagged),
    )  # fmt: skip
    return evidence


@dataclass(frozen=True)
class QueueRow:
    id: int
    youth_id: int
    youth_name: str
    kind: str
    title: str
    filename: str
    created_dt: datetime
    created_by_id: int | None
    skills: tuple[str, ...]


def review_queue(session: Session, actor: User, limit: int = QUEUE_LIMIT) -> list[QueueRow]:
    """Evidence waiting for review of the youth the actor may see, oldest first, at most
    ``limit``. Two statements, however many there are. Raises Forbidden for roles that do
    not review."""
    if not role_may(actor, Action.VERIFY_EVIDENCE):
        raise Forbidden(Action.VERIFY_EVIDENCE.value)
    rows = session.execute(
        select(Evidence, User.display_name)
        .join(User, User.id == Evidence.youth_id)
        .where(
            Evidence.status == "submitted",
            Evidence.organization_id == actor.organization_id,
            *youth_criteria(actor),
        )
        .order_by(Evidence.created_dt, Evidence.id)
        .limit(limit)
    ).all()
    skills = skills_by_evidence(session, [evidence.id for evidence, _name in rows])
    return [
        QueueRow(
            id=e.id,
            youth_id=e.youth_id,
            youth_name=name,
            kind=e.kind,
            title=e.title,
            filename=e.filename,
            created_dt=e.created_dt,
            created_by_id=e.created_by_id,
            skills=tuple(slug for slug, _level in skills.get(e.id, ())),
        )  # fmt: skip
        for e, name in rows
    ]


def skills_by_evidence(
    session: Session, evidence_ids: Sequence[int]
) -> dict[int, list[tuple[str, int | None]]]:
    """Evidence id → its (skill slug, level) pairs, by slug. One statement, even for none."""
    found: dict[int, list[tuple[str, int | None]]] = {}
    for evidence_id, slug, level in session.execute(
        select(EvidenceSkill.evidence_id, EvidenceSkill.skill_slug, EvidenceSkill.level)
        .where(EvidenceSkill.evidence_id.in_(list(evidence_ids)))
        .order_by(EvidenceSkill.evidence_id, EvidenceSkill.skill_slug)
    ):
        found.setdefault(evidence_id, []).append((slug, level))
    return found
