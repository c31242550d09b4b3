"""The portfolio in the reader's language: section titles, the line of facts under a record,
the interests sentence and the words of the PDF. Shared by every portfolio page."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from ccl_youth.accounts.services import ascii_fold
from ccl_youth.assessments.wording import join_words
from ccl_youth.portfolio.layout import Entry, Interests, Portfolio
from ccl_youth.portfolio.pdf import Words


def section_titles() -> dict[str, str]:
    return {
        "about": _("About me"),
        "interests": _("My interests"),
        "careers": _("Careers I like"),
        "experiences": _("What I have done"),
        "evidence": _("My work"),
        "badges": _("My badges"),
        "skills": _("My skills"),
        "goals": _("My goals"),
    }


def level_names() -> dict[int, str]:
    return {1: _("Emerging"), 2: _("Developing"), 3: _("Proficient"), 4: _("Advanced")}


def month_year(day: date) -> str:
    """A day as its month and year ("Mar 2026"), for skill growth."""
    return format_date(day, "MMM yyyy")


def _status(entry: Entry) -> str:
    if entry.kind == "goal":
        return _("Reached") if entry.status == "completed" else _("Working on it")
    if entry.kind == "evidence":
        return _("Checked by staff") if entry.status == "verified" else _("Not checked yet")
    return {
        "active": _("Under way"),
        "completed": _("Completed"),
        "ended_early": _("Ended early"),
    }.get(entry.status, "")


def _hours(minutes: int) -> str:
    hours = round(minutes / 60, 1)
    shown = f"{hours:g}"
    return _("%(hours)s hours", hours=shown) if hours != 1 else _("1 hour")


def facts(entry: Entry) -> str:
    """Date, what the record is, its status and its hours, in one line."""
    parts = [format_date(entry.day, "medium"), *entry.facts]
    status = _status(entry)
    if status:
        parts.append(status)
    if entry.minutes:
        hours = _hours(entry.minutes)
        parts.append(_("%(hours)s verified", hours=hours) if entry.kind == "placement" else hours)
    return " · ".join(parts)


def interests_sentence(found: Interests | None) -> str:
    if found is None:
        return ""
    sentence = _(
        "My strongest interest areas are %(areas)s (from “%(test)s”, %(day)s).",
        areas=join_words(list(found.areas)) or found.code,
        test=found.instrument_title,
        day=format_date(found.finished_on, "medium"),
    )
    if found.clusters:
        sentence += " " + _(
            "Career clusters that fit them: %(clusters)s.",
            clusters=join_words(list(found.clusters)),
        )
    return sentence


def pdf_words(portfolio: Portfolio) -> Words:
    return Words(
        title=_("Portfolio of %(name)s", name=portfolio.display_name),
        sections=section_titles(),
        interests=interests_sentence(portfolio.interests),
        nothing_yet=_("Nothing here yet."),
        note=_("My note:"),
        skill=_("Skill"),
        first=_("First confirmed"),
        now=_("Now"),
        levels=level_names(),
        month=month_year,
        facts=facts,
    )


def pdf_filename(portfolio: Portfolio) -> str:
    """portfolio-<first name>.pdf in plain ASCII letters and digits."""
    name = re.sub(r"[^a-z0-9]+", "-", ascii_fold(portfolio.first_name).lower()).strip("-")
    return f"portfolio-{name[:40]}.pdf" if name else "portfolio.pdf"
