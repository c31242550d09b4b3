"""Logging an activity and editing it: one form, one request, the cohort's attendance
checklist ticked by default.

Tactics: a fresh form has the default type chosen and its suggested tactics ticked (the
script re-ticks them when the type changes), so what comes back is what staff chose, none
included. Without scripts, changing the type leaves the first type's suggestions ticked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import uuid4

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from ccl_youth.accounts.models import User
from ccl_youth.core.content_experiences import ExperienceCatalog, Tactic
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.policies import Action
from ccl_youth.experiences import choices, queries, services
from ccl_youth.experiences.forms import ActivityForm
from ccl_youth.experiences.models import Activity, ActivityCluster, ActivityTactic
from ccl_youth.experiences.views import STAFF_ROLES, bp, int_arg
from ccl_youth.extensions import db
from ccl_youth.programs.models import Cohort, Program
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.catalog import catalog
from ccl_youth.web.forms import apply_errors


@dataclass(frozen=True)
class StrategyCell:
    name: str
    tactics: tuple[Tactic, ...]


@dataclass(frozen=True)
class StageGroup:
    slug: str
    name: str
    is_served: bool
    cells: tuple[StrategyCell, ...]


def tactic_groups(experience_catalog: ExperienceCatalog, type_slug: str | None) -> list[StageGroup]:
    """The framework's tactics by stage × strategy, the stages the type serves first."""
    framework = experience_catalog.framework
    served: tuple[str, ...] = ()
    if type_slug in experience_catalog.type_names():
        served = experience_catalog.type(type_slug or "").stages
    groups = []
    for stage in framework.stages:
        cells = tuple(
            StrategyCell(strategy.name, framework.tactics_for(stage.slug, strategy.slug))
            for strategy in framework.strategies
            if framework.tactics_for(stage.slug, strategy.slug)
        )
        groups.append(StageGroup(stage.slug, stage.name, stage.slug in served, cells))
    return sorted(groups, key=lambda g: not g.is_served)


def _input(form: ActivityForm, source: str = "roster") -> services.ActivityInput:
    attendees = [*(form.attendees.data or []), *(form.extra_attendees.data or [])]
    return services.ActivityInput(
        type_slug=form.type_slug.data or "",
        activity_date=form.activity_date.data or date.today(),
        cohort_id=form.cohort_id.data or 0,
        minutes=form.minutes.data,
        title=form.title.data or "",
        partner_id=form.partner_id.data,
        role_model_id=form.role_model_id.data,
        cluster_ids=tuple(form.cluster_ids.data or ()),
        tactic_ids=tuple(form.tactic_ids.data or ()),
        notes=form.notes.data or "",
        attendee_ids=tuple(dict.fromkeys(attendees)),
        shown_ids=tuple(form.shown.data or ()),
        submission_key=form.submission_key.data or None,
        source=source,
    )


def _cohort_label(choice: choices.CohortChoice) -> str:
    return f"{choice.program_name} · {choice.name}"


def _cohorts(user: User, record: Activity | None) -> list[choices.CohortChoice]:
    """The actor's cohorts, plus the edited activity's own if it is no longer one of them."""
    found = choices.cohort_choices(db.session, user)
    if record is not None and record.cohort_id and record.cohort_id not in {c.id for c in found}:
        row = db.session.execute(
            select(Cohort.id, Cohort.name, Program.name, Cohort.is_archived)
            .join(Program, Program.id == Cohort.program_id)
            .where(Cohort.id == record.cohort_id)
        ).one()
        found.append(choices.CohortChoice(*row))
    return found


def _render(
    form: ActivityForm,
    user: User,
    cohorts: list[choices.CohortChoice],
    cohort_id: int | None,
    record: Activity | None = None,
    attending: tuple[int, ...] = (),
) -> str:
    experience_catalog = catalog()
    cohort = next((c for c in cohorts if c.id == cohort_id), None)
    form.cohort_id.choices = [(c.id, _cohort_label(c)) for c in cohorts]
    type_names = experience_catalog.type_names()
    form.type_slug.choices = list(type_names.items())
    if form.type_slug.data not in type_names:
        form.type_slug.choices.insert(0, ("", _("Choose a type")))
    partners = choices.partner_choices(db.session, user, record.partner_id if record else None)
    form.partner_id.choices = [("", _("None")), *partners]
    form.role_model_id.choices = [
        ("", _("None")),
        *choices.role_model_choices(db.session, user, record.role_model_id if record else None),
    ]
    checklist = choices.roster(db.session, user, cohort.id) if cohort else []
    ticked = {*(form.attendees.data or ()), *(form.extra_attendees.data or ())}
    listed = {y.id for y in checklist}
    more = (ticked | set(attending)) - listed
    if more:
        checklist += choices.youth_choices(db.session, user, more, exclude_cohort=None)
    listed = {y.id for y in checklist}
    extra = [
        y
        for y in choices.youth_choices(
            db.session, user, exclude_cohort=cohort.id if cohort else None
        )
        if y.id not in listed
    ]
    form.extra_attendees.choices = [(y.id, f"{y.display_name} ({y.username})") for y in extra]
    if not extra and form.extra_attendees.errors:
        # The select is not on the page: the checklist shows its error.
        form.attendees.errors = list(
            dict.fromkeys([*form.attendees.errors, *form.extra_attendees.errors])
        )
    form.extra_attendees.data = []
    type_defaults = {
        t.slug: {"minutes": t.default_minutes, "tactics": list(t.tactics)}
        for t in experience_catalog.types
    }
    return render_template(
        "experiences/activity_form.html",
        form=form,
        record=record,
        cohort=cohort,
        checklist=checklist,
        ticked=ticked,
        extra=extra,
        clusters=choices.cluster_choices(db.session),
        chosen_clusters=set(form.cluster_ids.data or ()),
        groups=tactic_groups(experience_catalog, form.type_slug.data),
        chosen_tactics=set(form.tactic_ids.data or ()),
        type_defaults=type_defaults,
    )


