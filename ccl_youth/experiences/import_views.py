"""Attendance from a CSV file (or pasted rows), with a report of what happened to each row."""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ccl_youth.core.policies import Action
from ccl_youth.experiences import attendance, queries
from ccl_youth.experiences.attendance_import import MAX_BYTES, parse_attendance_csv, template_csv
from ccl_youth.experiences.forms import ImportForm
from ccl_youth.experiences.views import STAFF_ROLES, bp
from ccl_youth.extensions import db
from ccl_youth.web.access import actor, roles_required


def _uploaded(form: ImportForm) -> bytes | None:
    """The file's bytes (one more than the limit at most, so "too large" can be told), else
    the pasted rows, else None."""
    upload = form.file.data
    if upload is not None and getattr(upload, "filename", ""):
        return bytes(upload.stream.read(MAX_BYTES + 1))
    if (form.rows.data or "").strip():
        return (form.rows.data or "").encode("utf-8")
    return None


@bp.route("/activities/<int:activity_id>/attendance/import", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def import_attendance(activity_id: int) -> Any:
    user = actor()
    record = queries.load_activity(db.session, user, activity_id, Action.EDIT_ACTIVITY)
    form = ImportForm()
    results: list[attendance.RowResult] | None = None
    if form.validate_on_submit():
        data = _uploaded(form)
        if data is None:
            form.file.errors = [_("Choose a CSV file, or paste the rows.")]
        else:
            parsed = parse_attendance_csv(data)
            if parsed.error:
                form.form_errors.append(parsed.error)
            else:
                results = attendance.import_attendance(db.session, user, record, parsed.lines)
                db.session.commit()
    counts: dict[str, int] = {}
    for result in results or ():
        counts[result.outcome.value] = counts.get(result.outcome.value, 0) + 1
    return render_template(
        "experiences/import.html", activity=record, form=form, results=results, counts=counts
    )


@bp.get("/activities/attendance-template.csv")
@roles_required(*STAFF_ROLES)
def attendance_template() -> Response:
    response = current_app.response_class(template_csv(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="attendance-template.csv"'
    return response
