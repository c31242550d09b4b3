"""The résumé in Chromium at 360 px: a youth opens My résumé from their page, adds a line
(first with an end date before the start: a field error), changes a record item, hides a
badge; staff and family read the résumé without the hidden badge. Every page opened gets the
PageAudit checks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from ccl_youth.accounts.models import User
from ccl_youth.extensions import db
from ccl_youth.programs.models import Cohort, Enrollment
from ccl_youth.resume.models import ResumeEntry
from tests.browser.support import Demo, PageAudit, screenshot
from tests.resume.helpers import add_activity, add_award

pytestmark = pytest.mark.browser

YOUTH = "zoe7"  # grade 9, in Career Explorers with Dr. Okafor
STAFF = "okafor"


def heading(page: Page):  # noqa: ANN201
    return page.get_by_role("heading", level=1)


def test_youth_builds_their_resume_and_staff_read_it(
    new_page: Callable[..., Page], demo: Demo
) -> None:
    youth_id = demo.user_id(YOUTH)
    add_award(db.session.get_one(User, youth_id), "team_player", date(2026, 1, 5))
    cohort_id = db.session.scalar(
        select(Enrollment.cohort_id).where(Enrollment.youth_id == youth_id)
    )
    cohort = db.session.get_one(Cohort, cohort_id)
    add_activity(cohort, [youth_id], "community_service", date(2025, 11, 8), "Beach clean-up", 180)
    add_activity(cohort, [youth_id], "stem_challenge", date(2025, 10, 1))
    db.session.commit()

    youth = PageAudit(new_page())
    youth.sign_in(YOUTH, demo.password)
    youth.check()
    page = youth.page
    page.get_by_role("link", name="My résumé").click()
    expect(heading(page)).to_have_text("My résumé")
    youth.check()
    expect(page.get_by_role("heading", name="Awards and badges")).to_be_visible()
    expect(page.get_by_text("3 hours (checked by staff)")).to_be_visible()

    page.get_by_role("link", name="Add a line").click()
    expect(heading(page)).to_have_text("Add a line")
    youth.check()
    page.get_by_label("Kind of line").select_option("work")
    page.get_by_label("What you did", exact=True).fill("Babysitter")
    page.get_by_label("Started (optional)").fill("2025-06-01")
    page.get_by_label("Ended (optional)").fill("2025-05-01")
    page.get_by_label("Hours (optional)").fill("40")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The end date cannot be before the start date.")).to_be_visible()
    youth.check("/my/resume/new with an error")
    page.get_by_label("Ended (optional)").fill("2025-08-31")
    page.get_by_role("button", name="Save").click()
    expect(heading(page)).to_have_text("My résumé")
    expect(page.get_by_role("heading", name="Babysitter")).to_be_visible()
    youth.check("/my/resume after adding")

    page.get_by_role("link", name="Change Babysitter").click()
    expect(heading(page)).to_have_text("Change a line")
    youth.check()
    page.get_by_label("More about it (optional)").fill("Cared for two kids after school.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Cared for two kids after school.")).to_be_visible()
    youth.check("/my/resume after a change")

    page.get_by_role("button", name="Hide Team Player").click()
    expect(page.get_by_text("Hidden: not on your résumé")).to_be_visible()
    youth.check("/my/resume after hiding")
    screenshot(page, "resume-mine")
    youth.assert_clean()
    titles = set(
        db.session.scalars(select(ResumeEntry.title).where(ResumeEntry.youth_id == youth_id))
    )
    assert titles == {"Babysitter", ""}  # the line, and the badge's hidden choice

    staff = PageAudit(new_page())
    staff.sign_in(STAFF, demo.password)
    staff.check()
    staff.visit(f"/youth/{youth_id}")
    staff.check()
    staff.page.get_by_role("link", name="Their résumé").click()
    expect(heading(staff.page)).to_contain_text("Résumé of")
    expect(staff.page.get_by_role("heading", name="Babysitter")).to_be_visible()
    expect(staff.page.get_by_text("Team Player")).to_have_count(0)
    staff.check()
    screenshot(staff.page, "resume-staff")
    staff.assert_clean()
