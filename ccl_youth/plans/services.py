"""The High School and Beyond Plan: one version per school year, started (or copied from the
year before) by the youth, staff or an admin, changed only while it is the current school
year's version, signed off by staff.

Every function takes the session, the acting user and plain values, asks the policy
(``VIEW_YOUTH`` to read, ``EDIT_PLAN`` to change, ``SIGN_OFF_PLAN`` to sign), flushes and never
commits. Audit events carry ids and field names only. Any change to a signed version clears
its sign-off: the signature is for the plan as it was signed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.audit.services import record_event
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.content_plans import PlanCatalog
from ccl_youth.core.content_recognition import RecognitionCatalog
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.i18n import N_
from ccl_youth.core.policies import Action, require
from ccl_youth.db import utcnow
from ccl_youth.plans.document import build_plan_document
from ccl_youth.plans.document_types import PlanDocument, school_year_label
from ccl_youth.plans.models import Plan
from ccl_youth.plans.rules import (
    SIGN_OFF_NOTE_MAX,
    TEXT_FIELDS,
    PlanInput,
    clean_plan,
    grade_problem,
    school_year_of,
    split_pathways,
)


@dataclass(frozen=True)
class PlanState:
    """What a plan page shows, as plain values (pages commit their audit event before they
    render): the youth, whether they may have a plan, the school years there are versions for,
    the one shown (``year``, with its ``document``) and whether it may change."""

    youth_id: int
    youth_name: str
    grade: int | None
    grade_problem: str | None
    current_year: int
    years: tuple[int, ...]
    year: int | None
    document: PlanDocument | None
    is_editable: bool

    @property
    def can_start(self) -> bool:
        """No version for this school year yet, and the youth is in grades 7–12."""
        return self.grade_problem is None and self.current_year not in self.years

    @property
    def current_label(self) -> str:
        return school_year_label(self.current_year)


def youth_grade(session: Session, youth_id: int) -> int | None:
    return session.scalar(select(YouthProfile.grade).where(YouthProfile.user_id == youth_id))


def versions_of(session: Session, youth_id: int) -> list[Plan]:
    """Every version of the youth's plan, the newest school year first."""
    return list(
        session.scalars(
            select(Plan).where(Plan.youth_id == youth_id).order_by(Plan.school_year.desc())
        )
    )


def plan_state(
    session: Session,
    actor: User,
    youth_id: int,
    catalog: PlanCatalog,
    today: date,
    year: int | None = None,
    experiences: ExperienceCatalog | None = None,
    recognition: RecognitionCatalog | None = None,
) -> PlanState:
    """The youth's plan as of ``today``: the version of school year ``year`` (default: the
    newest) with its whole document. A view by someone else is audited.

    Raises NotFound (out of scope, or no version for ``year``), Forbidden."""
    require(session, actor, Action.VIEW_YOUTH, youth_id)
    youth = session.get(User, youth_id)
    if youth is None:
        raise NotFound("youth")
    grade = youth_grade(session, youth_id)
    versions = versions_of(session, youth_id)
    plan = next((v for v in versions if year is None or v.school_year == year), None)
    if year is not None and plan is None:
        raise NotFound("plan")
    current = school_year_of(today)
    problem = grade_problem(grade)
    document = None
    if plan is not None:
        document = build_plan_document(session, plan, catalog, experiences, recognition)
    if actor.id != youth_id:
        record_event(session, "plan.view", actor=actor, youth_id=youth_id, target_type="plan",
                     target_id=plan.id if plan else None)  # fmt: skip
    return PlanState(
        youth_id=youth.id,
        youth_name=youth.display_name,
        grade=grade,
        grade_problem=problem,
        current_year=current,
        years=tuple(v.school_year for v in versions),
        year=plan.school_year if plan is not None else None,
        document=document,
        is_editable=plan is not None and problem is None and _is_editable(plan, versions, current),
    )


def _is_editable(plan: Plan, versions: list[Plan], current_year: int) -> bool:
    return plan.school_year == current_year and plan.school_year == versions[0].school_year


def refused_version(plan: Plan, current_year: int) -> ValidationFailed:
    return ValidationFailed(
        school_year=(
            N_(
                "This is the plan for %(school_year)s, an earlier school year: it can no longer "
                "change. Only the plan for %(current_year)s can change.",
                school_year=school_year_label(plan.school_year),
                current_year=school_year_label(current_year),
            )
        )
    )


