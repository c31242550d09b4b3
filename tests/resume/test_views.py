"""Résumé pages, PDFs and the API through HTTP: the youth reads, adds, changes, hides, shows,
deletes and resets; field errors instead of 500s and nothing half-saved; staff, admins and
family read without hidden items; PDFs with the name first and a heading per category; the
API's PDF and its OpenAPI entry; links from the home, roster and family pages."""

from __future__ import annotations

from sqlalchemy import func, select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.db import StatementCounter
from ccl_youth.extensions import db
from ccl_youth.resume.models import ResumeEntry
from tests.factories import bearer, field_errors, input_value, login_as, make_token, web_client
from tests.resume.helpers import add_activity, pdf_outline, pdf_text, setup

LINE = {"category": "other", "title": "Babysitting", "organization_name": "Neighbours",
        "start_date": "2024-06-01", "end_date": "", "description": "Two kids after school",
        "hours": "30", "recognition": ""}  # fmt: skip


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(ResumeEntry)) or 0


def test_youth_reads_their_resume_by_category(app, quiet):
    r = setup()
    page = login_as(web_client(app), r.youth).get("/my/resume")
    assert page.status_code == 200
    text = page.text
    order = [text.index(h) for h in ("School", "Work experience", "Activities",
                                     "Community service", "Awards and badges")]  # fmt: skip
    assert order == sorted(order)
    for words in (
        "Lincoln High School",
        "Lab assistant",
        "Acme Labs",
        "12.5 hours",
        "(checked by staff)",
        "3 activities: STEM challenge (2), Guest speaker",
        "Recognised with: Community Helper",
        "Young Builder",
        "Jun 2025 – Aug 2025",
    ):
        assert words in text, words  # fmt: skip
    assert "Job Spotter" not in text and "Future job" not in text


def test_youth_adds_a_line(app, quiet):
    r = setup()
    client = login_as(web_client(app), r.youth)
    assert client.get("/my/resume/new").status_code == 200
    response = client.post("/my/resume/new", data=LINE)
    assert response.status_code == 302 and response.location.endswith("/my/resume")
    entry = db.session.scalar(select(ResumeEntry))
    assert (entry.title, entry.category, str(entry.hours), entry.youth_id) == (
        "Babysitting", "other", "30.00", r.youth.id)  # fmt: skip
    page = client.get("/my/resume").text
    assert "Babysitting" in page and "Sep 2024" not in page and "Jun 2024 – now" in page


def test_bad_lines_show_field_errors_and_save_nothing(app, quiet):
    r = setup()
    client = login_as(web_client(app), r.youth)
    cases = [
        ({"end_date": "2024-05-01"}, "end_date", "The end date cannot be before the start date."),
        ({"hours": "-1"}, "hours", "Hours cannot be less than 0."),
        ({"hours": "10000.5"}, "hours", "Hours cannot be more than 10,000."),
        ({"hours": "lots"}, "hours", "Not a valid decimal value."),
        ({"category": "hobby"}, "category", "Not a valid choice."),
        ({"title": ""}, "title", "Write what you did."),
        ({"start_date": "2024-13-01"}, "start_date", "Not a valid date value."),
    ]
    for change, field, message in cases:
        response = client.post("/my/resume/new", data={**LINE, **change})
        assert response.status_code == 400, change
        assert field_errors(response.text).get(field) == message, change
    assert _count() == 0


def test_youth_edits_a_record_item_hides_it_and_resets_it(app, quiet):
    r = setup()
    client = login_as(web_client(app), r.youth)
    url = f"/my/resume/placement-{r.internship}/edit"
    form = client.get(url)
    assert form.status_code == 200
    assert input_value(form.text, "title") == "Lab assistant"
    assert input_value(form.text, "hours") is None and 'name="hours"' not in form.text
    data = {**LINE, "category": "work", "title": "Lab intern", "hours": "999"}
    bad = client.post(url, data={**data, "end_date": "2024-01-01"})
    assert bad.status_code == 400 and "end_date" in field_errors(bad.text)
    assert _count() == 0
    assert client.post(url, data=data).status_code == 302
    entry = db.session.scalar(select(ResumeEntry))
    assert (entry.source_kind, entry.source_ref, entry.title, entry.hours) == (
        "placement", r.internship, "Lab intern", None)  # fmt: skip
    page = client.get("/my/resume").text
    assert "Lab intern" in page and "12.5 hours" in page and "You changed this line." in page
    # Its key is still the record's; its row's key names the same item.
    assert client.get(f"/my/resume/entry-{entry.id}/edit").status_code == 200
    hide = client.post(f"/my/resume/placement-{r.internship}/hide", data={"hidden": "1"})
    assert hide.status_code == 302
    db.session.expire_all()
    assert db.session.get(ResumeEntry, entry.id).is_hidden
    assert "Hidden: not on your résumé" in client.get("/my/resume").text
    assert client.post(f"/my/resume/placement-{r.internship}/remove").status_code == 302
    assert _count() == 0
    assert "Lab assistant" in client.get("/my/resume").text