def _fresh_type(form: ActivityForm) -> None:
    """Choose the first type of the catalog and tick its suggested tactics."""
    kind = catalog().types[0]
    form.type_slug.data = kind.slug
    form.tactic_ids.data = list(kind.tactics)


def _saved_message(record: Activity, count: int) -> str:
    return ngettext(
        "Saved “%(title)s” with %(num)d youth present.",
        "Saved “%(title)s” with %(num)d youth present.",
        count,
        title=record.title,
    )


@bp.route("/activities/new", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def new_activity() -> Any:
    user = actor()
    form = ActivityForm()
    if form.validate_on_submit():
        data = _input(form)
        try:
            logged = services.log_or_find_activity(db.session, user, catalog(), data)
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            if logged.is_new:
                flash(_saved_message(logged.activity, len(data.attendee_ids)), "success")
            else:
                # The key of a form already sent (a second click, a resubmitted page): nothing
                # of this submission was saved; the page shows what the first one saved.
                flash(_("This activity was already saved."), "info")
            return redirect(url_for("experiences.activity", activity_id=logged.activity.id))
    cohorts = _cohorts(user, None)
    if request.method == "POST":
        return _render(form, user, cohorts, form.cohort_id.data)
    cohort_id = int_arg("cohort")
    if cohort_id is None:
        if len(cohorts) != 1:
            return render_template("experiences/choose_cohort.html", cohorts=cohorts)
        cohort_id = cohorts[0].id
    elif cohort_id not in {c.id for c in cohorts}:
        raise NotFound("cohort")
    form.cohort_id.data = cohort_id
    _fresh_type(form)
    form.activity_date.data = date.today()
    form.submission_key.data = uuid4().hex
    form.attendees.data = [y.id for y in choices.roster(db.session, user, cohort_id)]
    return _render(form, user, cohorts, cohort_id)


@bp.route("/activities/<int:activity_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def edit_activity(activity_id: int) -> Any:
    user = actor()
    record = queries.load_activity(db.session, user, activity_id, Action.EDIT_ACTIVITY)
    form = ActivityForm()
    if form.validate_on_submit():
        data = _input(form)
        try:
            services.update_activity(db.session, user, catalog(), record, data)
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("experiences.activity", activity_id=record.id))
    attendees, _hidden = queries.attendance(db.session, user, record)
    attending = tuple(a.youth_id for a in attendees)
    if request.method == "GET":
        _prefill(form, record, attending)
    else:
        # Shown again after an error: youth who checked in since the form was opened are
        # ticked, and count as shown from now on (unticking them then marks them absent).
        shown = list(form.shown.data or ())
        known = set(shown)
        arrived = [y for y in attending if y not in known]
        form.attendees.data = [*(form.attendees.data or ()), *arrived]
        form.shown.data = [*shown, *arrived]
    cohorts = _cohorts(user, record)
    return _render(form, user, cohorts, form.cohort_id.data, record, attending)


def _prefill(form: ActivityForm, record: Activity, attending: tuple[int, ...]) -> None:
    form.cohort_id.data = record.cohort_id
    form.type_slug.data = record.type_slug
    form.title.data = record.title
    form.activity_date.data = record.activity_date
    form.minutes.data = record.minutes
    form.partner_id.data = record.partner_id
    form.role_model_id.data = record.role_model_id
    form.notes.data = record.notes
    form.cluster_ids.data = list(
        db.session.scalars(
            select(ActivityCluster.cluster_id).where(ActivityCluster.activity_id == record.id)
        )
    )
    form.tactic_ids.data = list(
        db.session.scalars(
            select(ActivityTactic.tactic_id).where(ActivityTactic.activity_id == record.id)
        )
    )
    form.attendees.data = list(attending)
    form.shown.data = list(attending)
