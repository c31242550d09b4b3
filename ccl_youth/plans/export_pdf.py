"""The plan as one PDF document (HSBP.md §2.3 (xi): download or print the whole plan): a
header, then a level-1 heading per statutory element (a)…(e) and the graduation pathway, the
course grid as tables, the financial-aid checklist and the résumé. Pure: a ``PlanDocument``
in, bytes out. The web layer passes its translation function and date format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ccl_youth.core.pdf import Block, Bullets, Fields, Heading, Para, Table, render_pdf
from ccl_youth.plans.document_types import CourseElement, CourseLine, PlanDocument
from ccl_youth.plans.requirements import format_credits
from ccl_youth.resume.assembly import CATEGORIES, ResumeWords, resume_blocks


def _same(text: str) -> str:
    return text


def _us_date(day: date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


@dataclass(frozen=True)
class PdfText:
    """How the PDF speaks: ``gettext`` translates a phrase (``{name}`` placeholders are
    filled after), ``date_text`` writes a date."""

    gettext: Callable[[str], str] = _same
    date_text: Callable[[date], str] = field(default=_us_date)


#: Course status slug → words (translated through ``PdfText.gettext``).
STATUS_WORDS = {"planned": "Planned", "in_progress": "Taking now", "completed": "Completed"}
CATEGORY_WORDS = {
    "education": "Education",
    "work": "Work experience",
    "extracurricular": "Activities",
    "service": "Community service",
    "award": "Awards and recognition",
    "other": "Other",
}
GUIDANCE_TITLES = {
    "i": "Course options",
    "iv": "Advanced and dual-credit courses",
    "v": "How courses affect what comes next",
    "vi": "Career and technical courses that count for core subjects",
    "vii": "Career and technical education and work-based learning",
    "viii": "Credit recovery and acceleration",
}


def _fields(pairs: list[tuple[str, str]]) -> list[Block]:
    """Label/value pairs without the empty ones (nothing at all when every value is empty)."""
    kept = [(label, value) for label, value in pairs if value]
    return [Fields(kept)] if kept else []


def _course_notes(line: CourseLine, _: Callable[[str], str]) -> str:
    notes = [line.acceleration_name] if line.acceleration else []
    if line.is_cte_equivalency:
        notes.append(_("CTE equivalency"))
    if line.is_credit_recovery:
        notes.append(_("Credit recovery"))
    return ", ".join(notes)


def _course_list(lines: tuple[CourseLine, ...], t: PdfText) -> list[Block]:
    if not lines:
        return []
    grade = t.gettext("Grade {grade}")
    return [Bullets([f"{line.title} ({grade.format(grade=line.grade)})" for line in lines])]


def _grid(c: CourseElement, t: PdfText) -> list[Block]:
    _ = t.gettext
    blocks: list[Block] = []
    header = [_("Course"), _("Subject area"), _("Credits"), _("Status"), _("Notes")]
    for year in c.grades:
        blocks.append(Heading(_("Grade {grade}").format(grade=year.grade), level=2))
        if not year.courses:
            blocks.append(Para(_("No courses planned yet."), muted=True))
            continue
        rows = [
            [line.title, line.area_name, format_credits(line.credits),
             _(STATUS_WORDS.get(line.status, line.status)), _course_notes(line, _)]
            for line in year.courses
        ]  # fmt: skip
        blocks.append(Table(header, rows, widths=(3, 2, 1, 1.4, 2)))
    blocks.append(Heading(_("Credits toward graduation"), level=2))
    rows = [
        [row.name, format_credits(row.required), format_credits(row.planned),
         format_credits(row.completed),
         _("Met") if row.met else _("Short by {credits}").format(
             credits=format_credits(row.short_by))]
        for row in c.tally
    ]  # fmt: skip
    total = c.totals
    rows.append([
        _("Total"), format_credits(total.required), format_credits(total.planned),
        format_credits(total.completed),
        _("Met") if total.met else _("Short by {credits}").format(
            credits=format_credits(total.short_by)),
    ])  # fmt: skip
    header = [_("Subject area"), _("Required"), _("Planned"), _("Completed"), _("Status")]
    blocks.append(Table(header, rows, widths=(2.6, 1.2, 1.2, 1.4, 1.6)))
    return blocks


def _work_based(c: CourseElement, t: PdfText) -> list[Block]:
    _ = t.gettext
    items = [
        " · ".join(part for part in (
            p.title, p.partner_name, p.type_name,
            _("{hours} verified hours").format(hours=format_credits(p.verified_hours)),
        ) if part)
        for p in c.placements
    ] + [
        " · ".join((x.title, x.type_name, t.date_text(x.activity_date)))
        for x in c.activities
    ]  # fmt: skip
    return [Bullets(items)] if items else []


def _guidance(c: CourseElement, t: PdfText) -> list[Block]:
    _ = t.gettext
    extra: dict[str, list[Block]] = {
        "iv": _course_list(c.accelerated, t) + _fields([(_("My notes"), c.acceleration_notes)]),
        "vi": _course_list(c.cte_equivalency, t) + _fields([(_("My notes"), c.cte_notes)]),
        "vii": _work_based(c, t),
        "viii": _course_list(c.credit_recovery, t)
        + _fields([(_("My notes"), c.credit_recovery_notes)]),
    }
    blocks: list[Block] = []
    for part in c.guidance:
        blocks.append(Heading(_(GUIDANCE_TITLES.get(part.part, part.key)), level=2))
        blocks.append(Para(part.text, muted=True))
        blocks.extend(extra.get(part.part, []))
        if part.part == "i" and c.course_alignment:
            blocks.append(Heading(_("How my courses fit my goals"), level=2))
            blocks.append(Para(c.course_alignment))
    return blocks


def plan_blocks(doc: PlanDocument, t: PdfText) -> list[Block]:
    """Every block of the plan, in element order."""
    _, h, a, b = t.gettext, doc.header, doc.a, doc.b
    signed = (
        _("{name} on {date}").format(name=h.signed_by or "", date=t.date_text(h.signed_dt.date()))
        if h.signed_dt else _("Not yet")
    )  # fmt: skip
    blocks: list[Block] = _fields([
        (_("Name"), h.youth_name), (_("School"), h.school), (_("Grade"), str(h.grade)),
        (_("School year"), h.school_year_label), (_("Signed off by staff"), signed),
        (_("Staff note"), h.sign_off_note),
    ])  # fmt: skip
    blocks += [Heading(a.heading)]
    blocks += _fields([(_("Career goals"), a.career_goals), (_("Interests"), a.interests_note)])
    if a.inventory is not None:
        inv = a.inventory
        blocks += [Heading(_("Interest inventory"), level=2)]
        blocks += _fields([
            (_("Inventory"), inv.instrument_title),
            (_("Finished"), t.date_text(inv.completed_dt.date()) if inv.completed_dt else ""),
            (_("Strongest interests"), ", ".join(inv.top_areas)),
            (_("Career clusters that match"), ", ".join(inv.clusters)),
        ])  # fmt: skip
    if a.favourite_careers:
        blocks += [Heading(_("Saved careers"), level=2), Bullets(list(a.favourite_careers))]
    blocks += [Heading(b.heading)]
    blocks += _fields([
        (_("High school goals"), b.secondary_goals),
        (_("Goals after high school"), b.postsecondary_goals),
        (_("After high school"), b.route_name),
    ])  # fmt: skip
    if b.goals:
        goal_lines = [
            _("{title} (done {date})").format(title=g.title, date=t.date_text(g.completed_dt))
            if g.status == "completed" and g.completed_dt
            else _("{title} (by {date})").format(title=g.title, date=t.date_text(g.target_date))
            if g.target_date else g.title
            for g in b.goals
        ]  # fmt: skip
        blocks += [Heading(_("My goals"), level=2), Bullets(goal_lines)]
    blocks += [Heading(doc.c.heading), *_grid(doc.c, t), *_guidance(doc.c, t)]
    blocks += [Heading(doc.d.heading)]
    blocks.append(Table(
        [_("Information"), _("Received")],
        [[item.name, t.date_text(item.received_on) if item.received_on else _("Not yet")]
         for item in doc.d.items],
        widths=(3, 1.4),
    ))  # fmt: skip
    blocks += [Heading(doc.e.heading)]
    words = ResumeWords(
        hours=_("{hours} hours"), recognition=_("Recognised with: {recognition}"),
        ongoing=_("now"), date_text=lambda day: f"{day:%b} {day.year}",
    )  # fmt: skip
    headings = {category: _(CATEGORY_WORDS.get(category, category)) for category in CATEGORIES}
    resume = resume_blocks(doc.e.items, headings, words=words)
    blocks += resume or [Para(_("Nothing on the résumé yet."), muted=True)]
    blocks += [Heading(doc.pathway.heading)]
    chosen = [f"{p.name}: {p.summary}" if p.summary else p.name for p in doc.pathway.pathways]
    blocks += [Bullets(chosen)] if chosen else [Para(_("Not chosen yet."), muted=True)]
    blocks += _fields([(_("Notes"), doc.pathway.notes)])
    return blocks


def plan_pdf(doc: PlanDocument, t: PdfText | None = None) -> bytes:
    """The plan as PDF bytes (deterministic for the same document)."""
    t = t or PdfText()
    title = t.gettext("High School and Beyond Plan")
    subtitle = f"{doc.header.youth_name} · {doc.header.school_year_label}"
    return render_pdf(title, plan_blocks(doc, t), subtitle=subtitle)
