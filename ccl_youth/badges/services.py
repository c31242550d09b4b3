"""Badges by hand and the badges a youth holds: staff award a badge to one youth or to many of
a cohort at once, each with an evidence note, and revoke an award with a reason (kept, shown
as revoked). Every change is audited with ids only. Rule awards live in ``evaluation``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.badges.awarding import STAFF, NewAward, audit_awards, insert_awards, load_awards
from ccl_youth.badges.models import BadgeAward
from ccl_youth.core.content_recognition import Badge, RecognitionCatalog
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action, require, role_may
from ccl_youth.core.scoping import youth_criteria
from ccl_youth.db import utcnow
from ccl_youth.programs.models import Cohort, Enrollment

MIN_NOTE = 3
MAX_NOTE = 1000
NOTE_MESSAGE = N_(
    "Write %(min_note)s to %(max_note)s characters.", min_note=MIN_NOTE, max_note=MAX_NOTE
)


def clean_note(text: str | None) -> str | None:
    """The note without surrounding spaces if it is 3 to 1000 characters long, else None."""
    note = (text or "").strip()
    return note if MIN_NOTE <= len(note) <= MAX_NOTE else None


def find_badge(recognition: RecognitionCatalog, slug: str) -> Badge | None:
    """The catalog's badge with this slug, or None."""
    return next((b for b in recognition.badges if b.slug == slug), None)


def _badge_or_error(recognition: RecognitionCatalog, slug: str) -> Badge:
    badge = find_badge(recognition, slug)
    if badge is None:
        raise ValidationFailed(badge=N_("Choose a badge from the list."))
    return badge


class AlreadyAwarded(ValidationFailed):
    """The youth has (or had, before it was revoked) this badge: ``existing`` is that award."""

    def __init__(self, existing: BadgeAward | None, message: str) -> None:
        super().__init__(badge=message)
        self.existing = existing


def _held_message(existing: BadgeAward) -> str:
    if existing.revoked_dt is not None:
        return "This badge was taken back from this youth; it cannot be awarded again."
    return "This youth already has this badge."


def award_badge(
    session: Session,
    actor: User,
    youth_id: int,
    recognition: RecognitionCatalog,
    badge_slug: str,
    note: str,
) -> BadgeAward:
    """Award a badge by hand (staff and admins in scope) with an evidence note. Raises
    NotFound/Forbidden, ValidationFailed naming ``badge`` (unknown) or ``note``, AlreadyAwarded
    (a ValidationFailed naming ``badge``) when the youth has it or had it revoked: one award per
    youth and badge, so a revoked credential stays revoked."""
    require(session, actor, Action.AWARD_BADGE, youth_id)
    errors: dict[str, list[str]] = {}
    badge = find_badge(recognition, badge_slug)
    if badge is None:
        errors["badge"] = [N_("Choose a badge from the list.")]
    cleaned = clean_note(note)
    if cleaned is None:
        errors["note"] = [NOTE_MESSAGE]
    if errors:
        raise ValidationFailed(errors)
    assert badge is not None and cleaned is not None
    existing = session.scalar(
        select(BadgeAward).where(
            BadgeAward.youth_id == youth_id, BadgeAward.badge_slug == badge.slug
        )
    )
    if existing is not None:
        raise AlreadyAwarded(existing, _held_message(existing))
    youth = session.get_one(User, youth_id)
    made = insert_awards(
        session,
        [NewAward(youth.organization_id, youth_id, badge.slug, STAFF, cleaned, actor.id)],
    )
    if not made:  # a concurrent request awarded it a moment ago
        raise AlreadyAwarded(
            held_by(session, youth_id, badge.slug), "This youth already has this badge."
        )
    (award,) = load_awards(session, made)
    audit_awards(session, [award], actor)
    return award


def require_award(session: Session, actor: User, youth_id: int) -> None:
    """Raise NotFound/Forbidden unless the actor may award badges to this youth."""
    require(session, actor, Action.AWARD_BADGE, youth_id)


def youth_name(session: Session, youth_id: int) -> str:
    """The youth's display name (for staff pages; the caller checked access)."""
    return session.scalar(select(User.display_name).where(User.id == youth_id)) or ""


def held_by(session: Session, youth_id: int, badge_slug: str) -> BadgeAward | None:
    """The youth's award of this badge, revoked or not (the caller checked access)."""
    return session.scalar(
        select(BadgeAward).where(
            BadgeAward.youth_id == youth_id, BadgeAward.badge_slug == badge_slug
        )
    )


# --- a cohort at once ------------------------------------------------------------------------


def cohort_in_reach(session: Session, actor: User, cohort_id: int) -> Cohort:
    """The cohort if the actor may award badges to its youth. Raises NotFound (no such cohort,
    or not the actor's), Forbidden (a role that does not award badges)."""
    cohort = session.get(Cohort, cohort_id)
    if cohort is None:
        raise NotFound("cohort")
    require(session, actor, Action.VIEW_COHORT, cohort)
    if not role_may(actor, Action.AWARD_BADGE):
        raise Forbidden(Action.AWARD_BADGE.value)
    return cohort


@dataclass(frozen=True)
class CohortRow:
    """One youth of the cohort, and their award of the badge if they have one."""

    youth_id: int
    name: str
    award: BadgeAward | None


