"""The résumé items the record gives, before the youth's entries: education (school and grade),
work (placements with verified hours only), extracurricular (activities attended, one line per
program with the count and date span), service (community-service activities, one line each
with the attended hours, and placements of a service type with verified hours, recognised by
the badges held whose rule counts that type) and awards (badges held, not revoked).

Five statements whatever the size of the record. No Flask.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import YouthProfile
from ccl_youth.badges.models import BadgeAward
from ccl_youth.core.content_recognition import RecognitionCatalog
from ccl_youth.core.rules import Labels
from ccl_youth.experiences.models import Activity, Participation
from ccl_youth.partners.models import Partner
from ccl_youth.placements.models import HoursEntry, Placement
from ccl_youth.programs.models import Organization, Program

CATEGORIES: tuple[str, ...] = ("education", "work", "extracurricular", "service", "award", "other")
#: Experience types (content/experience_types.yaml) that are community service.
SERVICE_TYPES: frozenset[str] = frozenset({"community_service"})
#: Rule conditions that count experiences of given types (a badge for service names them).
_TYPED_CONDITIONS = frozenset({"experiences", "verified_hours", "placements_completed"})
SOURCE_KINDS: tuple[str, ...] = ("school", "placement", "program", "activity", "badge_award")

#: Sentences of assembled items, as (singular, plural) pairs for a later ``ngettext``.
ACTIVITIES_LINE = ("{n} activity: {kinds}", "{n} activities: {kinds}")
GRADE_LINE = "Grade {grade}"
KINDERGARTEN = "Kindergarten"


@dataclass(frozen=True, slots=True)
class ResumeItem:
    category: str  # education | work | extracurricular | service | award | other
    title: str
    organization_name: str
    start_date: date | None
    end_date: date | None
    description: str
    hours: Decimal | None  # verified hours only, for work-based learning / service
    recognition: str  # how community service was recognised (badge, certificate …)
    source_kind: str | None  # school | placement | program | activity | badge_award | None
    source_ref: int | None
    entry_id: int | None  # the ResumeEntry row when the youth wrote or edited it
    is_hidden: bool

    @property
    def key(self) -> str:
        """A stable handle for forms and links: ``entry-<id>`` or ``<kind>-<ref>``."""
        if self.source_kind is None:
            return f"entry-{self.entry_id}"
        return f"{self.source_kind}-{self.source_ref}"

    @property
    def is_own(self) -> bool:
        """Written by the youth (not assembled from the record)."""
        return self.source_kind is None


def hours_of(minutes: int) -> Decimal | None:
    """Minutes as hours with two decimals; None for none."""
    if minutes <= 0:
        return None
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


def _service_badges(recognition: RecognitionCatalog | None) -> dict[str, tuple[str, ...]]:
    """Experience type → the badges (content order) whose rule counts that type."""
    found: dict[str, list[str]] = {}
    for badge in recognition.badges if recognition else ():
        if badge.rule is None:
            continue
        for condition in badge.rule.conditions():
            if condition.name in _TYPED_CONDITIONS:
                for slug in condition.among:
                    if badge.slug not in found.setdefault(slug, []):
                        found[slug].append(badge.slug)
    return {slug: tuple(badges) for slug, badges in found.items()}


def _education(session: Session, youth_id: int) -> list[ResumeItem]:
    profile = session.scalar(select(YouthProfile).where(YouthProfile.user_id == youth_id))
    if profile is None:
        return []
    grade = KINDERGARTEN if profile.grade == 0 else GRADE_LINE.format(grade=profile.grade)
    title, description = (profile.school, grade) if profile.school else (grade, "")
    return [_item("education", title, "", None, None, description, None, "", "school", youth_id)]


def _item(
    category: str, title: str, organization: str, start: date | None, end: date | None,
    description: str, hours: Decimal | None, recognition: str, kind: str, ref: int,
) -> ResumeItem:  # fmt: skip
    return ResumeItem(category, title, organization, start, end, description, hours,
                      recognition, kind, ref, None, False)  # fmt: skip


def _placements(
    session: Session, youth_id: int, labels: Labels, recognised: Mapping[str, str]
) -> list[ResumeItem]:
    verified = func.coalesce(
        func.sum(case((HoursEntry.status == "verified", HoursEntry.minutes), else_=0)), 0
    )
    rows = session.execute(
        select(Placement, Partner.name, verified)
        .outerjoin(Partner, Partner.id == Placement.partner_id)
        .outerjoin(HoursEntry, HoursEntry.placement_id == Placement.id)
        .where(Placement.youth_id == youth_id, Placement.status != "planned")
        .group_by(Placement.id, Partner.name)
    )
    items = []
    for placement, partner_name, minutes in rows:
        is_service = placement.type_slug in SERVICE_TYPES
        items.append(
            _item(
                "service" if is_service else "work",
                placement.title,
                partner_name or "",
                placement.start_date,
                placement.end_date,
                labels.name("types", placement.type_slug),
                hours_of(int(minutes or 0)),
                recognised.get(placement.type_slug, "") if is_service else "",
                "placement",
                placement.id,
            )  # fmt: skip
        )
    return items


def _activities(
    session: Session, youth_id: int, labels: Labels, recognised: Mapping[str, str]
) -> list[ResumeItem]:
    rows = session.execute(
        select(Activity, Participation.minutes, Program.name, Organization.name, Partner.name)
        .join(Participation, Participation.activity_id == Activity.id)
        .join(Program, Program.id == Activity.program_id)
        .join(Organization, Organization.id == Program.organization_id)
        .outerjoin(Partner, Partner.id == Activity.partner_id)
        .where(Participation.youth_id == youth_id)
        .order_by(Activity.activity_date, Activity.id)
    )
    items: list[ResumeItem] = []
    groups: dict[int, tuple[str, str, list[date], Counter[str]]] = {}
    for activity, minutes, program_name, org_name, partner_name in rows:
        if activity.type_slug in SERVICE_TYPES:
            items.append(
                _item(
                    "service",
                    activity.title,
                    partner_name or program_name,
                    activity.activity_date,
                    activity.activity_date,
                    "",  # the heading says what it was
                    hours_of(minutes),
                    recognised.get(activity.type_slug, ""),
                    "activity",
                    activity.id,
                )  # fmt: skip
            )
            continue
        group = groups.setdefault(activity.program_id, (program_name, org_name, [], Counter()))
        group[2].append(activity.activity_date)
        group[3][activity.type_slug] += 1
    for program_id, (program_name, org_name, dates, kinds) in groups.items():
        count = len(dates)
        names = ", ".join(
            labels.name("types", slug) + (f" ({n})" if n > 1 else "")
            for slug, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        line = ACTIVITIES_LINE[0 if count == 1 else 1].format(n=count, kinds=names)
        items.append(
            _item(
                "extracurricular",
                program_name,
                org_name,
                min(dates),
                max(dates),
                line,
                None,
                "",
                "program",
                program_id,
            )  # fmt: skip
        )
    return items


def _awards(session: Session, youth_id: int, labels: Labels) -> list[tuple[str, ResumeItem]]:
    """(badge slug, item) of each badge held."""
    rows = session.execute(
        select(BadgeAward, Organization.name)
        .join(Organization, Organization.id == BadgeAward.organization_id)
        .where(BadgeAward.youth_id == youth_id, BadgeAward.revoked_dt.is_(None))
    )
    return [
        (award.badge_slug,
         _item("award", labels.name("badges", award.badge_slug), org_name,
               award.awarded_dt.date(), None, "", None, "", "badge_award", award.id))
        for award, org_name in rows
    ]  # fmt: skip


def assembled_items(
    session: Session, youth_id: int, recognition: RecognitionCatalog | None = None
) -> list[ResumeItem]:
    """What the record says, before the youth's entries (five statements at most)."""
    labels = recognition.labels if recognition else Labels()
    held = _awards(session, youth_id, labels)
    # A service item is recognised only by the badges the youth holds.
    held_slugs = {slug for slug, _ in held}
    recognised = {
        slug: ", ".join(labels.name("badges", b) for b in badges if b in held_slugs)
        for slug, badges in _service_badges(recognition).items()
    }
    items = _education(session, youth_id)
    items += _placements(session, youth_id, labels, recognised)
    items += _activities(session, youth_id, labels, recognised)
    return items + [item for _, item in held]
