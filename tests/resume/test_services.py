"""Résumé services: hand-computed cases for the rules on categories, dates and hours (field
errors, nothing saved), editing record items and own lines, hide / show, delete and reset,
keys that are not the youth's, refusals and audit events."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.extensions import db
from ccl_youth.resume import services as s
from ccl_youth.resume.assembly import resume_items
from ccl_youth.resume.models import ResumeEntry
from ccl_youth.web.catalog import recognition
from tests.resume.helpers import setup

E = s.EntryInput


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(ResumeEntry)) or 0


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        (E("hobbies", "Chess"), {"category"}),
        (E("other", "   "), {"title"}),
        (E("other", "x" * 201), {"title"}),
        (E("other", "Chess", organization_name="o" * 201), {"organization_name"}),
        (E("other", "Chess", description="d" * 2001), {"description"}),
        (E("other", "Chess", recognition="r" * 301), {"recognition"}),
        (E("other", "Chess", start_date=date(2025, 5, 2), end_date=date(2025, 5, 1)), {"end_date"}),
        (E("other", "Chess", start_date=date(1989, 12, 31)), {"start_date"}),
        (E("other", "Chess", hours=Decimal("-0.01")), {"hours"}),
        (E("other", "Chess", hours=Decimal("10000.01")), {"hours"}),
        (E("other", "Chess", hours=Decimal("NaN")), {"hours"}),
        (
            E(
                "nope",
                "",
                hours=Decimal(-1),
                start_date=date(2025, 2, 1),
                end_date=date(2025, 1, 1),
            ),
            {"category", "title", "hours", "end_date"},
        ),
    ],  # fmt: skip
)
def test_bad_input_names_the_field_and_saves_nothing(quiet, data, fields):
    r = setup()
    with pytest.raises(ValidationFailed) as caught:
        s.add_entry(db.session, r.youth, data)
    assert set(caught.value.errors) == fields
    db.session.rollback()
    assert _count() == 0


def test_messages_say_what_is_wrong(quiet):
    r = setup()
    with pytest.raises(ValidationFailed) as caught:
        s.add_entry(
            db.session,
            r.youth,
            E(
                "other",
                "Chess",
                start_date=date(2025, 5, 2),
                end_date=date(2025, 5, 1),
                hours=Decimal(10001),
            ),
        )
    assert caught.value.errors == {
        "end_date": ["The end date cannot be before the start date."],
        "hours": ["Hours cannot be more than 10,000."],
    }


def test_boundaries_are_accepted(quiet):
    r = setup()
    for hours in (Decimal(0), Decimal(10_000), Decimal("2.345")):
        s.add_entry(
            db.session,
            r.youth,
            E(
                "other",
                "Chess",
                hours=hours,
                start_date=date(2025, 1, 1),
                end_date=date(2025, 1, 1),
            ),
        )
    db.session.commit()
    saved = sorted(db.session.scalars(select(ResumeEntry.hours)))
    assert saved == [Decimal("0.00"), Decimal("2.35"), Decimal("10000.00")]


def test_add_edit_and_delete_an_own_line(quiet):
    r = setup()
    entry = s.add_entry(
        db.session,
        r.youth,
        E("work", "  Babysitter ", "Neighbours", date(2024, 6, 1), None, "Two kids", Decimal(30)),
    )
    db.session.commit()
    assert (entry.title, entry.source_kind, entry.youth_id, entry.hours) == (
        "Babysitter", None, r.youth.id, Decimal("30.00"))  # fmt: skip
    key = f"entry-{entry.id}"
    s.update_item(db.session, r.youth, key, E("work", "Babysitter", hours=Decimal(45)), None)
    db.session.commit()
    assert db.session.get(ResumeEntry, entry.id).hours == Decimal("45.00")
    assert s.remove_item(db.session, r.youth, key, None) == "deleted"
    db.session.commit()
    assert _count() == 0
    assert [len(_events(a)) for a in ("resume.add", "resume.update", "resume.delete")] == [1, 1, 1]


def test_editing_a_record_item_stores_the_youth_version_once(quiet):
    r = setup()
    key = f"placement-{r.internship}"
    data = E("work", "Lab intern", "Acme", date(2025, 6, 16), date(2025, 8, 15), "Tests",
             Decimal(500), "Thank-you letter")  # fmt: skip
    s.update_item(db.session, r.youth, key, data, recognition())
    s.update_item(db.session, r.youth, key, data, recognition())
    db.session.commit()
    entry = db.session.scalar(select(ResumeEntry))
    assert _count() == 1
    assert (entry.source_kind, entry.source_ref, entry.title, entry.hours) == (
        "placement", r.internship, "Lab intern", None)  # fmt: skip
    found = s.find_item(db.session, r.youth, f"entry-{entry.id}", recognition())
    assert found.entry is entry and found.item is not None
    assert found.item.title == "Lab assistant"  # the record's words, for "undo"
    items = resume_items(db.session, r.youth.id, recognition=recognition())
    work = next(i for i in items if i.category == "work")
    assert (work.title, work.hours, work.recognition) == (
        "Lab intern", Decimal("12.50"), "Thank-you letter")  # fmt: skip
    assert s.remove_item(db.session, r.youth, key, recognition()) == "reset"
    db.session.commit()
    assert _count() == 0


def test_a_bad_edit_of_a_record_item_saves_nothing(quiet):
    r = setup()
    with pytest.raises(ValidationFailed) as caught:
        s.update_item(db.session, r.youth, f"school-{r.youth.id}",
                      E("education", "", end_date=date(2020, 1, 1),
                        start_date=date(2021, 1, 1)), None)  # fmt: skip
    assert set(caught.value.errors) == {"title", "end_date"}
    db.session.rollback()
    assert _count() == 0


def test_hide_and_show_a_record_item_keeps_no_row(quiet):
    r = setup()
    key = f"badge_award-{r.builder_award}"
    s.set_hidden(db.session, r.youth, key, True, None)
    s.set_hidden(db.session, r.youth, key, True, None)  # a double click holds
    db.session.commit()
    entry = db.session.scalar(select(ResumeEntry))
    assert (_count(), entry.title, entry.is_hidden, entry.category) == (1, "", True, "award")
    assert "Young builder" not in [i.title for i in resume_items(db.session, r.youth.id)]
    s.set_hidden(db.session, r.youth, key, False, None)
    db.session.commit()
    assert _count() == 0
    assert "Young builder" in [i.title for i in resume_items(db.session, r.youth.id)]
    assert [len(_events(a)) for a in ("resume.hide", "resume.show")] == [2, 1]


def test_hiding_an_edited_item_keeps_the_edit(quiet):
    r = setup()
    key = f"school-{r.youth.id}"
    s.update_item(db.session, r.youth, key, E("education", "Lincoln High"), None)
    s.set_hidden(db.session, r.youth, key, True, None)
    s.set_hidden(db.session, r.youth, key, False, None)
    db.session.commit()
    entry = db.session.scalar(select(ResumeEntry))
    assert (entry.title, entry.is_hidden) == ("Lincoln High", False)


def test_an_untouched_record_item_cannot_be_deleted(quiet):
    r = setup()
    with pytest.raises(Forbidden):
        s.remove_item(db.session, r.youth, f"placement-{r.internship}", None)


@pytest.mark.parametrize(
    "key",
    ["entry-0", "entry-abc", "nothing", "placement-", "course-1", "entry-99999999999",
     "placement-999999", "program-999999"],
)  # fmt: skip
def test_keys_of_nothing_are_not_found(quiet, key):
    r = setup()
    with pytest.raises(NotFound):
        s.find_item(db.session, r.youth, key, None)


def test_another_youths_items_are_not_found(quiet):
    r = setup()
    theirs = s.add_entry(db.session, r.classmate, E("other", "Theirs"))
    db.session.commit()
    for key in (f"entry-{theirs.id}", f"placement-{r.internship}", f"school-{r.youth.id}",
                f"badge_award-{r.helper_award}", f"activity-{r.service[0]}"):  # fmt: skip
        with pytest.raises(NotFound):
            s.set_hidden(db.session, r.classmate if "entry" not in key else r.youth, key, True,
                         None)  # fmt: skip
    # The planned placement and a revoked badge are not on the résumé, so not editable.
    for key in (f"placement-{r.planned}", f"badge_award-{r.revoked_award}"):
        with pytest.raises(NotFound):
            s.find_item(db.session, r.youth, key, None)
    db.session.rollback()
    assert _count() == 1


def test_only_the_youth_changes_their_resume(quiet):
    r = setup()
    # Their own id is not a youth's: refused as out of scope.
    for someone in (r.staff, r.admin, r.family):
        with pytest.raises(NotFound):
            s.add_entry(db.session, someone, E("other", "Chess"))
        with pytest.raises(NotFound):
            s.my_resume(db.session, someone, None)
    assert _count() == 0


def test_readers_see_no_hidden_items_and_their_reads_are_audited(quiet):
    r = setup()
    s.set_hidden(db.session, r.youth, f"school-{r.youth.id}", True, None)
    db.session.commit()
    mine = s.my_resume(db.session, r.youth, None)
    assert mine.items[0].category == "education" and mine.items[0].is_hidden
    for reader in (r.staff, r.admin, r.family):
        view = s.youth_resume(db.session, reader, r.youth.id, None)
        assert view.youth_name == "Robin García"
        assert "education" not in {i.category for i in view.items}
    db.session.commit()
    events = _events("youth.view")
    assert [(e.actor_id, e.youth_id, e.detail) for e in events] == [
        (reader.id, r.youth.id, {"section": "resume", "form": "page"})
        for reader in (r.staff, r.admin, r.family)
    ]
    s.youth_resume(db.session, r.youth, r.youth.id, None)  # the youth's own: not audited
    db.session.commit()
    assert len(_events("youth.view")) == 3


def test_readers_out_of_scope_are_refused(quiet):
    r = setup()
    with pytest.raises(NotFound):
        s.youth_resume(db.session, r.other_family, r.youth.id, None)
    with pytest.raises((NotFound, Forbidden)):
        s.youth_resume(db.session, r.classmate, r.youth.id, None)