def test_youth_hides_shows_and_deletes_an_own_line(app, quiet):
    r = setup()
    client = login_as(web_client(app), r.youth)
    client.post("/my/resume/new", data=LINE)
    entry_id = db.session.scalar(select(ResumeEntry.id))
    assert client.post(f"/my/resume/entry-{entry_id}/hide", data={"hidden": "1"}).status_code == 302
    assert client.post(f"/my/resume/entry-{entry_id}/hide", data={"hidden": "x"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(ResumeEntry, entry_id).is_hidden  # the bad form changed nothing
    client.post(f"/my/resume/entry-{entry_id}/hide", data={"hidden": "0"})
    db.session.expire_all()
    assert not db.session.get(ResumeEntry, entry_id).is_hidden
    assert client.post(f"/my/resume/entry-{entry_id}/remove").status_code == 302
    assert _count() == 0


def test_an_untouched_record_item_cannot_be_removed_and_keys_of_others_are_404(app, quiet):
    r = setup()
    client = login_as(web_client(app), r.youth)
    assert client.post(f"/my/resume/placement-{r.internship}/remove").status_code == 403
    other = login_as(web_client(app), r.classmate)
    for url in (
        f"/my/resume/placement-{r.internship}/edit",
        "/my/resume/entry-1/edit",
        "/my/resume/nothing/edit",
        f"/my/resume/badge_award-{r.revoked_award}/edit",
    ):
        assert other.get(url).status_code == 404, url  # fmt: skip
    assert other.post(f"/my/resume/school-{r.youth.id}/hide", data={"hidden": "1"}).status_code \
        == 404  # fmt: skip
    assert _count() == 0


def test_readers_see_the_resume_without_hidden_items(app, quiet):
    r = setup()
    youth = login_as(web_client(app), r.youth)
    youth.post(f"/my/resume/badge_award-{r.builder_award}/hide", data={"hidden": "1"})
    for reader in (r.staff, r.admin, r.family):
        page = login_as(web_client(app), reader).get(f"/youth/{r.youth.id}/resume")
        assert page.status_code == 200
        assert "Résumé of Robin García" in page.text and "Lab assistant" in page.text
        assert "Young Builder" not in page.text and "Community Helper" in page.text
    outsider = login_as(web_client(app), r.other_family)
    assert outsider.get(f"/youth/{r.youth.id}/resume").status_code == 404
    assert youth.get(f"/youth/{r.youth.id}/resume").status_code == 403


def test_my_pdf_has_the_name_first_then_the_categories(app, quiet):
    r = setup()
    client = login_as(web_client(app), r.youth)
    client.post(f"/my/resume/badge_award-{r.builder_award}/hide", data={"hidden": "1"})
    response = client.get("/my/resume.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="resume-robin-garcia.pdf"')  # fmt: skip
    text = pdf_text(response.data)
    assert text.startswith("Robin García")
    for words in (
        "Lincoln High School",
        "Grade 10",
        "Lab assistant — Acme Labs · Jun 2025 – Aug",
        "Internship · 12.5 hours",
        "Recognised with: Community Helper",
        "Food drive — Tacoma Food Bank · Feb 2026",
    ):
        assert words in text, words  # fmt: skip
    assert "Young Builder" not in text
    assert pdf_outline(response.data) == [
        "School",
        "Work experience",
        "Activities",
        "Community service",
        "Awards and badges",
    ]
    assert client.get("/my/resume.pdf").data == response.data  # deterministic


def test_staff_pdf_is_audited_and_refused_out_of_scope(app, quiet):
    r = setup()
    staff = login_as(web_client(app), r.staff)
    response = staff.get(f"/youth/{r.youth.id}/resume.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert "Lab assistant" in pdf_text(response.data)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "youth.view"))
    assert (event.actor_id, event.youth_id, event.detail) == (
        r.staff.id, r.youth.id, {"section": "resume", "form": "pdf"})  # fmt: skip
    outsider = login_as(web_client(app), r.other_family)
    assert outsider.get(f"/youth/{r.youth.id}/resume.pdf").status_code == 404


def test_api_pdf_and_its_openapi_entry(app, quiet):
    r = setup()
    _token_id, secret = make_token(r.staff)
    client = web_client(app)
    response = client.get(f"/api/v1/youth/{r.youth.id}/resume.pdf", headers=bearer(secret))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    assert pdf_text(response.data).startswith("Robin García")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "youth.view"))
    assert event.detail == {"section": "resume", "form": "api"}
    assert client.get(f"/api/v1/youth/{r.classmate.id}/resume.pdf",
                      headers=bearer(secret)).status_code == 200  # fmt: skip
    assert client.get(f"/api/v1/youth/{r.youth.id}/resume.pdf").status_code == 401
    spec = client.get("/api/v1/openapi.json").get_json()
    ok = spec["paths"]["/api/v1/youth/{youth_id}/resume.pdf"]["get"]["responses"]["200"]
    assert ok["content"] == {"application/pdf": {"schema": {"type": "string",
                                                           "format": "binary"}}}  # fmt: skip


def test_links_to_the_resume(app, quiet):
    r = setup()
    home = login_as(web_client(app), r.youth).get("/youth").text
    assert 'href="/my/resume"' in home
    roster = login_as(web_client(app), r.staff).get(f"/youth/{r.youth.id}").text
    assert f'href="/youth/{r.youth.id}/resume"' in roster
    family = login_as(web_client(app), r.family).get(f"/family/youth/{r.youth.id}").text
    assert f'href="/youth/{r.youth.id}/resume"' in family


def test_pages_take_the_same_statements_as_the_record_grows(app, quiet):
    r = setup()
    youth, staff = login_as(web_client(app), r.youth), login_as(web_client(app), r.staff)

    def statements(client, url: str) -> int:
        with StatementCounter(db.engine) as counter:
            assert client.get(url).status_code == 200
        return counter.count

    urls = ((youth, "/my/resume"), (staff, f"/youth/{r.youth.id}/resume"))
    before = [statements(c, u) for c, u in urls]
    for _ in range(4):
        add_activity(r.cohort, [r.youth.id], "community_service", r.cohort.created_dt.date())
        add_activity(r.other_cohort, [r.youth.id], "guest_speaker", r.cohort.created_dt.date())
    db.session.commit()
    youth.post("/my/resume/new", data=LINE)
    assert [statements(c, u) for c, u in urls] == before
