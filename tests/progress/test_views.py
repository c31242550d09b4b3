"""Progress pages through HTTP: the youth's own page, the staff and admin page with the move
form, the family page; moving a stage through the form (refusals, a form sent twice); the
statements a page sends do not grow with the record."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from ccl_youth.accounts.models import User, YouthProfile
from ccl_youth.audit.models import AuditEvent
from ccl_youth.db import StatementCounter
from ccl_youth.extensions import db
from ccl_youth.progress import services
from ccl_youth.progress.models import StageChange
from tests.factories import (
    field_errors,
    input_value,
    login_as,
    make_admin,
    make_cohort,
    make_family,
    make_instrument,
    make_org,
    make_program,
    make_staff,
    make_youth,
    web_client,
)
from tests.progress import helpers as h


@dataclass
class Setup:
    youth: User
    staff: User
    admin: User
    family: User
    stranger_family: User
    program_id: int


@pytest.fixture
def s(app) -> Setup:
    org = make_org()
    program = make_program(org)
    cohort = make_cohort(org, program)
    youth = make_youth(org, cohort, grade=7, name="Robin Progress")
    return Setup(
        youth,
        make_staff(org, [cohort]),
        make_admin(org),
        make_family(org, [youth]),
        make_family(org, []),
        program.id,
    )


def as_user(app: Flask, user: User) -> FlaskClient:
    return login_as(web_client(app), user)


def text(response) -> str:
    return html.unescape(" ".join(response.get_data(as_text=True).split()))


def _stage(youth: User) -> str:
    return db.session.scalar(select(YouthProfile.stage).where(YouthProfile.user_id == youth.id))


def _moves() -> int:
    return db.session.scalar(select(func.count()).select_from(StageChange))


# --- youth ---------------------------------------------------------------------------------


def test_youth_page_shows_stage_bars_next_steps_and_what_was_done(app, s):
    h.attempt(s.youth, make_instrument(kind="riasec"))
    for _ in range(2):
        h.activity(s.youth, "guest_speaker", program_id=s.program_id)
    db.session.commit()
    response = as_user(app, s.youth).get("/my/progress")
    assert response.status_code == 200
    page = text(response)
    assert "Your stage: Exploration" in page
    recognition = h.real_recognition()
    # The interest inventory is done (exploration, broad skills); 2 of 3 professionals heard.
    assert recognition.milestone("exploration.broad_skills.interest_inventory").title in page
    closest = recognition.milestone("exploration.career_stem.three_professionals")
    assert closest.next_step in page
    assert "Almost there!" in page  # 2 of 3
    assert re.search(r'<progress max="\d+" value="1" aria-labelledby="strategy-broad_skills">',
                     response.get_data(as_text=True))  # fmt: skip
    assert "1 of 4 done" in page  # broad skills: 1 met of 4
    assert "Move to another stage" not in page
    views = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "youth.view")
    assert db.session.scalar(views) == 0


def test_youth_page_statements_do_not_grow_with_the_record(app, s):
    client = as_user(app, s.youth)

    def count() -> int:
        assert client.get("/my/progress").status_code == 200
        db.session.remove()
        with StatementCounter(db.engine) as counter:
            assert client.get("/my/progress").status_code == 200
        return counter.count

    youth_id = s.youth.id
    empty = count()
    youth = db.session.get_one(User, youth_id)
    for n in range(30):
        h.activity(youth, ("guest_speaker", "field_trip", "stem_challenge")[n % 3],
                   program_id=s.program_id)  # fmt: skip
    h.attempt(youth, make_instrument(kind="riasec"))
    db.session.commit()
    assert count() == empty


# --- staff and admins ----------------------------------------------------------------------


def test_staff_page_shows_readiness_history_and_form_and_is_audited(app, s):
    client = as_user(app, s.staff)
    response = client.get(f"/youth/{s.youth.id}/progress")
    assert response.status_code == 200
    page = text(response)
    assert "Progress: Robin Progress" in page
    assert "Stage: Career Exploration" in page
    assert "Ready for the next stage?" in page
    assert "<strong>Not yet</strong> — not ready for Career Preparedness yet" in page
    assert "No moves yet" in page
    # The framework's rule about older youth: a suggestion, and the form has awareness chosen.
    assert 'id="suggest-awareness"' in page
    chosen = r'<input checked[^>]*value="awareness"|<input[^>]*value="awareness"[^>]*checked'
    assert re.search(chosen, response.get_data(as_text=True))
    assert input_value(response.get_data(as_text=True), "from_stage") == "exploration"
    assert 'value="exploration"' not in re.sub(
        r'name="from_stage"[^>]*', "", response.get_data(as_text=True)
    )
    assert _stage(s.youth) == "exploration"  # a suggestion, not a move
    events = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.youth_id == s.youth.id, AuditEvent.action == "youth.view"
        )
    ).all()
    assert [(e.action, e.actor_id, e.detail) for e in events] == [
        ("youth.view", s.staff.id, {"section": "progress"})
    ]


def test_staff_move_a_youth_through_the_form(app, s):
    client = as_user(app, s.admin)
    form = {"to_stage": "awareness", "reason": "Never had awareness experiences.",
            "from_stage": "exploration"}  # fmt: skip
    response = client.post(f"/youth/{s.youth.id}/progress/stage", data=form)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/youth/{s.youth.id}/progress")
    assert _stage(s.youth) == "awareness"
    # The same form again (a double click): no second move, the same redirect.
    again = client.post(f"/youth/{s.youth.id}/progress/stage", data=form)
    assert again.status_code == 302
    assert _moves() == 1
    page = text(client.get(f"/youth/{s.youth.id}/progress"))
    assert "Moved to Career Awareness." in page
    assert "Never had awareness experiences." in page
    assert s.admin.display_name in page
    assert 'id="suggest-awareness"' not in page
    moves = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "progress.move_stage")
    ).all()
    assert [(e.actor_id, e.detail) for e in moves] == [
        (s.admin.id, {"from_stage": "exploration", "to_stage": "awareness"})
    ]


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"to_stage": "awareness", "reason": "Shy"}, "reason", "Use 5 to 500 characters."),
        ({"to_stage": "awareness", "reason": ""}, "reason", "Say why the youth moves."),
        ({"to_stage": "exploration", "reason": "Stay here please."}, "to_stage", "already"),
        ({"to_stage": "graduated", "reason": "Not a stage at all."}, "to_stage", "Not a valid"),
        ({"reason": "No stage chosen."}, "to_stage", "Choose the stage"),
        ({"to_stage": "awareness", "reason": "Someone moved them.", "from_stage": "preparedness"},
         "to_stage", "after this page opened"),
        ({"to_stage": "awareness", "reason": "Bad hidden field.", "from_stage": "nowhere"},
         "from_stage", ""),
    ],
)  # fmt: skip
def test_bad_moves_answer_400_naming_the_field_and_change_nothing(app, s, form, field, message):
    response = as_user(app, s.staff).post(f"/youth/{s.youth.id}/progress/stage", data=form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    if field == "from_stage":
        assert "Please fix the fields marked below." in page or "error-summary" in page
    else:
        errors = field_errors(page)
        assert message in errors.get(field, "") or message in page, errors
    assert _moves() == 0
    assert _stage(s.youth) == "exploration"


def test_who_may_post_a_move(app, s):
    form = {"to_stage": "awareness", "reason": "Trying my luck."}
    assert (
        as_user(app, s.youth).post(f"/youth/{s.youth.id}/progress/stage", data=form).status_code
        == 403
    )
    assert (
        as_user(app, s.family).post(f"/youth/{s.youth.id}/progress/stage", data=form).status_code
        == 403
    )
    other_staff = make_staff(make_org())
    assert (
        as_user(app, other_staff).post(f"/youth/{s.youth.id}/progress/stage", data=form).status_code
        == 404
    )
    assert _moves() == 0


# --- family --------------------------------------------------------------------------------


def test_family_page_has_no_form_and_no_history_and_is_audited(app, s):
    services.move_stage(db.session, s.staff, s.youth.id, "awareness", "Staff-only reasoning.")
    db.session.commit()
    response = as_user(app, s.family).get(f"/youth/{s.youth.id}/progress")
    assert response.status_code == 200
    page = text(response)
    assert "Progress of Robin Progress" in page
    assert "Stage: Awareness" in page
    assert "Things to talk about at home:" in page
    assert "Move to another stage" not in page
    assert "Staff-only reasoning." not in page
    assert "Stage history" not in page
    events = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "youth.view", AuditEvent.actor_id == s.family.id
        )
    ).all()
    assert [e.detail for e in events] == [{"section": "progress"}]
    assert as_user(app, s.stranger_family).get(f"/youth/{s.youth.id}/progress").status_code == 404


def test_youth_cannot_open_the_staff_page_of_themselves(app, s):
    assert as_user(app, s.youth).get(f"/youth/{s.youth.id}/progress").status_code == 403


def test_staff_page_statements_do_not_grow_with_the_record(app, s):
    client = as_user(app, s.staff)
    url = f"/youth/{s.youth.id}/progress"

    def count() -> int:
        assert client.get(url).status_code == 200
        db.session.remove()
        with StatementCounter(db.engine) as counter:
            assert client.get(url).status_code == 200
        return counter.count

    youth_id, staff_id = s.youth.id, s.staff.id
    empty = count()
    youth = db.session.get_one(User, youth_id)
    for n in range(20):
        h.activity(youth, ("guest_speaker", "mentoring")[n % 2], program_id=s.program_id)
        h.placement(youth, status="completed")
    db.session.commit()
    staff = db.session.get_one(User, staff_id)
    for to_stage in ("awareness", "preparedness", "exploration"):
        services.move_stage(db.session, staff, youth_id, to_stage, "Counting statements.")
    db.session.commit()
    assert count() == empty
