"""Pages of the skills feature: skill growth (this module), evidence added, changed and
reviewed (``views_evidence``). Files are served only by ``evidence_file``, as downloads."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, render_template, send_file
from flask_babel import format_date
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ccl_youth.core.content_recognition import Skill
from ccl_youth.core.files import download_filename, open_upload
from ccl_youth.core.roles import Role
from ccl_youth.extensions import db
from ccl_youth.skills import queries, review, services
from ccl_youth.skills.checks import FILE_TYPES, FOLDER
from ccl_youth.skills.forms import KIND_LABELS, LEVEL_LABELS, SOURCE_LABELS, STATUS_LABELS
from ccl_youth.skills.levels import EVIDENCE, LevelPoint
from ccl_youth.web.access import actor, roles_required, youth_or_404
from ccl_youth.web.catalog import recognition

bp = Blueprint("skills", __name__, template_folder="templates")
STAFF_ROLES = (Role.STAFF, Role.ADMIN)


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {
        "EVIDENCE_KINDS": KIND_LABELS,
        "EVIDENCE_STATUS": STATUS_LABELS,
        "LEVEL_NAMES": LEVEL_LABELS,
        "SOURCES": SOURCE_LABELS,
        "FILE_TYPE_NAMES": FILE_TYPES,
        "seen_value": review.seen_value,
    }


def uploads_root() -> Path:
    return Path(current_app.config["UPLOADS_PATH"])


def skills() -> tuple[Skill, ...]:
    """The skills of the content folder, in their order."""
    return recognition().skills


def skill_names() -> dict[str, str]:
    return {skill.slug: skill.name for skill in skills()}


# --- charts ----------------------------------------------------------------------------------


def _data_uri(svg: bytes) -> str:
    # As on the inventory pages: an <img> with a data: URI, which the page's CSP allows, and
    # inside which the SVG's own style attributes apply without loosening style-src.
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


@lru_cache(maxsize=512)
def _chart(marks: tuple[Any, ...], level_names: tuple[str, ...], sources: tuple[str, str]) -> str:
    from ccl_youth.skills import charts  # matplotlib loads on the first chart, not at start

    return _data_uri(charts.level_chart(marks, level_names=level_names, source_names=sources))


@dataclass(frozen=True)
class SkillCard:
    """One skill on a growth page: the current level (None: not yet) with the rubric's words
    for it in the youth's grade band, and the chart of its levels over time."""

    skill: Skill
    level: int | None
    descriptor: str
    chart: str | None
    chart_alt: str
    shown: int
    points: int


def _day(point: LevelPoint) -> str:
    return format_date(point.dt, "medium")


def skill_cards(
    levels: dict[str, int], history: Sequence[LevelPoint], grade: int
) -> list[SkillCard]:
    """A card per skill of the content, in its order, with charts of the newest levels."""
    from ccl_youth.skills.charts import MAX_MARKS, Mark

    level_names = tuple(str(LEVEL_LABELS[n]) for n in sorted(LEVEL_LABELS))
    sources = (str(SOURCE_LABELS["evidence"]), str(SOURCE_LABELS["evaluation"]))
    cards = []
    for skill in skills():
        points = [p for p in history if p.skill_slug == skill.slug]
        level = levels.get(skill.slug)
        descriptor = skill.descriptor(level or 1, grade)
        chart, alt, newest = None, "", points[-MAX_MARKS:]
        if newest:
            marks = tuple(Mark(_day(p), p.level, p.source != EVIDENCE) for p in newest)
            chart = _chart(marks, level_names, sources)
            said = "; ".join(
                _(
                    "%(day)s: %(level)s (%(source)s)",
                    day=_day(p),
                    level=LEVEL_LABELS[p.level],
                    source=SOURCE_LABELS[p.source],
                )  # fmt: skip
                for p in newest
            )
            alt = _("Chart of %(skill)s levels over time, oldest first: %(levels)s.",
                    skill=skill.name, levels=said)  # fmt: skip
        cards.append(SkillCard(skill, level, descriptor, chart, alt, len(newest), len(points)))
    return cards


# --- growth pages ----------------------------------------------------------------------------


def _growth_page(template: str, growth: queries.SkillGrowth, **extra: Any) -> str:
    return render_template(
        template,
        growth=growth,
        cards=skill_cards(growth.levels, growth.history, growth.grade),
        names=skill_names(),
        evidence_titles={row.id: row.title for row in growth.evidence},
        **extra,
    )


@bp.get("/my/skills")
@roles_required(Role.YOUTH)
def my_skills() -> str:
    growth = queries.skill_growth(db.session, actor(), actor().id)
    return _growth_page("skills/my_skills.html", growth)


@bp.get("/youth/<int:youth_id>/skills")
@roles_required(Role.STAFF, Role.ADMIN, Role.FAMILY)
def youth_skills(youth_id: int) -> str:
    youth = youth_or_404(youth_id)
    growth = queries.skill_growth(db.session, actor(), youth.id)
    db.session.commit()  # the audit event of this view
    if actor().role == Role.FAMILY.value:
        return _growth_page("skills/family_skills.html", growth)
    return _growth_page("skills/youth_skills.html", growth, me=actor().id)


# --- files -----------------------------------------------------------------------------------


@bp.get("/evidence/<int:evidence_id>/file")
@roles_required(Role.YOUTH, Role.STAFF, Role.ADMIN)
def evidence_file(evidence_id: int) -> Response:
    evidence = services.evidence_file(db.session, actor(), evidence_id)
    path = open_upload(uploads_root(), FOLDER, evidence.stored_file)
    db.session.commit()  # the audit event of someone else's download
    # Always a download, images too: nothing uploaded is ever shown inside our pages' origin.
    response = send_file(
        io.BytesIO(path.read_bytes()),
        mimetype=evidence.content_type or "application/octet-stream",
        as_attachment=True,
        download_name=download_filename(
            evidence.filename, evidence.content_type, services.FALLBACK_NAME
        ),
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


from ccl_youth.skills import views_evidence  # noqa: E402, F401  (its routes are on bp)
