"""Recording audit events. Only ids and field names go in: never names, grades or answers."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.models import AuditEvent

log = logging.getLogger("ccl_youth.audit")


def record_event(
    session: Session,
    action: str,
    *,
    actor: User | None,
    youth_id: int | None = None,
    organization_id: int | None = None,
    target_type: str = "",
    target_id: int | None = None,
    ip_address: str = "",
    **detail: Any,
) -> AuditEvent:
    """Add one audit event to the session and write a log line with ids only."""
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else None,
        organization_id=organization_id
        if organization_id is not None
        else (actor.organization_id if actor is not None else None),
        youth_id=youth_id,
        target_type=target_type,
        target_id=target_id,
        ip_address=ip_address or "",
        detail=detail,
    )
    session.add(event)
    log.info(
        "audit action=%s actor=%s youth=%s target=%s:%s fields=%s",
        action,
        event.actor_id,
        youth_id,
        target_type,
        target_id,
        ",".join(sorted(detail.get("fields", []))) if "fields" in detail else "",
    )
    return event
