"""Answering, editing and sharing reflections through the services: one row per prompt,
the prompt's words kept as shown, field errors for bad input, audit events without the words."""

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
from ccl_youth.reflections import answers, services
from tests.reflections.helpers import TODAY, add_activity, hand_catalog, make_setup

TALK_POST = "guest_speaker.exploration.post.1"


def answer(youth, activity_id, prompt_id=TALK_POST, text="I liked the robots.", shared=False):  # noqa: ANN001, ANN201
    result = services.answer_prompt(
        db.session, youth, hand_catalog(), activity_id, prompt_id, text, shared, TODAY
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


def test_an_answer_keeps_the_prompt_as_shown_and_a_second_one_updates_it(app: Flask) -> None:
    s = make_setup(grade=7)
    talk = add_activity(s.cohort, s.staff, [s.youth], TODAY - timedelta(days=1))
    reflection, created = answer(s.youth, talk.id, text="  I liked the robots.  ", shared=True)
    assert created
    assert (reflection.youth_id, reflection.activity_id, reflection.prompt_id) == (
        s.youth.id, talk.id, TALK_POST,
    )  # fmt: skip
    assert (reflection.prompt_text, reflection.when) == ("What surprised you?", "post")
    assert (reflection.answer, reflection.is_shared_with_family) == ("I liked the robots.", True)
    [created_event] = events("reflection.create")
    assert created_event.youth_id == s.youth.id and created_event.target_id == reflection.id
    assert created_event.detail == {
        "activity_id": talk.id, "prompt_id": TALK_POST, "when": "post", "shared": True,
    }  # fmt: skip

    again, created = answer(s.youth, talk.id, text="Robots need testers.", shared=False)
    assert not created and again.id == reflection.id and reflection_count() == 1
    db.session.refresh(again)
    assert (again.answer, again.is_shared_with_family) == ("Robots need testers.", False)
    [edit_event] = events("reflection.edit")
    assert edit_event.detail == {"fields": ["answer", "is_shared_with_family"], "shared": False}
    # The same answer once more changes nothing and records nothing.
    answer(s.youth, talk.id, text="Robots need testers.")
    assert len(events("reflection.edit")) == 1
    assert not any(
        "robot" in repr(e.detail).lower() for e in db.session.scalars(select(AuditEvent))
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write your answer."),
        ("   \n ", "Write your answer."),
        ("x" * 2001, "Keep your answer to 2000 characters or less."),
    ],
)
def test_answers_must_have_words_and_fit(app: Flask, text: str, message: str) -> None:
    s = make_setup(grade=7)
    talk = add_activity(s.cohort, s.staff, [s.youth], TODAY)
    with pytest.raises(ValidationFailed) as error:
        answer(s.youth, talk.id, text=text)
    assert error.value.errors == {"answer": [message]}
    assert reflection_count() == 0
    assert answer(s.youth, talk.id, text="x" * 2000)[0].answer == "x" * 2000


def test_the_prompt_must_be_one_the_activity_asks_now(app: Flask) -> None:
    s = make_setup(grade=7)
    talk = add_activity(s.cohort, s.staff, [s.youth], TODAY - timedelta(days=3))
    later = add_activity(s.cohort, s.staff, [s.youth], TODAY + timedelta(days=3))
    for activity_id, prompt_id in (
        (talk.id, "default.exploration.post.1"),  # guest speakers have their own prompts
        (talk.id, "guest_speaker.exploration.pre.1"),  # "before" questions for a past activity
        (later.id, TALK_POST),  # "after" questions for an activity still to come
        (talk.id, "default.preparedness.post.1"),  # another stage's
        (talk.id, "no.such.prompt"),
    ):
        with pytest.raises(ValidationFailed) as error:
            answer(s.youth, activity_id, prompt_id)
        assert list(error.value.errors) == ["prompt"], prompt_id
    assert reflection_count() == 0
    assert answer(s.youth, later.id, "guest_speaker.exploration.pre.1")[0].when == "pre"


def test_only_the_youths_own_attended_activities(app: Flask) -> None:
    s = make_setup(grade=7)
    theirs = add_activity(s.cohort, s.staff, [s.other_youth], TODAY)
    elsewhere = add_activity(s.cohort, None, [], TODAY)
    for activity_id in (theirs.id, elsewhere.id, 999_999):
        with pytest.raises(NotFound):
            answer(s.youth, activity_id)
    with pytest.raises(NotFound):
        answer(s.outsider, theirs.id)
    # Nobody answers for a youth: staff and family are refused by the policy.
    for someone in (s.staff, s.family):
        with pytest.raises(NotFound):
            answer(someone, theirs.id)
    assert reflection_count() == 0


def test_edit_and_share_own_reflections_only(app: Flask) -> None:
    s = make_setup(grade=7)
    talk = add_activity(s.cohort, s.staff, [s.youth, s.other_youth], TODAY)
    mine, _ = answer(s.youth, talk.id)
    theirs, _ = answer(s.other_youth, talk.id)

    services.edit_reflection(db.session, s.youth, mine.id, "New words.", False)
    db.session.commit()
    assert mine.answer == "New words."
    assert events("reflection.edit")[-1].detail == {"fields": ["answer"], "shared": False}

    services.share_reflection(db.session, s.youth, mine.id, True)
    services.share_reflection(db.session, s.youth, mine.id, True)  # a double click
    db.session.commit()
    assert mine.is_shared_with_family is True
    [share_event] = events("reflection.share")
    assert (share_event.target_id, share_event.detail) == (mine.id, {"shared": True})

    for call in (
        lambda: services.edit_reflection(db.session, s.youth, theirs.id, "Hijacked.", True),
        lambda: services.share_reflection(db.session, s.youth, theirs.id, True),
        lambda: answers.own_reflection(db.session, s.youth, theirs.id),
        lambda: services.share_reflection(db.session, s.staff, mine.id, False),
    ):
        with pytest.raises(NotFound):
            call()
    db.session.rollback()
    db.session.refresh(theirs)
    assert (theirs.answer, theirs.is_shared_with_family) == ("I liked the robots.", False)
    with pytest.raises(ValidationFailed):
        services.edit_reflection(db.session, s.youth, mine.id, " ", True)


def test_two_answers_at_once_make_one_row(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second of two simultaneous submits finds no row when it looks, then meets the
    first one's row on insert: it updates that row instead of failing or adding another."""
    s = make_setup(grade=7)
    talk = add_activity(s.cohort, s.staff, [s.youth], TODAY)
    first, _ = answer(s.youth, talk.id, text="First words.")
    looked_too_early = services.open_prompt
    monkeypatch.setattr(
        services,
        "open_prompt",
        lambda *args: dataclasses.replace(looked_too_early(*args), existing_id=None),
    )
    second, created = answer(s.youth, talk.id, text="Second words.")
    assert not created and second.id == first.id and reflection_count() == 1
    db.session.refresh(second)
    assert second.answer == "Second words."
