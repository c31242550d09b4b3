"""Every statutory part of the plan is there and labelled on the page, in the PDF and in the
JSON, also when the youth has written nothing: the elements carry their letters, (c) its parts
(i)–(viii) and (d) its parts (i)–(v) with each aid item, the aid calculator's address; and
résumé items the youth hid stay out of element (e)."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from ccl_youth.extensions import db
from ccl_youth.plans.document import build_plan_document
from ccl_youth.plans.document_types import C_PARTS, D_PARTS, part_title
from ccl_youth.plans.export import plan_json
from ccl_youth.plans.export_pdf import plan_pdf
from ccl_youth.plans.rules import school_year_of
from ccl_youth.resume.assembly import resume_items
from ccl_youth.web.catalog import catalog as experience_catalog
from ccl_youth.web.catalog import plans, recognition
from tests.factories import login_as, web_client
from tests.plans.export_helpers import add_plan, make_plan_world
from tests.plans.test_export import _outline

CALCULATOR = "https://wsac.wa.gov/financial-aid-calculator"
C_TITLES = [part_title(numeral, title) for numeral, title in C_PARTS]
D_TITLES = [part_title(numeral, title) for numeral, title in D_PARTS]


def _document(plan):
    return build_plan_document(db.session, plan, plans(), experience_catalog(), recognition())


def _empty_plan(w):
    plan = add_plan(db.session, w.other_youth, w.org, school_year=2026, grade=9)
    db.session.commit()
    return plan


def _between(text, start, end):
    return text[text.index(start) : text.index(end, text.index(start))]


def test_the_part_titles():
    assert C_TITLES[0] == "(i) Course options" and C_TITLES[-1].startswith("(viii) ")
    assert len(C_TITLES) == 8 and len(D_TITLES) == 5


@pytest.mark.parametrize("empty", [False, True])
def test_the_pdf_outline_has_every_part_of_c_and_d_in_order(app, empty):
    w = make_plan_world(db.session)
    doc = _document(_empty_plan(w) if empty else w.plan)
    reader = PdfReader(io.BytesIO(plan_pdf(doc)))
    outline = _outline(reader)
    c_at, d_at, e_at = (outline.index(doc.titles[n]) for n in (2, 3, 4))
    assert outline[c_at] == "(c) Course plan" and outline[d_at] == "(d) Financial-aid information"
    assert [t for t in outline[c_at:d_at] if t in C_TITLES] == C_TITLES
    assert [t for t in outline[d_at:e_at] if t in D_TITLES] == D_TITLES
    assert outline.index("Grade 9") > outline.index(C_TITLES[0])  # the grid is under (i)
    text = " ".join(page.extract_text() for page in reader.pages)
    aid = _between(text, "(d) Financial-aid information", "(e) ")
    assert "Link: " + CALCULATOR in aid
    assert "College Bound Scholarship. Received: " in aid
    if empty:
        assert "Not written yet." in _between(text, "(a) Career", "(b) ")
        course_plan = _between(text, "(c) Course plan", "(d) ")
        assert course_plan.count("Not written yet.") == 4  # (iii), (iv), (vii), (viii)
        assert "No CTE equivalency courses in the plan yet." in course_plan
        assert aid.count("Received: not yet") == 9


def test_the_json_of_an_empty_plan_has_every_part(app):
    w = make_plan_world(db.session)
    body = plan_json(_document(_empty_plan(w)))
    c, d = body["elements"]["c"], body["elements"]["d"]
    assert list(c["parts"]) == ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"]
    assert list(d["parts"]) == ["i", "ii", "iii", "iv", "v"]
    for numeral, title in C_PARTS:
        part = c["parts"][numeral]
        assert part["title"] == title and {"guidance", "written"} <= set(part)
    assert c["parts"]["iii"]["written"] == "" and c["parts"]["v"]["written"] is None
    assert c["parts"]["v"]["guidance"].startswith("Colleges, training programs")
    assert c["parts"]["ii"]["totals"]["short_by"] == 24 and c["parts"]["iv"]["courses"] == []
    assert c["parts"]["vii"]["placements"] == [] and c["parts"]["viii"]["courses"] == []
    for numeral, title in D_PARTS:
        assert d["parts"][numeral]["title"] == title and d["parts"][numeral]["items"]
    calculator = d["parts"]["v"]["items"][1]
    assert calculator == {
        "item": "aid_calculator", "name": "Financial-aid calculator",
        "summary": "An online tool that estimates how much aid a student could get.",
        "url": CALCULATOR, "received_on": None,
    }  # fmt: skip
    assert d["parts"]["v"]["items"][0]["url"] is None  # the sample letter has no address


def test_the_plan_pages_label_every_part_and_link_the_calculator(app):
    w = make_plan_world(db.session)
    w.plan.school_year = school_year_of(date.today())
    db.session.commit()
    client = login_as(web_client(app), w.youth)
    page = client.get("/my/plan").text
    visible = re.sub(r"<details.*?</details>", "", page, flags=re.S)
    for title in [*C_TITLES, *D_TITLES]:
        assert f'class="plan-part">{title}</h3>' in visible, title
    assert "Each year you choose courses." in visible  # (c)(i) guidance, not folded away
    assert "Colleges, training programs and employers" in visible  # (c)(v)
    assert f'<a href="{CALCULATOR}">Financial-aid calculator</a>' in page
    aid = client.get("/my/plan/aid").text
    assert f'<a href="{CALCULATOR}">' in aid and '<h2 class="plan-part">(v) ' in aid
    staff = login_as(web_client(app), w.staff).get(f"/youth/{w.youth.id}/plan/conference").text
    assert all(title in staff for title in C_TITLES) and CALCULATOR in staff


def test_hidden_resume_items_stay_out_of_element_e(app):
    w = make_plan_world(db.session)
    w.plan.school_year = school_year_of(date.today())
    db.session.commit()
    keys = {i.title: i.key for i in resume_items(db.session, w.youth.id, recognition=recognition())}
    hidden = ["Résumé line 1", "Career Club", "Curious Explorer"]
    client = login_as(web_client(app), w.youth)
    for title in hidden:
        response = client.post(f"/my/resume/{keys[title]}/hide", data={"hidden": "1"})
        assert response.status_code in (200, 302)
    page = client.get("/my/plan").text
    element_e = _between(page, 'id="element-e"', "</section>")
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(client.get("/my/plan.pdf").data)).pages
    )
    pdf_e = _between(text, "(e) Résumé or activity log", "Graduation pathway")
    json_e = [i["title"] for i in client.get("/my/plan.json").get_json()["elements"]["e"]["items"]]
    for shown in (element_e, pdf_e, json_e):
        assert "Résumé line 2" in shown and "Welding intern" in shown
        for title in hidden:
            assert title not in shown, title
