"""Portfolio pages through HTTP: the youth arranges it with position numbers (no script),
bad posts are field errors that save nothing, the print page, the readers' page, the PDF
(text and outline read back with pypdf), the CLR of the shown badges and the API."""

from __future__ import annotations

import io
import json

from flask import Flask
from pypdf import PdfReader
from sqlalchemy import func, select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.db import StatementCounter
from ccl_youth.experiences.models import Reflection
from ccl_youth.extensions import db
from ccl_youth.portfolio.models import PortfolioItem, PortfolioSection
from ccl_youth.programs.models import Cohort, Organization
from tests.badges.support import add_activity
from tests.credentials.support import make_award, make_key
from tests.factories import bearer, field_errors, login_as, make_token, web_client
from tests.portfolio.helpers import Setup
from tests.skills.support import add_evidence_row

ORDER = ["about", "interests", "careers", "experiences", "evidence", "badges", "skills", "goals"]


def _sections_form(order: list[str], hidden: set[str] = frozenset()) -> dict[str, str]:
    data: dict[str, str] = {}
    for n, kind in enumerate(order):
        data[f"sections-{n}-kind"] = kind
        data[f"sections-{n}-position"] = str(n + 1)
        if kind not in hidden:
            data[f"sections-{n}-shown"] = "y"
    return data


def _count(model) -> int:  # noqa: ANN001
    return db.session.scalar(select(func.count()).select_from(model))


def _headings(text: str) -> list[str]:
    return [line.split(">", 1)[1].split("<", 1)[0] for line in text.split("<h2")[1:]]


def test_the_youth_arranges_the_portfolio_without_script(app: Flask, s: Setup) -> None:
    client = login_as(web_client(app), s.youth)
    page = client.get("/my/portfolio")
    assert page.status_code == 200 and "<script" not in page.text
    assert (
        client.post(
            "/my/portfolio/about", data={"headline": "Future nurse", "about_me": "I like robots."}
        ).status_code
        == 302
    )
    # Goals first, "about me" hidden, by position numbers.
    order = ["goals", *[k for k in ORDER if k != "goals"]]
    response = client.post("/my/portfolio/sections", data=_sections_form(order, {"about"}))
    assert response.status_code == 302
    items = client.get("/my/portfolio/items?section=experiences")
    assert items.status_code == 200
    assert "Mine: lab intern" in items.text and "Theirs:" not in items.text
    form = {
        "section": "experiences",
        "items-0-ref": f"activity:{s.mine.activity}",
        "items-0-shown": "y",
        "items-0-position": "1",
        "items-0-note": "I met a nurse",
        "items-1-ref": f"placement:{s.mine.placement}",
        "items-1-position": "2",
    }
    assert client.post("/my/portfolio/items", data=form).status_code == 302
    printed = client.get("/my/portfolio/print")
    assert printed.status_code == 200
    assert 'class="top"' not in printed.text  # no navigation on the print page
    assert _headings(printed.text) == [
        "My goals",
        "My interests",
        "Careers I like",
        "What I have done",
        "My work",
        "My badges",
        "My skills",
    ]
    assert "I met a nurse" in printed.text and "Mine: lab intern" not in printed.text
    assert "Future nurse" not in printed.text  # the "about me" section is hidden


def test_bad_posts_are_field_errors_and_save_nothing(app: Flask, s: Setup) -> None:
    client = login_as(web_client(app), s.youth)
    forged = {
        "section": "goals",
        "items-0-ref": f"goal:{s.theirs.goal}",
        "items-0-shown": "y",
        "items-0-position": "1",
    }
    response = client.post("/my/portfolio/items", data=forged)
    assert response.status_code == 400
    assert "This is not one of your records for this section." in field_errors(response.text).get(
        "items-0-shown", ""
    )
    assert "Theirs:" not in response.text
    unknown = client.post("/my/portfolio/items", data={"section": "hobbies"})
    assert unknown.status_code == 400 and "Section:" in unknown.text
    bad_kind = client.post("/my/portfolio/sections", data=_sections_form(["about", "hobbies"]))
    assert bad_kind.status_code == 400 and "There is no such section." in bad_kind.text
    bad_place = client.post(
        "/my/portfolio/sections", data={**_sections_form(ORDER), "sections-0-position": "12"}
    )
    assert bad_place.status_code == 400
    assert "Pick a place from 1 to 8." in field_errors(bad_place.text)["sections-0-position"]
    too_long = client.post("/my/portfolio/about", data={"headline": "h" * 201})
    assert too_long.status_code == 400 and "headline" in field_errors(too_long.text)
    assert _count(PortfolioItem) == 0 and _count(PortfolioSection) == 0


def test_readers_see_the_same_content_read_only(app: Flask, s: Setup) -> None:
    for reader in (s.staff, s.admin, s.family):
        page = login_as(web_client(app), reader).get(f"/youth/{s.youth.id}/portfolio")
        assert page.status_code == 200
        assert "Mine: lab intern" in page.text and "<form" not in page.text.split("<main")[1]
        # Family read only the reflections the youth shared with them.
        assert ("Mine: private words" in page.text) == (reader is not s.family)
    assert (
        login_as(web_client(app), s.other_family).get(f"/youth/{s.youth.id}/portfolio").status_code
        == 404
    )
    views = db.session.scalar(select(func.count()).where(AuditEvent.action == "portfolio.view"))
    assert views == 3


