"""Answering prompts about work placements through the services: one row per (youth,
placement, prompt), a second answer updates it, only prompts asked now, only the youth's own
placements, edit and share as for activities, audit events with ids only."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.core.errors import NotFound, ValidationFailed
from ccl_youth.experiences.models import Reflection
from ccl_youth.extensions import db
from ccl_youth.reflections import services
from tests.reflections.helpers import (
    TODAY,
    add_activity,
    add_placement,
    hand_catalog,
    make_setup,
)

PRE, POST = "internship.exploration.pre.1", "internship.exploration.post.1"


def answer(youth, placement_id, prompt_id=POST, text="I fixed a printer.", shared=False):  # noqa: ANN001, ANN201
    result = services.answer_placement_prompt(
        db.session, youth, hand_catalog(), placement_id, prompt_id, text, shared, TODAY
    )
    db.session.commit()
    return result


def events(action: str) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def reflection_count() -> int:
    return db.session.scalar(select(func.count(Reflection.id))) or 0


def test_an_answer_about_a_placement_and_a_second_one_updating_it(app: Flask) -> None:
    s = make_setup(grade=7)
    job = add_placement(s.youth, None, TODAY - timedelta(days=20))
    reflection, created = answer(s.youth, job.id, text="  I fixed a printer.  ", shared=True)
    assert created
    assert (reflection.youth_id, reflection.activity_id, reflection.placement_id) == (
        s.youth.id, None, job.id,
    )  # fmt: skip
    assert (reflection.prompt_id, reflection.prompt_text, reflection.when) == (
        POST, "What did you do at work?", "post",
    )  # fmt: skip
    assert (reflection.answer, reflection.is_shared_with_family) == ("I fixed a printer.", True)
    [created_event] = events("reflection.create")
    assert (created_event.youth_id, created_event.target_id) == (s.youth.id, reflection.id)
    assert created_event.detail == {
        "placement_id": job.id, "prompt_id": POST, "when": "post", "shared": True,
    }  # fmt: skip

    again, created = answer(s.youth, job.id, text="I fixed two printers.")
    assert not created and again.id == reflection.id and reflection_count() == 1
    db.session.refresh(again)
    assert (again.answer, again.is_shared_with_family) == ("I fixed two printers.", False)
    [edit_event] = events("reflection.edit")
    assert edit_event.detail == {"fields": ["answer", "is_shared_with_family"], "shared": False}
    assert not any(
        "printer" in repr(e.detail).lower() for e in db.session.scalars(select(AuditEvent))
    )

    # The same prompt about an activity is another reflection, and so is another placement's.
    talk = add_activity(s.cohort, s.staff, [s.youth], TODAY, "guest_speaker")
    services.answer_prompt(
        db.session, s.youth, hand_catalog(), talk.id, "guest_speaker.exploration.post.1",
        "Words.", False, TODAY,
    )  # fmt: skip
    second_job = add_placement(s.youth, None, TODAY - timedelta(days=3))
    assert answer(s.youth, second_job.id)[1] is True
    assert reflection_count() == 3


def test_the_prompt_must_be_one_the_placement_asks_now(app: Flask) -> None:
    s = make_setup(grade=7)
    later = add_placement(s.youth, None, TODAY + timedelta(days=5), status="planned")
    long_on = add_placement(s.youth, None, TODAY - timedelta(days=30))
    long_done = add_placement(
        s.youth, None, TODAY - timedelta(days=200), end=TODAY - timedelta(days=90),
        status="completed",
    )  # fmt: skip
    for placement_id, prompt_id in (
        (later.id, POST),  # "after" questions before it started
        (long_on.id, PRE),  # "before" questions a month in
        (long_done.id, POST),  # ended 90 days ago
        (long_on.id, "default.exploration.post.1"),  # internships have their own prompts
        (long_on.id, "default.preparedness.post.1"),  # another stage's
        (long_on.id, "no.such.prompt"),
    ):
        with pytest.raises(ValidationFailed) as error:
            answer(s.youth, placement_id, prompt_id)
        assert error.value.errors == {
            "prompt": ["This question is not one we ask about this work now."]
        }, prompt_id
    assert reflection_count() == 0
    assert answer(s.youth, later.id, PRE)[0].when == "pre"
    with pytest.raises(ValidationFailed) as error:
        answer(s.youth, long_on.id, text=" ")
    assert error.value.errors == {"answer": ["Write your answer."]}
    assert reflection_count() == 1


def test_only_the_youths_own_placements(app: Flask) -> None:
    s = make_setup(grade=7)
    theirs = add_placement(s.other_youth, None, TODAY - timedelta(days=3))
    elsewhere = add_placement(s.outsider, None, TODAY - timedelta(days=3))
    for placement_id in (theirs.id, elsewhere.id, 999_999):
        with pytest.raises(NotFound):
            answer(s.youth, placement_id)
    with pytest.raises(NotFound):
        answer(s.outsider, theirs.id)
    # Nobody answers for a youth: staff and family are refused by the policy.
    for someone in (s.staff, s.family):
        with pytest.raises(NotFound):
            answer(someone, theirs.id)
    assert reflection_count() == 0


def test_edit_and_share_a_placement_reflection(app: Flask) -> None:
    s = make_setup(grade=7)
    job = add_placement(s.youth, None, TODAY - timedelta(days=3))
    mine, _ = answer(s.youth, job.id)
    services.edit_reflection(db.session, s.youth, mine.id, "New words.", False)
    services.share_reflection(db.session, s.youth, mine.id, True)
    db.session.commit()
    db.session.refresh(mine)
    assert (mine.answer, mine.is_shared_with_family, mine.placement_id) == (
        "New words.", True, job.id,
    )  # fmt: skip
    assert [e.detail for e in events("reflection.share")] == [{"shared": True}]
    with pytest.raises(NotFound):
        services.edit_reflection(db.session, s.other_youth, mine.id, "Hijacked.", True)


def test_two_answers_at_once_make_one_row(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second of two simultaneous submits finds no row when it looks, then meets the
    first one's row on insert (the youth, placement, prompt constraint): it updates it."""
    s = make_setup(grade=7)
    job = add_placement(s.youth, None, TODAY - timedelta(days=3))
    first, _ = answer(s.youth, job.id, text="First words.")
    looked_too_early = services.open_placement_prompt
    monkeypatch.setattr(
        services,
        "open_placement_prompt",
        lambda *args: dataclasses.replace(looked_too_early(*args), existing_id=None),
    )
    second, created = answer(s.youth, job.id, text="Second words.")
    assert not created and second.id == first.id and reflection_count() == 1
    db.session.refresh(second)
    assert second.answer == "Second words."
