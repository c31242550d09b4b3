"""Reflections asked about work placements, with hand-computed dates: "pre" from 60 days
before the start until 14 days after it while planned or active; "post" while active after
the start day, and for 60 days after a completed or ended-early placement ended (its end date,
else the day it was last changed)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask

from ccl_youth.db import StatementCounter
from ccl_youth.extensions import db
from ccl_youth.reflections import pending as pending_module
from ccl_youth.reflections.asking import placement_whens
from tests.reflections.helpers import (
    TODAY,
    add_activity,
    add_partner,
    add_placement,
    add_reflection,
    hand_catalog,
    make_setup,
)

PRE, POST = "internship.exploration.pre.1", "internship.exploration.post.1"


def day(offset: int) -> date:
    """TODAY (2026-11-20) moved by ``offset`` days."""
    return TODAY + timedelta(days=offset)


@pytest.mark.parametrize(
    ("status", "start", "end", "updated", "expected"),
    [
        # Not started yet: "pre" from 60 days ahead (2027-01-19), nothing further ahead.
        ("planned", day(10), None, day(-5), ("pre",)),
        ("planned", day(60), None, day(-5), ("pre",)),
        ("planned", day(61), None, day(-5), ()),
        ("active", day(3), day(40), day(-1), ("pre",)),
        # Started today: "pre" only; "post" from the day after the start.
        ("active", TODAY, None, TODAY, ("pre",)),
        ("active", day(-1), None, TODAY, ("pre", "post")),
        # "pre" until 14 days after the start (2026-11-06), not 15 (2026-11-05).
        ("active", day(-14), None, TODAY, ("pre", "post")),
        ("active", day(-15), None, TODAY, ("post",)),
        ("active", day(-300), day(-30), day(-200), ("post",)),  # still active: still asked
        # Planned past its start: "pre" for 14 days, never "post".
        ("planned", day(-3), None, day(-3), ("pre",)),
        ("planned", day(-15), None, day(-15), ()),
        # Finished: "post" while the end is at most 60 days back (2026-09-21).
        ("completed", day(-100), day(-60), day(-1), ("post",)),
        ("completed", day(-100), day(-61), day(-1), ()),
        ("ended_early", day(-100), day(20), day(-1), ("post",)),  # end date still ahead
        # No end date: the day the placement was last changed stands for the end.
        ("ended_early", day(-100), None, day(-60), ("post",)),
        ("completed", day(-100), None, day(-61), ()),
        # Ended before it started (cancelled): nothing to look back on; no "pre" either.
        ("ended_early", day(5), None, day(-2), ()),
    ],
)
def test_placement_whens(
    status: str, start: date, end: date | None, updated: date, expected: tuple[str, ...]
) -> None:
    assert placement_whens(status, start, end, updated, TODAY) == expected


def pending(youth) -> list[tuple[int | None, int | None, str]]:  # noqa: ANN001
    rows = pending_module.pending_reflections(db.session, youth, hand_catalog(), TODAY)
    return [(row.activity_id, row.placement_id, row.prompt_id) for row in rows]


def test_placements_ask_beside_activities_the_most_recent_first(app: Flask) -> None:
    s = make_setup(grade=7)  # exploration
    harbor = add_partner(s.org.id, "Harbor Labs")
    talk = add_activity(s.cohort, s.staff, [s.youth], day(-2), "guest_speaker", "Talk")
    job = add_placement(s.youth, harbor, day(-5), status="active", title="Lab helper")
    shadow = add_placement(
        s.youth, None, day(10), status="planned", title="Vet clinic", type_slug="job_shadow"
    )
    done = add_placement(s.youth, harbor, day(-100), end=day(-20), status="completed")
    add_placement(s.youth, harbor, day(61), status="planned")  # too far ahead
    add_placement(s.youth, harbor, day(-200), end=day(-61), status="completed")  # too long ago
    add_placement(s.youth, harbor, day(-100), status="ended_early", updated=day(-61))
    classmates = add_placement(s.other_youth, harbor, day(-5), status="active")
    elsewhere = add_placement(s.outsider, None, day(-5), status="active")  # another org's

    # Sorted by the day each is about: the shadow's start, today for the job going on, the
    # talk two days ago, the day the finished internship ended.
    assert pending(s.youth) == [
        (None, shadow.id, "default.exploration.pre.1"),  # job shadow: the default prompts
        (None, job.id, PRE),
        (None, job.id, POST),
        (talk.id, None, "guest_speaker.exploration.post.1"),
        (None, done.id, POST),
    ]
    rows = pending_module.pending_reflections(db.session, s.youth, hand_catalog(), TODAY)
    # "At <partner>", or at the placement itself when it has no partner.
    assert (rows[1].title, rows[1].place, rows[1].day, rows[1].when) == (
        "Lab helper", harbor.name, day(-5), "pre",
    )  # fmt: skip
    assert (rows[0].title, rows[0].place, rows[0].prompt_text) == (
        "Vet clinic", "Vet clinic", "What do you hope to learn?",
    )  # fmt: skip

    # Answered ones go; the classmate's answer about their own placement counts for nothing.
    add_reflection(s.youth, None, PRE, placement=job, when="pre")
    add_reflection(s.other_youth, None, POST, placement=job)
    assert (None, job.id, PRE) not in pending(s.youth)
    assert (None, job.id, POST) in pending(s.youth)
    # An answer about the talk to the placement's prompt is not an answer about the job.
    add_reflection(s.youth, talk, POST)
    assert (None, job.id, POST) in pending(s.youth)
    # Each youth is asked about their own placements only.
    assert pending(s.other_youth) == [(None, classmates.id, PRE), (None, classmates.id, POST)]
    assert pending(s.outsider) == [(None, elsewhere.id, PRE), (None, elsewhere.id, POST)]


def test_the_stage_chooses_the_placements_prompts(app: Flask) -> None:
    s = make_setup(grade=11)  # preparedness: the hand catalog has only the default prompts
    job = add_placement(s.youth, None, day(-1), status="active")
    assert pending(s.youth) == [
        (None, job.id, "default.preparedness.pre.1"),
        (None, job.id, "default.preparedness.post.1"),
    ]


def test_pending_takes_the_same_statements_for_1_or_10_placements(app: Flask) -> None:
    s = make_setup(grade=7)
    add_activity(s.cohort, s.staff, [s.youth], day(-1), "guest_speaker")
    counts, placements = [], 0
    for total in (1, 10):
        while placements < total:
            job = add_placement(s.youth, add_partner(s.org.id), day(-3 - placements))
            add_reflection(s.youth, None, "some.other.prompt", placement=job)
            placements += 1
        db.session.expire_all()
        db.session.refresh(s.youth)  # the youth is loaded, as the signed-in user is
        with StatementCounter(db.engine) as counter:
            got = pending(s.youth)
        # Each placement asks "pre" and "post"; the talk asks one "post".
        assert len(got) == 2 * total + 1
        counts.append(counter.count)
    assert counts[0] == counts[1] == 5, counts
