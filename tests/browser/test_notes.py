"""Secure notes in Chromium at 360 px: a family member starts a thread about their child,
staff reply, the youth reads both; staff keep a thread to staff, which the family never sees
(its address is a 404 for them). Every page opened gets the PageAudit checks (axe-core and
more)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from ccl_youth.accounts.models import User
from ccl_youth.extensions import db
from ccl_youth.notes.models import Note, NoteThread
from tests.browser.support import Demo, PageAudit, screenshot

pytestmark = pytest.mark.browser

YOUTH = "liam2"  # grade 4, in Robot Builders with Ms. Rivera; reads English
FAMILY = "family1"  # linked to Maya and her brother Liam
STAFF = "rivera"


def heading(page: Page):  # noqa: ANN201
    return page.get_by_role("heading", level=1)


def test_family_start_staff_reply_youth_reads_and_staff_only_stays_hidden(
    new_page: Callable[..., Page], demo: Demo
) -> None:
    youth_id = demo.user_id(YOUTH)
    name = db.session.get_one(User, youth_id).display_name

    family = PageAudit(new_page())
    family.sign_in(FAMILY, demo.password)
    family.check()
    family.visit(f"/family/youth/{youth_id}")
    page = family.page
    page.get_by_role("link", name="Notes", exact=True).click()
    expect(heading(page)).to_have_text(f"Notes about {name}")
    family.check()
    page.get_by_role("link", name="Start a conversation").click()
    expect(heading(page)).to_have_text("Start a conversation")
    expect(page.get_by_label("Staff only", exact=False)).to_have_count(0)
    family.check()
    page.get_by_label("Subject").fill("Pick-up on Friday")
    page.get_by_label("Your note").fill("Can Liam leave at 4 on Friday?")
    page.get_by_role("button", name="Send").click()
    expect(heading(page)).to_have_text("Pick-up on Friday")
    expect(page.get_by_role("status")).to_have_text("Your note is sent.")
    family.check("family thread page")
    screenshot(page, "notes-family-thread")

    staff = PageAudit(new_page())
    staff.sign_in(STAFF, demo.password)
    staff.check()
    staff.visit(f"/youth/{youth_id}")
    page = staff.page
    expect(page.get_by_role("link", name="Notes (1 new)")).to_be_visible()
    page.get_by_role("link", name="Notes (1 new)").click()
    expect(page.get_by_text("1 new")).to_be_visible()
    staff.check()
    page.get_by_role("link", name="Pick-up on Friday").click()
    expect(page.get_by_text("Can Liam leave at 4 on Friday?")).to_be_visible()
    staff.check()
    page.get_by_label("Your reply").fill("Yes, 4 is fine. I will tell the front desk.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_role("status")).to_have_text("Your reply is sent.")
    expect(page.get_by_text("I will tell the front desk.")).to_be_visible()
    staff.check("staff thread page after a reply")
    page.get_by_role("link", name="Back to all notes").click()
    staff.check()
    page.get_by_role("link", name="Start a conversation").click()
    staff.check()
    page.get_by_label("Subject").fill("Check in with the counselor")
    page.get_by_label("Your note").fill("For staff: talk to the counselor this week.")
    page.get_by_label("Staff only", exact=False).check()
    page.get_by_role("button", name="Send").click()
    expect(heading(page)).to_contain_text("Check in with the counselor")
    staff.check("staff-only thread page")
    screenshot(page, "notes-staff-only")
    staff.assert_clean()

    youth = PageAudit(new_page())
    youth.sign_in(YOUTH, demo.password)
    youth.check()
    page = youth.page
    page.get_by_role("link", name="My notes (2 new)").click()
    expect(heading(page)).to_have_text("My notes")
    expect(page.get_by_text("Check in with the counselor")).to_have_count(0)
    youth.check()
    page.get_by_role("link", name="Pick-up on Friday").click()
    expect(page.get_by_text("Can Liam leave at 4 on Friday?")).to_be_visible()
    expect(page.get_by_text("I will tell the front desk.")).to_be_visible()
    youth.check("youth thread page")
    screenshot(page, "notes-youth-thread")
    youth.assert_clean()

    family.visit(f"/youth/{youth_id}/notes")
    expect(family.page.get_by_text("Pick-up on Friday")).to_be_visible()
    expect(family.page.get_by_text("Check in with the counselor")).to_have_count(0)
    secret = db.session.scalar(select(NoteThread).where(NoteThread.is_staff_only.is_(True)))
    assert secret is not None
    family.visit(f"/youth/{youth_id}/notes/{secret.id}", status=404)
    family.assert_clean()

    bodies = list(db.session.scalars(select(Note.body).order_by(Note.id)))
    assert len(bodies) == 3
