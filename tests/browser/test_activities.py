"""Activities in Chromium at 360 px wide: a staff member logs a guest speaker for her cohort by
unticking one absentee (and every suggested tactic, after trying another type), opens the QR
check-in screen, and the absentee checks in from a phone; then the list, export link, edit,
import and delete pages. Every page opened gets the PageAudit checks (axe-core, width, control
names, errors)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import Demo, PageAudit, screenshot

pytestmark = pytest.mark.browser


def heading(page: Page):  # noqa: ANN201
    return page.get_by_role("heading", level=1)


def test_staff_log_an_activity_and_youth_check_in(
    page: Page, new_page: Callable[..., Page], demo: Demo
) -> None:
    audit = PageAudit(page)
    audit.sign_in("rivera", demo.password)
    audit.check()

    audit.visit("/activities")
    expect(page.get_by_text("No activities logged yet.")).to_be_visible()
    page.get_by_role("link", name="Log an activity").click()
    expect(heading(page)).to_have_text("Log an activity")
    audit.check("new activity form")

    # The default type's suggested tactics come ticked; another type re-ticks its own.
    def tactic(tactic_id: str):  # noqa: ANN202
        return page.locator(f'input[name="tactic_ids"][value="{tactic_id}"]')

    expect(page.get_by_label("Type of activity")).to_have_value("guest_speaker")
    expect(tactic("awareness.career_stem.guest_speakers")).to_be_checked()
    page.get_by_label("Type of activity").select_option("field_trip")
    expect(page.get_by_label("How long, in minutes (optional)")).to_have_value("180")
    expect(tactic("awareness.pathways_partnerships.exposure_trips")).to_be_checked()
    expect(tactic("awareness.career_stem.guest_speakers")).not_to_be_checked()
    page.get_by_label("Type of activity").select_option("guest_speaker")
    expect(page.get_by_label("How long, in minutes (optional)")).to_have_value("45")
    expect(tactic("awareness.career_stem.guest_speakers")).to_be_checked()
    # Unticking every tactic means none.
    chosen = page.locator('input[name="tactic_ids"]:checked')
    for value in [box.get_attribute("value") or "" for box in chosen.all()]:
        tactic(value).uncheck()
    expect(page.locator('input[name="tactic_ids"]:checked')).to_have_count(0)
    absentee = page.get_by_role("checkbox", name=re.compile(r"^Liam B\."))
    expect(absentee).to_be_checked()
    absentee.uncheck()
    expect(page.get_by_text("11 ticked")).to_be_visible()
    screenshot(page, "activity-form")
    page.get_by_role("button", name="Save the activity").first.click()
    expect(heading(page)).to_have_text("Guest speaker")
    expect(page.get_by_role("status").first).to_have_text(
        "Saved “Guest speaker” with 11 youth present."
    )
    expect(page.get_by_role("cell", name=re.compile(r"^Maya A\."))).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile(r"^Liam B\."))).to_have_count(0)
    expect(page.get_by_text("None recorded.")).to_be_visible()  # no tactics, as chosen
    audit.check("activity page")
    screenshot(page, "activity-page")
    activity_url = page.url

    page.get_by_role("link", name="QR check-in").click()
    expect(heading(page)).to_have_text("QR check-in: Guest speaker")
    audit.check("check-in window form")
    page.get_by_label("10 minutes").check()
    page.get_by_role("button", name="Show the QR code").click()
    expect(page.locator("svg.qr-code")).to_be_visible()
    expect(page.locator("[data-present]")).to_have_text("11")
    audit.check("check-in screen")
    screenshot(page, "checkin-screen")
    link = page.locator("p.secret").inner_text().strip()
    assert re.search(r"/checkin/[\w.-]+$", link), link

    # Liam scans the code on his own phone: sign in first, then back to the check-in.
    phone = new_page()
    youth_audit = PageAudit(phone)
    phone.goto(link)
    expect(phone).to_have_url(re.compile(r"/signin\?next="))
    youth_audit.check("sign-in before check-in")
    phone.get_by_label("Username", exact=True).fill("liam2")
    phone.get_by_label("Password or PIN", exact=True).fill(demo.password)
    phone.get_by_role("button", name="Sign in", exact=True).click()
    expect(heading(phone)).to_have_text("Check in")
    youth_audit.check("youth check-in page")
    phone.get_by_role("button", name="Yes, I am here").click()
    expect(phone.get_by_text("Done! You are checked in.")).to_be_visible()
    youth_audit.check("youth checked in")
    screenshot(phone, "checkin-youth")
    youth_audit.assert_clean()

    # The staff screen polls the count every 5 seconds.
    expect(page.locator("[data-present]")).to_have_text("12", timeout=8_000)
    expect(page.locator("[data-checked-in]")).to_have_text("1")

    audit.visit(activity_url + "/edit")
    expect(page.get_by_role("checkbox", name=re.compile(r"^Liam B\."))).to_be_checked()
    # The youth shown present when the form opened: only they can be marked absent by it.
    expect(page.locator('input[type="hidden"][name="shown"]')).to_have_count(12)
    audit.visit(activity_url + "/attendance/import")
    page.get_by_label("Or paste the rows here").fill("username,present\nmaya1,no\n")
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("cell", name="marked absent (removed)")).to_be_visible()
    audit.check("import report")
    audit.visit("/activities")
    expect(page.get_by_role("link", name="Guest speaker")).to_be_visible()
    expect(page.get_by_text("11 present")).to_be_visible()
    page.get_by_text("Filter the list").click()
    page.get_by_label("Type").select_option("field_trip")
    page.get_by_role("button", name="Show activities").click()
    expect(page.get_by_text("No activities match.")).to_be_visible()
    audit.check("filtered list")
    audit.visit(activity_url + "/delete")
    page.get_by_role("button", name="Delete the activity").click()
    expect(page.get_by_text("Tick the box to confirm.")).to_be_visible()
    audit.check("delete without the tick")
    page.get_by_label(re.compile("Yes, delete this activity")).check()
    page.get_by_role("button", name="Delete the activity").click()
    expect(heading(page)).to_have_text("Activities")
    audit.check("list after deleting")
    audit.assert_clean()
