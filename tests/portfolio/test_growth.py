"""Skill growth in the portfolio: for each skill, the first confirmed level and when, and the
level now (the highest confirmed) and when it was first reached — the same on the readers'
page, the print page, a share link's page, the PDF and the API, from a fixed number of
statements."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

from flask import Flask
from pypdf import PdfReader
from sqlalchemy import update

from ccl_youth.extensions import db
from ccl_youth.portfolio.reading import skill_growth
from ccl_youth.skills.levels import EVALUATION, EVIDENCE, LevelPoint
from ccl_youth.skills.models import Evidence
from ccl_youth.web.catalog import recognition
from tests.factories import bearer, login_as, make_token, web_client
from tests.portfolio.helpers import Setup
from tests.skills.support import add_evidence_row

GROWN = "Communication: Developing (Mar 2026) → Proficient (Oct 2026)"
STEADY = "Collaboration: Developing (Feb 2026)"
HIDDEN = re.compile(r'<span class="visually-hidden">[^<]*</span>')


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 15, 0, tzinfo=UTC)


def _grow(s: Setup) -> None:
    """Collaboration confirmed at 2 in Feb 2026; communication at 2 in March, 3 in October,
    then 2 again in November (the level now stays the highest: 3, since October)."""
    db.session.execute(
        update(Evidence)
        .where(Evidence.id == s.mine.evidence)
        .values(reviewed_dt=_at(date(2026, 2, 2)))
    )
    db.session.commit()
    org = s.youth.organization_id
    for day, level in ((date(2026, 3, 5), 2), (date(2026, 10, 10), 3), (date(2026, 11, 1), 2)):
        add_evidence_row(s.youth.id, org, {"communication": level}, reviewed_dt=_at(day))


def _text(html: str) -> str:
    """The words a sighted reader sees: tags and screen-reader-only words dropped."""
    return " ".join(re.sub(r"<[^>]+>", "", HIDDEN.sub("", html)).split())


def test_pages_show_each_skill_from_its_first_level_to_now(app: Flask, s: Setup) -> None:
    _grow(s)
    youth = login_as(web_client(app), s.youth)
    staff = login_as(web_client(app), s.staff)
    made = youth.post(
        "/my/portfolio/shares",
        data={"sections": ["skills"], "expires_on": date.today().isoformat(), "label": ""},
    )
    token = re.search(r'id="share-url"[^>]*value="[^"]+/s/([^"]+)"', made.text)[1]
    pages = {
        "print": youth.get("/my/portfolio/print"),
        "readers": staff.get(f"/youth/{s.youth.id}/portfolio"),
        "share": web_client(app).get(f"/s/{token}"),
    }
    for name, page in pages.items():
        assert page.status_code == 200, name
        text = _text(page.text)
        assert GROWN in text and STEADY in text, name
        # Highest first: communication (3) before collaboration (2).
        assert text.index("Communication:") < text.index("Collaboration:"), name
        assert "→ Developing" not in text


def test_the_pdf_has_a_column_for_the_first_level_and_one_for_now(app: Flask, s: Setup) -> None:
    _grow(s)
    response = login_as(web_client(app), s.staff).get(f"/youth/{s.youth.id}/portfolio.pdf")
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Skill First confirmed Now" in text
    assert "Communication Developing (Mar 2026) Proficient (Oct 2026)" in text
    assert "Collaboration Developing (Feb 2026) Developing (Feb 2026)" in text


def test_the_api_gives_the_first_level_and_date_and_the_level_now(app: Flask, s: Setup) -> None:
    _grow(s)
    _id, secret = make_token(s.staff)
    body = web_client(app).get(f"/api/v1/youth/{s.youth.id}/portfolio", headers=bearer(secret))
    skills = next(x for x in body.get_json()["sections"] if x["kind"] == "skills")["skills"]
    assert skills == [
        {
            "name": "Communication",
            "level": 3,
            "reached_on": "2026-10-10",
            "first_level": 2,
            "first_on": "2026-03-05",
        },
        {
            "name": "Collaboration",
            "level": 2,
            "reached_on": "2026-02-02",
            "first_level": 2,
            "first_on": "2026-02-02",
        },
    ]


def _point(slug: str, level: int, day: date, source: str = EVIDENCE, n: int = 1) -> LevelPoint:
    return LevelPoint(slug, level, _at(day), source, n)  # type: ignore[arg-type]


def test_growth_from_a_history_oldest_first(app: Flask) -> None:
    points = [
        _point("communication", 1, date(2026, 1, 5)),
        _point("leadership", 3, date(2026, 2, 1), EVALUATION, 7),
        _point("communication", 3, date(2026, 4, 1)),
        _point("leadership", 4, date(2026, 5, 1)),
        _point("communication", 3, date(2026, 6, 1)),  # the same level again: not "reached"
        _point("communication", 2, date(2026, 7, 1)),  # lower later: the level now stays 3
        _point("made_up", 2, date(2026, 3, 1)),  # not in the content: named by its slug
    ]
    found = [
        (g.name, g.first_level, g.first_on, g.level, g.reached_on, g.has_grown)
        for g in skill_growth(points, recognition())
    ]
    assert found == [
        ("Leadership", 3, date(2026, 2, 1), 4, date(2026, 5, 1), True),
        ("Communication", 1, date(2026, 1, 5), 3, date(2026, 4, 1), True),
        ("made_up", 2, date(2026, 3, 1), 2, date(2026, 3, 1), False),
    ]
    assert skill_growth([], recognition()) == []
