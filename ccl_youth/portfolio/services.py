"""The portfolio: the youth arranges it (their words at the top, which sections show and in
what order, which records each section shows, with a note each); the youth, and staff, admins
and linked family who may see the youth, read it.

Every function takes the session and the actor and asks the policy (``CURATE_PORTFOLIO`` for
the youth's own changes and reading, ``VIEW_YOUTH`` for anyone else), flushes, never commits.
Family members read only the reflections the youth shared with them. Audit events carry ids
and field names only.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.content_recognition import RecognitionCatalog
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action, require
from ccl_youth.core.roles import Role
from ccl_youth.db import utcnow
from ccl_youth.portfolio import layout, records
from ccl_youth.portfolio.models import Portfolio, PortfolioItem, PortfolioSection
from ccl_youth.portfolio.reading import build_portfolio


@dataclass(frozen=True)
class SectionInput:
    """One row of the sections form: ``position`` None keeps the row's place."""

    kind: str
    position: int | None
    is_shown: bool


@dataclass(frozen=True)
class ItemInput:
    """One row of a section's records form: ``ref`` is "<kind>:<id>"."""

    ref: str
    is_shown: bool
    position: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Curation:
    """What the curation pages show: the portfolio as it reads now, every record each
    section could show (newest first) and the youth's current picks by (kind, id)."""

    portfolio: layout.Portfolio
    candidates: dict[str, list[layout.Entry]]
    picks: dict[tuple[str, int], PortfolioItem]


# --- reading ---------------------------------------------------------------------------------


def _youth(session: Session, youth_id: int) -> User:
    youth = session.get(User, youth_id)
    if youth is None or youth.role != Role.YOUTH.value:
        raise NotFound("youth")
    return youth


def portfolio_for(
    session: Session,
    actor: User,
    youth_id: int,
    experiences: ExperienceCatalog,
    recognition: RecognitionCatalog,
    form: str = "page",
) -> layout.Portfolio:
    """The youth's portfolio for the youth or anyone who may see them (family: shared
    reflections only). A view by someone else is audited with its ``form`` (page, pdf, api).

    Raises NotFound (out of scope), Forbidden."""
    if actor.id == youth_id:
        require(session, actor, Action.CURATE_PORTFOLIO, youth_id)
    else:
        require(session, actor, Action.VIEW_YOUTH, youth_id)
    youth = _youth(session, youth_id)
    shared_only = actor.role == Role.FAMILY.value
    portfolio, _found = build_portfolio(session, youth, experiences, recognition, shared_only)
    if actor.id != youth_id:
        record_event(
            session,
            "portfolio.view",
            actor=actor,
            youth_id=youth_id,
            target_type="youth",
            target_id=youth_id,
            format=form,
        )
    return portfolio


def curation_for(
    session: Session, youth: User, experiences: ExperienceCatalog, recognition: RecognitionCatalog
) -> Curation:
    """The youth's own portfolio with everything it could show. Raises Forbidden (not a
    youth)."""
    require(session, youth, Action.CURATE_PORTFOLIO, youth.id)
    portfolio, found = build_portfolio(session, youth, experiences, recognition)
    for entries in found.values():
        entries.sort(key=lambda e: (e.day, e.ref_id), reverse=True)
    picks = {
        (item.kind, item.ref_id): item
        for item in session.scalars(select(PortfolioItem).where(PortfolioItem.youth_id == youth.id))
    }
    return Curation(portfolio, found, picks)


# --- the youth's changes ---------------------------------------------------------------------


def save_about(session: Session, youth: User, headline: str, about_me: str) -> Portfolio:
    """The youth's headline and "about me". Audited when something changed.

    Raises Forbidden, ValidationFailed (too long)."""
    require(session, youth, Action.CURATE_PORTFOLIO, youth.id)
    headline, about_me = (headline or "").strip(), (about_me or "").strip()
    errors: dict[str, list[str]] = {}
    if len(headline) > layout.HEADLINE_MAX:
        errors["headline"] = [
            N_(
                "Keep your headline to %(headline_max)s characters or less.",
                headline_max=layout.HEADLINE_MAX,
            )
        ]
    if len(about_me) > layout.ABOUT_MAX:
        errors["about_me"] = [
            N_("Keep this to %(about_max)s characters or less.", about_max=layout.ABOUT_MAX)
        ]
    if errors:
        raise ValidationFailed(errors)
    mine = session.get(Portfolio, youth.id)
    if mine is None:
        mine = Portfolio(youth_id=youth.id, headline="", about_me="")
        session.add(mine)
    changed = [
        n for n, v in (("headline", headline), ("about_me", about_me)) if getattr(mine, n) != v
    ]
    if changed:
        mine.headline, mine.about_me = headline, about_me
        mine.updated_dt = utcnow()
        session.flush()
        record_event(
            session,
            "portfolio.update",
            actor=youth,
            youth_id=youth.id,
            target_type="youth",
            target_id=youth.id,
            fields=changed,
        )
    return mine


def place_key(row: int, position: int | None) -> tuple[int, int, int]:
    """How a posted row sorts: by its place number (blank: where it stands, ``row + 1``); on
    a tie, a row moved up to that number goes before one that stayed, one moved down after."""
    here = row + 1
    wanted = position or here
    return wanted, (0 if wanted < here else 1 if wanted == here else 2), row


