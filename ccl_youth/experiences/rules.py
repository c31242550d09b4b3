"""The rules an activity must meet, checked in one pass so every wrong field is named at
once: the type, the date (at most a year ahead), the length (1 minute to 24 hours), the cohort
(one of the actor's), the partner and guest speaker (of the actor's organization; archived
partners and their speakers only where the activity already names them), top-level career
clusters, known tactics and attendees in the actor's reach."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User
from ccl_youth.careers.models import CareerCluster
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.errors import ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.core.scoping import visible_cohorts, youth_criteria
from ccl_youth.experiences.models import Activity
from ccl_youth.partners.models import Partner, RoleModel
from ccl_youth.programs.models import Cohort

TITLE_MAX = 200
NOTES_MAX = 5000
KEY_MAX = 64
MIN_MINUTES, MAX_MINUTES = 1, 1440
EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True)
class ActivityInput:
    """What staff enter for an activity. ``minutes`` None means the type's usual length;
    ``tactic_ids`` None means the type's suggested tactics (empty: none); ``attendee_ids`` are
    the youth who attended. On an edit, ``shown_ids`` are the youth the form showed as present
    when it was opened: those left out of ``attendee_ids`` are marked absent (None: everyone
    attending now is shown, so ``attendee_ids`` is the whole list)."""

    type_slug: str
    activity_date: date
    cohort_id: int
    minutes: int | None = None
    title: str = ""
    partner_id: int | None = None
    role_model_id: int | None = None
    cluster_ids: tuple[int, ...] = ()
    tactic_ids: tuple[str, ...] | None = None
    notes: str = ""
    attendee_ids: tuple[int, ...] = ()
    shown_ids: tuple[int, ...] | None = None
    submission_key: str | None = None
    #: How new attendance rows came in: "roster" (the form's checklist) or "api".
    source: str = "roster"


@dataclass(frozen=True)
class Checked:
    """An ActivityInput after every rule held."""

    type_slug: str
    title: str
    activity_date: date
    minutes: int
    cohort: Cohort
    partner_id: int | None
    role_model_id: int | None
    cluster_ids: frozenset[int]
    tactic_ids: frozenset[str]
    notes: str
    attendee_ids: frozenset[int]


def one_year_after(day: date) -> date:
    """The same day a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def _check_scalars(
    catalog: ExperienceCatalog, data: ActivityInput, today: date, errors: dict[str, list[str]]
) -> tuple[str, int, frozenset[str]]:
    """Type, date, minutes, title, notes and tactics; returns (title, minutes, tactic ids)."""
    names = catalog.type_names()
    title, minutes, tactics = " ".join(data.title.split()), data.minutes, data.tactic_ids or ()
    if data.type_slug not in names:
        errors["type_slug"] = [N_("Choose a type of activity from the list.")]
    else:
        kind = catalog.type(data.type_slug)
        title = title or kind.name
        minutes = kind.default_minutes if minutes is None else minutes
        if data.tactic_ids is None:
            tactics = kind.tactics
    if data.activity_date > one_year_after(today):
        errors["activity_date"] = [N_("The date can be at most a year from today.")]
    elif data.activity_date < EARLIEST:
        errors["activity_date"] = [N_("Check the year: the date is too far in the past.")]
    if minutes is not None and not MIN_MINUTES <= minutes <= MAX_MINUTES:
        errors["minutes"] = [N_("Enter the length in minutes, from 1 to 1440 (24 hours).")]
    if len(title) > TITLE_MAX:
        errors["title"] = [N_("Use at most %(title_max)s characters.", title_max=TITLE_MAX)]
    if len(data.notes) > NOTES_MAX:
        errors["notes"] = [N_("Use at most %(notes_max)s characters.", notes_max=NOTES_MAX)]
    unknown = []
    for tactic_id in tactics:
        try:
            catalog.framework.tactic(tactic_id)
        except KeyError:
            unknown.append(tactic_id)
    if unknown:
        errors["tactic_ids"] = [N_("Choose tactics from the list.")]
    return title, minutes or 0, frozenset(tactics)


def _check_partner(
    session: Session,
    actor: User,
    data: ActivityInput,
    current: Activity | None,
    errors: dict[str, list[str]],
) -> None:
    """The partner and the guest speaker: of the actor's organization, and not archived (nor
    a speaker of an archived partner) unless the activity being edited already names them."""
    org = actor.organization_id
    if data.partner_id is not None:
        archived = session.scalar(
            select(Partner.is_archived).where(
                Partner.id == data.partner_id, Partner.organization_id == org
            )
        )
        if archived is None:
            errors["partner_id"] = [N_("Choose a partner from the list.")]
        elif archived and (current is None or current.partner_id != data.partner_id):
            errors["partner_id"] = [N_("This partner is archived. Choose another one.")]
    if data.role_model_id is not None:
        found = session.execute(
            select(RoleModel.id, Partner.is_archived)
            .outerjoin(Partner, Partner.id == RoleModel.partner_id)
            .where(RoleModel.id == data.role_model_id, RoleModel.organization_id == org)
        ).first()
        if found is None:
            errors["role_model_id"] = [N_("Choose a guest speaker from the list.")]
        elif found[1] and (current is None or current.role_model_id != data.role_model_id):
            errors["role_model_id"] = [
                N_("This guest speaker’s partner is archived. Choose another speaker.")
            ]


def check_input(
    session: Session,
    actor: User,
    catalog: ExperienceCatalog,
    data: ActivityInput,
    today: date,
    already: Collection[int] = (),
    current: Activity | None = None,
) -> Checked:
    """Every rule about the input, or ValidationFailed naming each field that is wrong.
    On an edit (``current``), youth attending now (``already``) stay even when out of the
    actor's reach, and so may the activity's own cohort."""
    errors: dict[str, list[str]] = {}
    title, minutes, tactics = _check_scalars(catalog, data, today, errors)
    if current is not None and data.cohort_id == current.cohort_id:
        cohort = session.get(Cohort, data.cohort_id)
    else:
        cohort = session.scalar(visible_cohorts(actor).where(Cohort.id == data.cohort_id))
    if cohort is None:
        errors["cohort_id"] = [N_("Choose one of your cohorts.")]
    _check_partner(session, actor, data, current, errors)
    clusters = frozenset(data.cluster_ids)
    if clusters:
        found = session.scalar(
            select(func.count(CareerCluster.id)).where(
                CareerCluster.id.in_(clusters), CareerCluster.parent_id.is_(None)
            )
        )
        if found != len(clusters):
            errors["cluster_ids"] = [N_("Choose career clusters from the list.")]
    attendees = frozenset(data.attendee_ids)
    newcomers = attendees - set(already)
    if newcomers:
        reachable = set(
            session.scalars(select(User.id).where(*youth_criteria(actor), User.id.in_(newcomers)))
        )
        if outside := len(newcomers - reachable):
            errors["attendees"] = [
                N_(
                    "%(outside)s of the youth chosen are not in your cohorts. Only youth you "
                    "work with can be marked present.",
                    outside=outside,
                )
            ]
    if errors or cohort is None:
        raise ValidationFailed(errors)
    return Checked(
        data.type_slug,
        title,
        data.activity_date,
        minutes,
        cohort,
        data.partner_id,
        data.role_model_id,
        clusters,
        tactics,
        data.notes.strip(),
        attendees,
    )
