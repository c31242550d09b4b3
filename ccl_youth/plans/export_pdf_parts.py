"""The PDF blocks of the plan's two long elements, part by part: the course plan (c)(i)–(viii)
and the financial-aid information (d)(i)–(v). Every part gets its level-2 heading with its
numeral, its guidance and what the plan holds there, or says that nothing is written yet, so the
document shows every statutory part (HSBP.md §2.1). Pure: a ``PlanDocument``'s elements in,
blocks out; the web layer passes its translation function and date format in ``PdfText``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ccl_youth.core.pdf import Block, Bullets, Fields, Heading, Para, Table
from ccl_youth.plans.document_types import (
    C_PARTS,
    AidElement,
    CourseElement,
    CourseLine,
    part_title,
)
from ccl_youth.plans.requirements import format_credits


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


def _course_notes(line: CourseLine, _: Callable[[str], str]) -> str:
    notes = [line.acceleration_name] if line.acceleration else []
    if line.is_cte_equivalency:
        notes.append(_("CTE equivalency"))
    if line.is_credit_recovery:
        notes.append(_("Credit recovery"))
    return ", ".join(notes)


def _written(text: str, t: PdfText) -> list[Block]:
    """The youth's words for a part, or that there are none yet."""
    return [Para(text)] if text else [Para(t.gettext("Not written yet."), muted=True)]


def _notes(text: str, t: PdfText) -> list[Block]:
    _ = t.gettext
    return [Fields([(_("My notes"), text or _("Not written yet."))])]


def _course_list(lines: tuple[CourseLine, ...], t: PdfText, empty: str) -> list[Block]:
    if not lines:
        return [Para(t.gettext(empty), muted=True)]
    grade = t.gettext("Grade {grade}")
    return [Bullets([f"{line.title} ({grade.format(grade=line.grade)})" for line in lines])]


def _grid(c: CourseElement, t: PdfText) -> list[Block]:
    """(c)(i): the courses of each grade, one level-3 heading and table per grade."""
    _ = t.gettext
    blocks: list[Block] = []
    header = [_("Course"), _("Subject area"), _("Credits"), _("Status"), _("Notes")]
    for year in c.grades:
        blocks.append(Heading(_("Grade {grade}").format(grade=year.grade), level=3))
        if not year.courses:
            blocks.append(Para(_("No courses planned yet."), muted=True))
            continue
        rows = [
            [line.title, line.area_name, format_credits(line.credits),
             _(STATUS_WORDS.get(line.status, line.status)), _course_notes(line, _)]
            for line in year.courses
        ]  # fmt: skip
        blocks.append(Table(header, rows, widths=(3, 2, 1, 1.4, 2)))
    return blocks


def _tally(c: CourseElement, t: PdfText) -> list[Block]:
    """(c)(ii): credits planned and done against each requirement area."""
    _ = t.gettext
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
    return [Table(header, rows, widths=(2.6, 1.2, 1.2, 1.4, 1.6))]


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
    if not items:
        return [Para(_("No work placements or work-based activities yet."), muted=True)]
    return [Bullets(items)]


def course_blocks(c: CourseElement, t: PdfText) -> list[Block]:
    """Element (c) under its level-1 heading: every part (i)–(viii) with its guidance."""
    guidance = {g.part: g.text for g in c.guidance}
    body: dict[str, list[Block]] = {
        "i": _grid(c, t),
        "ii": _tally(c, t),
        "iii": _written(c.course_alignment, t),
        "iv": _course_list(c.accelerated, t, "No advanced or dual-credit courses in the plan yet.")
        + _notes(c.acceleration_notes, t),
        "v": [],
        "vi": _course_list(c.cte_equivalency, t, "No CTE equivalency courses in the plan yet."),
        "vii": _notes(c.cte_notes, t) + _work_based(c, t),
        "viii": _course_list(c.credit_recovery, t, "No credit recovery courses in the plan yet.")
        + _notes(c.credit_recovery_notes, t),
    }
    blocks: list[Block] = []
    for numeral, title in C_PARTS:
        blocks.append(Heading(part_title(numeral, t.gettext(title)), level=2))
        if numeral in guidance:
            blocks.append(Para(guidance[numeral], muted=True))
        blocks.extend(body[numeral])
    return blocks


def aid_blocks(d: AidElement, t: PdfText) -> list[Block]:
    """Element (d): how many items were received, then every part (i)–(v) with its items,
    each with its summary, its address when it has one and the day it was received."""
    _ = t.gettext
    blocks: list[Block] = [
        Para(_("{done} of {total} received").format(done=d.received_count, total=len(d.items)))
    ]
    for part in d.parts:
        blocks.append(Heading(part_title(part.numeral, _(part.title)), level=2))
        lines = []
        for item in part.items:
            when = t.date_text(item.received_on) if item.received_on else _("not yet")
            line = _("{name}. Received: {when}.").format(name=item.name, when=when)
            line += f" {item.summary}"
            if item.url:
                line += " " + _("Link: {url}").format(url=item.url)
            lines.append(line)
        blocks.append(Bullets(lines) if lines else Para(_("Nothing listed yet."), muted=True))
    return blocks
