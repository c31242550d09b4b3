"""The portfolio's JSON and PDF from a hand-built portfolio: the JSON against a snapshot file,
the PDF's text and outline read back with pypdf, and the same bytes twice. Rewrite the
snapshot with ``UPDATE_SNAPSHOTS=1 pytest tests/portfolio`` after a deliberate change."""

from __future__ import annotations

import io
import json
import os
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from ccl_youth.portfolio.layout import (
    Entry,
    Interests,
    Portfolio,
    ReflectionText,
    Section,
    SkillLevel,
)
from ccl_youth.portfolio.pdf import Words, portfolio_json, portfolio_pdf

SNAPSHOT = Path(__file__).parent / "snapshots" / "portfolio.json"
TITLES = {
    "about": "About me",
    "interests": "My interests",
    "careers": "Careers I like",
    "experiences": "What I have done",
    "evidence": "My work",
    "badges": "My badges",
    "skills": "My skills",
    "goals": "My goals",
}


def _portfolio() -> Portfolio:
    visit = Entry(
        "activity",
        12,
        "Hospital visit",
        date(2025, 10, 1),
        facts=("Guest speaker",),
        minutes=60,
        note="I met a nurse",
        reflections=(ReflectionText("What surprised you?", "The robots"),),
    )
    goal = Entry("goal", 4, "Learn to code", date(2026, 1, 5), status="completed", body="Games")
    return Portfolio(
        youth_id=7,
        display_name="Robin Lee",
        headline="Future nurse",
        about_me="I like robots.",
        interests=Interests(
            "Interest Inventory",
            date(2026, 2, 1),
            "RIA",
            ("Realistic", "Investigative", "Artistic"),
            ("Health Science",),
        ),
        skills=(
            SkillLevel("Communication", 3, date(2026, 10, 10), 2, date(2026, 3, 5)),
            SkillLevel("Collaboration", 2, date(2026, 2, 2), 2, date(2026, 2, 2)),
        ),
        sections=(
            Section("goals", True, (goal,), True),
            Section("about", True),
            Section("experiences", True, (visit,), False),
            Section("skills", True),
            Section("badges", False),
            Section("interests", True),
        ),
    )


def _words() -> Words:
    return Words(
        title="Portfolio of Robin Lee",
        sections=TITLES,
        interests="My strongest interest areas are Realistic, Investigative and Artistic.",
        nothing_yet="Nothing here yet.",
        note="My note:",
        skill="Skill",
        first="First confirmed",
        now="Now",
        levels={2: "Developing", 3: "Proficient"},
        month=lambda d: d.strftime("%b %Y"),
        facts=lambda e: f"{e.day.isoformat()} · {', '.join(e.facts)}",
    )


def test_the_json_matches_its_snapshot() -> None:
    document = json.loads(json.dumps(portfolio_json(_portfolio()), default=str, indent=2))
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    assert SNAPSHOT.exists(), f"no snapshot {SNAPSHOT}; write it with UPDATE_SNAPSHOTS=1"
    assert document == json.loads(SNAPSHOT.read_text())
    assert [s["kind"] for s in document["sections"]] == [
        "goals",
        "about",
        "experiences",
        "skills",
        "interests",
    ]


def test_the_pdf_has_the_shown_sections_as_headings_and_is_the_same_twice() -> None:
    portfolio = _portfolio()
    body = portfolio_pdf(portfolio, portfolio.shown(), _words())
    assert body == portfolio_pdf(portfolio, portfolio.shown(), _words())
    reader = PdfReader(io.BytesIO(body))
    text = " ".join(page.extract_text() for page in reader.pages)
    for words in (
        "Portfolio of Robin Lee",
        "Learn to code",
        "Hospital visit",
        "My note: I met a nurse",
        "What surprised you? — The robots",
        "Skill First confirmed Now",
        "Communication Developing (Mar 2026) Proficient (Oct 2026)",
        "Collaboration Developing (Feb 2026) Developing (Feb 2026)",
        "Realistic, Investigative and Artistic",
    ):
        assert words in " ".join(text.split())
    outline = reader.outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert top == ["My goals", "About me", "What I have done", "My skills", "My interests"]
    assert "My badges" not in text
