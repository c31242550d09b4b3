"""Inventories: youth take them (one page of items at a time, saved as they go) and read their
results; staff assign them to cohorts, follow who has finished and enter paper sheets."""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from ccl_youth.accounts.models import YouthProfile
from ccl_youth.assessments import services
from ccl_youth.assessments.forms import (
    AssignForm,
    ChooseInstrumentForm,
    PaperSheetForm,
    parse_value,
    read_answers,
)
from ccl_youth.assessments.models import AssessmentAttempt, Instrument, InstrumentItem
from ccl_youth.assessments.scoring import ScoreResult
from ccl_youth.assessments.wording import AreaRow, area_texts, register_filters, result_words
from ccl_youth.careers import matches as career_matches
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.core.policies import Action, require
from ccl_youth.core.roles import Role, grade_label
from ccl_youth.extensions import db
from ccl_youth.programs.models import Cohort
from ccl_youth.web.access import actor, roles_required, youth_or_404
from ccl_youth.web.errors import render_error
from ccl_youth.web.i18n import error_text, translate_errors

bp = Blueprint("assessments", __name__, template_folder="templates")
bp.record_once(lambda state: register_filters(state.app))
STAFF_ROLES = (Role.STAFF, Role.ADMIN)
#: Items on one page of an inventory (a wide screen shows them all; a phone one at a time).
PAGE_SIZE = 6
#: Occupations listed on the results page.
TOP_OCCUPATIONS = 10
#: Attempts drawn on the history chart (the table lists them all).
HISTORY_POINTS = 8


def _number_arg(value: str | None, largest: int) -> int | None:
    # ASCII digits only (int() rejects "²", which isdigit() accepts) and within bounds.
    if value and len(value) <= 5 and value.isascii() and value.isdigit():
        number = int(value)
        if 0 < number <= largest:
            return number
    return None


def band(instrument: Instrument) -> str:
    return f"{grade_label(instrument.grade_min)}–{grade_label(instrument.grade_max)}"


def _grade_of(youth_id: int) -> int:
    profile = db.session.get(YouthProfile, youth_id)
    if profile is None:
        raise NotFound("youth")
    return profile.grade


# --- charts ----------------------------------------------------------------------------------


def _data_uri(svg: bytes) -> str:
    # An <img> with a data: URI: the page's CSP allows data: images, and inside an image the
    # SVG's own style attributes apply without loosening the page's style-src.
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


@lru_cache(maxsize=256)
def _scores_chart(rows: tuple[AreaRow, ...], axis_label: str, missing_label: str) -> str:
    from ccl_youth.assessments import charts  # matplotlib loads on the first chart, not at start

    bars = [charts.Bar(row.name, row.score, row.is_top) for row in rows]
    return _data_uri(charts.scores_chart(bars, axis_label=axis_label, missing_label=missing_label))


@lru_cache(maxsize=128)
def _history_chart(
    labels: tuple[str, ...], series: tuple[tuple[str, tuple[float | None, ...]], ...], axis: str
) -> str:
    from ccl_youth.assessments import charts

    lines = [charts.Series(name, values) for name, values in series]
    return _data_uri(charts.history_chart(labels, lines, axis_label=axis))


def scores_chart_uri(rows: list[AreaRow]) -> str:
    return _scores_chart(tuple(rows), _("Score (0 to 100)"), _("not enough answers"))


# --- youth: the list, starting and resuming --------------------------------------------------


@bp.get("/inventories")
@roles_required(Role.YOUTH)
def index() -> str:
    overview = services.inventory_overview(db.session, actor())
    return render_template("assessments/youth_index.html", overview=overview, band=band)


@bp.post("/inventories/<slug:slug>/start")
@roles_required(Role.YOUTH)
def start(slug: str) -> Any:
    form = services.load_instrument(db.session, slug)
    try:
        attempt = services.start_attempt(db.session, actor(), form.instrument)
    except ValidationFailed:
        db.session.rollback()
        return render_error(
            400,
            _("This inventory is not for your grade"),
            _(
                "%(title)s is for grades %(band)s. Choose one from your list of inventories.",
                title=form.instrument.title,
                band=band(form.instrument),
            ),
        )
    db.session.commit()
    return redirect(url_for(".attempt", attempt_id=attempt.id))


# --- youth: answering ------------------------------------------------------------------------


@dataclass(frozen=True)
class AttemptPage:
    """One page of items, or (``is_review``) the page after the last one."""

    number: int
    count: int  # pages of items; the review page is count + 1
    items: list[tuple[int, InstrumentItem]]  # (1-based number in the whole instrument, item)

    @property
    def is_review(self) -> bool:
        return self.number > self.count