def test_the_pdf_has_a_heading_per_section_and_extractable_text(app: Flask, s: Setup) -> None:
    client = login_as(web_client(app), s.youth)
    response = client.get("/my/portfolio.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="portfolio-robin.pdf"'
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(page.extract_text() for page in reader.pages)
    for words in (
        "Portfolio of Robin Lee",
        "Mine: visit to the hospital",
        "Mine: the robots",
        "Team Player",
        "Collaboration",
        "Developing",
    ):
        assert words in text
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == [
        "About me",
        "My interests",
        "Careers I like",
        "What I have done",
        "My work",
        "My badges",
        "My skills",
        "My goals",
    ]
    staff_pdf = login_as(web_client(app), s.staff).get(f"/youth/{s.youth.id}/portfolio.pdf")
    assert staff_pdf.status_code == 200 and staff_pdf.data.startswith(b"%PDF")


def test_the_clr_holds_the_shown_badges_only(app: Flask, s: Setup) -> None:
    make_key(db.session.get(Organization, s.youth.organization_id))
    second = make_award(s.youth, "job_spotter")
    client = login_as(web_client(app), s.youth)
    client.post(
        "/my/portfolio/items",
        data={
            "section": "badges",
            "items-0-ref": f"badge_award:{second.id}",
            "items-0-shown": "y",
        },
    )
    response = client.get("/my/portfolio/clr.json")
    assert response.status_code == 200
    record = json.loads(response.get_data(as_text=True))
    assert record["type"] == ["VerifiableCredential", "ClrCredential"]
    inner = record["credentialSubject"]["verifiableCredential"]
    assert [c["id"] for c in inner] == [second.credential_id]
    full = client.get(f"/youth/{s.youth.id}/clr.json")  # every standing badge
    assert (
        len(json.loads(full.get_data(as_text=True))["credentialSubject"]["verifiableCredential"])
        == 2
    )
    client.post("/my/portfolio/sections", data=_sections_form(ORDER, {"badges"}))
    empty = client.get("/my/portfolio/clr.json")
    assert empty.status_code == 404 and "No badges in your portfolio" in empty.text


def test_the_api_gives_the_shown_sections_in_order(app: Flask, s: Setup) -> None:
    client = login_as(web_client(app), s.youth)
    client.post(
        "/my/portfolio/sections",
        data=_sections_form(["badges", *[k for k in ORDER if k != "badges"]], {"skills"}),
    )
    _id, secret = make_token(s.staff)
    response = web_client(app).get(f"/api/v1/youth/{s.youth.id}/portfolio", headers=bearer(secret))
    assert response.status_code == 200
    body = response.get_json()
    assert [x["kind"] for x in body["sections"]] == [
        "badges",
        "about",
        "interests",
        "careers",
        "experiences",
        "evidence",
        "goals",
    ]
    assert body["sections"][0]["items"][0]["id"] == s.mine.award
    experiences = next(x for x in body["sections"] if x["kind"] == "experiences")
    assert [i["title"] for i in experiences["items"]] == [
        "Mine: lab intern",
        "Mine: visit to the hospital",
    ]
    _id2, other = make_token(s.admin)
    assert (
        web_client(app)
        .get(f"/api/v1/youth/{s.other_youth.id}/portfolio", headers=bearer(other))
        .status_code
        == 200
    )
    assert web_client(app).get(f"/api/v1/youth/{s.youth.id}/portfolio").status_code == 401
    audited = db.session.scalars(
        select(AuditEvent.detail).where(AuditEvent.action == "portfolio.view")
    ).all()
    assert len(audited) == 2


def _statements(client, url: str) -> int:  # noqa: ANN001
    db.session.expire_all()
    with StatementCounter(db.engine) as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_pages_send_the_same_statements_however_big_the_record(app: Flask, s: Setup) -> None:
    youth = login_as(web_client(app), s.youth)
    staff = login_as(web_client(app), s.staff)
    urls = ("/my/portfolio", "/my/portfolio/print", "/my/portfolio/items?section=experiences")
    before = [_statements(youth, url) for url in urls]
    before.append(_statements(staff, f"/youth/{s.youth.id}/portfolio"))
    cohort = db.session.scalar(select(Cohort))
    for _n in range(4):
        activity = add_activity(cohort, s.staff.id, [s.youth.id])
        db.session.add(
            Reflection(
                youth_id=s.youth.id,
                activity_id=activity.id,
                prompt_id="p",
                when="post",
                prompt_text="Why?",
                answer="Because.",
            )
        )
        add_evidence_row(s.youth.id, s.youth.organization_id, {"communication": 3})
    db.session.commit()
    after = [_statements(youth, url) for url in urls]
    after.append(_statements(staff, f"/youth/{s.youth.id}/portfolio"))
    assert after == before
