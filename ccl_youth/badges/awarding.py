"""Writing badge awards, by rule or by staff: every award gets a credential id
``urn:uuid:<uuid4>``, fixed for good, and ``status_index``, its place in its organization's
revocation status list: the next free one. No Flask.

The largest index in use is read for all the organizations at once (one grouped statement),
then the awards go in as multi-row ``INSERT … ON CONFLICT DO NOTHING RETURNING`` statements of
up to 1,000 rows. Two transactions awarding at the same moment may pick the same index (or the
same badge for the same youth): the unique constraints ``(organization_id, status_index)`` and
``(youth_id, badge_slug)`` let only one row in, the other is silently skipped, and the skipped
awards whose youth still lacks the badge are tried again with a fresh maximum (at most
``MAX_TRIES`` rounds; on PostgreSQL the second insert waits for the first transaction, so the
retry reads the index it committed). Awards are audited with ids and the badge's slug only.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.models import AuditEvent
from ccl_youth.badges.models import BadgeAward
from ccl_youth.db import utcnow

audit_log = logging.getLogger("ccl_youth.audit")

RULE = "rule"
STAFF = "staff"
AWARD_EVENT = "badge.award"
#: Rounds of index allocation before giving up (each lost only to a concurrent award).
MAX_TRIES = 5


@dataclass(frozen=True)
class NewAward:
    """An award to insert (``insert_awards`` gives it its credential id and index)."""

    organization_id: int
    youth_id: int
    badge_slug: str
    method: str = RULE
    evidence_note: str = ""
    awarded_by_id: int | None = None


def _next_indexes(session: Session, organization_ids: set[int]) -> dict[int, int]:
    """The next free status-list index of each organization (one grouped statement)."""
    largest: dict[int, int | None] = {
        org: top
        for org, top in session.execute(
            select(BadgeAward.organization_id, func.max(BadgeAward.status_index))
            .where(BadgeAward.organization_id.in_(sorted(organization_ids)))
            .group_by(BadgeAward.organization_id)
        )
    }
    following: dict[int, int] = {}
    for org in organization_ids:
        top = largest.get(org)
        following[org] = 0 if top is None else top + 1
    return following


def _insert_round(
    session: Session, awards: Sequence[NewAward], now: datetime
) -> dict[tuple[int, str], int]:
    """One allocation round: (youth_id, badge_slug) → new id for each award that went in."""
    indexes = _next_indexes(session, {a.organization_id for a in awards})
    rows = []
    for award in awards:
        rows.append(
            {
                "organization_id": award.organization_id,
                "youth_id": award.youth_id,
                "badge_slug": award.badge_slug,
                "method": award.method,
                "evidence_note": award.evidence_note,
                "awarded_by_id": award.awarded_by_id,
                "awarded_dt": now,
                "credential_id": f"urn:uuid:{uuid.uuid4()}",
                "status_index": indexes[award.organization_id],
                "revoked_dt": None,
                "revoke_reason": "",
            }
        )
        indexes[award.organization_id] += 1
    upsert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        upsert(BadgeAward)
        .on_conflict_do_nothing()
        .returning(BadgeAward.id, BadgeAward.youth_id, BadgeAward.badge_slug)
    )
    # A parameter list: SQLAlchemy sends it as multi-row INSERTs ("insertmanyvalues"), one
    # per 1,000 rows, compiling the statement once.
    return {
        (youth_id, slug): award_id for award_id, youth_id, slug in session.execute(statement, rows)
    }


def _held(session: Session, awards: Sequence[NewAward]) -> set[tuple[int, str]]:
    """Which of these (youth, badge) pairs have an award now (one statement)."""
    youth_ids = sorted({a.youth_id for a in awards})
    slugs = sorted({a.badge_slug for a in awards})
    return {
        (youth_id, slug)
        for youth_id, slug in session.execute(
            select(BadgeAward.youth_id, BadgeAward.badge_slug).where(
                BadgeAward.youth_id.in_(youth_ids), BadgeAward.badge_slug.in_(slugs)
            )
        )
    }


def insert_awards(
    session: Session, awards: Sequence[NewAward], now: datetime | None = None
) -> list[int]:
    """Insert the awards that their youth do not hold yet (revoked included), with credential
    ids and status indexes (see the module docstring); the ids of the rows inserted, in the
    order given. Statements per round: the index lookup, one INSERT per 1,000 awards, and one
    lookup of skipped rows when there are any."""
    now = now or utcnow()
    pending = list({(a.youth_id, a.badge_slug): a for a in awards}.values())
    made: dict[tuple[int, str], int] = {}
    for _round in range(MAX_TRIES):
        if not pending:
            break
        made.update(_insert_round(session, pending, now))
        skipped = [a for a in pending if (a.youth_id, a.badge_slug) not in made]
        if not skipped:
            pending = []
            break
        # Skipped: the youth got the badge from a concurrent request (done), or another
        # transaction took the index first (try again with a fresh maximum).
        held = _held(session, skipped)
        pending = [a for a in skipped if (a.youth_id, a.badge_slug) not in held]
    if pending:
        raise RuntimeError("could not find free status-list indexes for badge awards")
    return [made[(a.youth_id, a.badge_slug)] for a in awards if (a.youth_id, a.badge_slug) in made]


def audit_awards(session: Session, awards: Sequence[BadgeAward], actor: User | None = None) -> None:
    """One audit event per award (ids and the badge's content slug only), written as one
    multi-row INSERT: a cohort's worth of awards is one statement, not one per award."""
    if not awards:
        return
    now = utcnow()
    rows = [
        {
            "occurred_dt": now,
            "organization_id": award.organization_id,
            "actor_id": actor.id if actor is not None else None,
            "action": AWARD_EVENT,
            "youth_id": award.youth_id,
            "target_type": "badge_award",
            "target_id": award.id,
            "ip_address": "",
            "detail": {"badge": award.badge_slug, "method": award.method},
        }
        for award in awards
    ]
    session.execute(insert(AuditEvent), rows)
    for row in rows:
        audit_log.info(
            "audit action=%s actor=%s youth=%s target=badge_award:%s fields=",
            AWARD_EVENT, row["actor_id"], row["youth_id"], row["target_id"],
        )  # fmt: skip


def load_awards(session: Session, award_ids: Sequence[int]) -> list[BadgeAward]:
    """The awards with these ids, in that order (one statement)."""
    if not award_ids:
        return []
    found = {
        a.id: a for a in session.scalars(select(BadgeAward).where(BadgeAward.id.in_(award_ids)))
    }
    return [found[i] for i in award_ids]
