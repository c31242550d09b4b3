"""What the plan downloads and the API read: one youth's plan (latest version or a given school
year) as a ``PlanDocument``, and the staff list of every visible youth's latest plan in summary.

Every function asks the policy first (``VIEW_YOUTH``; the list starts from
``scoping.youth_criteria``), records reads by anyone other than the youth, flushes and never
commits. A fixed number of statements whatever the number of youth or rows. No Flask.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.audit.services import record_event
from ccl_youth.core.content_experiences import ExperienceCatalog
from ccl_youth.core.content_plans import PlanCatalog
from ccl_youth.core.content_recognition import RecognitionCatalog
from ccl_youth.core.errors import NotFound
from ccl_youth.core.policies import Action, require
from ccl_youth.core.scoping import visible_cohorts, youth_criteria
from ccl_youth.plans.document import build_plan_document, pathway_slugs
from ccl_youth.plans.document_types import PlanDocument
from ccl_youth.plans.export_csv import StaffRow
from ccl_youth.plans.models import Plan, PlanAidItem, PlanCourse
from ccl_youth.plans.requirements import requirements_for
from ccl_youth.programs.models import Cohort, Enrollment

ZERO = Decimal(0)


class NoPlan(NotFound):
    """The youth is visible to the actor but has no plan (for that school year)."""


def export_plan(
    session: Session, actor: User, youth_id: int, school_year: int | None = None
) -> Plan:
    """The youth's latest plan, or the version of ``school_year``. Raises NotFound (youth out
    of scope), NoPlan (no such version)."""
    require(session, actor, Action.VIEW_YOUTH, youth_id)
    query = select(Plan).where(Plan.youth_id == youth_id)
    if school_year is not None:
        query = query.where(Plan.school_year == school_year)
    plan = session.scalar(query.order_by(Plan.school_year.desc()).limit(1))
    if plan is None:
        raise NoPlan("plan")
    return plan


def plan_document_for(
    session: Session,
    actor: User,
    youth_id: int,
    catalog: PlanCatalog,
    *,
    section: str,
    school_year: int | None = None,
    experiences: ExperienceCatalog | None = None,
    recognition: RecognitionCatalog | None = None,
) -> PlanDocument:
    """The plan document for a download or an API read; reads by others than the youth are
    audited (``youth.view`` with ``section``). Raises NotFound, NoPlan."""
    plan = export_plan(session, actor, youth_id, school_year)
    document = build_plan_document(session, plan, catalog, experiences, recognition)
    if actor.id != youth_id:
        record_event(
            session, "youth.view", actor=actor, youth_id=youth_id, target_type="plan",
            target_id=plan.id, section=section,
        )  # fmt: skip
    return document


def staff_rows(
    session: Session, actor: User, catalog: PlanCatalog, cohort_id: int | None = None
) -> list[StaffRow]:
    """Every youth the actor may see (of one cohort when given), by name, with their latest
    plan in summary; audited as one export. Raises NotFound for a cohort the actor does not
    work with."""
    if cohort_id is not None:
        visible = session.scalar(visible_cohorts(actor).where(Cohort.id == cohort_id))
        if visible is None:
            raise NotFound("cohort")
    youth_query = (
        select(User.id, User.display_name, YouthProfile.grade)
        .outerjoin(YouthProfile, YouthProfile.user_id == User.id)
        .where(*youth_criteria(actor))
    )
    if cohort_id is not None:
        youth_query = youth_query.where(
            User.id.in_(select(Enrollment.youth_id).where(Enrollment.cohort_id == cohort_id))
        )
    youth_ids = youth_query.with_only_columns(User.id)
    latest = (
        select(Plan.youth_id, func.max(Plan.school_year).label("year"))
        .where(Plan.youth_id.in_(youth_ids))
        .group_by(Plan.youth_id)
        .subquery()
    )
    signer = aliased(User)
    plans = {
        plan.youth_id: (plan, name)
        for plan, name in session.execute(
            select(Plan, signer.display_name)
            .join(
                latest, (latest.c.youth_id == Plan.youth_id) & (latest.c.year == Plan.school_year)
            )
            .outerjoin(signer, signer.id == Plan.signed_by_id)
        ).all()
    }
    plan_ids = [plan.id for plan, _ in plans.values()]
    credits = {
        row[0]: (Decimal(row[1] or 0), Decimal(row[2] or 0))
        for row in session.execute(
            select(
                PlanCourse.plan_id,
                func.sum(PlanCourse.credits),
                func.sum(case((PlanCourse.status == "completed", PlanCourse.credits), else_=0)),
            )
            .where(PlanCourse.plan_id.in_(plan_ids))
            .group_by(PlanCourse.plan_id)
        )
    } if plan_ids else {}  # fmt: skip
    aid_slugs = [item.slug for item in catalog.aid_items]
    aid = dict(
        session.execute(
            select(PlanAidItem.plan_id, func.count())
            .where(PlanAidItem.plan_id.in_(plan_ids), PlanAidItem.item.in_(aid_slugs))
            .group_by(PlanAidItem.plan_id)
        ).all()
    ) if plan_ids else {}  # fmt: skip
    required = sum(
        (a.credits for a in requirements_for(session, actor.organization_id, catalog)), ZERO
    )
    rows = []
    for youth_id, name, grade in session.execute(
        youth_query.order_by(func.lower(User.display_name), User.id)
    ):
        found = plans.get(youth_id)
        if found is None:
            rows.append(StaffRow(name, grade, "none", None, None, (), ZERO, ZERO, required, 0,
                                 "", None))  # fmt: skip
            continue
        plan, signer_name = found
        planned, completed = credits.get(plan.id, (ZERO, ZERO))
        rows.append(
            StaffRow(
                youth_name=name,
                grade=grade,
                plan_status="signed" if plan.signed_dt else "draft",
                school_year=plan.school_year,
                plan_grade=plan.grade,
                pathways=pathway_slugs(plan),
                planned_credits=planned,
                completed_credits=completed,
                required_credits=required,
                aid_received=int(aid.get(plan.id, 0)),
                signed_by=(signer_name or "") if plan.signed_dt else "",
                signed_dt=plan.signed_dt,
            )
        )
    record_event(
        session, "plan.export", actor=actor, organization_id=actor.organization_id,
        target_type="cohort" if cohort_id else "", target_id=cohort_id, rows=len(rows),
    )  # fmt: skip
    return rows