def editable_plan(
    session: Session,
    actor: User,
    youth_id: int,
    today: date,
    year: int | None = None,
    action: Action = Action.EDIT_PLAN,
) -> Plan:
    """The version the actor may change: the one of the current school year (``year``, when
    given, must be that year), which is also the newest, of a youth in grades 7–12 now.

    Raises NotFound (out of scope, or no such version), Forbidden, ValidationFailed
    (``school_year``: an earlier year's version; ``grade``: the youth's grade is now unknown
    or outside 7–12, so the plan can be read but not changed)."""
    require(session, actor, action, youth_id)
    current = school_year_of(today)
    versions = versions_of(session, youth_id)
    wanted = current if year is None else year
    plan = next((v for v in versions if v.school_year == wanted), None)
    if plan is None:
        if year is None and versions:
            raise refused_version(versions[0], current)
        raise NotFound("plan")
    if not _is_editable(plan, versions, current):
        raise refused_version(plan, current)
    problem = grade_problem(youth_grade(session, youth_id))
    if problem is not None:
        raise ValidationFailed(
            grade=N_("%(problem)s The plan can be read but not changed.", problem=problem)
        )
    return plan


def touch(session: Session, plan: Plan) -> bool:
    """Mark the version changed, clearing its sign-off; True when it was signed."""
    was_signed = plan.signed_dt is not None
    plan.signed_by_id = None
    plan.signed_dt = None
    plan.sign_off_note = ""
    plan.updated_dt = utcnow()
    session.flush()
    return was_signed


# --- the words ---------------------------------------------------------------------------------


def plan_input(plan: Plan) -> PlanInput:
    """The version's words as they are, to fill in the edit form."""
    texts = {name: getattr(plan, name) for name in TEXT_FIELDS}
    return PlanInput(
        **texts,
        postsecondary_route=plan.postsecondary_route,
        pathways=split_pathways(plan.pathways),
    )


def update_plan(
    session: Session,
    actor: User,
    youth_id: int,
    year: int | None,
    data: PlanInput,
    catalog: PlanCatalog,
    today: date,
) -> tuple[Plan, bool]:
    """Change the words of elements (a), (b), (c) and the pathway choice of the current
    version; (plan, True) when that cleared a sign-off. One audit event naming the changed
    fields (nothing changed: no event, the sign-off stays).

    Raises NotFound, Forbidden, ValidationFailed (a field, or ``school_year``)."""
    plan = editable_plan(session, actor, youth_id, today, year)
    clean, errors = clean_plan(
        data, {r.slug for r in catalog.routes}, {p.slug for p in catalog.pathways}
    )
    if errors:
        raise ValidationFailed(errors)
    values = {name: getattr(clean, name) for name in (*TEXT_FIELDS, "postsecondary_route")}
    values["pathways"] = ",".join(clean.pathways)
    changed = [name for name, value in values.items() if getattr(plan, name) != value]
    if not changed:
        return plan, False
    for name in changed:
        setattr(plan, name, values[name])
    unsigned = touch(session, plan)
    record_event(session, "plan.update", actor=actor, youth_id=youth_id, target_type="plan",
                 target_id=plan.id, fields=changed, unsigned=unsigned)  # fmt: skip
    return plan, unsigned


# --- sign-off ----------------------------------------------------------------------------------


def sign_off(
    session: Session, actor: User, youth_id: int, year: int | None, note: str, today: date
) -> Plan:
    """Staff or an admin sign the current version with an optional note (signing again
    replaces who, when and the note). Audited.

    Raises NotFound, Forbidden, ValidationFailed (``note`` too long, or ``school_year``)."""
    plan = editable_plan(session, actor, youth_id, today, year, Action.SIGN_OFF_PLAN)
    text = (note or "").strip()
    if len(text) > SIGN_OFF_NOTE_MAX:
        raise ValidationFailed(
            note=N_(
                "Note: keep it to %(sign_off_note_max)s characters or less.",
                sign_off_note_max=SIGN_OFF_NOTE_MAX,
            )
        )
    plan.signed_by_id = actor.id
    plan.signed_dt = utcnow()
    plan.sign_off_note = text
    session.flush()
    record_event(session, "plan.sign_off", actor=actor, youth_id=youth_id, target_type="plan",
                 target_id=plan.id, has_note=bool(text))  # fmt: skip
    return plan


# --- the pages that change the plan ------------------------------------------------------------


@dataclass(frozen=True)
class EditState:
    """The version to change and its whole document (the record-derived prefill)."""

    plan: Plan
    document: PlanDocument


def plan_to_edit(
    session: Session,
    actor: User,
    youth_id: int,
    catalog: PlanCatalog,
    today: date,
    year: int | None = None,
    experiences: ExperienceCatalog | None = None,
    recognition: RecognitionCatalog | None = None,
) -> EditState:
    """The current version, for a page that changes it.

    Raises NotFound (out of scope, or no plan yet), Forbidden, ValidationFailed
    (``school_year``: an earlier year's version)."""
    plan = editable_plan(session, actor, youth_id, today, year)
    return EditState(plan, build_plan_document(session, plan, catalog, experiences, recognition))