def cohort_rows(
    session: Session, actor: User, cohort: Cohort, badge_slug: str | None
) -> list[CohortRow]:
    """The cohort's youth in the actor's scope, by name, each with their award of the badge
    (one statement; the caller checked the cohort with ``cohort_in_reach``)."""
    query = (
        select(User.id, User.display_name, BadgeAward)
        .join(Enrollment, Enrollment.youth_id == User.id)
        .outerjoin(
            BadgeAward,
            (BadgeAward.youth_id == User.id) & (BadgeAward.badge_slug == (badge_slug or "")),
        )
        .where(Enrollment.cohort_id == cohort.id, *youth_criteria(actor))
        .order_by(User.display_name, User.id)
    )
    return [CohortRow(youth_id, name, award) for youth_id, name, award in session.execute(query)]


@dataclass(frozen=True)
class CohortAwards:
    awarded: list[BadgeAward]
    #: Ticked youth who already had the badge (or had it taken back): left as they were.
    skipped: list[int]


def award_to_cohort(
    session: Session,
    actor: User,
    cohort_id: int,
    recognition: RecognitionCatalog,
    badge_slug: str,
    notes: Mapping[int, str],
) -> CohortAwards:
    """Award one badge to the ticked youth of a cohort (``notes``: youth id → that youth's
    evidence note), in one go. Youth who already hold the badge are skipped. Every id must be
    a youth of the cohort in the actor's scope or nothing happens (NotFound). Raises
    NotFound/Forbidden, ValidationFailed naming ``badge``, ``youth_ids`` (nobody ticked) or
    ``note-<youth id>`` for each bad note."""
    cohort = cohort_in_reach(session, actor, cohort_id)
    badge = _badge_or_error(recognition, badge_slug)
    if not notes:
        raise ValidationFailed(youth_ids=N_("Tick at least one youth."))
    rows = {row.youth_id: row for row in cohort_rows(session, actor, cohort, badge.slug)}
    if not notes.keys() <= rows.keys():
        raise NotFound("youth")
    errors: dict[str, list[str]] = {}
    awards: list[NewAward] = []
    skipped: list[int] = []
    for youth_id in sorted(notes):
        if rows[youth_id].award is not None:
            skipped.append(youth_id)
            continue
        cleaned = clean_note(notes[youth_id])
        if cleaned is None:
            errors[f"note-{youth_id}"] = [NOTE_MESSAGE]
            continue
        awards.append(
            NewAward(cohort.organization_id, youth_id, badge.slug, STAFF, cleaned, actor.id)
        )
    if errors:
        raise ValidationFailed(errors)
    made = load_awards(session, insert_awards(session, awards))
    audit_awards(session, made, actor)
    got = {a.youth_id for a in made}
    skipped += [a.youth_id for a in awards if a.youth_id not in got]
    return CohortAwards(made, sorted(skipped))


# --- revoking --------------------------------------------------------------------------------


def award_in_reach(session: Session, actor: User, award_id: int, action: Action) -> BadgeAward:
    """The award if the actor may do ``action`` to its youth. Raises NotFound, Forbidden."""
    award = session.get(BadgeAward, award_id)
    if award is None:
        raise NotFound("badge_award")
    require(session, actor, action, award.youth_id)
    return award


def revoke_award(session: Session, actor: User, award_id: int, reason: str) -> BadgeAward:
    """Take an award back (staff and admins in scope) with a reason; it stays listed, as
    revoked, and its credential shows as revoked. Raises NotFound/Forbidden, ValidationFailed
    naming ``reason`` (missing, too long, or the award is already revoked)."""
    award = award_in_reach(session, actor, award_id, Action.AWARD_BADGE)
    if award.revoked_dt is not None:
        raise ValidationFailed(reason=N_("This badge was already taken back."))
    cleaned = clean_note(reason)
    if cleaned is None:
        raise ValidationFailed(
            reason=N_(
                "Say why, in %(min_note)s to %(max_note)s characters.",
                min_note=MIN_NOTE,
                max_note=MAX_NOTE,
            )
        )
    award.revoked_dt = utcnow()
    award.revoked_by_id = actor.id
    award.revoke_reason = cleaned
    session.flush()
    record_event(
        session,
        "badge.revoke",
        actor=actor,
        youth_id=award.youth_id,
        target_type="badge_award",
        target_id=award.id,
        badge=award.badge_slug,
    )
    return award


def own_award(session: Session, actor: User, award_id: int) -> BadgeAward:
    """One of the actor's own awards (youth). Raises NotFound for anyone else's."""
    award = session.get(BadgeAward, award_id)
    if award is None or award.youth_id != actor.id:
        raise NotFound("badge_award")
    require(session, actor, Action.VIEW_YOUTH, award.youth_id)
    return award


def awarder_names(session: Session, awards: Sequence[BadgeAward]) -> dict[int, str]:
    """Display names of the staff who awarded or revoked these (one statement, or none)."""
    ids = {a.awarded_by_id for a in awards} | {a.revoked_by_id for a in awards}
    ids.discard(None)
    if not ids:
        return {}
    return {
        user_id: name
        for user_id, name in session.execute(
            select(User.id, User.display_name).where(User.id.in_(sorted(ids)))
        )
    }
