"""The plan downloads: the JSON by element and the staff CSV against snapshot files, the PDF's
outline and text read back with pypdf, and the routes (who gets what, no plan, older years,
audit). Rewrite the snapshots with ``UPDATE_SNAPSHOTS=1 pytest tests/plans`` after a
deliberate change, and read the diff."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from sqlalchemy import select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.db import StatementCounter
from ccl_youth.extensions import db
from ccl_youth.plans.document import build_plan_document
from ccl_youth.plans.export import plan_json
from ccl_youth.plans.export_csv import CSV_HEADER, safe_cell
from ccl_youth.plans.export_pdf import plan_pdf
from ccl_youth.plans.export_queries import staff_rows
from ccl_youth.web.catalog import catalog as experience_catalog
from ccl_youth.web.catalog import plans, recognition
from tests.factories import login_as, make_cohort, make_program, make_youth, web_client
from tests.plans.export_helpers import COURSES, add_aid, add_courses, add_plan, make_plan_world

SNAPSHOTS = Path(__file__).parent / "snapshots"


def _views() -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "youth.view")))


def matches_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    stored = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert text.replace("\r\n", "\n") == stored, f"{name} differs"


def _document(plan):
    return build_plan_document(db.session, plan, plans(), experience_catalog(), recognition())


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def _outline(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


# --- JSON ------------------------------------------------------------------------------------


def test_json_matches_its_snapshot_and_holds_no_database_ids(app):
    w = make_plan_world(db.session)
    body = plan_json(_document(w.plan))
    assert list(body["elements"]) == ["a", "b", "c", "d", "e"]
    assert body["school_year"] == "2026-27" and body["pathway"]["pathways"][0]["slug"]
    assert not {k for k in _keys(body) if k == "id" or k.endswith("_id")}
    matches_snapshot("plan.json", json.dumps(body, ensure_ascii=False, indent=2) + "\n")


def test_json_route_for_youth_family_and_staff(app):
    w = make_plan_world(db.session)
    for user, url in [
        (w.youth, "/my/plan.json"),
        (w.family, f"/youth/{w.youth.id}/plan.json"),
        (w.staff, f"/youth/{w.youth.id}/plan.json"),
        (w.admin, f"/youth/{w.youth.id}/plan.json"),
    ]:
        response = login_as(web_client(app), user).get(url)
        assert response.status_code == 200, (user.role, url)
        assert response.mimetype == "application/json"
        assert response.headers["Content-Disposition"] == (
            'attachment; filename="plan-2026-27-robin-planner.json"'
        )
        assert response.get_json()["elements"]["a"]["career_goals"] == "Become a welder."


def test_reads_by_others_are_audited_with_ids_only(app):
    w = make_plan_world(db.session)
    login_as(web_client(app), w.youth).get("/my/plan.pdf")
    assert _views() == []
    login_as(web_client(app), w.staff).get(f"/youth/{w.youth.id}/plan.pdf")
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "youth.view")).one()
    assert (event.actor_id, event.youth_id, event.target_id) == (w.staff.id, w.youth.id, w.plan.id)
    assert event.detail["section"] == "plan_pdf" and "Robin" not in json.dumps(event.detail)


def test_no_plan_is_a_404_with_a_plain_message(app):
    w = make_plan_world(db.session)
    response = login_as(web_client(app), w.other_youth).get("/my/plan.pdf")
    assert response.status_code == 404 and "No plan yet" in response.get_data(as_text=True)
    staff = login_as(web_client(app), w.staff)
    assert staff.get(f"/youth/{w.other_youth.id}/plan.json").status_code == 404


def test_an_older_version_by_year(app):
    w = make_plan_world(db.session)
    add_plan(db.session, w.youth, w.org, school_year=2025, grade=9, career_goals="Vet.")
    db.session.commit()
    client = login_as(web_client(app), w.youth)
    old = client.get("/my/plan.json?year=2025")
    assert old.status_code == 200
    assert old.get_json()["elements"]["a"]["career_goals"] == "Vet."
    assert old.get_json()["school_year"] == "2025-26"
    assert client.get("/my/plan.json").get_json()["school_year"] == "2026-27"
    assert client.get("/my/plan.json?year=2019").status_code == 404
    assert client.get("/my/plan.json?year=abc").status_code == 404


def test_out_of_scope_is_404(app):
    w = make_plan_world(db.session)
    for user in (w.other_family, w.other_org_staff):
        client = login_as(web_client(app), user)
        assert client.get(f"/youth/{w.youth.id}/plan.pdf").status_code == 404
        assert client.get(f"/youth/{w.youth.id}/plan.json").status_code == 404


# --- PDF -------------------------------------------------------------------------------------


def test_pdf_has_every_element_in_the_outline_and_its_text(app):
    w = make_plan_world(db.session)
    document = _document(w.plan)
    reader = PdfReader(io.BytesIO(plan_pdf(document)))
    outline = _outline(reader)
    headings = list(document.titles)
    assert headings[0] == "(a) Career goals and interests" and headings[-1] == "Graduation pathway"
    assert [t for t in outline if t in headings] == headings  # every element, in order
    assert {"Grade 9", "Grade 12", "(ii) Graduation requirements", "Interest inventory"} <= set(
        outline
    )
    text = " ".join(page.extract_text() for page in reader.pages)
    for expected in (
        "High School and Beyond Plan", "Robin Planner", "2026–27", "Casey Staff",
        "Become a welder.", "Realistic", "Advanced Manufacturing", "Welders",
        "Two-year or technical college", "Finish Algebra II", "AP Language", "Algebra II",
        "Welding intern", "7.5 verified hours", "Shadow a fabricator", "College Bound Scholarship",
        "Received: not yet", "Résumé line 1", "Career and technical sequence", "Welding sequence.",
    ):  # fmt: skip
        assert expected in text, expected


def test_pdf_is_the_same_bytes_for_the_same_plan(app):
    w = make_plan_world(db.session)
    document = _document(w.plan)
    assert plan_pdf(document) == plan_pdf(document)


def test_pdf_route(app):
    w = make_plan_world(db.session)
    response = login_as(web_client(app), w.family).get(f"/youth/{w.youth.id}/plan.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="plan-2026-27-robin-planner.pdf"'
    )
    assert response.data.startswith(b"%PDF")


# --- staff CSV -------------------------------------------------------------------------------


def test_safe_cell():
    assert [safe_cell(v) for v in ("=1+1", "+x", "-2", "@a", "ok")] == [
        "'=1+1", "'+x", "'-2", "'@a", "ok",
    ]  # fmt: skip


def test_staff_csv_matches_its_snapshot(app):
    w = make_plan_world(db.session)
    make_youth(w.org, None, grade=11, name="=HYPERLINK(1)")  # not in the staff's cohort
    response = login_as(web_client(app), w.admin).get("/plans/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data(as_text=True)
    matches_snapshot("plans.csv", body)
    rows = list(csv.reader(io.StringIO(body)))
    assert tuple(rows[0]) == CSV_HEADER and len(rows) == 4


def test_staff_csv_is_scoped_and_filters_by_cohort(app):
    w = make_plan_world(db.session)
    make_youth(w.org, None, grade=11, name="Not Mine")
    client = login_as(web_client(app), w.staff)
    body = client.get("/plans/export.csv").get_data(as_text=True)
    names = [row[0] for row in csv.reader(io.StringIO(body))][1:]
    assert names == ["Robin Planner", "Sam Other"]
    cohort_id = db.session.execute(
        select(db.metadata.tables["enrollment"].c.cohort_id).where(
            db.metadata.tables["enrollment"].c.youth_id == w.youth.id
        )
    ).scalar_one()
    assert client.get(f"/plans/export.csv?cohort={cohort_id}").status_code == 200
    outsider = login_as(web_client(app), w.other_org_staff)
    assert outsider.get(f"/plans/export.csv?cohort={cohort_id}").status_code == 404
    assert outsider.get("/plans/export.csv?cohort=x").status_code == 404
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "plan.export").order_by(AuditEvent.id)
    ).first()
    assert event.actor_id == w.staff.id and event.detail["rows"] == 2


def test_youth_and_family_may_not_download_the_csv(app):
    w = make_plan_world(db.session)
    for user in (w.youth, w.family):
        assert login_as(web_client(app), user).get("/plans/export.csv").status_code == 403


def test_staff_rows_take_the_same_statements_for_more_youth(app):
    w = make_plan_world(db.session)
    catalog = plans()
    with StatementCounter(db.engine) as small:
        assert len(staff_rows(db.session, w.admin, catalog)) == 2
    cohort = make_cohort(w.org, make_program(w.org))
    for n in range(12):
        youth = make_youth(w.org, cohort, grade=9, name=f"More {n:02d}")
        plan = add_plan(db.session, youth, w.org, school_year=2026, grade=9)
        add_courses(db.session, plan, COURSES[:3])
        add_aid(db.session, plan, w.staff, ["college_bound"])
    db.session.commit()
    db.session.expire_all()
    with StatementCounter(db.engine) as large:
        rows = staff_rows(db.session, w.admin, catalog)
    assert len(rows) == 14 and large.count == small.count
    more = [row for row in rows if row.youth_name == "More 00"][0]
    assert (more.plan_status, more.planned_credits, more.aid_received) == ("draft", 3, 1)
