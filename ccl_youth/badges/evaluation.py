"""Automatic badge awards: decide which badge rules a youth's record now meets and award each
badge once (``awarding`` writes them). No Flask: the catalogs come in as parameters.

Which badges (``newly_met``, pure): every badge with a rule, in dependency order (``rule_order``),
so a badge whose rule names another badge, or counts badges held, sees the awards made earlier in
the same pass. A badge the youth ever had is never awarded again by a rule, revoked or not: a
revocation is staff's decision and stays.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.badges.awarding import NewAward, audit_awards, insert_awards, load_awards
from ccl_youth.badges.models import BadgeAward
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.content_recognition import Badge, RecognitionCatalog
from ccl_youth.core.rules import YouthFacts, is_met
from ccl_youth.progress.facts import chunks, load_facts

#: Conditions that read the badges a youth holds.
BADGE_CONDITIONS = frozenset({"badge", "badges"})
MILESTONE_CONDITIONS = frozenset({"milestone", "milestones"})


# --- which badges (pure) ---------------------------------------------------------------------


def rule_order(badges: Iterable[Badge]) -> list[Badge]:
    """The badges that have a rule, each after every badge its rule names (``badge``); badges
    whose rule counts badges held (``badges``) after all that do not. Otherwise content order.
    A cycle (content validation refuses ``badge`` cycles) keeps the rest in content order."""
    ruled = [b for b in badges if b.rule is not None]
    counting = {
        b.slug for b in ruled if b.rule is not None and "badges" in b.rule.condition_names()
    }
    needs: dict[str, set[str]] = {}
    for badge in ruled:
        assert badge.rule is not None
        wanted = set(badge.rule.badge_slugs())
        if badge.slug in counting:
            wanted |= {b.slug for b in ruled if b.slug not in counting}
        needs[badge.slug] = wanted & {b.slug for b in ruled} - {badge.slug}
    ordered: list[Badge] = []
    placed: set[str] = set()
    while len(ordered) < len(ruled):
        ready = [b for b in ruled if b.slug not in placed and needs[b.slug] <= placed]
        if not ready:  # a cycle: the rest as content lists them
            ready = [b for b in ruled if b.slug not in placed]
        for badge in ready:
            ordered.append(badge)
            placed.add(badge.slug)
    return ordered


def newly_met(
    facts: Mapping[int, YouthFacts],
    order: Sequence[Badge],
    ever_had: Mapping[int, frozenset[str]],
) -> dict[int, list[str]]:
    """For each youth, the badges of ``order`` (``rule_order``) whose rule holds and that the
    youth never had (``ever_had``: every award, revoked or not), in the order awarded. A badge
    won here counts for the rules after it; when a rule counts badges, passes repeat until
    nothing more is won. Youth who win nothing are left out."""
    # Later passes look only at rules that read badges: the others' facts have not changed.
    again = [b for b in order if b.rule is not None and b.rule.condition_names() & BADGE_CONDITIONS]
    won_by: dict[int, list[str]] = {}
    for youth_id, youth_facts in facts.items():
        skip = set(ever_had.get(youth_id, frozenset())) | set(youth_facts.badges)
        current = youth_facts
        won: list[str] = []
        candidates = order
        while True:
            before = len(won)
            for badge in candidates:
                if badge.slug in skip or badge.rule is None:
                    continue
                if is_met(badge.rule, current):
                    won.append(badge.slug)
                    skip.add(badge.slug)
                    current = replace(current, badges=current.badges | {badge.slug})
            if not again or len(won) == before:
                break
            candidates = again
        if won:
            won_by[youth_id] = won
    return won_by


# --- re-evaluating youth ------------------------------------------------------------------------


def youth_awards(
    session: Session, youth_ids: Sequence[int]
) -> tuple[dict[int, int], dict[int, frozenset[str]]]:
    """Each youth's organization, and every badge each was ever awarded, revoked or not (one
    statement per ``CHUNK`` youth)."""
    organizations: dict[int, int] = {}
    found: dict[int, set[str]] = {}
    for ids in chunks(youth_ids):
        for youth_id, organization_id, slug in session.execute(
            select(User.id, User.organization_id, BadgeAward.badge_slug)
            .outerjoin(BadgeAward, BadgeAward.youth_id == User.id)
            .where(User.id.in_(ids))
        ):
            organizations[youth_id] = organization_id
            if slug is not None:
                found.setdefault(youth_id, set()).add(slug)
    return organizations, {youth_id: frozenset(slugs) for youth_id, slugs in found.items()}


def with_milestones(
    facts: dict[int, YouthFacts], recognition: RecognitionCatalog, order: Sequence[Badge]
) -> dict[int, YouthFacts]:
    """Fill each youth's milestones first when some badge rule reads them."""
    if not any(
        b.rule is not None and b.rule.condition_names() & MILESTONE_CONDITIONS for b in order
    ):
        return facts
    return {youth_id: recognition.with_milestones(f) for youth_id, f in facts.items()}


def reevaluate(
    session: Session,
    youth_ids: Sequence[int],
    recognition: RecognitionCatalog,
    experiences: ExperienceCatalog,
    today: date,
) -> list[BadgeAward]:
    """Award every badge whose rule the youth now meet and never had; the awards made (method
    "rule", audited). No access check: this follows changes other services made. Statements:
    ``load_facts``' 10 per 500 youth, then 5 more (awards held, next indexes, the INSERT — one
    per 1,000 awards —, the awards made, their audit events); 15 in all for a cohort of 500."""
    ids = sorted(set(youth_ids))
    order = rule_order(recognition.badges)
    if not ids or not order:
        return []
    facts = with_milestones(load_facts(session, ids, experiences, today), recognition, order)
    if not facts:
        return []
    organizations, ever = youth_awards(session, list(facts))
    won = newly_met(facts, order, ever)
    if not won:
        return []
    awards = [
        NewAward(organizations[youth_id], youth_id, slug)
        for youth_id, slugs in sorted(won.items())
        if youth_id in organizations
        for slug in slugs
    ]
    made = load_awards(session, insert_awards(session, awards))
    audit_awards(session, made)
    return made
