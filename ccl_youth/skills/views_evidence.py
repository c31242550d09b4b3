"""Evidence pages: youth add, change and delete their own; staff and admins add it for a youth,
review what is waiting (verify at a level per skill, or return with a comment) and delete
evidence that is not verified."""

from __future__ import annotations

import uuid
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ccl_youth.core.errors import ValidationFailed
from ccl_youth.core.files import delete_upload
from ccl_youth.core.policies import Action
from ccl_youth.core.roles import Role
from ccl_youth.extensions import db
from ccl_youth.skills import queries, review, services
from ccl_youth.skills.checks import FOLDER, MAX_FILE_BYTES, Choices, EvidenceInput
from ccl_youth.skills.forms import EvidenceForm, review_form
from ccl_youth.skills.views import STAFF_ROLES, bp, skill_names, skills, uploads_root
from ccl_youth.web.access import actor, roles_required, youth_or_404
from ccl_youth.web.forms import apply_errors, options
from ccl_youth.web.i18n import error_text


def _evidence_form(choices: Choices) -> EvidenceForm:
    form = EvidenceForm()
    form.skills.choices = options((skill.slug, skill.name) for skill in skills())
    none = ("", _("None"))
    form.activity_id.choices = options(
        [none, *((a_id, f"{title} ({format_date(day, 'medium')})")
                 for a_id, title, day in choices.activities)]
    )  # fmt: skip
    form.placement_id.choices = options(
        [none, *((p_id, f"{title} ({format_date(day, 'medium')})")
                 for p_id, title, day in choices.placements)]
    )  # fmt: skip
    return form


def _input(form: EvidenceForm) -> EvidenceInput:
    kind = form.kind.data or ""
    upload = form.file.data
    data, filename = None, ""
    if kind == "file" and upload is not None and getattr(upload, "filename", ""):
        # One byte past the limit is enough to say "too large" without reading more.
        data, filename = upload.read(MAX_FILE_BYTES + 1), upload.filename or ""
    return EvidenceInput(
        kind=kind,
        title=form.title.data or "",
        skills=tuple(form.skills.data or ()),
        body=form.body.data or "",
        url=form.url.data or "",
        activity_id=form.activity_id.data,
        placement_id=form.placement_id.data,
        file_data=data,
        filename=filename,
    )


def _commit_or_discard(stored: str) -> None:
    """Commit; if that fails, the file just stored goes too."""
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        if stored:
            delete_upload(uploads_root(), FOLDER, stored)
        raise


def _add(form: EvidenceForm, youth_id: int) -> bool:
    """Add from a valid form; False (errors on the form) when a rule is broken."""
    try:
        evidence, created = services.add_evidence(
            db.session, actor(), youth_id, _input(form), set(skill_names()), uploads_root(),
            submission_key=form.submission_key.data or None,
        )  # fmt: skip
    except ValidationFailed as error:
        db.session.rollback()
        apply_errors(form, error)
        return False
    _commit_or_discard(evidence.stored_file if created else "")
    return True


def _new_page(youth_id: int, template: str, done: str, **extra: Any) -> Any:
    choices = services.evidence_choices(db.session, actor(), youth_id)
    form = _evidence_form(choices)
    if request.method == "GET":
        form.submission_key.data = uuid.uuid4().hex
    if form.validate_on_submit() and _add(form, youth_id):
        flash(_("Your evidence is saved. A program leader will check it."), "success")
        return redirect(done)
    return render_template(template, form=form, evidence=None, **extra)


@bp.route("/my/evidence/new", methods=["GET", "POST"])
@roles_required(Role.YOUTH)
def my_new_evidence() -> Any:
    return _new_page(actor().id, "skills/my_evidence_form.html", url_for("skills.my_skills"))


