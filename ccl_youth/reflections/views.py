"""Reflection pages: youth answer prompts about their activities and work placements and
choose what their family may read; staff read an activity's reflections; the experience
timeline for the youth, for staff and admins, and for family members (shared reflections
only)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.roles import Role
from ccl_youth.extensions import db
from ccl_youth.reflections import activity_answers, answers, pending, records, services
from ccl_youth.reflections.forms import ReflectionForm, ShareForm
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.catalog import catalog
from ccl_youth.web.forms import apply_errors
from ccl_youth.web.i18n import translate_errors
from ccl_youth.web.routing import MAX_ID

bp = Blueprint("reflections", __name__, template_folder="templates")

STAFF_ROLES = (Role.STAFF, Role.ADMIN)
TIMELINE_TEMPLATES = {
    Role.STAFF.value: "reflections/staff_timeline.html",
    Role.ADMIN.value: "reflections/staff_timeline.html",
    Role.FAMILY.value: "reflections/family_timeline.html",
}


def _number(value: str | None, largest: int) -> int | None:
    """ASCII digits within 1..largest, else None (int() accepts "٣", isdigit() accepts "²")."""
    if value and len(value) <= 10 and value.isascii() and value.isdigit():
        number = int(value)
        if 0 < number <= largest:
            return number
    return None


def _page() -> int:
    return _number(request.args.get("page"), 99_999) or 1


def _today() -> date:
    return date.today()


# --- youth: pending and answered reflections -------------------------------------------


@bp.get("/reflections")
@roles_required(Role.YOUTH)
def index() -> str:
    me = actor()
    to_answer = pending.pending_reflections(db.session, me, catalog(), _today())
    answered = answers.answered_reflections(db.session, me, page=_page())
    return render_template(
        "reflections/index.html", pending=to_answer, answered=answered, share_form=ShareForm()
    )


def _split_prompt_errors(form: ReflectionForm, error: ValidationFailed) -> list[str]:
    """Errors about the prompt show beside the question; the rest go on the form's fields."""
    errors = translate_errors(error.errors)
    prompt_errors = errors.pop("prompt", [])
    apply_errors(form, ValidationFailed(errors))
    return prompt_errors


#: ``/reflections/new?activity=<id>`` or ``?placement=<id>``: how to open and answer each.
_ABOUT = {
    "activity": (services.open_prompt, services.answer_prompt),
    "placement": (services.open_placement_prompt, services.answer_placement_prompt),
}


def _not_asked(kind: str) -> str:
    if kind == "placement":
        return _("This question is not one we ask about this work now.")
    return _("This question is not one this activity asks you.")


@bp.route("/reflections/new", methods=["GET", "POST"])
@roles_required(Role.YOUTH)
def new() -> Any:
    kind = next((k for k in _ABOUT if k in request.args), None)
    if kind is None:
        return redirect(url_for("reflections.index"))  # nothing picked: the list to pick from
    about_id = _number(request.args.get(kind), MAX_ID)
    prompt_id = request.args.get("prompt", "")[:80]
    if about_id is None:
        raise NotFound(kind)
    open_prompt, answer_prompt = _ABOUT[kind]
    me = actor()
    target = open_prompt(db.session, me, catalog(), about_id, prompt_id, _today())
    if target.existing_id is not None and request.method == "GET":
        return redirect(url_for("reflections.edit", reflection_id=target.existing_id))
    form = ReflectionForm()
    prompt_errors: list[str] = []
    if target.prompt is None:
        prompt_errors = [_not_asked(kind)]
    elif form.validate_on_submit():
        try:
            _reflection, created = answer_prompt(
                db.session,
                me,
                catalog(),
                about_id,
                prompt_id,
                form.answer.data or "",
                bool(form.is_shared_with_family.data),
                _today(),
            )
        except ValidationFailed as error:
            db.session.rollback()
            prompt_errors = _split_prompt_errors(form, error)
        else:
            db.session.commit()
            flash(_("Thank you! Your answer is saved.") if created else _("Your answer is saved."),
                  "success")  # fmt: skip
            return redirect(url_for("home.youth"))
    status = 400 if prompt_errors else 200
    return render_template(
        "reflections/new.html",
        target=target,
        about={kind: target.about_id},
        form=form,
        prompt_errors=prompt_errors,
    ), status


@bp.route("/reflections/<int:reflection_id>/edit", methods=["GET", "POST"])
@roles_required(Role.YOUTH)
def edit(reflection_id: int) -> Any:
    me = actor()
    detail = answers.own_reflection(db.session, me, reflection_id)
    form = ReflectionForm(obj=detail.reflection)
    if form.validate_on_submit():
        try:
            services.edit_reflection(
                db.session,
                me,
                reflection_id,
                form.answer.data or "",
                bool(form.is_shared_with_family.data),
            )
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("Your answer is saved."), "success")
            return redirect(url_for("reflections.index"))
    return render_template(
        "reflections/edit.html", detail=detail, form=form, share_form=ShareForm()
    )


_BACK = {
    "timeline": "reflections.my_timeline",
    "edit": "reflections.edit",
    "reflections": "reflections.index",
    "": "reflections.index",
}


@bp.post("/reflections/<int:reflection_id>/share")
@roles_required(Role.YOUTH)
def share(reflection_id: int) -> Response:
    me = actor()
    answers.own_reflection(db.session, me, reflection_id)  # 404 before looking at the form
    form = ShareForm()
    if not form.validate_on_submit():
        abort(400)
    shared = form.shared.data == "1"
    services.share_reflection(db.session, me, reflection_id, shared)
    db.session.commit()
    if shared:
        flash(_("Your family can read this answer now."), "success")
    else:
        flash(_("Your family cannot read this answer any more."), "info")
    endpoint = _BACK[form.back.data or ""]
    if endpoint == "reflections.edit":
        return redirect(url_for(endpoint, reflection_id=reflection_id))
    return redirect(url_for(endpoint))


# --- staff: an activity's reflections ----------------------------------------------------


@bp.get("/activities/<int:activity_id>/reflections")
@roles_required(*STAFF_ROLES)
def activity_reflections(activity_id: int) -> str:
    view = activity_answers.activity_reflections(
        db.session, actor(), activity_id, catalog(), _today()
    )
    db.session.commit()  # keep the audit event of this view
    return render_template("reflections/activity.html", view=view)


# --- timelines ---------------------------------------------------------------------------


@bp.get("/my/experiences")
@roles_required(Role.YOUTH)
def my_timeline() -> str:
    me = actor()
    view = records.youth_timeline(db.session, me, me.id, catalog(), page=_page())
    return render_template("reflections/my_timeline.html", view=view, share_form=ShareForm())


@bp.get("/youth/<int:youth_id>/experiences")
@roles_required(Role.STAFF, Role.ADMIN, Role.FAMILY)
def youth_timeline(youth_id: int) -> str:
    me = actor()
    view = records.youth_timeline(db.session, me, youth_id, catalog(), page=_page())
    db.session.commit()  # keep the audit event of this view
    return render_template(TIMELINE_TEMPLATES[me.role], view=view)
