"""Pending reflections, computed by hand: which prompts a youth still has to answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask

from ccl_youth.core.errors import NotFound
from ccl_youth.db import StatementCounter
from ccl_youth.extensions import db
from ccl_youth.reflections import services
from tests.reflections.helpers import (
    TODAY,
    add_activity,
    add_reflection,
    hand_catalog,
    make_setup,
    set_stage,
)


def pending(youth) -> list[tuple[int, str]]:  # noqa: ANN001
    rows = services.pending_reflections(db.session, youth, hand_catalog(), TODAY)
    return [(row.activity_id, row.prompt_id) for row in rows]


def days_ago(n: int):  # noqa: ANN201
    return TODAY - timedelta(days=n)


def test_type_prompts_replace_the_defaults_and_answered_ones_disappear(app: Flask) -> None:
    s = make_setup(grade=7)  # exploration
    talk = add_activity(s.cohort, s.staff, [s.youth], days_ago(10), "guest_speaker", "Talk")
    trip = add_activity(s.cohort, s.staff, [s.youth], days_ago(5), "field_trip", "Trip")
    # Newest activity first; the field trip has no prompts of its own: the two defaults.
    assert pending(s.youth) == [
        (trip.id, "default.exploration.post.1"),
        (trip.id, "default.exploration.post.2"),
        (talk.id, "guest_speaker.exploration.post.1"),
    ]
    row = services.pending_reflections(db.session, s.youth, hand_catalog(), TODAY)[2]
    assert (row.title, row.day, row.when) == ("Talk", days_ago(10), "post")
    assert row.prompt_text == "What surprised you?"

    add_reflection(s.youth, trip, "default.exploration.post.1")
    assert pending(s.youth) == [
        (trip.id, "default.exploration.post.2"),
        (talk.id, "guest_speaker.exploration.post.1"),
    ]
    # An answer to a prompt the activity does not ask changes nothing.
    add_reflection(s.youth, talk, "default.exploration.post.1")
    assert len(pending(s.youth)) == 2


def test_the_window_is_sixty_days_back_and_upcoming_activities_ask_before(app: Flask) -> None:
    s = make_setup(grade=7)
    too_old = add_activity(s.cohort, s.staff, [s.youth], days_ago(61), "field_trip")
    oldest = add_activity(s.cohort, s.staff, [s.youth], days_ago(60), "guest_speaker")
    today = add_activity(s.cohort, s.staff, [s.youth], TODAY, "guest_speaker")
    soon = add_activity(s.cohort, s.staff, [s.youth], TODAY + timedelta(days=3), "field_trip")
    got = pending(s.youth)
    assert too_old.id not in {activity_id for activity_id, _ in got}
    assert got == [
        (soon.id, "default.exploration.pre.1"),
        # Today: before and after.
        (today.id, "guest_speaker.exploration.pre.1"),
        (today.id, "guest_speaker.exploration.post.1"),
        (oldest.id, "guest_speaker.exploration.post.1"),
    ]


def test_the_stage_chooses_the_prompts(app: Flask) -> None:
    s = make_setup(grade=7)
    talk = add_activity(s.cohort, s.staff, [s.youth], days_ago(2), "guest_speaker")
    add_reflection(s.youth, talk, "guest_speaker.exploration.post.1")
    assert pending(s.youth) == []
    # Preparedness has no guest speaker prompts of its own here: the default one is asked.
    set_stage(s.youth, "preparedness")
    assert pending(s.youth) == [(talk.id, "default.preparedness.post.1")]
    set_stage(s.youth, "awareness")
    assert pending(s.youth) == [(talk.id, "default.awareness.post.1")]


def test_only_the_youths_own_attendance_and_answers_count(app: Flask) -> None:
    s = make_setup(grade=7)
    theirs = add_activity(s.cohort, s.staff, [s.other_youth], days_ago(3), "field_trip")
    shared = add_activity(s.cohort, s.staff, [s.youth, s.other_youth], days_ago(4), "field_trip")
    # The classmate answered; that does not answer for the youth.
    add_reflection(s.other_youth, shared, "default.exploration.post.1")
    assert pending(s.youth) == [
        (shared.id, "default.exploration.post.1"),
        (shared.id, "default.exploration.post.2"),
    ]
    assert pending(s.other_youth) == [
        (theirs.id, "default.exploration.post.1"),
        (theirs.id, "default.exploration.post.2"),
        (shared.id, "default.exploration.post.2"),
    ]
    # Another organization's youth sees none of it.
    assert pending(s.outsider) == []


def test_only_youth_have_pending_reflections(app: Flask) -> None:
    s = make_setup()
    for someone in (s.staff, s.family):
        with pytest.raises(NotFound):
            services.pending_reflections(db.session, someone, hand_catalog(), TODAY)


def test_pending_takes_the_same_statements_for_2_or_40_activities(app: Flask) -> None:
    s = make_setup(grade=7)
    counts = []
    for total in (2, 40):
        while len(pending(s.youth)) < total:
            activity = add_activity(s.cohort, s.staff, [s.youth], days_ago(1), "guest_speaker")
            add_reflection(s.youth, activity, "default.exploration.post.9")
        db.session.expire_all()
        db.session.refresh(s.youth)  # the youth is loaded, as the signed-in user is
        with StatementCounter(db.engine) as counter:
            assert len(pending(s.youth)) == total
        counts.append(counter.count)
    assert counts[0] == counts[1] == 5, counts
