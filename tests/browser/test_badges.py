"""Badges in Chromium at 360 px: staff award a badge to a cohort (one tick and note per youth,
one note for everyone), look at one youth's badges and the take-back page; the youth sees the
badge, its page and the "almost there" hints. Every page opened gets the PageAudit checks."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import Demo, PageAudit, screenshot

pytestmark = pytest.mark.browser

YOUTH = "zoe7"  # grade 9, in Career Explorers with Dr. Okafor
STAFF = "okafor"
COHORT = "Career Explorers"


def heading(page: Page):  # noqa: ANN201
    return page.get_by_role("heading", level=1)


def test_staff_award_a_cohort_and_the_youth_sees_it(
    new_page: Callable[..., Page], demo: Demo
) -> None:
    cohort_id, youth_id = demo.cohorts[COHORT], demo.user_id(YOUTH)

    # Staff choose the badge, then tick two youth: Zoe with her own note, one more with the
    # note for everyone.
    staff = PageAudit(new_page())
    staff.sign_in(STAFF, demo.password)
    staff.check()
    staff.visit(f"/cohorts/{cohort_id}/badges/award")
    page = staff.page
    expect(heading(page)).to_have_text(f"Award a badge to {COHORT}")
    page.get_by_label("Badge").select_option("partner_star")
    page.get_by_role("button", name="Show the youth").click()
    expect(page.get_by_role("heading", name="Partner Star")).to_be_visible()
    staff.check("cohort award: the youth")
    boxes = page.get_by_role("checkbox")
    zoe = page.get_by_role("checkbox", name=re.compile(r"^Zoe"))
    zoe.check()
    page.get_by_label(re.compile(r"^Note for Zoe")).fill("Showed the visitors our robot arm.")
    for index in range(boxes.count()):  # the first youth not ticked yet
        if not boxes.nth(index).is_checked():
            boxes.nth(index).check()
            break
    page.get_by_label("Note for everyone ticked").fill("Helped run the partner open day.")
    screenshot(page, "badges-cohort-award")
    page.get_by_role("button", name="Award the badge").click()
    expect(page.get_by_role("status").first).to_have_text("Badge awarded to 2 youth.")
    staff.check("cohort award: after awarding")
    expect(page.get_by_text("Already has it")).to_have_count(2)

    staff.visit(f"/youth/{youth_id}/badges")
    expect(heading(page)).to_have_text(re.compile(r"^Badges of Zoe"))
    expect(page.get_by_text("Showed the visitors our robot arm.")).to_be_visible()
    page.get_by_role("link", name="Take back Partner Star").click()
    expect(heading(page)).to_have_text("Take back a badge")
    staff.check("take-back page")
    staff.assert_clean()

    # The youth sees the badge, its page and the closest badges with what to do next.
    youth = PageAudit(new_page())
    youth.sign_in(YOUTH, demo.password)
    youth.check()
    youth.visit("/my/badges")
    page = youth.page
    expect(heading(page)).to_have_text("My badges")
    expect(page.get_by_role("link", name="Partner Star")).to_be_visible()
    expect(page.get_by_role("heading", name="Almost there")).to_be_visible()
    expect(page.locator(".steps li").first).to_contain_text(re.compile(r"^(To do|Done):"))
    expect(page.locator("progress").first).to_be_visible()
    screenshot(page, "badges-mine")
    page.get_by_role("link", name="Partner Star").click()
    expect(heading(page)).to_have_text("Partner Star")
    expect(page.get_by_text("Showed the visitors our robot arm.")).to_be_visible()
    youth.check("badge page")
    youth.assert_clean()
