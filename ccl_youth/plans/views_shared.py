"""What the plan's pages share: the school year a request names (``?year=`` or a form's hidden
``year``) and the addresses of the plan's pages for the youth or for staff and admins."""

from __future__ import annotations

from typing import Any

from flask import abort, request, url_for

from ccl_youth.plans.rules import whole_number

#: School years a ``?year=`` or a form's ``year`` may name; anything else is no version at all.
YEARS = range(2000, 2100)


def year_arg() -> int | None:
    """``?year=2025``: a version to show, change or download; absent means the newest (or
    current); anything but a school year in ASCII digits is a 404."""
    if "year" not in request.args:
        return None
    year = whole_number(request.args.get("year"), YEARS)
    if year is None:
        abort(404)
    return year


def form_year(form: Any) -> int | None:
    """The form's hidden ``year``: None when empty (the current version), a 404 when it is
    not a school year (as for ``?year=``)."""
    text = (form.year.data or "").strip()
    year = whole_number(text, YEARS)
    if text and year is None:
        abort(404)
    return year


def links(youth_id: int, mine: bool) -> dict[str, str]:
    """The addresses of the plan's pages for the youth (``mine``) or for staff and admins."""
    if mine:
        return {
            "plan": url_for("plans.mine"),
            "start": url_for("plans.start_mine"),
            "edit": url_for("plans.edit_mine"),
            "versions": url_for("plans.versions_mine"),
            "conference": url_for("plans.conference_mine"),
            "courses": url_for("plan_courses.mine"),
            "aid": url_for("plan_courses.aid_mine"),
        }
    return {
        "plan": url_for("plans.youth_plan", youth_id=youth_id),
        "start": url_for("plans.start", youth_id=youth_id),
        "edit": url_for("plans.edit", youth_id=youth_id),
        "versions": url_for("plans.versions", youth_id=youth_id),
        "conference": url_for("plans.conference", youth_id=youth_id),
        "courses": url_for("plan_courses.youth", youth_id=youth_id),
        "aid": url_for("plan_courses.aid", youth_id=youth_id),
        "sign_off": url_for("plans.sign_off", youth_id=youth_id),
    }