@bp.route("/youth/<int:youth_id>/evidence/new", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def new_evidence(youth_id: int) -> Any:
    youth = youth_or_404(youth_id, Action.ADD_EVIDENCE)
    done = url_for("skills.youth_skills", youth_id=youth.id)
    return _new_page(youth.id, "skills/evidence_form.html", done, youth=youth)


@bp.route("/my/evidence/<int:evidence_id>/edit", methods=["GET", "POST"])
@roles_required(Role.YOUTH)
def my_edit_evidence(evidence_id: int) -> Any:
    evidence = services.get_evidence(db.session, actor(), evidence_id)
    if evidence.status == "verified":
        flash(_("This evidence is verified and can no longer be changed."), "info")
        return redirect(url_for("skills.my_skills"))
    form = _evidence_form(services.evidence_choices(db.session, actor(), evidence.youth_id))
    if request.method == "GET":
        form.process(obj=evidence)
        form.skills.data = [s.skill_slug for s in services.evidence_skills(db.session, evidence.id)]
    if form.validate_on_submit():
        sent = _input(form)
        try:
            evidence, replaced = services.update_evidence(
                db.session, actor(), evidence.id, sent, set(skill_names()), uploads_root()
            )
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            _commit_or_discard(evidence.stored_file if sent.file_data is not None else "")
            if replaced:
                delete_upload(uploads_root(), FOLDER, replaced)
            flash(_("Your evidence is sent again for checking."), "success")
            return redirect(url_for("skills.my_skills"))
    return render_template("skills/my_evidence_form.html", form=form, evidence=evidence)


def _delete(evidence_id: int) -> bool:
    try:
        stored = services.delete_evidence(db.session, actor(), evidence_id)
    except ValidationFailed as error:
        db.session.rollback()
        flash(error_text(error), "error")
        return False
    db.session.commit()
    if stored:
        delete_upload(uploads_root(), FOLDER, stored)
    return True


@bp.post("/my/evidence/<int:evidence_id>/delete")
@roles_required(Role.YOUTH)
def my_delete_evidence(evidence_id: int) -> Response:
    if _delete(evidence_id):
        flash(_("Your evidence is deleted."), "success")
    return redirect(url_for("skills.my_skills"))


@bp.post("/evidence/<int:evidence_id>/delete")
@roles_required(*STAFF_ROLES)
def delete_evidence(evidence_id: int) -> Response:
    youth_id = services.get_evidence(db.session, actor(), evidence_id).youth_id
    if _delete(evidence_id):
        flash(_("The evidence is deleted."), "success")
        return redirect(url_for("skills.youth_skills", youth_id=youth_id))
    return redirect(url_for("skills.evidence", evidence_id=evidence_id))


# --- review ----------------------------------------------------------------------------------


@bp.get("/evidence/review")
@roles_required(*STAFF_ROLES)
def review_queue() -> str:
    waiting = review.review_queue(db.session, actor())
    return render_template(
        "skills/review.html", waiting=waiting, limit=review.QUEUE_LIMIT, me=actor().id,
        names=skill_names(),
    )  # fmt: skip


@bp.route("/evidence/<int:evidence_id>", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def evidence(evidence_id: int) -> Any:
    detail = queries.evidence_detail(db.session, actor(), evidence_id)
    row = detail.row
    known = {skill.slug: skill for skill in skills()}
    tagged = [
        (slug, known[slug].name, [known[slug].descriptor(n, detail.grade) for n in range(1, 5)])
        if slug in known else (slug, slug, ["", "", "", ""])
        for slug, _level in row.skills
    ]  # fmt: skip
    form = review_form(tagged)
    if request.method == "GET":
        form.seen.data = review.seen_value(row.updated_dt)
    elif form.validate_on_submit():
        levels = {slug: form[f"level_{slug}"].data for slug, _name, _d in tagged}
        try:
            review.review_evidence(
                db.session, actor(), row.id, request.form.get("action", ""), levels,
                form.comment.data or "", seen=form.seen.data or None,
            )  # fmt: skip
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            if request.form.get("action") == "verify":
                flash(_("The evidence is verified."), "success")
            else:
                flash(_("The evidence is returned to the youth."), "success")
            return redirect(url_for("skills.review_queue"))
    db.session.commit()  # the audit event of this view
    return render_template(
        "skills/evidence.html", detail=detail, row=row, form=form, tagged=tagged,
        names=skill_names(), me=actor().id,
    )  # fmt: skip