def _pages(items: list[InstrumentItem]) -> list[list[tuple[int, InstrumentItem]]]:
    numbered = list(enumerate(items, start=1))
    return [numbered[i : i + PAGE_SIZE] for i in range(0, len(numbered), PAGE_SIZE)] or [[]]


def _first_open_page(pages: list[list[tuple[int, InstrumentItem]]], saved: dict[str, int]) -> int:
    """Where to carry on: the first page with an unanswered item, else the review page."""
    for number, page in enumerate(pages, start=1):
        if any(item.key not in saved for _n, item in page):
            return number
    return len(pages) + 1


def _item_errors(error: ValidationFailed) -> tuple[dict[str, str], list[str]]:
    """Messages by item key, and those about no item on the page (each naming its item)."""
    by_item: dict[str, str] = {}
    general: list[str] = []
    for field, messages in translate_errors(error.errors).items():
        if field.startswith("answers."):
            by_item[field.removeprefix("answers.")] = " ".join(messages)
        else:
            general.extend(messages)
    return by_item, general


def _render_attempt(
    attempt: AssessmentAttempt,
    form: services.InstrumentForm,
    page: AttemptPage,
    chosen: dict[str, object],
    *,
    errors: dict[str, str] | None = None,
    general: list[str] | None = None,
    status: int = 200,
) -> tuple[str, int]:
    answered = sum(1 for item in form.items if isinstance(chosen.get(item.key), int))
    template = (
        "assessments/youth_review.html" if page.is_review else "assessments/youth_attempt.html"
    )
    errors = errors or {}
    # An error for an item that is not on this page (a tampered form) is still named.
    on_page = {item.key for _n, item in page.items}
    stray = [f"{key}: {message}" for key, message in errors.items() if key not in on_page]
    grade = _grade_of(attempt.youth_id)
    return (
        render_template(
            template,
            attempt=attempt,
            instrument=form.instrument,
            page=page,
            chosen=chosen,
            answered=answered,
            total=len(form.items),
            unanswered_pages=[
                (number, sum(1 for _n, item in items if item.key not in chosen))
                for number, items in enumerate(_pages(form.items), start=1)
                if any(item.key not in chosen for _n, item in items)
            ],
            errors=errors,
            general=[*(general or []), *stray],
            read_aloud=form.instrument.grade_max <= 5,
            young=grade <= 5,
        ),
        status,
    )


@bp.route("/inventories/attempts/<int:attempt_id>", methods=["GET", "POST"])
@roles_required(Role.YOUTH)
def attempt(attempt_id: int) -> Any:
    me = actor()
    found = services.own_attempt(db.session, me, attempt_id)
    if found.status == services.COMPLETED:
        return redirect(url_for(".results", attempt_id=found.id))
    form = services.load_instrument(db.session, found.instrument_id)
    pages = _pages(form.items)
    stored = services.answers_of(db.session, found)
    saved: dict[str, object] = dict(stored)
    if request.method == "GET":
        number = _number_arg(request.args.get("page"), len(pages) + 1)
        number = number or _first_open_page(pages, stored)
        page = AttemptPage(number, len(pages), pages[number - 1] if number <= len(pages) else [])
        return _render_attempt(found, form, page, saved)

    number = _number_arg(request.form.get("page"), len(pages) + 1) or 1
    page = AttemptPage(number, len(pages), pages[number - 1] if number <= len(pages) else [])
    answers, shape_errors = read_answers(request.form)
    try:
        if shape_errors:
            raise ValidationFailed(**shape_errors)
        services.save_answers(db.session, me, found, answers)
    except ValidationFailed as error:
        db.session.rollback()
        if "attempt" in error.errors:  # finished in another tab meanwhile
            return redirect(url_for(".results", attempt_id=attempt_id))
        by_item, general = _item_errors(error)
        chosen = {**saved, **answers}
        return _render_attempt(
            found, form, page, chosen, errors=by_item, general=general, status=400
        )
    db.session.commit()
    target = number - 1 if request.form.get("go") == "back" else number + 1
    target = max(1, min(target, len(pages) + 1))
    return redirect(url_for(".attempt", attempt_id=attempt_id, page=target))


@bp.post("/inventories/attempts/<int:attempt_id>/answer")
@roles_required(Role.YOUTH)
def answer(attempt_id: int) -> Any:
    """Save one answer as it is chosen (the page's script sends JSON; a form works too)."""
    me = actor()
    found = services.own_attempt(db.session, me, attempt_id)
    payload: Any = request.get_json(silent=True) if request.is_json else request.form
    if not hasattr(payload, "get"):
        return jsonify(errors={"item": [_("Send an item and a value.")]}), 400
    key = payload.get("item")
    if not isinstance(key, str) or not key or len(key) > 40:
        return jsonify(errors={"item": [_("Say which item this answer is for.")]}), 400
    value: Any = parse_value(payload.get("value"))
    try:
        services.save_answers(db.session, me, found, {key: value})
    except ValidationFailed as error:
        db.session.rollback()
        return jsonify(errors=translate_errors(error.errors)), 400
    db.session.commit()
    form = services.load_instrument(db.session, found.instrument_id)
    return jsonify(
        item=key,
        value=value,
        answered=services.answered_count(db.session, found),
        total=len(form.items),
    )


