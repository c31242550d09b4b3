"""The plan as one PDF document (HSBP.md §2.3 (xi): download or print the whole plan): a
header, then a level-1 heading per statutory element with its letter, "(a) Career goals and
interests" … (e), and the graduation pathway; every part of (c) and (d) under its own level-2
heading (``export_pdf_parts``); the résumé. What the youth has not written yet says so. Pure:
a ``PlanDocument`` in, bytes out. The web layer passes its translation function and date
format."""

from __future__ import annotations

from ccl_youth.core.pdf import Block, Bullets, Fields, Heading, Para, render_pdf
from ccl_youth.plans.document_types import PlanDocument, element_title
from ccl_youth.plans.export_pdf_parts import PdfText, aid_blocks, course_blocks
from ccl_youth.resume.assembly import CATEGORIES, ResumeWords, resume_blocks

__all__ = ["PdfText", "plan_blocks", "plan_pdf"]


CATEGORY_WORDS = {
    "education": "Education",
    "work": "Work experience",
    "extracurricular": "Activities",
    "service": "Community service",
    "award": "Awards and recognition",
    "other": "Other",
}


def _fields(pairs: list[tuple[str, str]]) -> list[Block]:
    """Label/value pairs without the empty ones (nothing at all when every value is empty)."""
    kept = [(label, value) for label, value in pairs if value]
    return [Fields(kept)] if kept else []


def _written(pairs: list[tuple[str, str]], t: PdfText) -> list[Block]:
    """Label/value pairs of the youth's words, "Not written yet." for the empty ones."""
    return [Fields([(label, value or t.gettext("Not written yet.")) for label, value in pairs])]


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
    blocks += [Heading(element_title("a", a.heading))]
    blocks += _written([(_("Career goals"), a.career_goals), (_("Interests"), a.interests_note)], t)
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
    blocks += [Heading(element_title("b", b.heading))]
    blocks += _written([
        (_("High school goals"), b.secondary_goals),
        (_("Goals after high school"), b.postsecondary_goals),
        (_("After high school"), b.route_name),
    ], t)  # fmt: skip
    if b.goals:
        goal_lines = [
            _("{title} (done {date})").format(title=g.title, date=t.date_text(g.completed_dt))
            if g.status == "completed" and g.completed_dt
            else _("{title} (by {date})").format(title=g.title, date=t.date_text(g.target_date))
            if g.target_date else g.title
            for g in b.goals
        ]  # fmt: skip
        blocks += [Heading(_("My goals"), level=2), Bullets(goal_lines)]
    blocks += [Heading(element_title("c", doc.c.heading)), *course_blocks(doc.c, t)]
    blocks += [Heading(element_title("d", doc.d.heading)), *aid_blocks(doc.d, t)]
    blocks += [Heading(element_title("e", doc.e.heading))]
    words = ResumeWords(
        hours=_("{hours} hours"), recognition=_("Recognised with: {recognition}"),
        ongoing=_("now"), date_text=lambda day: f"{day:%b} {day.year}",
    )  # fmt: skip
    headings = {category: _(CATEGORY_WORDS.get(category, category)) for category in CATEGORIES}
    resume = resume_blocks(doc.e.items, headings, words=words)
    blocks += resume or [Para(_("Nothing on the résumé yet."), muted=True)]
    blocks += [Heading(element_title("pathway", doc.pathway.heading))]
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
