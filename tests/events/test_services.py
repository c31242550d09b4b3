"""Family-event services: posting, changing and cancelling events within the actor's reach,
families' answers with hand-computed counts, and who may see which event."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.errors import Forbidden, NotFound, ValidationFailed
from ccl_youth.events import services
from ccl_youth.events.models import EventRsvp, FamilyEvent
from ccl_youth.events.rules import EventFields
from ccl_youth.extensions import db
from tests.events.helpers import NOW, at, setup


@pytest.fixture
def s(app):
    return setup()


def _post(actor, title="STEM night", cohort_id=None, kind="stem_night", starts=None, ends=None):
    event = services.create_event(
        db.session, actor, EventFields(kind, title, starts_dt=starts or at(20),
                                       ends_dt=ends, cohort_id=cohort_id)
    )  # fmt: skip
    db.session.commit()
    return event


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def _actions():
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_staff_post_for_the_organization_and_their_cohort_only(s):
    _post(s.staff1, "For all")
    _post(s.staff1, "For robotics", cohort_id=s.cohort1.id)
    with pytest.raises(ValidationFailed) as raised:
        _post(s.staff1, "For art", cohort_id=s.cohort2.id)
    assert set(raised.value.errors) == {"audience"}
    db.session.rollback()
    with pytest.raises(ValidationFailed):
        _post(s.staff1, "Elsewhere", cohort_id=s.other_cohort.id)
    db.session.rollback()
    assert _post(s.admin, "Admin for art", cohort_id=s.cohort2.id).cohort_id == s.cohort2.id
    assert _count(FamilyEvent) == 3
    assert _actions().count("event.create") == 3


def test_end_before_start_saves_nothing(s):
    with pytest.raises(ValidationFailed) as raised:
        _post(s.staff1, starts=at(20, 18), ends=at(20, 17))
    assert raised.value.errors == {"ends_at": ["The end must be after the start."]}
    db.session.rollback()
    assert _count(FamilyEvent) == 0


def test_families_cannot_post_and_staff_cannot_answer(s):
    with pytest.raises(Forbidden):
        _post(s.family1)
    event = _post(s.staff1)
    with pytest.raises(Forbidden):
        services.answer_event(db.session, s.staff1, event.id, "yes", 1, "", NOW)


def test_staff_reach_org_wide_events_and_their_cohorts(s):
    everyone = _post(s.admin, "All")
    art = _post(s.admin, "Art", cohort_id=s.cohort2.id)
    assert services.event_in_scope(db.session, s.staff1, everyone.id) is everyone
    with pytest.raises(NotFound):
        services.event_in_scope(db.session, s.staff1, art.id)
    with pytest.raises(NotFound):
        services.event_in_scope(db.session, s.other_staff, everyone.id)
    board = services.staff_events(db.session, s.staff1, NOW)
    assert [x.event.title for x in board.upcoming] == ["All"]


def test_update_names_changed_fields_and_keeps_the_cohort_choice(s):
    event = _post(s.staff1, cohort_id=s.cohort1.id)
    changed = services.update_event(
        db.session, s.staff1, event.id,
        EventFields("career_day", "Career day", location="Gym", starts_dt=at(20),
                    cohort_id=s.cohort1.id),
    )  # fmt: skip
    assert changed == ["kind", "title", "location"]
    assert services.update_event(
        db.session, s.staff1, event.id,
        EventFields("career_day", "Career day", location="Gym", starts_dt=at(20),
                    cohort_id=s.cohort1.id),
    ) == []  # fmt: skip
    assert _actions().count("event.update") == 1


def test_cancel_keeps_the_event_once(s):
    event = _post(s.staff1)
    assert services.cancel_event(db.session, s.staff1, event.id) is True
    assert services.cancel_event(db.session, s.staff1, event.id) is False
    db.session.commit()
    assert _count(FamilyEvent) == 1 and event.cancelled_dt is not None
    assert _actions().count("event.cancel") == 1


def test_counts_and_one_answer_per_family(s):
    event = _post(s.staff1)
    services.answer_event(db.session, s.family1, event.id, "yes", 3, "We bring snacks", NOW)
    services.answer_event(db.session, s.family1b, event.id, "maybe", 2, "", NOW)
    services.answer_event(db.session, s.family2, event.id, "yes", 4, "", NOW)
    services.answer_event(db.session, s.family2, event.id, "no", 1, "Sorry", NOW)
    db.session.commit()
    assert _count(EventRsvp) == 3
    detail = services.event_detail(db.session, s.staff1, event.id)
    c = detail.counts
    assert (c.yes, c.maybe, c.no, c.yes_people, c.maybe_people, c.answered) == (1, 1, 1, 3, 2, 3)
    assert [(a.family_name, a.answer, a.party_size) for a in detail.answers] == [
        ("Ana Family", "yes", 3),
        ("Ben Family", "maybe", 2),
        ("Cal Family", "no", 1),
    ]
    board = services.staff_events(db.session, s.staff1, NOW)
    assert board.upcoming[0].counts == c
    assert _actions().count("event.rsvp") == 4


def test_the_same_answer_again_changes_nothing(s):
    event = _post(s.staff1)
    services.answer_event(db.session, s.family1, event.id, "yes", 2, "", NOW)
    services.answer_event(db.session, s.family1, event.id, "yes", 2, "", NOW)
    assert _actions().count("event.rsvp") == 1


def test_families_see_their_cohorts_and_org_wide_events_upcoming(s):
    _post(s.admin, "All", starts=at(25))
    _post(s.admin, "Robotics", cohort_id=s.cohort1.id, starts=at(15))
    _post(s.admin, "Art", cohort_id=s.cohort2.id, starts=at(16))
    _post(s.admin, "Over", starts=at(1), ends=at(1, 20))
    _post(s.admin, "Kit", kind="take_home", starts=None)
    db.session.execute(  # the take-home kit has no time at all
        FamilyEvent.__table__.update().where(FamilyEvent.title == "Kit").values(starts_dt=None)
    )
    running = _post(s.admin, "Running", starts=at(10, 9), ends=at(10, 20))
    cancelled = _post(s.admin, "Cancelled", starts=at(12))
    services.cancel_event(db.session, s.admin, cancelled.id)
    db.session.commit()
    rows = services.family_events(db.session, s.family1, NOW)
    assert [r.event.title for r in rows] == ["Running", "Cancelled", "Robotics", "All", "Kit"]
    assert [r.is_cancelled for r in rows] == [False, True, False, False, False]
    assert [r.event.title for r in services.family_events(db.session, s.family2, NOW)] == [
        "Running", "Cancelled", "Art", "All", "Kit"]  # fmt: skip
    assert services.family_events(db.session, s.other_family, NOW) == []
    assert running.id in {r.event.id for r in rows}


def test_answering_an_event_not_for_them_is_not_found(s):
    art = _post(s.admin, "Art", cohort_id=s.cohort2.id)
    with pytest.raises(NotFound):
        services.answer_event(db.session, s.family1, art.id, "yes", 1, "", NOW)
    with pytest.raises(NotFound):
        services.answer_event(db.session, s.other_family, art.id, "yes", 1, "", NOW)
    assert _count(EventRsvp) == 0


def test_a_revoked_link_ends_the_invitation(s):
    from ccl_youth.accounts.models import Guardianship

    robotics = _post(s.admin, "Robotics", cohort_id=s.cohort1.id)
    link = db.session.scalar(select(Guardianship).where(Guardianship.family_id == s.family1.id))
    link.status = "revoked"
    db.session.commit()
    with pytest.raises(NotFound):
        services.answer_event(db.session, s.family1, robotics.id, "yes", 1, "", NOW)


def test_cancelled_and_past_events_take_no_answers(s):
    cancelled = _post(s.admin, "Off")
    services.cancel_event(db.session, s.admin, cancelled.id)
    over = _post(s.admin, "Over", starts=at(1))
    db.session.commit()
    for event_id, message in ((cancelled.id, "cancelled"), (over.id, "over")):
        with pytest.raises(ValidationFailed) as raised:
            services.answer_event(db.session, s.family1, event_id, "yes", 1, "", NOW)
        assert message in raised.value.errors["answer"][0]
    assert _count(EventRsvp) == 0


def test_past_events_are_listed_apart_latest_first(s):
    _post(s.admin, "Old", starts=at(1))
    _post(s.admin, "Older", starts=at(1, month=2))
    _post(s.admin, "Soon", starts=at(11))
    board = services.staff_events(db.session, s.admin, NOW)
    assert [x.event.title for x in board.upcoming] == ["Soon"]
    assert [x.event.title for x in board.past] == ["Old", "Older"]
