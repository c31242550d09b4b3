"""What a youth's badge pages and the API show: the badges earned, those taken back, and
"almost there" — the unearned badges the youth is closest to, with their steps in plain words.
No Flask: the catalogs come in as parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.badges.evaluation import rule_order, with_milestones
from ccl_youth.badges.models import BadgeAward
from ccl_youth.badges.services import awarder_names, find_badge
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.content_recognition import Badge, RecognitionCatalog
from ccl_youth.core.policies import Action, require
from ccl_youth.core.rules import Outcome, YouthFacts, evaluate
from ccl_youth.progress.facts import load_facts

#: How many "almost there" badges a youth sees.
ALMOST_THERE = 3


@dataclass(frozen=True)
class Held:
    """An award with its badge (None when content no longer has that badge)."""

    award: BadgeAward
    badge: Badge | None


@dataclass(frozen=True)
class Almost:
    badge: Badge
    outcome: Outcome


@dataclass(frozen=True)
class BadgeBoard:
    youth: User
    earned: list[Held]  # newest first
    revoked: list[Held]  # newest first
    almost: list[Almost]  # closest first
    #: Badges the youth never had (revoked ones excluded): what staff may still award.
    available: list[Badge]
    #: Display names of the staff who awarded or revoked, by id.
    people: dict[int, str]


def almost_there(
    facts: YouthFacts,
    recognition: RecognitionCatalog,
    ever_had: frozenset[str],
    limit: int = ALMOST_THERE,
) -> list[Almost]:
    """The ``limit`` unearned rule badges with the most progress (below 1; ties in content
    order), each with its steps. Badges the youth ever had, revoked ones too, are left out."""
    labels = recognition.labels
    found = []
    for position, badge in enumerate(rule_order(recognition.badges)):
        if badge.slug in ever_had or badge.slug in facts.badges or badge.rule is None:
            continue
        outcome = evaluate(badge.rule, facts, labels)
        if outcome.progress < 1:
            found.append((-outcome.progress, position, Almost(badge, outcome)))
    found.sort(key=lambda item: item[:2])
    return [item[2] for item in found[:limit]]


def badge_board(
    session: Session,
    actor: User,
    youth_id: int,
    recognition: RecognitionCatalog,
    experiences: ExperienceCatalog,
    today: date,
) -> BadgeBoard:
    """A youth's badges for the youth, their family, staff or admins in scope; a view by
    anyone else than the youth is audited. Raises NotFound/Forbidden."""
    require(session, actor, Action.VIEW_YOUTH, youth_id)
    youth = session.get_one(User, youth_id)
    awards = list(
        session.scalars(
            select(BadgeAward)
            .where(BadgeAward.youth_id == youth_id)
            .order_by(BadgeAward.awarded_dt.desc(), BadgeAward.id.desc())
        )
    )
    earned = [
        Held(a, find_badge(recognition, a.badge_slug)) for a in awards if a.revoked_dt is None
    ]
    revoked = sorted(
        (
            Held(a, find_badge(recognition, a.badge_slug))
            for a in awards
            if a.revoked_dt is not None
        ),
        key=lambda h: (h.award.revoked_dt, h.award.id),
        reverse=True,
    )
    ever_had = frozenset(a.badge_slug for a in awards)
    facts = load_facts(session, [youth_id], experiences, today).get(youth_id)
    almost: list[Almost] = []
    if facts is not None:
        facts = with_milestones({youth_id: facts}, recognition, rule_order(recognition.badges))[
            youth_id
        ]
        almost = almost_there(facts, recognition, ever_had)
    if actor.id != youth_id:
        record_event(
            session, "youth.view", actor=actor, youth_id=youth_id, target_type="user",
            target_id=youth_id, section="badges",
        )  # fmt: skip
    return BadgeBoard(
        youth=youth,
        earned=earned,
        revoked=revoked,
        almost=almost,
        available=[b for b in recognition.badges if b.slug not in ever_had],
        people=awarder_names(session, awards),
    )
