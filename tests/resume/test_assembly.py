"""Assembling the résumé from the record: hand-computed items for a known record, the youth's
edits, hidden items and own lines, a constant number of statements, and the PDF blocks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ccl_youth.badges.models import BadgeAward
from ccl_youth.core.pdf import Heading, Para
from ccl_youth.db import StatementCounter
from ccl_youth.extensions import db
from ccl_youth.resume.assembly import (
    CATEGORIES,
    ResumeItem,
    ResumeWords,
    resume_blocks,
    resume_items,
)
from ccl_youth.resume.models import ResumeEntry
from ccl_youth.web.catalog import recognition
from tests.resume.helpers import Record, add_activity, add_award, setup

D = date


def _summary(items: list[ResumeItem]) -> list[tuple]:
    return [
        (i.category, i.title, i.organization_name, i.start_date, i.end_date, i.description,
         i.hours, i.recognition, i.source_kind)
        for i in items
    ]  # fmt: skip


def _entry(r: Record, **values: object) -> ResumeEntry:
    fields = {"category": "other", "title": "", **values}
    entry = ResumeEntry(organization_id=r.youth.organization_id, youth_id=r.youth.id, **fields)
    db.session.add(entry)
    db.session.commit()
    return entry


def test_categories_in_resume_order():
    assert CATEGORIES == ("education", "work", "extracurricular", "service", "award", "other")


def test_the_record_assembled_by_hand(quiet):
    r = setup()
    items = resume_items(db.session, r.youth.id, recognition=recognition())
    assert _summary(items) == [
        ("education", "Lincoln High School", "", None, None, "Grade 10", None, "", "school"),
        # 600 + 150 verified minutes = 12.5 h; submitted and returned hours are left out, and
        # the planned placement is not there.
        ("work", "Lab assistant", "Acme Labs", D(2025, 6, 16), D(2025, 8, 15), "Internship",
         Decimal("12.50"), "", "placement"),
        # One line per program, newest first: 3 activities of the club, 1 of the camp.
        ("extracurricular", "Robotics Club", "Tacoma STEM Youth", D(2025, 9, 9),
         D(2026, 1, 20), "3 activities: STEM challenge (2), Guest speaker", None, "",
         "program"),
        ("extracurricular", "Summer Science Camp", "Tacoma STEM Youth", D(2025, 7, 10),
         D(2025, 7, 10), "1 activity: Field trip", None, "", "program"),
        # Each service activity, with its attended hours and the badge held for service.
        ("service", "Food drive", "Tacoma Food Bank", D(2026, 2, 14), D(2026, 2, 14),
         "", Decimal("2.50"), "Community Helper", "activity"),
        ("service", "Beach clean-up", "Robotics Club", D(2025, 11, 8), D(2025, 11, 8),
         "", Decimal("3.00"), "Community Helper", "activity"),
        # Badges held; the revoked Job Spotter is not.
        ("award", "Community Helper", "Tacoma STEM Youth", D(2026, 2, 14), None, "", None, "",
         "badge_award"),
        ("award", "Young Builder", "Tacoma STEM Youth", D(2026, 1, 20), None, "", None, "",
         "badge_award"),
    ]  # fmt: skip
    assert [i.source_ref for i in items if i.source_kind == "placement"] == [r.internship]
    assert [i.source_ref for i in items if i.source_kind == "activity"] == r.service[::-1]
    assert {i.source_ref for i in items if i.category == "award"} == {
        r.helper_award,
        r.builder_award,
    }
    assert all(i.entry_id is None and not i.is_hidden for i in items)


def test_service_is_not_recognised_by_a_badge_not_held(quiet):
    r = setup()
    db.session.delete(db.session.get(BadgeAward, r.helper_award))
    db.session.commit()
    items = resume_items(db.session, r.youth.id, recognition=recognition())
    assert {i.recognition for i in items if i.category == "service"} == {""}


def test_without_a_catalog_names_are_the_slugs_in_words(quiet):
    r = setup()
    items = resume_items(db.session, r.youth.id)
    awards = [i.title for i in items if i.category == "award"]
    assert awards == ["Community helper", "Young builder"]
    assert {i.recognition for i in items if i.category == "service"} == {""}


def test_a_youth_with_no_record_has_only_school(quiet):
    r = setup()
    items = resume_items(db.session, r.other_family.id)  # not a youth: nothing at all
    assert items == []
    profile_only = resume_items(db.session, r.classmate.id, recognition=recognition())
    assert [(i.category, i.title, i.description) for i in profile_only] == [
        ("education", "Grade 10", ""),
        ("extracurricular", "Robotics Club", "2 activities: Field trip, STEM challenge"),
    ]


def test_an_edit_replaces_the_record_item_but_keeps_verified_hours(quiet):
    r = setup()
    _entry(r, category="work", title="Lab intern", organization_name="Acme", hours=Decimal(99),
           description="Ran tests", source_kind="placement", source_ref=r.internship)  # fmt: skip
    items = resume_items(db.session, r.youth.id, recognition=recognition())
    work = [i for i in items if i.category == "work"]
    assert len(work) == 1
    assert (work[0].title, work[0].organization_name, work[0].description, work[0].hours) == (
        "Lab intern", "Acme", "Ran tests", Decimal("12.50"))  # fmt: skip
    assert work[0].entry_id is not None and work[0].source_kind == "placement"


def test_an_edit_may_move_an_item_to_another_category(quiet):
    r = setup()
    _entry(r, category="other", title="Lincoln High", source_kind="school", source_ref=r.youth.id)
    items = resume_items(db.session, r.youth.id)
    assert [i.category for i in items].count("education") == 0
    assert items[-1].title == "Lincoln High" and items[-1].category == "other"


def test_hidden_items_are_left_out_unless_asked(quiet):
    r = setup()
    _entry(r, category="award", title="", is_hidden=True, source_kind="badge_award",
           source_ref=r.builder_award)  # fmt: skip
    own = _entry(r, category="other", title="Babysitting", is_hidden=True)
    shown = resume_items(db.session, r.youth.id, recognition=recognition())
    assert "Young Builder" not in [i.title for i in shown]
    assert "Babysitting" not in [i.title for i in shown]
    everything = resume_items(db.session, r.youth.id, include_hidden=True,
                              recognition=recognition())  # fmt: skip
    hidden = [i for i in everything if i.is_hidden]
    # A hide-only row keeps the record's words.
    assert [(i.title, i.entry_id, i.source_kind) for i in hidden] == [
        ("Young Builder", None, "badge_award"),  # not an edit: no entry_id
        ("Babysitting", own.id, None),
    ]
    assert len(everything) == len(shown) + 2


def test_own_lines_sort_newest_first_undated_last(quiet):
    r = setup()
    _entry(r, category="other", title="Undated")
    _entry(r, category="other", title="Old", start_date=D(2020, 1, 1), end_date=D(2020, 5, 1))
    _entry(r, category="other", title="Recent", start_date=D(2025, 1, 1))
    _entry(r, category="work", title="Paper route", start_date=D(2024, 1, 1),
           end_date=D(2025, 12, 31), hours=Decimal("40.5"))  # fmt: skip
    items = resume_items(db.session, r.youth.id)
    assert [i.title for i in items if i.category == "other"] == ["Recent", "Old", "Undated"]
    work = [(i.title, i.hours, i.is_own) for i in items if i.category == "work"]
    assert work == [("Paper route", Decimal("40.50"), True), ("Lab assistant", Decimal("12.50"),
                                                               False)]  # fmt: skip


def test_an_edit_of_a_record_that_is_gone_is_left_out(quiet):
    r = setup()
    _entry(r, category="work", title="Ghost", source_kind="placement", source_ref=999_999)
    assert "Ghost" not in [i.title for i in resume_items(db.session, r.youth.id)]


def test_statement_count_does_not_grow_with_the_record(app, quiet):
    r = setup()
    youth_id = r.youth.id

    def counted() -> int:
        db.session.expire_all()
        with StatementCounter(db.engine) as counter:
            resume_items(db.session, youth_id, include_hidden=True, recognition=recognition())
        return counter.count

    before = counted()
    for n in range(5):
        add_activity(r.cohort, [r.youth.id], "guest_speaker", D(2026, 3, n + 1))
        add_activity(r.cohort, [r.youth.id], "community_service", D(2026, 3, n + 1))
    add_award(r.youth, "family_scientist", D(2026, 3, 9))
    _entry(r, category="other", title="Mine")
    _entry(r, category="work", title="", is_hidden=True, source_kind="placement",
           source_ref=r.internship)  # fmt: skip
    db.session.commit()
    assert counted() == before == 5


def test_blocks_have_a_heading_per_category_with_items():
    items = [
        ResumeItem("work", "Lab assistant", "Acme Labs", D(2025, 6, 16), D(2025, 8, 15),
                   "Internship", Decimal("12.50"), "", "placement", 1, None, False),
        ResumeItem("service", "Food drive", "Food Bank", D(2026, 2, 14), D(2026, 2, 14),
                   "", Decimal("3.00"), "Community Helper", "activity", 2, None, False),
        ResumeItem("award", "Young Builder", "Org", D(2026, 1, 20), None, "", None, "",
                   "badge_award", 3, None, False),
        ResumeItem("other", "Babysitting", "", D(2024, 9, 1), None, "Two kids.", None, "",
                   None, None, 7, False),
    ]  # fmt: skip
    headings = {c: c.upper() for c in CATEGORIES}
    assert resume_blocks(items, headings) == [
        Heading("WORK", 2),
        Para("Lab assistant — Acme Labs · Jun 2025 – Aug 2025"),
        Para("Internship · 12.5 hours", muted=True),
        Heading("SERVICE", 2),
        Para("Food drive — Food Bank · Feb 2026"),
        Para("3 hours · Recognised with: Community Helper", muted=True),
        Heading("AWARD", 2),
        Para("Young Builder — Org · Jan 2026"),
        Heading("OTHER", 2),
        Para("Babysitting · Sep 2024 – now"),
        Para("Two kids.", muted=True),
    ]
    words = ResumeWords(hours="{hours} h", ongoing="today", date_text=lambda d: d.isoformat())
    blocks = resume_blocks(items[3:], headings, words=words)
    assert blocks[1] == Para("Babysitting · 2024-09-01 – today")
    assert resume_blocks([], headings) == []
