"""Goals in Chromium at 360 px: a youth sets a goal with two steps, ticks one and completes
the goal; staff read the youth's goals and comment; the youth reads the comment. Every page
opened gets the PageAudit checks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from ccl_youth.accounts.models import User
from ccl_youth.audit.models import AuditEvent
from ccl_youth.extensions import db
from ccl_youth.goals.models import Goal
from tests.browser.support import Demo, PageAudit, screenshot

pytestmark = pytest.mark.browser

YOUTH = "zoe7"  # grade 9, in Career Explorers with Dr. Okafor
STAFF = "okafor"


def heading(page: Page):  # noqa: ANN201
    return page.get_by_role("heading", level=1)


def test_youth_sets_and_completes_a_goal_and_staff_comment(
    new_page: Callable[..., Page], demo: Demo
) -> None:
    youth_id = demo.user_id(YOUTH)
    soon = (date.today() + timedelta(days=60)).isoformat()

    youth = PageAudit(new_page())
    youth.sign_in(YOUTH, demo.password)
    youth.check()
    page = youth.page
    page.get_by_role("link", name="My goals").click()
    expect(heading(page)).to_have_text("My goals")
    youth.check()
    page.get_by_role("link", name="Set a new goal").click()
    expect(heading(page)).to_have_text("Set a new goal")
    youth.check()
    screenshot(page, "goals-new")
    page.get_by_label("My goal").fill("Build a robot")
    page.get_by_label("Why it matters to me (optional)").fill("I like making things move.")
    page.get_by_label("Finish by (optional)").fill(soon)
    page.locator("#steps-0-text").fill("Join the robotics club")
    page.locator("#steps-1-text").fill("Build a small car")
    page.locator("#steps-1-target_date").fill(soon)
    page.get_by_role("button", name="Save my goal").click()
    expect(heading(page)).to_have_text("My goals")
    expect(page.get_by_role("heading", name="Build a robot")).to_be_visible()
    expect(page.get_by_text("0 of 2 steps done")).to_be_visible()
    youth.check()

    page.get_by_role("button", name="Mark done Join the robotics club").click()
    expect(page.get_by_text("1 of 2 steps done")).to_be_visible()
    youth.check("/my/goals after a step")
    page.get_by_role("button", name="I did it! Build a robot").click()
    expect(page.get_by_role("status")).to_have_text("You reached your goal. Great work!")
    expect(page.get_by_role("button", name="Work on it again Build a robot")).to_be_visible()
    youth.check("/my/goals after completing")
    screenshot(page, "goals-mine")

    staff = PageAudit(new_page())
    staff.sign_in(STAFF, demo.password)
    staff.check()
    staff.visit(f"/youth/{youth_id}/goals")
    page = staff.page
    expect(heading(page)).to_have_text(
        f"Goals of {db.session.get_one(User, youth_id).display_name}"
    )
    staff.check()
    page.get_by_label("Your comment").first.fill("Great work on the robot!")
    page.get_by_role("button", name="Add comment Build a robot").click()
    expect(page.get_by_text("Great work on the robot!")).to_be_visible()
    staff.check("/youth goals after a comment")
    screenshot(page, "goals-staff")
    staff.assert_clean()

    youth.visit("/my/goals")
    expect(youth.page.get_by_text("Great work on the robot!")).to_be_visible()
    youth.check("/my/goals with a comment")
    youth.assert_clean()

    goal = db.session.scalar(select(Goal).where(Goal.youth_id == youth_id))
    assert goal is not None and goal.status == "completed" and goal.completed_dt is not None
    actions = set(
        db.session.scalars(select(AuditEvent.action).where(AuditEvent.target_id == goal.id))
    )
    assert {"goal.create", "goal.step", "goal.status", "goal.comment"} <= actions
