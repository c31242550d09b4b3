"""Public pages: no sign-in, no youth data."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("pages", __name__, template_folder="templates")

#: The project name O*NET's required credit line asks for.
PROJECT_NAME = "ccl_youth"


@bp.get("/about")
def about() -> str:
    return render_template("pages/about.html", project_name=PROJECT_NAME)