def save_sections(session: Session, youth: User, rows: list[SectionInput]) -> None:
    """The order of the sections and which show: rows sorted by position (``place_key``);
    sections not posted follow in the order they had. Audited.

    Raises Forbidden, ValidationFailed (``sections-<n>-kind`` for an unknown or repeated kind,
    ``sections-<n>-position`` for a position out of range)."""
    require(session, youth, Action.CURATE_PORTFOLIO, youth.id)
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    for n, row in enumerate(rows):
        if row.kind not in layout.SECTION_KINDS:
            errors[f"sections-{n}-kind"] = [N_("There is no such section.")]
        elif row.kind in seen:
            errors[f"sections-{n}-kind"] = [N_("Each section can appear only once.")]
        seen.add(row.kind)
        if row.position is not None and not 1 <= row.position <= len(layout.SECTION_KINDS):
            errors[f"sections-{n}-position"] = [
                N_(
                    "Pick a place from 1 to %(section_kinds)s.",
                    section_kinds=len(layout.SECTION_KINDS),
                )
            ]
    if errors:
        raise ValidationFailed(errors)
    existing = {
        row.kind: row
        for row in session.scalars(
            select(PortfolioSection).where(PortfolioSection.youth_id == youth.id)
        )
    }
    before = layout.section_order({k: (r.position, r.is_shown) for k, r in existing.items()})
    posted = sorted(enumerate(rows), key=lambda nr: place_key(nr[0], nr[1].position))
    order = [(posted_row.kind, posted_row.is_shown) for _n, posted_row in posted]
    order += [(kind, shown) for kind, shown in before if kind not in seen]
    for position, (kind, shown) in enumerate(order, start=1):
        saved = existing.get(kind)
        if saved is None:
            session.add(
                PortfolioSection(youth_id=youth.id, kind=kind, position=position, is_shown=shown)
            )
        else:
            saved.position, saved.is_shown = position, shown
    session.flush()
    if order != before:
        record_event(
            session,
            "portfolio.sections",
            actor=youth,
            youth_id=youth.id,
            target_type="youth",
            target_id=youth.id,
            shown=[k for k, s in order if s],
        )


def _parse_ref(ref: str) -> tuple[str, int] | None:
    kind, _sep, number = (ref or "").partition(":")
    if not number.isascii() or not number.isdigit() or len(number) > 10:
        return None
    return kind, int(number)


def save_items(
    session: Session,
    youth: User,
    section: str,
    rows: list[ItemInput],
    experiences: ExperienceCatalog,
    recognition: RecognitionCatalog,
) -> int:
    """Which records a section shows, in which order, each with a note: the rows ticked
    ``is_shown``, by position (``place_key``). None ticked: the section shows its
    default again. Only the youth's own records that the section can show may be picked.
    The number of records picked; audited.

    Raises Forbidden, ValidationFailed (``section``; ``items-<n>-ref`` for a record that is
    not the youth's or not of this section; ``items-<n>-note``; ``items``: too many)."""
    require(session, youth, Action.CURATE_PORTFOLIO, youth.id)
    kinds = layout.ITEM_KINDS.get(section)
    if kinds is None:
        raise ValidationFailed(section=N_("There is no such section with records to pick."))
    found = records.candidates(session, youth.id, youth.organization_id, experiences, recognition)
    mine = {(entry.kind, entry.ref_id) for kind in kinds for entry in found[kind]}
    errors: dict[str, list[str]] = {}
    picked: list[tuple[tuple[int, int, int], str, int, str]] = []
    seen: set[tuple[str, int]] = set()
    for n, row in enumerate(rows):
        key = _parse_ref(row.ref)
        if key is None or key not in mine:
            errors[f"items-{n}-ref"] = [N_("This is not one of your records for this section.")]
            continue
        if key in seen:
            errors[f"items-{n}-ref"] = [N_("Each record can appear only once.")]
        seen.add(key)
        note = (row.note or "").strip()
        if len(note) > layout.NOTE_MAX:
            errors[f"items-{n}-note"] = [
                N_("Keep each note to %(note_max)s characters or less.", note_max=layout.NOTE_MAX)
            ]
        if row.is_shown:
            picked.append((place_key(n, row.position), key[0], key[1], note))
    if len(picked) > layout.CHOSEN_MAX:
        errors["items"] = [N_("Pick up to %(chosen_max)s records.", chosen_max=layout.CHOSEN_MAX)]
    if errors:
        raise ValidationFailed(errors)
    session.execute(
        delete(PortfolioItem).where(
            PortfolioItem.youth_id == youth.id, PortfolioItem.kind.in_(kinds)
        )
    )
    for position, (_key, kind, ref_id, note) in enumerate(sorted(picked), start=1):
        session.add(
            PortfolioItem(youth_id=youth.id, kind=kind, ref_id=ref_id, position=position, note=note)
        )
    session.flush()
    record_event(
        session,
        "portfolio.items",
        actor=youth,
        youth_id=youth.id,
        target_type="youth",
        target_id=youth.id,
        section=section,
        count=len(picked),
    )
    return len(picked)
