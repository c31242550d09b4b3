"""The About page in Chromium at 360 px: reachable from the footer, clean for axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import PageAudit

pytestmark = pytest.mark.browser


def test_the_about_page_is_reached_from_the_footer(page: Page) -> None:
    audit = PageAudit(page)
    audit.visit("/signin")
    page.get_by_role("link", name="About and credits").click()
    expect(page).to_have_url(re.compile(r"/about$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("About and credits")
    expect(page.get_by_text("O*NET® is a trademark of USDOL/ETA", exact=False)).to_be_visible()
    audit.check()
    audit.assert_clean()
