"""Reading a youth's portfolio from the record: ``build_portfolio`` puts the youth's choices,
the records each section could show, the latest interest result and the growth of each
confirmed skill together. No access check here: the services ask the policy first, and a
share link is its own permission. A fixed number of statements whatever the size of the
record (the skill history is two, for any number of skills).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.content_recognition import RecognitionCatalog
from ccl_youth.portfolio import layout, records
from ccl_youth.portfolio.models import Portfolio, PortfolioItem, PortfolioSection
from ccl_youth.skills.levels import LevelPoint, skill_history


def skill_growth(
    points: Sequence[LevelPoint], recognition: RecognitionCatalog
) -> list[layout.SkillLevel]:
    """Each skill of a history (oldest first): its first confirmed level and day, and its
    highest level and the day that level was first confirmed. Highest level first, then in
    content order. Pure."""
    first: dict[str, LevelPoint] = {}
    best: dict[str, LevelPoint] = {}
    for point in points:
        first.setdefault(point.skill_slug, point)
        top = best.get(point.skill_slug)
        if top is None or point.level > top.level:
            best[point.skill_slug] = point
    order = {skill.slug: n for n, skill in enumerate(recognition.skills)}
    slugs = sorted(best, key=lambda s: (-best[s].level, order.get(s, len(order)), s))
    return [
        layout.SkillLevel(
            name=records.skill_name(recognition, slug),
            level=best[slug].level,
            reached_on=best[slug].dt.date(),
            first_level=first[slug].level,
            first_on=first[slug].dt.date(),
        )
        for slug in slugs
    ]


def build_portfolio(
    session: Session,
    youth: User,
    experiences: ExperienceCatalog,
    recognition: RecognitionCatalog,
    shared_only: bool = False,
) -> tuple[layout.Portfolio, dict[str, list[layout.Entry]]]:
    """The youth's portfolio and every record it could show. No access check: callers ask
    the policy (or hold a share link). ``shared_only``: only reflections shared with family."""
    mine = session.get(Portfolio, youth.id)
    rows = {
        row.kind: (row.position, row.is_shown)
        for row in session.scalars(
            select(PortfolioSection).where(PortfolioSection.youth_id == youth.id)
        )
    }
    choices = [
        layout.Choice(item.kind, item.ref_id, item.position, item.note)
        for item in session.scalars(select(PortfolioItem).where(PortfolioItem.youth_id == youth.id))
    ]
    found = records.candidates(
        session, youth.id, youth.organization_id, experiences, recognition, shared_only
    )
    portfolio = layout.assemble(
        youth.id,
        youth.display_name,
        mine.headline if mine else "",
        mine.about_me if mine else "",
        rows,
        choices,
        found,
        records.latest_interests(session, youth.id),
        skill_growth(skill_history(session, youth.id), recognition),
    )
    return portfolio, found
