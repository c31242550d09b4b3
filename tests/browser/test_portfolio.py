"""The portfolio in Chromium at 360 px: a youth writes their headline, hides a section, picks
the records of a section by position numbers (no script needed), opens the print page, makes
a share link and copies it from the read-only box; someone with no account opens the link;
staff read the portfolio. Every page opened gets the PageAudit checks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from ccl_youth.accounts.models import YouthProfile
from ccl_youth.extensions import db
from tests.browser.support import Demo, PageAudit, screenshot

pytestmark = pytest.mark.browser

YOUTH = "zoe7"  # grade 9, in Career Explorers with Dr. Okafor
STAFF = "okafor"


def heading(page: Page):  # noqa: ANN201
    return page.get_by_role("heading", level=1)


def test_youth_arranges_prints_and_shares_the_portfolio(
    new_page: Callable[..., Page], demo: Demo
) -> None:
    youth_id = demo.user_id(YOUTH)
    profile = db.session.get_one(YouthProfile, youth_id)
    profile.birth_year, profile.birth_month = date.today().year - 15, 1
    profile.directory_opt_out = False
    db.session.commit()

    youth = PageAudit(new_page())
    youth.sign_in(YOUTH, demo.password)
    youth.check()
    page = youth.page
    page.get_by_role("link", name="My portfolio").click()
    expect(heading(page)).to_have_text("My portfolio")
    youth.check()
    screenshot(page, "portfolio-mine")
    page.get_by_label("Headline (optional)").fill("Future engineer")
    page.get_by_role("button", name="Save my words").click()
    expect(page.get_by_role("status")).to_have_text("Your words are saved.")
    youth.check("/my/portfolio after saving words")
    page.get_by_label("Show My skills").uncheck()
    page.get_by_label("Place My goals").fill("1")
    page.get_by_role("button", name="Save sections").click()
    expect(page.get_by_role("status")).to_have_text("Your sections are saved.")
    youth.check("/my/portfolio after saving sections")

    page.get_by_role("link", name="Pick what shows · What I have done").click()
    expect(heading(page)).to_have_text("Pick what shows: What I have done")
    youth.check()
    screenshot(page, "portfolio-items")
    rows = page.locator(".item-row")
    if rows.count():
        # The oldest record first: place 1, with a note.
        last = rows.count() - 1
        page.locator(f"#items-{last}-shown").check()
        page.locator(f"#items-{last}-position").fill("1")
        page.locator(f"#items-{last}-note").fill("This is where it started.")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("Saved:")
    else:
        expect(page.get_by_text("You have nothing for this section yet.")).to_be_visible()
        page.get_by_role("link", name="Back to my portfolio").click()
    expect(heading(page)).to_have_text("My portfolio")
    youth.check("/my/portfolio after picking")

    youth.visit("/my/portfolio/print")
    expect(heading(page)).to_contain_text("Portfolio of")
    expect(page.get_by_role("heading", name="My skills")).to_have_count(0)
    expect(page.get_by_role("heading", level=2).first).to_have_text("My goals")

    youth.visit("/my/portfolio/shares")
    until = (date.today() + timedelta(days=14)).isoformat()
    page.get_by_label("Last day the link works").fill(until)
    page.get_by_label("Label, to tell your links apart (optional)").fill("For my coach")
    page.get_by_role("button", name="Make the link").click()
    expect(heading(page)).to_have_text("Your link is ready")
    youth.check()
    screenshot(page, "portfolio-share-created")
    link = page.get_by_label("The link").input_value()
    assert "/s/" in link

    visitor = PageAudit(new_page())
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    visitor.visit(path)
    expect(visitor.page.get_by_role("heading", level=1)).to_contain_text("Portfolio of")
    screenshot(visitor.page, "portfolio-shared")

    youth.visit("/my/portfolio/shares")
    expect(page.get_by_text("1 visit")).to_be_visible()
    page.get_by_role("button", name="Revoke now For my coach").click()
    expect(page.get_by_role("status")).to_have_text("The link is revoked. It no longer works.")
    youth.check("/my/portfolio/shares after revoking")
    visitor.visit(path, status=410)

    staff = PageAudit(new_page())
    staff.sign_in(STAFF, demo.password)
    staff.check()
    staff.visit(f"/youth/{youth_id}/portfolio")
    expect(staff.page.get_by_role("heading", level=1)).to_contain_text("Portfolio of")

    for audit in (youth, visitor, staff):
        audit.assert_clean()