@bp.post("/inventories/attempts/<int:attempt_id>/finish")
@roles_required(Role.YOUTH)
def finish(attempt_id: int) -> Any:
    me = actor()
    found = services.own_attempt(db.session, me, attempt_id)
    try:
        services.finish_attempt(db.session, me, found)
    except ValidationFailed as error:
        db.session.rollback()
        form = services.load_instrument(db.session, found.instrument_id)
        pages = _pages(form.items)
        saved: dict[str, object] = dict(services.answers_of(db.session, found))
        general = [m for messages in translate_errors(error.errors).values() for m in messages]
        return _render_attempt(
            found,
            form,
            AttemptPage(len(pages) + 1, len(pages), []),
            saved,
            general=general,
            status=400,
        )
    db.session.commit()
    return redirect(url_for(".results", attempt_id=attempt_id))


# --- youth: results and history --------------------------------------------------------------


@bp.get("/inventories/attempts/<int:attempt_id>/results")
@roles_required(Role.YOUTH)
def results(attempt_id: int) -> Any:
    me = actor()
    found = services.own_attempt(db.session, me, attempt_id)
    if found.status != services.COMPLETED:
        return redirect(url_for(".attempt", attempt_id=found.id))
    instrument = db.session.get_one(Instrument, found.instrument_id)
    grade = _grade_of(me.id)
    texts = area_texts(instrument, grade)
    result = ScoreResult.from_json(found.scores or {})
    words = result_words(result, texts)
    match = clusters = None
    if instrument.kind == "riasec":
        match = career_matches.matches_for_scores(db.session, result.scores)
        keys = [c.cluster for c in match.top_clusters] + [c.cluster for c in match.outside_usual]
        clusters = career_matches.cluster_names(db.session, {int(key) for key in keys})
    return render_template(
        "assessments/youth_results.html",
        attempt=found,
        instrument=instrument,
        words=words,
        texts=texts,
        chart=scores_chart_uri(words.areas),
        match=match,
        occupations=match.matches[:TOP_OCCUPATIONS] if match and match.is_ranked else [],
        clusters=clusters or {},
        young=grade <= 5,
    )


@bp.get("/inventories/history")
@roles_required(Role.YOUTH)
def history() -> str:
    me = actor()
    done = services.completed_attempts(db.session, me, me.id)
    texts = area_texts(done[-1][1], _grade_of(me.id)) if done else {}
    rows = [
        (attempt, instrument, ScoreResult.from_json(attempt.scores or {}))
        for attempt, instrument in done
    ]
    chart = None
    if rows:
        shown = rows[-HISTORY_POINTS:]
        labels: list[str] = []
        for attempt, _instrument, _result in shown:
            label = format_date(attempt.completed_dt, "medium")
            repeats = sum(1 for earlier in labels if earlier.startswith(label))
            labels.append(f"{label} ({repeats + 1})" if repeats else label)
        series = tuple(
            (text.name, tuple(result.scores.get(code) for _a, _i, result in shown))
            for code, text in texts.items()
        )
        chart = _history_chart(tuple(labels), series, _("Score (0 to 100)"))
    return render_template("assessments/youth_history.html", rows=rows, texts=texts, chart=chart)


# --- staff: cohorts, a youth's results, paper sheets -----------------------------------------


def _cohort_or_404(cohort_id: int) -> Cohort:
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise NotFound("cohort")
    require(db.session, actor(), Action.VIEW_COHORT, cohort)
    return cohort


def _instrument_choices(instruments: list[Instrument]) -> list[tuple[str, str]]:
    return [
        (i.slug, _("%(title)s (grades %(band)s)", title=i.title, band=band(i))) for i in instruments
    ]


@dataclass(frozen=True)
class ProgressCounts:
    completed: int
    in_progress: int
    not_started: int
    other_grade: int


def _counts(instrument: Instrument, rows: list[services.CohortProgressRow]) -> ProgressCounts:
    fits = [r for r in rows if instrument.grade_min <= r.grade <= instrument.grade_max]
    return ProgressCounts(
        completed=sum(1 for r in fits if r.status == services.COMPLETED),
        in_progress=sum(1 for r in fits if r.status == services.IN_PROGRESS),
        not_started=sum(1 for r in fits if r.status == "not_started"),
        other_grade=len(rows) - len(fits),
    )


