"""The first page each role sees after signing in."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from ccl_youth.accounts.models import Guardianship, User, YouthProfile
from ccl_youth.assessments.services import interests_summary
from ccl_youth.assessments.wording import top_area_names
from ccl_youth.core.roles import GuardianshipStatus, Role
from ccl_youth.events.speakers import new_offer_count
from ccl_youth.extensions import db
from ccl_youth.programs.models import Cohort, Enrollment, Program
from ccl_youth.reflections.pending import pending_reflections
from ccl_youth.roster.services import cohort_summaries, linked_youth
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.catalog import catalog

bp = Blueprint("home", __name__, template_folder="templates")

#: Pending reflections listed on the youth's home page; the rest are on /reflections.
HOME_PENDING = 5

HOME_FOR_ROLE = {
    Role.YOUTH.value: "home.youth",
    Role.STAFF.value: "home.staff",
    Role.FAMILY.value: "home.family",
    Role.ADMIN.value: "home.admin",
}


@bp.get("/")
def index() -> Any:
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.sign_in"))
    return redirect(url_for(HOME_FOR_ROLE[current_user.role]))


@bp.get("/youth")
@roles_required(Role.YOUTH)
def youth() -> str:
    me = actor()
    profile = db.session.get(YouthProfile, me.id)
    cohorts = db.session.execute(
        select(Cohort.name, Program.name)
        .join(Enrollment, Enrollment.cohort_id == Cohort.id)
        .join(Program, Program.id == Cohort.program_id)
        .where(Enrollment.youth_id == me.id)
        .order_by(Cohort.name)
    ).all()
    interests = interests_summary(db.session, me)
    top_areas = (
        top_area_names(interests.latest[1], interests.latest[0].holland_code)
        if interests.latest
        else []
    )
    pending = pending_reflections(db.session, me, catalog(), date.today())
    return render_template(
        "home/youth.html",
        me=me,
        profile=profile,
        cohorts=cohorts,
        interests=interests,
        top_areas=top_areas,
        pending=pending[:HOME_PENDING],
        pending_total=len(pending),
    )


@bp.get("/staff")
@roles_required(Role.STAFF)
def staff() -> str:
    me = actor()
    return render_template(
        "home/staff.html",
        cohorts=cohort_summaries(db.session, me),
        speaker_offers=new_offer_count(db.session, me),
    )


@bp.get("/family")
@roles_required(Role.FAMILY)
def family() -> str:
    return render_template("home/family.html", youth=linked_youth(db.session, actor()))


@bp.get("/admin")
@roles_required(Role.ADMIN)
def admin() -> str:
    me = actor()
    counts = dict(
        db.session.execute(
            select(User.role, func.count(User.id))
            .where(User.organization_id == me.organization_id, User.is_active.is_(True))
            .group_by(User.role)
        ).all()
    )
    programs = db.session.scalar(
        select(func.count(Program.id)).where(Program.organization_id == me.organization_id)
    )
    pending = db.session.scalar(
        select(func.count(Guardianship.id))
        .join(User, User.id == Guardianship.youth_id)
        .where(
            User.organization_id == me.organization_id,
            Guardianship.status == GuardianshipStatus.INVITED.value,
        )
    )
    return render_template(
        "home/admin.html",
        counts=counts,
        programs=programs or 0,
        pending=pending or 0,
        cohorts=cohort_summaries(db.session, me),
    )
