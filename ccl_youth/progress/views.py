"""Progress pages: the youth's own (``/my/progress``), the staff and admin page with the
stage history and the form that moves a youth to another stage, and the family page for a
linked youth. One service call each; views by others than the youth are audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ccl_youth.core.errors import ValidationFailed
from ccl_youth.core.policies import Action
from ccl_youth.core.roles import Role
from ccl_youth.extensions import db
from ccl_youth.progress import services
from ccl_youth.progress.forms import MoveStageForm
from ccl_youth.web.access import actor, roles_required, youth_or_404
from ccl_youth.web.catalog import catalog, recognition
from ccl_youth.web.forms import apply_errors, options

bp = Blueprint("progress", __name__, template_folder="templates")

STAFF_ROLES = (Role.STAFF, Role.ADMIN)
#: The strategies in plain words, for youth and families (staff see the framework's names).
PLAIN_STRATEGY_NAMES = {
    "broad_skills": _l("Growing my skills"),
    "career_stem": _l("STEM and jobs"),
    "family_community": _l("Family and community"),
    "pathways_partnerships": _l("Places to learn and work"),
}


def _today() -> date:
    return date.today()


def _progress(youth_id: int, *, with_history: bool = False) -> services.Progress:
    return services.progress_for(
        db.session, actor(), youth_id, recognition(), catalog(), _today(),
        with_history=with_history,
    )  # fmt: skip


@bp.get("/my/progress")
@roles_required(Role.YOUTH)
def mine() -> str:
    progress = _progress(actor().id)
    return render_template(
        "progress/mine.html", progress=progress, strategy_names=PLAIN_STRATEGY_NAMES
    )


def _move_form(progress: services.Progress, form: MoveStageForm | None = None) -> MoveStageForm:
    """The move form, offering every stage but the current one; a youth the framework says
    should start at awareness has it chosen already."""
    form = form or MoveStageForm()
    stage = progress.report.stage
    form.to_stage.choices = options(
        (s.slug, s.name) for s in catalog().framework.stages if s.slug != stage
    )
    if form.to_stage.data is None and progress.report.suggest_awareness:
        form.to_stage.data = "awareness"
    form.from_stage.data = stage  # what this page shows, even after a refused move
    return form


def _staff_page(progress: services.Progress, form: MoveStageForm, status: int = 200) -> Any:
    return render_template("progress/staff.html", progress=progress, form=form), status


@bp.get("/youth/<int:youth_id>/progress")
@roles_required(Role.STAFF, Role.ADMIN, Role.FAMILY)
def youth(youth_id: int) -> Any:
    me = actor()
    if me.role == Role.FAMILY.value:
        progress = _progress(youth_id)
        db.session.commit()  # keep the audit event of this view
        return render_template(
            "progress/family.html", progress=progress, strategy_names=PLAIN_STRATEGY_NAMES
        )
    progress = _progress(youth_id, with_history=True)
    db.session.commit()  # keep the audit event of this view
    return _staff_page(progress, _move_form(progress))


@bp.post("/youth/<int:youth_id>/progress/stage")
@roles_required(*STAFF_ROLES)
def move(youth_id: int) -> Any:
    youth_or_404(youth_id, Action.MOVE_STAGE)
    form = MoveStageForm()
    form.to_stage.choices = options((s.slug, s.name) for s in catalog().framework.stages)
    if form.validate_on_submit():
        try:
            change = services.move_stage(
                db.session,
                actor(),
                youth_id,
                form.to_stage.data or "",
                form.reason.data or "",
                expected_stage=form.from_stage.data or None,
            )
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            name = catalog().framework.stage(change.to_stage).name
            flash(_("Moved to %(stage)s.", stage=name), "success")
            return redirect(url_for("progress.youth", youth_id=youth_id))
    progress = _progress(youth_id, with_history=True)
    db.session.commit()  # keep the audit event of this view
    return _staff_page(progress, _move_form(progress, form), 400)