@bp.route("/cohorts/<int:cohort_id>/inventories", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def cohort(cohort_id: int) -> Any:
    me = actor()
    group = _cohort_or_404(cohort_id)
    form = AssignForm()
    form.instrument.choices = _instrument_choices(services.active_instruments(db.session))
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            chosen = services.load_instrument(db.session, form.instrument.data or "").instrument
            services.assign_instrument(db.session, me, group, chosen)
            db.session.commit()
            flash(
                _("%(title)s is assigned to %(cohort)s.", title=chosen.title,
                  cohort=group.name),
                "success",
            )  # fmt: skip
            return redirect(url_for(".cohort", cohort_id=group.id))
        status = 400
    assigned = []
    for assignment, instrument in services.assignments_for_cohort(db.session, me, group):
        rows = services.cohort_progress(db.session, me, group, instrument)
        assigned.append((assignment, instrument, rows, _counts(instrument, rows)))
    return (
        render_template(
            "assessments/staff_cohort.html", cohort=group, form=form, assigned=assigned, band=band
        ),
        status,
    )


@bp.get("/youth/<int:youth_id>/inventories")
@roles_required(*STAFF_ROLES)
def youth(youth_id: int) -> str:
    record = services.inventory_record(db.session, actor(), youth_id)
    db.session.commit()  # keep the audit event of this view
    latest: dict[int, tuple[AssessmentAttempt, Instrument]] = {}
    for attempt_row, instrument in record.attempts:  # newest first
        if attempt_row.status == services.COMPLETED and instrument.id not in latest:
            latest[instrument.id] = (attempt_row, instrument)
    results = []
    for attempt_row, instrument in latest.values():
        texts = area_texts(instrument, record.profile.grade)
        words = result_words(ScoreResult.from_json(attempt_row.scores or {}), texts)
        results.append((attempt_row, instrument, words))
    return render_template(
        "assessments/staff_youth.html", record=record, results=results, band=band
    )


@bp.route("/youth/<int:youth_id>/inventories/paper", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def paper(youth_id: int) -> Any:
    person = youth_or_404(youth_id, Action.EDIT_YOUTH)
    grade = _grade_of(person.id)
    choose = ChooseInstrumentForm(request.values)
    choose.instrument.choices = _instrument_choices(
        services.instruments_for_grade(db.session, grade)
    )
    slug = request.values.get("instrument", "")
    if not slug:
        return render_template("assessments/staff_paper_choose.html", youth=person, form=choose)
    try:
        form = services.load_instrument(db.session, slug[:40])
        services.check_grade_band(db.session, person, form.instrument)
    except (NotFound, ValidationFailed) as error:
        message = (
            error_text(error)
            if isinstance(error, ValidationFailed)
            else _("There is no inventory called %(slug)s.", slug=slug[:40])
        )
        choose.instrument.errors = [message]
        return (
            render_template("assessments/staff_paper_choose.html", youth=person, form=choose),
            400,
        )
    sheet = PaperSheetForm()
    errors: dict[str, str] = {}
    general: list[str] = []
    chosen: dict[str, object] = {}
    status = 200
    if request.method == "POST":
        answers, shape_errors = read_answers(request.form)
        chosen = dict(answers)
        try:
            if not sheet.validate_on_submit():
                raise ValidationFailed(dict(sheet.errors))
            if shape_errors:
                raise ValidationFailed(**shape_errors)
            attempt_row, created = services.submit_attempt(
                db.session, actor(), person.id, form.instrument, answers,
                source="paper", submission_key=sheet.submission_key.data,
            )  # fmt: skip
        except ValidationFailed as error:
            db.session.rollback()
            errors, general = _item_errors(error)
            known = {item.key for item in form.items}
            general += [f"{key}: {message}" for key, message in errors.items() if key not in known]
            status = 400
        else:
            db.session.commit()
            if created:
                flash(_("The paper sheet is saved and scored."), "success")
            else:
                flash(_("This sheet was already entered, so nothing new was saved."), "info")
            return redirect(
                url_for(".youth", youth_id=person.id, _anchor=f"attempt-{attempt_row.id}")
            )
    else:
        sheet.instrument.data = form.instrument.slug
        sheet.submission_key.data = secrets.token_urlsafe(24)
    return (
        render_template(
            "assessments/staff_paper.html",
            youth=person,
            instrument=form.instrument,
            items=list(enumerate(form.items, start=1)),
            sheet=sheet,
            chosen=chosen,
            errors=errors,
            general=general,
        ),
        status,
    )
