"""Career facts in plain words for young readers: preparation, pay, outlook and interests.

Registered as Jinja filters (``register_filters``), so any page that lists occupations words
them the same way.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

#: O*NET job zones, as ``careers.services.JOB_ZONE_NAMES`` has them, to translate.
JOB_ZONE_LABELS = {
    1: _l("Little or no preparation needed"),
    2: _l("Some preparation needed"),
    3: _l("Medium preparation needed"),
    4: _l("Considerable preparation needed"),
    5: _l("Extensive preparation needed"),
}
JOB_ZONE_HINTS = {
    1: _l("A few days to a few months of training on the job. Some ask for a high school diploma."),
    2: _l("Usually a high school diploma and up to a year of learning from experienced workers."),
    3: _l("Usually one or two years of trade school, an apprenticeship or a 2-year degree."),
    4: _l("Usually a 4-year college degree and several years of work experience or training."),
    5: _l("Usually graduate school after college, such as a master's, law or medical degree."),
}
#: The six interest areas (RIASEC) in plain words.
INTEREST_LABELS = {
    "R": _l("Building, fixing and working with tools or nature"),
    "I": _l("Exploring ideas and solving problems"),
    "A": _l("Creating, designing and expressing yourself"),
    "S": _l("Helping, teaching and caring for people"),
    "E": _l("Leading, persuading and starting things"),
    "C": _l("Organizing information and keeping things in order"),
}
#: The years the employment projections cover.
OUTLOOK_UNTIL = 2034


def job_zone_label(zone: int | None) -> str:
    """'Some preparation needed', or 'Preparation not known' without a job zone."""
    if zone not in JOB_ZONE_LABELS:
        return _("Preparation not known")
    return str(JOB_ZONE_LABELS[zone])


def job_zone_hint(zone: int | None) -> str:
    return str(JOB_ZONE_HINTS[zone]) if zone in JOB_ZONE_HINTS else ""


def wage_words(annual: int | None, hourly: float | None) -> str:
    """'$48,250 a year'; '$23.50 an hour' when only an hourly wage is published. Amounts are
    U.S. wages and keep the U.S. way of writing dollars whatever the page's language."""
    if annual is not None:
        return _("%(amount)s a year", amount=f"${annual:,}")
    if hourly is not None:
        return _("%(amount)s an hour", amount=f"${hourly:,.2f}")
    return _("Pay not known")


def outlook_words(change_pct: float | None) -> str:
    """How the number of jobs is expected to change, measured against the average for all jobs
    (about 3% over the projection's ten years), with the change itself: 'Jobs growing faster
    than average (+6% by 2034)'. Bands on the whole-number change: 7% or more much faster,
    5–6% faster, 2–4% about average, 1% slower, 0 or −1% little change, −2% or less fewer."""
    if change_pct is None:
        return _("Job outlook not known")
    change = round(change_pct)
    if change >= 7:
        words = _("Jobs growing much faster than average")
    elif change >= 5:
        words = _("Jobs growing faster than average")
    elif change >= 2:
        words = _("Jobs growing about as fast as average")
    elif change == 1:
        words = _("Jobs growing slower than average")
    elif change >= -1:
        words = _("Little or no change in jobs")
    else:
        words = _("Fewer jobs expected")
    signed = f"{change:+d}%" if change else "0%"
    return _("%(words)s (%(change)s by %(year)s)", words=words, change=signed, year=OUTLOOK_UNTIL)


def openings_words(openings: int | None) -> str:
    """'About 22,200 job openings a year across the U.S.'"""
    if openings is None:
        return ""
    return _(
        "About %(number)s job openings a year across the U.S.",
        number=f"{openings:,}",
    )


def education_words(education: str) -> str:
    """O*NET's education category in sentence case: 'Bachelor's degree'."""
    text = education.strip()
    if not text:
        return _("Not known")
    return text[0].upper() + text[1:].lower()


def interest_labels(holland_code: str) -> list[str]:
    """The occupation's strongest interest areas, strongest first, in plain words."""
    return [str(INTEREST_LABELS[letter]) for letter in holland_code if letter in INTEREST_LABELS]


def _wage_of(row: Any) -> str:
    return wage_words(row.median_annual_wage, row.median_hourly_wage)


def register_filters(app: Flask) -> None:
    app.jinja_env.filters["job_zone"] = job_zone_label
    app.jinja_env.filters["job_zone_hint"] = job_zone_hint
    app.jinja_env.filters["wage"] = _wage_of
    app.jinja_env.filters["outlook"] = outlook_words
    app.jinja_env.filters["openings"] = openings_words
    app.jinja_env.filters["education"] = education_words
    app.jinja_env.filters["interests"] = interest_labels
