"""Family events in Chromium at 360 px: staff post an event for every family, a family member
answers yes for three people, staff see the count and the answer. Every page opened gets the
PageAudit checks (axe-core, width, control names)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from ccl_youth.events.models import EventRsvp, FamilyEvent
from ccl_youth.extensions import db
from tests.browser.support import Demo, PageAudit, screenshot

pytestmark = pytest.mark.browser

STAFF = "okafor"
FAMILY = "family1"


def heading(page: Page):  # noqa: ANN201
    return page.get_by_role("heading", level=1)


def test_staff_post_an_event_families_answer_staff_see_the_count(
    new_page: Callable[..., Page], demo: Demo
) -> None:
    start = (datetime.now(UTC) + timedelta(days=14)).replace(hour=18, minute=0)

    staff = PageAudit(new_page())
    staff.sign_in(STAFF, demo.password)
    staff.check()
    page = staff.page
    page.get_by_role("link", name="Family events").first.click()
    expect(heading(page)).to_have_text("Family events")
    staff.check()
    page.get_by_role("link", name="Post an event").click()
    expect(heading(page)).to_have_text("Post an event")
    staff.check()
    page.get_by_label("Kind of event").select_option("stem_night")
    page.get_by_label("Name of the event").fill("Family STEM night")
    page.get_by_label("Where (optional)").fill("Central Library")
    page.get_by_label("Starts").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends (optional)").fill(
        (start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#ends_at-error")).to_have_text("The end must be after the start.")
    staff.check("/events/new with an error")
    page.get_by_label("Ends (optional)").fill(
        (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_role("button", name="Save").click()
    expect(heading(page)).to_have_text("Family events")
    expect(page.get_by_role("link", name="Family STEM night")).to_be_visible()
    staff.check("/events with an event")
    screenshot(page, "events-staff")

    family = PageAudit(new_page())
    family.sign_in(FAMILY, demo.password)
    family.check()
    page = family.page
    page.get_by_role("link", name="Family events").first.click()
    expect(heading(page)).to_have_text("Family events")
    family.check()
    card = page.locator("section", has=page.get_by_role("heading", name="Family STEM night"))
    card.get_by_label("Yes, we will come").check()
    card.get_by_label("How many people, counting you").fill("3")
    card.get_by_role("button", name="Send my answer Family STEM night").click()
    expect(page.get_by_role("status")).to_have_text("Thank you. Your answer is saved.")
    expect(page.get_by_text("Your answer: Yes, we will come")).to_be_visible()
    family.check("/family/events after answering")
    screenshot(page, "events-family")
    page.get_by_role("link", name="Offer to talk about your work").click()
    expect(heading(page)).to_have_text("Offer to talk about your work")
    family.check()
    family.assert_clean()

    event = db.session.scalar(select(FamilyEvent).where(FamilyEvent.title == "Family STEM night"))
    assert event is not None
    staff.visit(f"/events/{event.id}")
    page = staff.page
    expect(page.get_by_text("Yes: 1 (3 people)")).to_be_visible()
    expect(page.get_by_role("cell", name="3", exact=True)).to_be_visible()
    screenshot(page, "events-answers")
    staff.assert_clean()

    rsvp = db.session.scalar(select(EventRsvp).where(EventRsvp.event_id == event.id))
    assert rsvp is not None and (rsvp.answer, rsvp.party_size) == ("yes", 3)
