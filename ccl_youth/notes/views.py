"""Secure note pages: the threads about a youth for staff, admins and linked family
(``/youth/<id>/notes``) and for the youth (``/my/notes``); start a thread, open one to read
and reply. Opening a thread records that the reader has read it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ccl_youth.core.errors import ValidationFailed
from ccl_youth.core.policies import Action, can
from ccl_youth.core.roles import Role
from ccl_youth.extensions import db
from ccl_youth.notes import reading, services
from ccl_youth.notes.forms import ReplyForm, StaffThreadForm, ThreadForm
from ccl_youth.notes.views_nav import connect_unread_counts
from ccl_youth.web.access import actor, roles_required, youth_or_404
from ccl_youth.web.forms import apply_errors

bp = Blueprint("notes", __name__, template_folder="templates")
bp.record_once(lambda state: connect_unread_counts(state.app))

READERS = (Role.STAFF, Role.ADMIN, Role.FAMILY)


def _with_key(form: ThreadForm | ReplyForm) -> None:
    """A fresh hidden key for a form about to be shown, so sending it twice saves once."""
    if not form.submission_key.data:
        form.submission_key.data = uuid.uuid4().hex


def _refused(form: ThreadForm | ReplyForm, error: ValidationFailed) -> None:
    """Nothing is kept; the messages go on their fields (a used form key: on the form)."""
    db.session.rollback()
    apply_errors(form, error)
    if form.submission_key.errors:
        form.form_errors.extend(form.submission_key.errors)
        form.submission_key.errors = []


ThreadUrl = Callable[[int], str]


def _new_thread(youth_id: int, form: ThreadForm, back_url: str, thread_url: ThreadUrl) -> Any:
    """Show or take the form that starts a thread; on success, open the new thread."""
    status = 200
    if form.validate_on_submit():
        try:
            thread, created = services.start_thread(
                db.session,
                actor(),
                youth_id,
                form.subject.data or "",
                form.body.data or "",
                is_staff_only=isinstance(form, StaffThreadForm) and bool(form.is_staff_only.data),
                submission_key=form.submission_key.data,
            )
        except ValidationFailed as error:
            _refused(form, error)
            status = 400
        else:
            db.session.commit()
            if created:
                flash(_("Your note is sent."), "success")
            return redirect(thread_url(thread.id))
    elif form.is_submitted():
        status = 400
    _with_key(form)
    return render_template("notes/new.html", form=form, back_url=back_url), status


def _thread_page(youth_id: int, thread_id: int, template: str, thread_url: ThreadUrl) -> Any:
    """Show a thread (recording the read) or take a reply to it."""
    me = actor()
    form = ReplyForm()
    status = 200
    if form.is_submitted():
        if form.validate():
            try:
                _note, created = services.add_note(
                    db.session, me, youth_id, thread_id, form.body.data or "",
                    submission_key=form.submission_key.data,
                )  # fmt: skip
            except ValidationFailed as error:
                _refused(form, error)
                status = 400
            else:
                db.session.commit()
                if created:
                    flash(_("Your reply is sent."), "success")
                return redirect(thread_url(thread_id))
        else:
            status = 400
    view = reading.open_thread(db.session, me, youth_id, thread_id)
    db.session.commit()  # the read mark and the audit event of this view
    _with_key(form)
    return render_template(template, view=view, form=form, youth_id=youth_id), status


# --- the youth -------------------------------------------------------------------------------


def _my_thread_url(thread_id: int) -> str:
    return url_for("notes.my_thread", thread_id=thread_id)


@bp.get("/my/notes")
@roles_required(Role.YOUTH)
def mine() -> str:
    me = actor()
    threads = reading.threads_for(db.session, me, me.id)
    return render_template("notes/mine.html", threads=threads)


@bp.route("/my/notes/new", methods=["GET", "POST"])
@roles_required(Role.YOUTH)
def my_new() -> Any:
    return _new_thread(actor().id, ThreadForm(), url_for("notes.mine"), _my_thread_url)


@bp.route("/my/notes/<int:thread_id>", methods=["GET", "POST"])
@roles_required(Role.YOUTH)
def my_thread(thread_id: int) -> Any:
    return _thread_page(actor().id, thread_id, "notes/my_thread.html", _my_thread_url)


# --- staff, admins, family ---------------------------------------------------------------------


def _thread_url(youth_id: int) -> ThreadUrl:
    return lambda thread_id: url_for("notes.thread", youth_id=youth_id, thread_id=thread_id)


@bp.get("/youth/<int:youth_id>/notes")
@roles_required(*READERS)
def youth_notes(youth_id: int) -> str:
    me = actor()
    youth = youth_or_404(youth_id)
    threads = reading.threads_for(db.session, me, youth_id)
    return render_template(
        "notes/youth.html",
        youth=youth,
        threads=threads,
        may_write=can(db.session, me, Action.WRITE_NOTES, youth_id),
        sees_staff_only=reading.reads_staff_only(me),
    )


@bp.route("/youth/<int:youth_id>/notes/new", methods=["GET", "POST"])
@roles_required(*READERS)
def new_thread(youth_id: int) -> Any:
    me = actor()
    youth_or_404(youth_id, Action.WRITE_NOTES)
    staff = can(db.session, me, Action.WRITE_STAFF_NOTES, youth_id)
    form = StaffThreadForm() if staff else ThreadForm()
    back = url_for("notes.youth_notes", youth_id=youth_id)
    return _new_thread(youth_id, form, back, _thread_url(youth_id))


@bp.route("/youth/<int:youth_id>/notes/<int:thread_id>", methods=["GET", "POST"])
@roles_required(*READERS)
def thread(youth_id: int, thread_id: int) -> Any:
    return _thread_page(youth_id, thread_id, "notes/thread.html", _thread_url(youth_id))
