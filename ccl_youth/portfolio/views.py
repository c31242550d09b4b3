"""Portfolio pages: the youth arranges theirs (words at the top, sections, the records each
shows), prints it, downloads it as a PDF or as a CLR credential of its badges; staff, admins
and linked family read it and download the PDF."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ccl_youth.core.errors import ValidationFailed
from ccl_youth.core.roles import Role
from ccl_youth.extensions import db
from ccl_youth.portfolio import layout, services
from ccl_youth.portfolio.forms import AboutForm, ItemsForm, SectionsForm
from ccl_youth.portfolio.views_words import (
    facts,
    interests_sentence,
    level_names,
    month_year,
    section_titles,
)
from ccl_youth.web.access import actor, roles_required
from ccl_youth.web.catalog import catalog, recognition
from ccl_youth.web.errors import render_error
from ccl_youth.web.forms import apply_errors
from ccl_youth.web.i18n import translate_errors

bp = Blueprint("portfolio", __name__, template_folder="templates")

READERS = (Role.STAFF, Role.ADMIN, Role.FAMILY)


@bp.app_context_processor
def _words() -> dict[str, Any]:
    return {"portfolio_facts": facts}


def _show(portfolio: layout.Portfolio) -> dict[str, Any]:
    """What every page that shows a portfolio needs besides the sections."""
    return {
        "portfolio": portfolio,
        "titles": section_titles(),
        "levels": level_names(),
        "month": month_year,
        "interests": interests_sentence(portfolio.interests),
    }


def _mine_page(
    about: AboutForm | None = None, sections: SectionsForm | None = None, status: int = 200
) -> Any:
    me = actor()
    curation = services.curation_for(db.session, me, catalog(), recognition())
    portfolio = curation.portfolio
    if about is None:
        about = AboutForm(formdata=None, headline=portfolio.headline, about_me=portfolio.about_me)
    if sections is None:
        sections = SectionsForm(formdata=None)
        for position, section in enumerate(portfolio.sections, start=1):
            sections.sections.append_entry(
                {"kind": section.kind, "position": position, "shown": section.is_shown}
            )
    rows = [(row, row.form.kind.data) for row in sections.sections.entries]
    return render_template(
        "portfolio/mine.html",
        about=about,
        sections_form=sections,
        rows=rows,
        item_sections=layout.ITEM_KINDS,
        **_show(portfolio),
    ), status


@bp.get("/my/portfolio")
@roles_required(Role.YOUTH)
def mine() -> Any:
    return _mine_page()


@bp.post("/my/portfolio/about")
@roles_required(Role.YOUTH)
def about() -> Any:
    form = AboutForm()
    if form.validate_on_submit():
        try:
            services.save_about(
                db.session, actor(), form.headline.data or "", form.about_me.data or ""
            )
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash(_("Your words are saved."), "success")
            return redirect(url_for("portfolio.mine"))
    return _mine_page(about=form, status=400)


def _section_errors(
    form: SectionsForm | ItemsForm, list_name: str, error: ValidationFailed
) -> None:
    """``<list>-<row>-<field>`` errors go on that row's field (a hidden one's on the row's
    first visible field); the rest on the form."""
    rest: dict[str, list[str]] = {}
    entries = getattr(form, list_name).entries
    for name, messages in translate_errors(error.errors).items():
        parts = name.split("-")
        if len(parts) == 3 and parts[0] == list_name and parts[1].isdigit():
            row = int(parts[1])
            if row < len(entries):
                target = parts[2] if parts[2] in ("position", "note") else "shown"
                field = getattr(entries[row].form, target)
                field.errors = [*list(field.errors), *messages]
                form.form_errors.extend(messages)
                continue
        rest[name] = messages
    apply_errors(form, ValidationFailed(rest))


@bp.post("/my/portfolio/sections")
@roles_required(Role.YOUTH)
def sections() -> Any:
    form = SectionsForm()
    if form.validate_on_submit():
        rows = [
            services.SectionInput(
                kind=entry.form.kind.data or "",
                position=entry.form.position.data,
                is_shown=bool(entry.form.shown.data),
            )
            for entry in form.sections.entries
        ]
        try:
            services.save_sections(db.session, actor(), rows)
        except ValidationFailed as error:
            db.session.rollback()
            _section_errors(form, "sections", error)
        else:
            db.session.commit()
            flash(_("Your sections are saved."), "success")
            return redirect(url_for("portfolio.mine"))
    return _mine_page(sections=form, status=400)


def _item_rows(
    form: ItemsForm, curation: services.Curation, kinds: tuple[str, ...]
) -> list[tuple[Any, layout.Entry | None]]:
    by_ref = {
        f"{entry.kind}:{entry.ref_id}": entry
        for kind in kinds
        for entry in curation.candidates.get(kind, [])
    }
    return [(row, by_ref.get(row.form.ref.data or "")) for row in form.items.entries]


def _fill_items(form: ItemsForm, curation: services.Curation, section: str) -> None:
    """One row per record the section can show: picked ones first in their order (or, with
    nothing picked, the ones shown by default ticked), then the rest newest first."""
    kinds = layout.ITEM_KINDS[section]
    shown = next(s for s in curation.portfolio.sections if s.kind == section)
    ticked = {(e.kind, e.ref_id): n for n, e in enumerate(shown.entries, start=1)}
    everything = [e for kind in kinds for e in curation.candidates.get(kind, [])]
    everything.sort(key=lambda e: (ticked.get((e.kind, e.ref_id), 10**6), -e.day.toordinal()))
    for entry in everything:
        pick = curation.picks.get((entry.kind, entry.ref_id))
        place = ticked.get((entry.kind, entry.ref_id))
        form.items.append_entry(
            {
                "ref": f"{entry.kind}:{entry.ref_id}",
                "shown": place is not None,
                "position": place if shown.is_chosen else None,
                "note": pick.note if pick else "",
            }
        )


@bp.route("/my/portfolio/items", methods=["GET", "POST"])
@roles_required(Role.YOUTH)
def items() -> Any:
    me = actor()
    form = ItemsForm()
    section = (form.section.data if form.is_submitted() else request.args.get("section")) or ""
    if not section and not form.is_submitted():
        return redirect(url_for("portfolio.mine"))
    if section not in layout.ITEM_KINDS:
        # The section field names a section with no records to pick (or none at all).
        status = 400 if form.is_submitted() else 404
        return render_error(
            status, detail=_("Section: there is no such section with records to pick.")
        )
    status = 200
    if form.is_submitted():
        if form.validate():
            rows = [
                services.ItemInput(
                    ref=entry.form.ref.data or "",
                    is_shown=bool(entry.form.shown.data),
                    position=entry.form.position.data,
                    note=entry.form.note.data or "",
                )
                for entry in form.items.entries
            ]
            try:
                count = services.save_items(db.session, me, section, rows, catalog(), recognition())
            except ValidationFailed as error:
                db.session.rollback()
                _section_errors(form, "items", error)
            else:
                db.session.commit()
                flash(
                    _("Saved: %(count)d picked.", count=count)
                    if count
                    else _("Saved: the newest records show."),
                    "success",
                )
                return redirect(url_for("portfolio.mine"))
        status = 400
    curation = services.curation_for(db.session, me, catalog(), recognition())
    if not form.is_submitted():
        form.section.data = section
        _fill_items(form, curation, section)
    return render_template(
        "portfolio/items.html",
        form=form,
        section=section,
        title=section_titles()[section],
        rows=_item_rows(form, curation, layout.ITEM_KINDS[section]),
        cap=layout.DEFAULT_CAP,
    ), status


from ccl_youth.portfolio import views_read, views_share  # noqa: E402, F401  (routes on bp)
