"""The portfolio as one PDF document and as JSON for the API. Pure: the portfolio and the
words to say it with (already translated by the caller) in, bytes or plain data out.

Each shown section is a top-level heading (so an outline entry); each record a second-level
one, then its facts, the youth's note and reflections. Record ids appear only in the JSON."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ccl_youth.core.pdf import Block, Bullets, Heading, Para, Table, render_pdf
from ccl_youth.portfolio.layout import Entry, Portfolio, Section, SkillLevel


@dataclass(frozen=True)
class Words:
    """What the document says, in the reader's language."""

    title: str
    #: Section kind → its heading.
    sections: Mapping[str, str]
    #: The interests sentence ("" when there is no result).
    interests: str
    nothing_yet: str
    note: str
    skill: str
    #: The skills table's column heads: the first level confirmed, the level now.
    first: str
    now: str
    #: Level number → its name.
    levels: Mapping[int, str]
    #: A day as month and year ("Mar 2026").
    month: Callable[[date], str]
    #: The line of facts under a record (date, type, status, hours…).
    facts: Callable[[Entry], str]


def _entry_blocks(entry: Entry, words: Words) -> list[Block]:
    blocks: list[Block] = [Heading(entry.title, 2)]
    line = words.facts(entry)
    if line:
        blocks.append(Para(line, muted=True))
    if entry.body:
        blocks.append(Para(entry.body))
    if entry.url:
        blocks.append(Para(entry.url))
    if entry.note:
        blocks.append(Para(f"{words.note} {entry.note}"))
    if entry.reflections:
        blocks.append(Bullets([f"{r.prompt} — {r.answer}" for r in entry.reflections]))
    return blocks


def _skill_row(skill: SkillLevel, words: Words) -> list[str]:
    def level(number: int, day: date) -> str:
        return f"{words.levels.get(number, str(number))} ({words.month(day)})"

    return [
        skill.name,
        level(skill.first_level, skill.first_on),
        level(skill.level, skill.reached_on),
    ]


def section_blocks(portfolio: Portfolio, section: Section, words: Words) -> list[Block]:
    blocks: list[Block] = [Heading(words.sections[section.kind], 1)]
    if section.kind == "about":
        texts = [t for t in (portfolio.headline, portfolio.about_me) if t]
        blocks += [Para(t) for t in texts] or [Para(words.nothing_yet, muted=True)]
    elif section.kind == "interests":
        blocks.append(Para(words.interests or words.nothing_yet, muted=not words.interests))
    elif section.kind == "skills":
        if portfolio.skills:
            rows = [_skill_row(s, words) for s in portfolio.skills]
            blocks.append(Table([words.skill, words.first, words.now], rows, (2, 2, 2)))
        else:
            blocks.append(Para(words.nothing_yet, muted=True))
    elif section.entries:
        for entry in section.entries:
            blocks += _entry_blocks(entry, words)
    else:
        blocks.append(Para(words.nothing_yet, muted=True))
    return blocks


def portfolio_pdf(
    portfolio: Portfolio, sections: Sequence[Section], words: Words, language: str = "en"
) -> bytes:
    """One document: a heading per section, in the youth's order."""
    blocks: list[Block] = []
    for section in sections:
        blocks += section_blocks(portfolio, section, words)
    return render_pdf(
        words.title,
        blocks,
        subtitle=portfolio.headline,
        author=portfolio.display_name,
        language=language,
    )


def _entry_json(entry: Entry) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "id": entry.ref_id,
        "title": entry.title,
        "date": entry.day,
        "facts": list(entry.facts),
        "status": entry.status or None,
        "minutes": entry.minutes,
        "body": entry.body,
        "url": entry.url,
        "note": entry.note,
        "reflections": [{"prompt": r.prompt, "answer": r.answer} for r in entry.reflections],
    }


def portfolio_json(portfolio: Portfolio) -> dict[str, Any]:
    """The shown sections in the youth's order, each with what it holds (dates as dates:
    the API's schema writes them)."""
    sections: list[dict[str, Any]] = []
    for section in portfolio.shown():
        item: dict[str, Any] = {"kind": section.kind, "is_chosen": section.is_chosen}
        if section.kind == "about":
            item["headline"], item["about_me"] = portfolio.headline, portfolio.about_me
        elif section.kind == "interests":
            found = portfolio.interests
            item["interests"] = (
                None
                if found is None
                else {
                    "instrument": found.instrument_title,
                    "finished_on": found.finished_on,
                    "code": found.code,
                    "top_areas": list(found.areas),
                    "clusters": list(found.clusters),
                }
            )
        elif section.kind == "skills":
            item["skills"] = [
                {
                    "name": s.name,
                    "level": s.level,
                    "reached_on": s.reached_on,
                    "first_level": s.first_level,
                    "first_on": s.first_on,
                }
                for s in portfolio.skills
            ]
        item["items"] = [_entry_json(entry) for entry in section.entries]
        sections.append(item)
    return {
        "youth_id": portfolio.youth_id,
        "headline": portfolio.headline,
        "about_me": portfolio.about_me,
        "sections": sections,
    }
