"""Work-based learning in Chromium at 360 px: a youth logs hours on an active placement;
staff verify them in bulk (not the entry they logged themselves) and ask the supervisor for an
evaluation; signed in, staff cannot open the supervisor's page; the supervisor, with no
account, fills the evaluation form. Every page opened gets the PageAudit checks."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from ccl_youth.db import utcnow
from ccl_youth.extensions import db
from ccl_youth.placements.models import HoursEntry, Placement
from ccl_youth.placements.rubric import SKILLS
from ccl_youth.programs.models import Organization
from tests.browser.support import Demo, PageAudit, screenshot

pytestmark = pytest.mark.browser

YOUTH = "zoe7"  # grade 9, in Career Explorers with Dr. Okafor
STAFF = "okafor"


def seed_placement(demo: Demo) -> int:
    """An active internship for the youth, consent on record, two entries already waiting:
    one the youth logged, one the staff member copied from a paper timesheet."""
    today = datetime.now(UTC).date()
    organization = db.session.scalar(db.select(Organization).where(Organization.slug == "demo"))
    assert organization is not None
    placement = Placement(
        organization_id=organization.id,
        youth_id=demo.user_id(YOUTH),
        type_slug="internship",
        title="Bike shop helper",
        supervisor_name="Jordan Wheeler",
        supervisor_email="jordan@example.org",
        start_date=today - timedelta(days=30),
        end_date=today + timedelta(days=30),
        planned_minutes=40 * 60,
        status="active",
        consent_given_by="A. Parent",
        consent_method="paper_form",
        consent_dt=utcnow(),
    )
    db.session.add(placement)
    db.session.flush()
    db.session.add_all(
        [
            HoursEntry(
                placement_id=placement.id,
                youth_id=placement.youth_id,
                work_date=today - timedelta(days=3),
                minutes=120,
                description="Fixed flat tyres with my supervisor.",
                logged_by_id=placement.youth_id,
            ),
            HoursEntry(
                placement_id=placement.id,
                youth_id=placement.youth_id,
                work_date=today - timedelta(days=5),
                minutes=60,
                description="From the paper timesheet: stocked shelves.",
                logged_by_id=demo.user_id(STAFF),
            ),
        ]
    )
    db.session.commit()
    return placement.id


def heading(page: Page):  # noqa: ANN201
    return page.get_by_role("heading", level=1)


def test_hours_are_logged_verified_and_the_supervisor_evaluates(
    new_page: Callable[..., Page], demo: Demo
) -> None:
    placement_id = seed_placement(demo)

    # The youth logs hours on a phone.
    youth = PageAudit(new_page())
    youth.sign_in(YOUTH, demo.password)
    youth.check()
    youth.visit("/my/placements")
    page = youth.page
    expect(heading(page)).to_have_text("My work placements")
    page.get_by_role("link", name="Add my hours for Bike shop helper").click()
    expect(heading(page)).to_have_text("Add my hours")
    youth.check()
    page.get_by_label("Hours", exact=True).fill("2")
    page.get_by_label("Minutes", exact=True).fill("30")
    page.get_by_label("What I did").fill("Trued two wheels and swept the shop.")
    page.get_by_role("button", name="Save my hours").click()
    expect(page.get_by_role("status")).to_contain_text("Your hours are saved.")
    expect(page.get_by_text("Trued two wheels and swept the shop.")).to_be_visible()
    youth.check("/my/placements after logging")
    screenshot(page, "placements-youth-hours")
    youth.assert_clean()

    # Staff verify the youth's two entries at once (not the one they logged themselves) and
    # ask for an evaluation.
    staff = PageAudit(new_page())
    staff.sign_in(STAFF, demo.password)
    staff.check()
    staff.visit("/placements")
    page = staff.page
    expect(page.get_by_role("link", name="Bike shop helper")).to_be_visible()
    staff.visit(f"/youth/{demo.user_id(YOUTH)}/placements/new")
    expect(heading(page)).to_have_text("New placement")
    assert re.fullmatch(r"[0-9a-f]{32}", page.locator('input[name="submission_key"]').input_value())
    staff.visit("/hours/review")
    expect(heading(page)).to_have_text("Hours to review")
    expect(page.get_by_text("Logged by: The youth")).to_have_count(2)
    expect(page.get_by_text("Logged by: You")).to_have_count(1)
    expect(
        page.get_by_text("You logged these hours, so someone else must verify them.")
    ).to_be_visible()
    page.get_by_label("Select all").check()
    expect(page.locator('input[name="hours_ids"]:checked')).to_have_count(2)
    screenshot(page, "placements-review")
    page.get_by_role("button", name="Verify selected").click()
    expect(page.get_by_role("status")).to_have_text("Verified 2 entries.")
    staff.check("/hours/review after verifying")
    expect(page.get_by_text("From the paper timesheet: stocked shelves.")).to_be_visible()
    staff.visit(f"/placements/{placement_id}/hours")
    expect(page.get_by_text("4 h 30 min", exact=True).first).to_be_visible()
    expect(page.get_by_role("columnheader", name="Logged by")).to_be_visible()
    screenshot(page, "placements-hours")
    staff.visit(f"/placements/{placement_id}")
    page.get_by_label("The link works for (days)").fill("7")
    page.get_by_role("button", name="Ask the supervisor for an evaluation").click()
    expect(heading(page)).to_have_text("Evaluation link")
    staff.check()
    link = page.get_by_label("Link for the supervisor").input_value()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/evaluate/[A-Za-z0-9_-]{43}", link)
    expect(page.get_by_role("link", name="Write an e-mail with the link")).to_have_attribute(
        "href", re.compile(r"^mailto:jordan@example\.org\?subject=")
    )

    # Signed in, staff cannot fill the supervisor's form.
    staff.visit(link, status=403)
    expect(heading(page)).to_have_text("This page is for the supervisor")
    expect(page.get_by_text("Sign out first to fill it in.")).to_be_visible()

    # The supervisor, with no account, rates the youth.
    supervisor = PageAudit(new_page())
    supervisor.visit(link)
    page = supervisor.page
    expect(heading(page)).to_have_text("Rate Zoe's work")
    page.get_by_label("Your name").fill("Jordan Wheeler")
    page.get_by_label("Your job title").fill("Shop owner")
    for index, skill in enumerate(SKILLS):
        level = ("Developing", "Proficient", "Advanced")[index % 3]
        group = page.get_by_role("group", name=skill.name)
        group.get_by_role("radio", name=re.compile(f"^{level}:")).check()
    screenshot(page, "placements-evaluation-form")
    page.get_by_label("Comments (optional)").fill("Reliable and curious.")
    page.get_by_role("button", name="Send my evaluation").click()
    expect(page.get_by_role("status")).to_have_text("Thank you! Your evaluation is saved.")
    supervisor.check("evaluation page after sending")
    supervisor.assert_clean()

    staff.visit(f"/placements/{placement_id}")
    page = staff.page
    expect(page.get_by_role("heading", name="By Jordan Wheeler, Shop owner")).to_be_visible()
    expect(page.get_by_role("row", name="Critical thinking 2 · Developing")).to_be_visible()
    staff.assert_clean()
