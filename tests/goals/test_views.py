"""Goal pages through HTTP: the youth sets, edits, ticks, completes; staff, admins and family
read and comment; refusals; a double submit; field errors instead of 500s; constant
statements; completing a goal counts in the facts and earns a ``goals`` badge."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ccl_youth.audit.models import AuditEvent
from ccl_youth.badges.models import BadgeAward
from ccl_youth.db import StatementCounter
from ccl_youth.extensions import db
from ccl_youth.goals.models import Goal, GoalComment, GoalStep
from ccl_youth.progress.facts import load_facts
from tests.badges.support import badge, rules_in, small_catalog
from tests.factories import field_errors, input_value, login_as, web_client
from tests.goals.helpers import setup
from tests.progress import helpers as progress_helpers

SOON = (date.today() + timedelta(days=30)).isoformat()


def _form(title="Learn to code", **extra):
    data = {"title": title, "why": "I like games", "target_date": SOON,
            "steps-0-text": "Find a class", "steps-0-target_date": SOON,
            "steps-1-text": "Make a game", "steps-1-target_date": ""}  # fmt: skip
    data.update(extra)
    return data


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def s(app):
    return setup()


def test_youth_creates_ticks_and_completes_a_goal(app, s):
    client = login_as(web_client(app), s.youth)
    page = client.get("/my/goals/new")
    assert page.status_code == 200
    key = input_value(page.text, "submission_key")
    assert key
    response = client.post("/my/goals/new", data=_form(submission_key=key))
    assert response.status_code == 302 and response.location.endswith("/my/goals")
    again = client.post("/my/goals/new", data=_form(submission_key=key))
    assert again.status_code == 302
    assert _count(Goal) == 1  # the double submit made one goal
    goal = db.session.scalar(select(Goal))
    first = db.session.scalar(select(GoalStep).where(GoalStep.position == 1))
    assert (
        client.post(f"/my/goals/{goal.id}/steps/{first.id}/done", data={"done": "1"}).status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.get(GoalStep, first.id).done_dt is not None
    assert (
        client.post(f"/my/goals/{goal.id}/status", data={"action": "complete"}).status_code == 302
    )
    db.session.expire_all()
    goal = db.session.get(Goal, goal.id)
    assert goal.status == "completed" and goal.completed_dt is not None
    mine = client.get("/my/goals")
    assert mine.status_code == 200
    assert "Learn to code" in mine.text and "1 of 2 steps done" in mine.text
    actions = set(
        db.session.scalars(select(AuditEvent.action).where(AuditEvent.youth_id == s.youth.id))
    )
    assert {"goal.create", "goal.step", "goal.status"} <= actions


def test_edit_through_the_form(app, s):
    client = login_as(web_client(app), s.youth)
    client.post("/my/goals/new", data=_form())
    goal = db.session.scalar(select(Goal))
    page = client.get(f"/my/goals/{goal.id}/edit")
    assert page.status_code == 200 and input_value(page.text, "title") == "Learn to code"
    step_id = input_value(page.text, "steps-0-step_id")
    response = client.post(f"/my/goals/{goal.id}/edit", data={
        "title": "Learn Python", "steps-0-step_id": step_id, "steps-0-text": "Find a class",
    })  # fmt: skip
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Goal, goal.id).title == "Learn Python"
    assert list(db.session.scalars(select(GoalStep.text))) == ["Find a class"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"why": "w" * 1001}, "why"),
        ({"target_date": "2001-01-01"}, "target_date"),
        ({"target_date": (date.today() + timedelta(days=4 * 366)).isoformat()}, "target_date"),
        ({"target_date": "not a date"}, "target_date"),
        ({"steps-0-text": "s" * 301}, "steps-0-text"),
        ({"steps-1-target_date": "2001-01-01"}, "steps-1-target_date"),
        ({"steps-0-step_id": "99999999999"}, "steps-0-text"),
    ],
)
def test_bad_input_shows_field_errors(app, s, data, field):
    client = login_as(web_client(app), s.youth)
    response = client.post("/my/goals/new", data=_form(**data))
    assert response.status_code == 400
    assert field in field_errors(response.text)
    assert _count(Goal) == 0


def test_bad_ids_and_toggle_values_never_500(app, s):
    client = login_as(web_client(app), s.youth)
    client.post("/my/goals/new", data=_form())
    goal = db.session.scalar(select(Goal))
    assert (
        client.post(f"/my/goals/{goal.id}/steps/2147483648/done", data={"done": "1"}).status_code
        == 404
    )
    assert (
        client.post(f"/my/goals/{goal.id}/steps/1/done", data={"done": "maybe"}).status_code == 302
    )
    assert client.post(f"/my/goals/{goal.id}/status", data={"action": "boom"}).status_code == 302
    assert client.get("/my/goals/99999/edit").status_code == 404
    other = login_as(web_client(app), s.other_youth)
    assert other.get(f"/my/goals/{goal.id}/edit").status_code == 404
    assert other.post(f"/my/goals/{goal.id}/status", data={"action": "drop"}).status_code == 404
    db.session.expire_all()
    assert db.session.get(Goal, goal.id).status == "active"


def test_staff_family_admin_read_and_comment_youth_sees_it(app, s):
    login_as(web_client(app), s.youth).post("/my/goals/new", data=_form())
    goal = db.session.scalar(select(Goal))
    url = f"/youth/{s.youth.id}/goals"
    for reader, body in (
        (s.staff, "Nice plan"),
        (s.admin, "Go for it"),
        (s.family, "Proud of you"),
    ):
        client = login_as(web_client(app), reader)
        assert client.get(url).status_code == 200
        response = client.post(f"{url}/{goal.id}/comments", data={"body": body})
        assert response.status_code == 302
    assert _count(GoalComment) == 3
    bad = login_as(web_client(app), s.staff).post(f"{url}/{goal.id}/comments", data={"body": " "})
    assert bad.status_code == 400 and f"comment-{goal.id}" in field_errors(bad.text)
    page = login_as(web_client(app), s.youth).get("/my/goals")
    assert all(text in page.text for text in ("Nice plan", "Go for it", "Proud of you"))
    # Family of another youth: not found; staff cannot set a youth's goal: forbidden.
    stranger = login_as(web_client(app), s.other_family)
    assert stranger.get(url).status_code == 404
    assert stranger.post(f"{url}/{goal.id}/comments", data={"body": "hi"}).status_code == 404
    assert login_as(web_client(app), s.staff).post("/my/goals/new", data=_form()).status_code == 403
    # The goal of another youth under this youth's address: not found.
    other_url = f"/youth/{s.other_youth.id}/goals/{goal.id}/comments"
    assert login_as(web_client(app), s.staff).post(other_url, data={"body": "x"}).status_code == 404


def _statements(client, url: str) -> int:
    db.session.expire_all()
    with StatementCounter(db.engine) as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_pages_send_the_same_statements_for_1_and_6_goals(app, s):
    youth = login_as(web_client(app), s.youth)
    staff = login_as(web_client(app), s.staff)
    youth.post("/my/goals/new", data=_form())
    goal = db.session.scalar(select(Goal))
    staff.post(f"/youth/{s.youth.id}/goals/{goal.id}/comments", data={"body": "one"})
    one = (_statements(youth, "/my/goals"), _statements(staff, f"/youth/{s.youth.id}/goals"))
    for n in range(5):
        youth.post("/my/goals/new", data=_form(f"Goal {n}"))
    for goal_id in db.session.scalars(select(Goal.id)):
        staff.post(f"/youth/{s.youth.id}/goals/{goal_id}/comments", data={"body": "more"})
    six = (_statements(youth, "/my/goals"), _statements(staff, f"/youth/{s.youth.id}/goals"))
    print(f"goal page statements (youth, staff): 1 goal -> {one}, 6 goals -> {six}")
    assert one == six


def test_completing_a_goal_counts_in_facts_and_earns_a_goals_badge(app, s):
    catalog = small_catalog((badge("goal_getter", {"goals": {"min": 1}}),))
    with rules_in(app, catalog):
        client = login_as(web_client(app), s.youth)
        client.post("/my/goals/new", data=_form())
        goal_id = db.session.scalar(select(Goal.id))
        today = date.today()
        facts = load_facts(db.session, [s.youth.id], progress_helpers.experiences(), today)
        assert facts[s.youth.id].goals_completed == 0
        client.post(f"/my/goals/{goal_id}/status", data={"action": "complete"})
        db.session.expire_all()
        facts = load_facts(db.session, [s.youth.id], progress_helpers.experiences(), today)
        assert facts[s.youth.id].goals_completed == 1
        held = list(
            db.session.scalars(
                select(BadgeAward.badge_slug).where(BadgeAward.youth_id == s.youth.id)
            )
        )
        assert held == ["goal_getter"]
