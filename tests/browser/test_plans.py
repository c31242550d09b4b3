"""The High School and Beyond Plan in Chromium at 360 px: a grade-9 youth starts the plan,
writes career goals, adds a course and records an aid item, then opens the conference view and
steps through it by keyboard; staff open the plan and sign it. Every page gets the PageAudit
checks."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import Demo, PageAudit

pytestmark = pytest.mark.browser

YOUTH = "zoe7"  # grade 9, in Career Explorers with Dr. Okafor
STAFF = "okafor"


def heading(page: Page):  # noqa: ANN201
    return page.get_by_role("heading", level=1)


def test_youth_writes_the_plan_and_staff_sign_it(new_page: Callable[..., Page], demo: Demo) -> None:
    youth = PageAudit(new_page())
    youth.sign_in(YOUTH, demo.password)
    youth.check()
    page = youth.page
    page.get_by_role("link", name="My plan").click()
    expect(heading(page)).to_have_text("My High School and Beyond Plan")
    youth.check()
    page.get_by_role("button", name="Start my plan").click()
    youth.check()
    page.get_by_role("link", name="Change my plan").click()
    youth.check()
    page.get_by_label("My career goals").fill("Build robots for farms")
    page.get_by_label("ASVAB").check()
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_text("Build robots for farms")).to_be_visible()
    youth.check()
    page.get_by_role("link", name="My courses").first.click()
    youth.check()
    page.get_by_label("Course name").fill("Robotics I")
    page.get_by_label("Requirement area").select_option("cte")
    page.get_by_role("button", name="Add the course").click()
    expect(page.get_by_role("rowheader", name="Robotics I")).to_be_visible()
    youth.check()
    youth.visit("/my/plan/aid")
    page.get_by_label("College Bound Scholarship").fill(date.today().isoformat())
    page.get_by_role("button", name="Save the checklist").click()
    youth.check()
    youth.visit("/my/plan/versions")
    youth.visit("/my/plan/conference")
    expect(page.get_by_role("heading", level=1)).to_contain_text("High School and Beyond Plan")
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"#el-a$"))
    youth.check()
    youth.assert_clean()

    staff = PageAudit(new_page())
    staff.sign_in(STAFF, demo.password)
    staff.check()
    staff.visit(f"/youth/{demo.user_id(YOUTH)}/plan")
    staff.page.get_by_label("Note (optional)").fill("Went through it together.")
    staff.page.get_by_role("button", name="Sign the plan").click()
    expect(staff.page.get_by_text("Went through it together.")).to_be_visible()
    staff.check()
    staff.visit(f"/youth/{demo.user_id(YOUTH)}/plan/courses")
    staff.visit(f"/youth/{demo.user_id(YOUTH)}/plan/edit")
    staff.visit(f"/youth/{demo.user_id(YOUTH)}/plan/conference")
    staff.assert_clean()
