"""An organization's own graduation requirements (HSBP.md §2.3 (xvi): district
customization): admins edit the areas (name, credits in quarters, order), add local areas and
remove areas, starting from the content default; "reset to default" deletes the rows.

Every function asks the policy (``MANAGE_ORGANIZATION``), flushes, never commits and audits
with counts only. A save replaces the organization's rows as a whole, so it is all or nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.audit.services import record_event
from ccl_youth.core.content_plans import PlanCatalog, RequirementArea
from ccl_youth.core.errors import ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action, require
from ccl_youth.plans.models import GraduationRequirement
from ccl_youth.plans.requirements import requirements_for
from ccl_youth.plans.rules import whole_number
from ccl_youth.programs.models import Organization

NAME_MAX = 120
SLUG_MAX = 40
AREAS_MAX = 30
MIN_CREDITS, MAX_CREDITS = Decimal("0.25"), Decimal(40)
POSITION_MAX = 99
SLUG = re.compile(r"[a-z0-9_]{1,40}")


@dataclass(frozen=True)
class AreaInput:
    """One area as typed: ``area`` is the slug of an existing area ("" for a new one)."""

    area: str
    name: str
    credits: str
    position: str = ""
    remove: bool = False


@dataclass(frozen=True)
class RequirementsView:
    areas: tuple[RequirementArea, ...]
    is_custom: bool  # the organization has its own rows

    @property
    def total(self) -> Decimal:
        return sum((area.credits for area in self.areas), Decimal(0))


def _organization(session: Session, actor: User) -> Organization:
    organization = session.get(Organization, actor.organization_id)
    assert organization is not None
    require(session, actor, Action.MANAGE_ORGANIZATION, organization)
    return organization


def requirements_view(session: Session, actor: User, catalog: PlanCatalog) -> RequirementsView:
    """The areas the organization uses now and whether they are its own. Raises Forbidden."""
    organization = _organization(session, actor)
    custom = session.scalar(
        select(GraduationRequirement.id)
        .where(GraduationRequirement.organization_id == organization.id)
        .limit(1)
    )
    return RequirementsView(
        requirements_for(session, organization.id, catalog), is_custom=custom is not None
    )


def slug_for(name: str) -> str:
    """A slug for a new local area: "Financial Literacy!" → "financial_literacy"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:SLUG_MAX].strip("_")


def parse_credits(text: str) -> Decimal | None:
    """Credits as typed ("1", "0.5", "1.25"); None unless a number in quarters from 0.25 to
    40."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or not MIN_CREDITS <= value <= MAX_CREDITS:
        return None
    return value if value * 4 == int(value * 4) else None


def _clean(
    rows: Sequence[AreaInput], prefix: str, errors: dict[str, list[str]], known: set[str]
) -> list[tuple[str, str, Decimal, int]]:
    """(slug, name, credits, position) of the rows kept; problems go into ``errors``."""
    kept = []
    for index, row in enumerate(rows):
        key = prefix.format(index=index)
        if row.remove or (not row.area and not row.name.strip() and not row.credits.strip()):
            continue
        name = " ".join(row.name.split())
        slug = row.area if row.area in known else slug_for(name)
        if not name:
            errors.setdefault(f"{key}name", []).append(N_("Give the area a name."))
        elif len(name) > NAME_MAX:
            errors.setdefault(f"{key}name", []).append(
                N_("Keep the name to %(name_max)s characters or less.", name_max=NAME_MAX)
            )
        elif not slug:
            errors.setdefault(f"{key}name", []).append(
                N_("Use some letters or digits in the name.")
            )
        credits = parse_credits(row.credits)
        if credits is None:
            errors.setdefault(f"{key}credits", []).append(
                N_("Credits must be a number from 0.25 to 40, in quarters (like 1, 0.5 or 1.25).")
            )
        position = index + 1
        if row.position.strip():
            typed = whole_number(row.position, range(1, POSITION_MAX + 1))
            if typed is None:
                errors.setdefault(f"{key}position", []).append(
                    N_(
                        "Order must be a whole number from 1 to %(position_max)s.",
                        position_max=POSITION_MAX,
                    )
                )
            else:
                position = typed
        kept.append((slug, name, credits or Decimal(0), position))
    return kept


def save_requirements(
    session: Session,
    actor: User,
    catalog: PlanCatalog,
    rows: Sequence[AreaInput],
    new: AreaInput | None = None,
) -> list[GraduationRequirement]:
    """Replace the organization's areas with ``rows`` (minus removed ones) plus ``new``.
    Field errors are keyed ``areas-<i>-<field>`` and ``new_<field>``. Raises Forbidden,
    ValidationFailed (nothing saved)."""
    organization = _organization(session, actor)
    known = {row.area for row in rows if SLUG.fullmatch(row.area)}
    errors: dict[str, list[str]] = {}
    kept = _clean(rows, "areas-{index}-", errors, known)
    if new is not None:
        extra = _clean([new], "new_", errors, known)
        kept += [(s, n, c, p if new.position.strip() else len(rows) + 1) for s, n, c, p in extra]
    seen: set[str] = set()
    for index, (slug, _name, _credits, _position) in enumerate(kept):
        if slug and slug in seen:
            field = "new_name" if new is not None and index == len(kept) - 1 else "areas"
            errors.setdefault(field, []).append(N_("Two areas have the same name; rename one."))
        seen.add(slug)
    if not kept and not errors:
        errors["areas"] = [N_("Keep at least one area, or reset to the default.")]
    if len(kept) > AREAS_MAX:
        errors["areas"] = [N_("Keep to %(areas_max)s areas or fewer.", areas_max=AREAS_MAX)]
    if errors:
        raise ValidationFailed(errors)
    session.execute(
        delete(GraduationRequirement).where(
            GraduationRequirement.organization_id == organization.id
        )
    )
    ordered = sorted(enumerate(kept), key=lambda pair: (pair[1][3], pair[0]))
    saved = [
        GraduationRequirement(
            organization_id=organization.id, area=slug, name=name, credits=credits,
            position=order,
        )
        for order, (_index, (slug, name, credits, _position)) in enumerate(ordered, start=1)
    ]  # fmt: skip
    session.add_all(saved)
    session.flush()
    total = sum((row.credits for row in saved), Decimal(0))
    record_event(
        session, "plan.requirements_save", actor=actor, organization_id=organization.id,
        target_type="organization", target_id=organization.id, areas=len(saved),
        total_credits=str(total),
    )  # fmt: skip
    return saved


def reset_requirements(session: Session, actor: User) -> int:
    """Delete the organization's own areas so the content default applies again; how many
    were deleted. Raises Forbidden."""
    organization = _organization(session, actor)
    result = session.execute(
        delete(GraduationRequirement).where(
            GraduationRequirement.organization_id == organization.id
        )
    )
    count = int(getattr(result, "rowcount", 0) or 0)
    session.flush()
    record_event(
        session, "plan.requirements_reset", actor=actor, organization_id=organization.id,
        target_type="organization", target_id=organization.id, areas=count,
    )  # fmt: skip
    return count
