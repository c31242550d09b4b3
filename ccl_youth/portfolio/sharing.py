"""Share links: a youth — or a linked guardian, for a youth under 13 — makes a link to the
whole portfolio or some sections, until a date at most ``MAX_DAYS`` ahead. Whoever holds the
link reads those sections (first name only) without signing in; each opening is logged. A
link is more public than the family's page, so whoever made it, it shows only the reflections
the youth shared with family.

Only the SHA-256 of a link's token is kept, so the full address is shown once. Who may make
and revoke links (opt-outs, consent, the ages 13 and 18) is in ``share_rules``: revoking is
looser than making, since turning a link off only ever protects the youth. Services flush,
never commit; creating and revoking are audited (ids only).
"""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.audit.services import record_event
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.content_recognition import RecognitionCatalog
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action, require
from ccl_youth.portfolio import layout, share_rules
from ccl_youth.portfolio.models import ShareLink, ShareVisit
from ccl_youth.portfolio.reading import build_portfolio

#: The furthest expiry date: this many days from today.
MAX_DAYS = 365
LABEL_MAX = 120
USER_AGENT_MAX = 200
#: Visits listed per link (the count covers them all).
VISITS_SHOWN = 20


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def expiry_moment(day: date) -> datetime:
    """A link chosen to run "until" a day works through the end of that day (UTC)."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=UTC)


def link_state(link: ShareLink, now: datetime) -> str:
    """active, expired or revoked."""
    if link.revoked_dt is not None:
        return "revoked"
    return "expired" if link.expires_dt <= now else "active"


@dataclass(frozen=True)
class LinkView:
    link: ShareLink
    state: str
    sections: tuple[str, ...]
    visit_count: int
    visits: tuple[ShareVisit, ...]

    @property
    def last_day(self) -> date:
        """The last day the link works (it stops at the start of the next, UTC)."""
        return self.link.expires_dt.date() - timedelta(days=1)


@dataclass(frozen=True)
class SharedPortfolio:
    portfolio: layout.Portfolio
    sections: tuple[layout.Section, ...]


def may_share(session: Session, actor: User, youth_id: int, today: date) -> str | None:
    """None when the actor may make a link for the youth now, or the reason they may not.

    Raises NotFound (out of scope), Forbidden (staff, admins)."""
    require(session, actor, Action.SHARE_PORTFOLIO, youth_id)
    return share_rules.refusal(session, actor, youth_id, today)


def may_revoke(session: Session, actor: User, youth_id: int, today: date) -> bool:
    """Whether the actor may turn the youth's links off (see ``revoke_link``).

    Raises NotFound (out of scope), Forbidden (staff, admins)."""
    require(session, actor, Action.SHARE_PORTFOLIO, youth_id)
    return share_rules.adult_refusal(actor, session.get(YouthProfile, youth_id), today) is None


def create_link(
    session: Session,
    actor: User,
    youth_id: int,
    sections: Sequence[str],
    expires_on: date | None,
    label: str,
    today: date,
) -> tuple[ShareLink, str]:
    """A new link and its token (shown once; only its hash is kept). Audited.

    Raises NotFound, Forbidden, ValidationFailed (``sections``, ``expires_on``, ``label``;
    a refusal for the youth as a whole is a form-level ``__all__`` message)."""
    require(session, actor, Action.SHARE_PORTFOLIO, youth_id)
    errors: dict[str, list[str]] = {}
    refusal = share_rules.refusal(session, actor, youth_id, today)
    if refusal is not None:
        raise ValidationFailed({"__all__": [refusal]})
    kinds = [kind for kind in sections if kind]
    if not kinds:
        errors["sections"] = [N_("Pick at least one section to share.")]
    elif any(kind not in layout.SECTION_KINDS for kind in kinds):
        errors["sections"] = [N_("Pick sections from the list.")]
    if expires_on is None:
        errors["expires_on"] = [N_("Pick the last day the link works.")]
    elif expires_on < today:
        errors["expires_on"] = [N_("Pick a date that is not in the past.")]
    elif expires_on > today + timedelta(days=MAX_DAYS):
        errors["expires_on"] = [
            N_("Pick a date at most %(max_days)s days ahead.", max_days=MAX_DAYS)
        ]
    clean_label = (label or "").strip()
    if len(clean_label) > LABEL_MAX:
        errors["label"] = [
            N_("Keep the label to %(label_max)s characters or less.", label_max=LABEL_MAX)
        ]
    if errors:
        raise ValidationFailed(errors)
    assert expires_on is not None
    youth = session.get_one(User, youth_id)
    token = secrets.token_urlsafe(32)
    link = ShareLink(
        organization_id=youth.organization_id,
        youth_id=youth_id,
        token_hash=token_hash(token),
        label=clean_label,
        sections=layout.join_sections(kinds),
        expires_dt=expiry_moment(expires_on),
        created_by_id=actor.id,
    )
    session.add(link)
    session.flush()
    record_event(
        session,
        "share.create",
        actor=actor,
        youth_id=youth_id,
        target_type="share_link",
        target_id=link.id,
        sections=layout.parse_sections(link.sections),
    )
    return link, token


def revoke_link(
    session: Session, actor: User, youth_id: int, link_id: int, today: date
) -> ShareLink:
    """Stop a link at once. Revoking twice changes nothing. Audited.

    The youth may, and so may a linked family member even when the youth is 13 or older and
    makes their own links: turning a link off only ever hides the youth's record, so a parent
    who finds a link sent too widely can stop it at once. From 18 the youth controls their own
    record, and family may no longer revoke either.

    Raises NotFound (no such link of this youth, or out of scope), Forbidden (staff, admins;
    family of a youth aged 18 or older)."""
    require(session, actor, Action.SHARE_PORTFOLIO, youth_id)
    link = session.get(ShareLink, link_id)
    if link is None or link.youth_id != youth_id:
        raise NotFound("share_link")
    if share_rules.adult_refusal(actor, session.get(YouthProfile, youth_id), today) is not None:
        raise Forbidden("share_link")
    if link.revoked_dt is None:
        link.revoked_dt = datetime.now(UTC)
        link.revoked_by_id = actor.id
        session.flush()
        record_event(
            session,
            "share.revoke",
            actor=actor,
            youth_id=youth_id,
            target_type="share_link",
            target_id=link.id,
        )
    return link


def links_for(session: Session, actor: User, youth_id: int, now: datetime) -> list[LinkView]:
    """The youth's links, newest first, with their state, visit count and latest visits
    (three statements).

    Raises NotFound (out of scope), Forbidden."""
    require(session, actor, Action.SHARE_PORTFOLIO, youth_id)
    links = list(
        session.scalars(
            select(ShareLink)
            .where(ShareLink.youth_id == youth_id)
            .order_by(ShareLink.created_dt.desc(), ShareLink.id.desc())
        )
    )
    ids = [link.id for link in links]
    counts: dict[int, int] = {}
    visits: dict[int, list[ShareVisit]] = defaultdict(list)
    if ids:
        counts = {
            link_id: int(n)
            for link_id, n in session.execute(
                select(ShareVisit.share_link_id, func.count())
                .where(ShareVisit.share_link_id.in_(ids))
                .group_by(ShareVisit.share_link_id)
            )
        }
        for visit in session.scalars(
            select(ShareVisit)
            .where(ShareVisit.share_link_id.in_(ids))
            .order_by(ShareVisit.visited_dt.desc(), ShareVisit.id.desc())
        ):
            if len(visits[visit.share_link_id]) < VISITS_SHOWN:
                visits[visit.share_link_id].append(visit)
    return [
        LinkView(
            link,
            link_state(link, now),
            layout.parse_sections(link.sections),
            counts.get(link.id, 0),
            tuple(visits[link.id]),
        )
        for link in links
    ]


class LinkClosed(Exception):
    """The link was revoked or has expired (``state``)."""

    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state


def open_shared(
    session: Session,
    token: str,
    user_agent: str,
    now: datetime,
    experiences: ExperienceCatalog,
    recognition: RecognitionCatalog,
) -> SharedPortfolio:
    """The sections a link shows, for whoever holds it; the visit is logged. Whoever made the
    link, it shows only the reflections the youth shared with family: a link can travel
    further than the family's page. Sections the youth has since hidden stay hidden, and a
    youth who may no longer share (an opt-out, consent withdrawn) closes every link.

    Raises NotFound (no such link), LinkClosed (revoked or expired: not logged)."""
    link = session.scalar(select(ShareLink).where(ShareLink.token_hash == token_hash(token)))
    if link is None:
        raise NotFound("share_link")
    state = link_state(link, now)
    if state != "active":
        raise LinkClosed(state)
    youth = session.get(User, link.youth_id)
    if youth is None or not youth.is_active:
        raise LinkClosed("revoked")
    if share_rules.blocked(session.get(YouthProfile, youth.id), now.date()) is not None:
        raise LinkClosed("revoked")
    portfolio, _found = build_portfolio(session, youth, experiences, recognition, shared_only=True)
    session.add(
        ShareVisit(
            share_link_id=link.id, visited_dt=now, user_agent=(user_agent or "")[:USER_AGENT_MAX]
        )
    )
    session.flush()
    return SharedPortfolio(portfolio, portfolio.shown(layout.parse_sections(link.sections)))
