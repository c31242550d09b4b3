"""Hours: the rules for logging them, double submits, returned → corrected → resubmitted,
verified entries locked, reviews one by one and in bulk (all or nothing), and totals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.extensions import db
from ccl_youth.placements import hours, queries
from ccl_youth.placements.hours import HoursInput
from ccl_youth.placements.models import HoursEntry, Placement
from tests.factories import World
from tests.placements.conftest import TODAY
from tests.placements.support import add_hours, add_placement
from tests.world_experiences import WORLD_DAY

DAY2 = WORLD_DAY + timedelta(days=2)


def _log(world: World, entry: HoursInput, who: str = "youth1", placement: int | None = None, **kw):
    return hours.log_hours(
        db.session, world.user(who), placement or world.exp.placement1, entry, TODAY, **kw
    )


def _entry(minutes: int = 90, day=DAY2, text: str = "Sorted parts.") -> HoursInput:
    return HoursInput(work_date=day, minutes=minutes, description=text)


def _status(entry_id: int) -> str:
    db.session.expire_all()
    return db.session.get_one(HoursEntry, entry_id).status


def test_a_youth_logs_hours_on_their_active_placement(world: World) -> None:
    entry, created = _log(world, _entry(), submission_key="first-key-123")
    db.session.commit()
    assert created
    assert (entry.status, entry.minutes, entry.youth_id) == ("submitted", 90, world.youth1)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "hours.log"))
    assert event is not None
    assert (event.target_id, event.detail) == (entry.id, {"placement_id": world.exp.placement1})


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        (_entry(day=TODAY + timedelta(days=1)), "work_date"),  # the future
        (_entry(day=WORLD_DAY - timedelta(days=1)), "work_date"),  # before the start
        (_entry(minutes=0), "minutes"),
        (_entry(minutes=24 * 60 + 1), "minutes"),  # more than 24 hours
        (_entry(minutes=-30), "minutes"),
        (_entry(text="   "), "description"),
        (_entry(text="x" * 1001), "description"),
    ],
)
def test_bad_hours_are_field_errors(world: World, entry: HoursInput, field: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        _log(world, entry)
    assert list(refused.value.errors) == [field]


def test_today_and_the_start_date_and_24_hours_are_fine(world: World) -> None:
    for entry in (_entry(day=TODAY), _entry(day=WORLD_DAY), _entry(minutes=24 * 60)):
        assert _log(world, entry)[1]


def test_one_day_holds_at_most_24_hours(world: World) -> None:
    day1 = WORLD_DAY + timedelta(days=1)  # hours1 already has 180 minutes on it
    with pytest.raises(ValidationFailed) as refused:
        _log(world, _entry(minutes=24 * 60 - 179, day=day1))
    assert list(refused.value.errors) == ["minutes"]
    assert _log(world, _entry(minutes=24 * 60 - 180, day=day1))[1]


@pytest.mark.parametrize("status", ["planned", "completed", "ended_early"])
def test_hours_need_an_active_placement(world: World, status: str) -> None:
    db.session.get_one(Placement, world.exp.placement1).status = status
    db.session.commit()
    with pytest.raises(ValidationFailed) as refused:
        _log(world, _entry())
    assert list(refused.value.errors) == ["placement_id"]


def test_a_double_submit_makes_one_entry(world: World) -> None:
    first, created = _log(world, _entry(), submission_key="double-click-1")
    db.session.commit()
    again, created_again = _log(world, _entry(minutes=45), submission_key="double-click-1")
    assert (created, created_again) == (True, False)
    assert again.id == first.id and again.minutes == 90
    count = db.session.scalar(
        select(db.func.count(HoursEntry.id)).where(HoursEntry.submission_key == "double-click-1")
    )
    assert count == 1
    other = add_placement(world.org_a, world.youth1)
    with pytest.raises(ValidationFailed) as refused:
        _log(world, _entry(), placement=other, submission_key="double-click-1")
    assert list(refused.value.errors) == ["submission_key"]


def test_staff_may_log_for_a_youth_in_scope_only(world: World) -> None:
    assert _log(world, _entry(), who="staff1")[0].youth_id == world.youth1
    with pytest.raises(NotFound):
        _log(world, _entry(), who="staff2")
    with pytest.raises(NotFound):
        _log(world, _entry(), who="youth2")  # another youth's placement
    with pytest.raises(NotFound):
        _log(world, _entry(), who="admin_b")
    with pytest.raises(Forbidden):
        _log(world, _entry(), who="family1")


def test_returned_entries_are_corrected_and_resubmitted(world: World) -> None:
    staff = world.user("staff1")
    with pytest.raises(ValidationFailed) as refused:
        hours.review_hours(db.session, staff, [world.exp.hours1], "return", "  ")
    assert list(refused.value.errors) == ["comment"]
    hours.review_hours(db.session, staff, [world.exp.hours1], "return", "Which circuits?")
    db.session.commit()
    row = db.session.get_one(HoursEntry, world.exp.hours1)
    assert (row.status, row.review_comment, row.reviewer_id) == (
        "returned",
        "Which circuits?",
        world.staff1,
    )
    fixed = _entry(minutes=150, day=WORLD_DAY + timedelta(days=1), text="Tested 12 boards.")
    hours.correct_hours(db.session, world.user("youth1"), world.exp.hours1, fixed, TODAY)
    db.session.commit()
    assert (_status(world.exp.hours1), row.minutes, row.description) == (
        "submitted",
        150,
        "Tested 12 boards.",
    )
    actions = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.target_type == "hours_entry", AuditEvent.target_id == world.exp.hours1)
        .order_by(AuditEvent.id)
    ).all()
    assert actions == ["hours.return", "hours.resubmit"]


def test_verified_entries_are_locked_for_the_youth(world: World) -> None:
    hours.review_hours(db.session, world.user("staff1"), [world.exp.hours1], "verify")
    db.session.commit()
    with pytest.raises(ValidationFailed) as refused:
        hours.correct_hours(db.session, world.user("youth1"), world.exp.hours1, _entry(), TODAY)
    assert list(refused.value.errors) == ["status"]
    with pytest.raises(NotFound):  # nobody else's entries, locked or not
        hours.correct_hours(db.session, world.user("youth1"), world.exp.hours2, _entry(), TODAY)
    assert db.session.get_one(HoursEntry, world.exp.hours1).minutes == 180


def test_a_review_reaching_outside_the_scope_changes_nothing(world: World) -> None:
    classmate_placement = add_placement(world.org_a, world.classmate)
    mine = add_hours(classmate_placement, world.classmate, 60, "submitted")
    staff = world.user("staff1")
    for outside in (world.exp.hours2, world.exp.hours_b, 999_999):
        with pytest.raises(NotFound):
            hours.review_hours(db.session, staff, [world.exp.hours1, mine, outside], "verify")
        db.session.rollback()
        assert (_status(world.exp.hours1), _status(mine)) == ("submitted", "submitted")
    with pytest.raises(NotFound):  # an entry of another placement than the page's
        hours.review_hours(
            db.session, staff, [world.exp.hours1, mine], "verify",
            placement_id=world.exp.placement1,
        )  # fmt: skip
    with pytest.raises(Forbidden):
        hours.review_hours(db.session, world.user("youth1"), [world.exp.hours1], "verify")
    with pytest.raises(ValidationFailed):
        hours.review_hours(db.session, staff, [], "verify")
    entries = hours.review_hours(db.session, staff, [world.exp.hours1, mine], "verify")
    assert [e.status for e in entries] == ["verified", "verified"]


def test_totals_verified_and_submitted(world: World) -> None:
    """placement1: hours1 180 waiting, + 60 verified, 45 returned, 30 waiting; another
    placement of youth1: 100 verified. Returned minutes count nowhere until resubmitted."""
    p1 = world.exp.placement1
    add_hours(p1, world.youth1, 60, "verified", day=3)
    add_hours(p1, world.youth1, 45, "returned", day=4)
    add_hours(p1, world.youth1, 30, "submitted", day=5)
    other = add_placement(world.org_a, world.youth1, status="completed")
    add_hours(other, world.youth1, 100, "verified", day=6)
    assert queries.placement_totals(db.session, p1) == queries.Totals(
        submitted=180 + 60 + 30, verified=60, waiting=2, returned=1
    )
    totals = queries.totals_for_youth(db.session, [world.youth1, world.youth2])
    assert totals[world.youth1] == queries.Totals(
        submitted=270 + 100, verified=160, waiting=2, returned=1
    )
    assert totals[world.youth2] == queries.Totals(submitted=180, verified=0, waiting=1)
    page = queries.placement_page(db.session, world.user("staff1"))
    by_id = {row.id: row.totals for row in page.rows}
    assert by_id == {
        p1: queries.Totals(270, 60, 2, 1),
        other: queries.Totals(100, 100, 0, 0),
    }
    assert page.total == 2  # staff1 sees youth1 only: not youth2's placement2
